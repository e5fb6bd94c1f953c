// Sampling in workerd, on the packed tarball: the head decision is deterministic on the trace id
// (the same traces kept on a second run), keepErrors and keepSlowerThanMs keep whole traces the
// ratio dropped, an incoming flag 00 is honoured, and sampledOut is exactly what the collector
// never saw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, installTarball, startCollector, startWorker, waitFor } from './harness.mjs';

const dir = join(root, 'tests', 'e2e', 'worker');
let collector, worker;

before(async () => {
  installTarball(dir);
  collector = await startCollector();
  worker = await startWorker(dir, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
});
after(() => {
  worker?.stop();
  collector?.stop();
});

async function sample(params, cfg) {
  await collector.reset();
  const q = new URLSearchParams({ ...params, cfg: JSON.stringify(cfg) });
  const r = await fetch(`${worker.url}/sample?${q}`);
  const out = await r.json();
  assert.equal(r.status, 200, JSON.stringify(out));
  assert.equal(out.failed + out.dropped, 0);
  await waitFor(async () => (await collector.spans()).length >= out.exported, 60_000);
  const spans = await collector.spans();
  assert.equal(spans.length, out.exported, 'what the reports say was exported arrived, once');
  const seen = new Set(spans.map((s) => s.traceId));
  return { ...out, seen, spans };
}

test('ratio 0.25 over 2000 traces keeps 25 % ± 3 %, the same traces on a second run; sampledOut is what never arrived', async () => {
  const cfg = { sampling: { ratio: 0.25, parentBased: false } };
  const a = await sample({ n: 2000, seed: 7 }, cfg);
  const share = a.seen.size / 2000;
  assert.ok(share >= 0.22 && share <= 0.28, `kept ${share}`);
  assert.equal(a.exported, 2 * a.seen.size, 'whole traces: root and child');
  assert.equal(a.sampledOut, 2 * (2000 - a.seen.size));
  for (const t of a.traces) assert.equal(t.traceparent.endsWith('-01'), a.seen.has(t.traceId), 'the decision travels in the traceparent');
  const b = await sample({ n: 2000, seed: 7 }, cfg);
  assert.deepEqual([...b.seen].sort(), [...a.seen].sort(), 'the same traces');
});

test('keepErrors keeps all 50 error traces at ratio 0, and nothing else', async () => {
  const r = await sample({ n: 500, seed: 3, errEvery: 10 }, { sampling: { ratio: 0, keepErrors: true, parentBased: false } });
  const errors = r.traces.filter((t) => t.error).map((t) => t.traceId);
  assert.equal(errors.length, 50);
  assert.deepEqual([...r.seen].sort(), errors.sort());
  assert.equal(r.exported, 100);
  assert.equal(r.sampledOut, 900);
  const roots = r.spans.filter((s) => s.name === 'sampled');
  assert.ok(roots.every((s) => s.attributes['edgespan.sampling.kept'] === 'error'));
});

test('keepSlowerThanMs keeps the slow traces at ratio 0', async () => {
  const r = await sample({ n: 200, seed: 5, slowEvery: 20 }, { sampling: { ratio: 0, keepSlowerThanMs: 1000, parentBased: false } });
  const slow = r.traces.filter((t) => t.slow).map((t) => t.traceId);
  assert.equal(slow.length, 10);
  assert.deepEqual([...r.seen].sort(), slow.sort());
  assert.equal(r.sampledOut, 2 * 190);
});

test('an incoming flag 00 is honoured (parent-based), unless a keep rule fires', async () => {
  const r = await sample({ n: 100, seed: 9, flag: '00', errEvery: 25 }, { sampling: { keepErrors: true } });
  assert.deepEqual([...r.seen].sort(), r.traces.filter((t) => t.error).map((t) => t.traceId).sort());
  assert.equal(r.sampledOut, 2 * 96);
  const all = await sample({ n: 50, seed: 9, flag: '01' }, {});
  assert.equal(all.seen.size, 50, 'sampled callers are kept by default');
});
