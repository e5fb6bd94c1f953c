// End to end in real workerd (wrangler dev from npm): the packed tarball installed into a Worker,
// spans exported to the loopback collector, which decodes them with opentelemetry-proto.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, installTarball, startCollector, startWorker, waitFor, pool, countById, arrived as arrivedAt } from './harness.mjs';

const workerDir = join(root, 'tests', 'e2e', 'worker');
let collector, worker;

before(async () => {
  installTarball(workerDir);
  collector = await startCollector();
  worker = await startWorker(workerDir, {
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_SERVICE_NAME: 'e2e-worker',
  });
});

after(() => {
  worker?.stop();
  collector?.stop();
});

const get = async (path) => {
  const r = await fetch(worker.url + path);
  assert.equal(r.status, 200, `${path}: ${await r.clone().text()}`);
  return r.json();
};

// Waits until every id in `ids` has arrived (bounded), then returns the collector's spans.
const arrived = (ids, ms) => arrivedAt(collector, ids, ms);

test('a root and 20 children arrive once each, with parent links and attributes', async () => {
  const { spans: created } = await get('/chain?k=20');
  assert.equal(created.length, 21);
  const all = await arrived(created.map((s) => s.spanId));
  const counts = countById(all);
  for (const s of created) assert.equal(counts.get(s.spanId), 1, `span ${s.spanId} received ${counts.get(s.spanId) ?? 0} times`);

  const byId = new Map(all.map((s) => [s.spanId, s]));
  const rootSpan = byId.get(created[0].spanId);
  assert.equal(rootSpan.name, 'request');
  assert.equal(rootSpan.kind, 2);
  assert.equal(rootSpan.parentSpanId, null);
  assert.equal(rootSpan.attributes['http.request.method'], 'GET');
  assert.equal(rootSpan.resource['service.name'], 'e2e-worker');
  assert.equal(rootSpan.resource['telemetry.sdk.name'], 'edgespan');
  assert.equal(rootSpan.resource['telemetry.sdk.language'], 'webjs');
  assert.match(rootSpan.resource['telemetry.sdk.version'], /^\d+\.\d+\.\d+/);
  assert.equal(rootSpan.scope.name, 'edgespan');

  for (const [i, c] of created.slice(1).entries()) {
    const s = byId.get(c.spanId);
    assert.equal(s.traceId, created[0].traceId);
    assert.equal(s.parentSpanId, created[0].spanId);
    assert.equal(s.name, 'llm.call');
    assert.equal(s.kind, 3);
    assert.ok(BigInt(s.end) >= BigInt(s.start));
    assert.equal(s.attributes['input.value'], `prompt ${i}: "quoted"\nnext line`);
    assert.equal(s.attributes['input.mime_type'], 'text/plain');
    assert.deepEqual(JSON.parse(s.attributes['output.value']), { answer: i, ok: true });
    assert.equal(s.attributes['output.mime_type'], 'application/json');
    assert.equal(s.attributes['metadata.model'], 'gpt-4o-mini');
    assert.equal(s.attributes['metadata.temperature'], 0.2);
    assert.equal(s.attributes['metadata.tokens_in'], 812);
    assert.equal(s.attributes['metadata.index'], i);
  }
});

test('200 requests at concurrency 20, each flushing in waitUntil: every span exactly once', async () => {
  const created = (await pool(200, 20, () => get('/chain?k=4&io=1'))).flatMap((r) => r.spans);
  assert.equal(created.length, 1000);
  const all = await arrived(created.map((s) => s.spanId));
  const counts = countById(all);
  const missing = created.filter((s) => !counts.has(s.spanId)).length;
  const repeated = created.filter((s) => counts.get(s.spanId) > 1).length;
  assert.equal(missing, 0, `${missing} spans never arrived`);
  assert.equal(repeated, 0, `${repeated} spans arrived more than once`);
  const requests = await collector.requests();
  assert.ok(requests.every((r) => r.status === 200), 'the collector refused a request');
});

test('a span left open is reported in openSpans and not exported', async () => {
  const { open, closed, report } = await get('/open');
  assert.equal(report.openSpans, 1);
  assert.equal(report.failed, 0);
  assert.equal(report.pending, 0);
  assert.deepEqual(report.errors, []);
  const all = await arrived([closed]);
  assert.ok(!all.some((s) => s.spanId === open), 'the open span was exported');
  // A later flush still does not export it.
  const again = await get('/flush');
  assert.equal(again.openSpans, 1);
  assert.ok(!(await collector.spans()).some((s) => s.spanId === open));
});

test('traced(): sync throw, async rejection and normal return', async () => {
  const out = await get('/traced');
  assert.deepEqual(out, { sync: 'same error', async: 'same error', value: 42, syncValue: 'sync fine' });
  const names = ['traced.sync-throw', 'traced.async-reject', 'traced.ok', 'traced.sync-ok'];
  let spans = [];
  await waitFor(async () => {
    spans = (await collector.spans()).filter((s) => names.includes(s.name));
    return spans.length >= 4;
  }, 30_000);
  const by = Object.fromEntries(spans.map((s) => [s.name, s]));
  for (const [name, type, message] of [
    ['traced.sync-throw', 'TypeError', 'sync boom'],
    ['traced.async-reject', 'RangeError', 'async boom'],
  ]) {
    const s = by[name];
    assert.equal(s.status.code, 2, name);
    assert.equal(s.status.message, message);
    assert.equal(s.events.length, 1);
    assert.equal(s.events[0].name, 'exception');
    assert.equal(s.events[0].attributes['exception.type'], type);
    assert.equal(s.events[0].attributes['exception.message'], message);
    assert.match(s.events[0].attributes['exception.stacktrace'], /boom/);
  }
  for (const name of ['traced.ok', 'traced.sync-ok']) {
    assert.equal(by[name].status.code, 0, name);
    assert.equal(by[name].events.length, 0);
  }
  assert.equal(by['traced.ok'].attributes['output.value'], 'fine');
  assert.equal(spans.length, 4, 'a traced span arrived twice');
});
