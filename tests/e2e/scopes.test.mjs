// No trace left "in progress", end to end in workerd: instrument() under a concurrency storm,
// forgotten spans, streamed responses, handler errors, teardown, and the explicit flush() model.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, installTarball, startCollector, startWorker, waitFor, pool, countById, arrived as arrivedAt } from './harness.mjs';

const dir = join(root, 'tests', 'e2e', 'instrumented');
let collector, worker;

before(async () => {
  installTarball(dir);
  collector = await startCollector();
  worker = await startWorker(dir, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'scopes' }, { args: ['--test-scheduled'] });
});
after(() => {
  worker?.stop();
  collector?.stop();
});
beforeEach(() => collector.reset());

const get = async (path) => {
  const r = await fetch(worker.url + path);
  assert.equal(r.status, 200, `${path}: ${await r.clone().text()}`);
  return r.json();
};

const arrived = (ids, ms) => arrivedAt(collector, ids, ms);

async function stormChecks(path) {
  const created = (await pool(1000, 50, () => get(path))).flatMap((r) => r.spans);
  assert.equal(created.length, 7000);
  const all = await arrived(created.map((s) => s.spanId), 60_000);
  const counts = countById(all);
  const missing = created.filter((s) => !counts.has(s.spanId));
  const repeated = created.filter((s) => counts.get(s.spanId) > 1);
  assert.equal(missing.length, 0, `${missing.length} spans never arrived`);
  assert.equal(repeated.length, 0, `${repeated.length} spans arrived more than once`);
  const incomplete = all.filter((s) => s.attributes['edgespan.incomplete']);
  assert.equal(incomplete.length, 0, `${incomplete.length} spans were marked incomplete`);
  const byId = new Map(all.map((s) => [s.spanId, s]));
  for (const c of created) {
    assert.equal(byId.get(c.spanId).parentSpanId, c.parentSpanId);
  }
  return all;
}

test('instrument(): 1000 requests at concurrency 50, a child running on in waitUntil: every span once, none incomplete', async () => {
  const all = await stormChecks('/storm');
  const roots = all.filter((s) => s.parentSpanId === null);
  assert.equal(roots.length, 1000);
  for (const r of roots.slice(0, 20)) {
    assert.equal(r.name, 'GET');
    assert.equal(r.kind, 2);
    assert.equal(r.attributes['http.request.method'], 'GET');
    assert.match(r.attributes['url.full'], /\/storm$/);
    assert.equal(r.attributes['http.response.status_code'], 200);
    assert.equal(typeof r.attributes['edgespan.seq'], 'number');
  }
});

test('the explicit flush() model, same storm: every span once, none incomplete', async () => {
  await stormChecks('/manual');
});

test('a forgotten end(): the child arrives incomplete with its parent link; the root is complete', async () => {
  const { spans } = await get('/forgot');
  const [rootSpan, done, forgotten] = spans;
  const all = await arrived(spans.map((s) => s.spanId));
  const by = new Map(all.map((s) => [s.spanId, s]));
  const f = by.get(forgotten.spanId);
  assert.equal(f.attributes['edgespan.incomplete'], true);
  assert.equal(f.status.code, 2);
  assert.match(f.status.message, /still open when its trace finished/);
  assert.equal(f.parentSpanId, rootSpan.spanId);
  const r = by.get(rootSpan.spanId);
  assert.equal(r.status.code, 0);
  assert.equal(r.attributes['edgespan.incomplete'], undefined);
  assert.equal(by.get(done.spanId).attributes['edgespan.incomplete'], undefined);
  assert.ok(BigInt(f.end) >= BigInt(r.end), 'the forgotten child was ended when the scope finished');
});

test('instrument(handler, { onFlush }) hands each scope\'s FlushReport to user code', async () => {
  const { spans } = await get('/forgot');
  await arrived(spans.map((s) => s.spanId));
  let mine;
  await waitFor(async () => {
    const reports = await get('/reports');
    // The /forgot scope's report names its forgotten child as incomplete.
    mine = reports.find((r) => r.unfinished.some((u) => u.spanId === spans[2].spanId));
    return mine !== undefined;
  });
  assert.ok(mine.exported >= 3, JSON.stringify(mine));
  assert.equal(mine.unfinished.find((u) => u.spanId === spans[2].spanId).state, 'incomplete');
  assert.deepEqual(mine.errors, []);
});

test('a streamed response of 50 chunks: the root ends after the last chunk; the LLM span has time to first chunk and the count', async () => {
  const r = await fetch(`${worker.url}/stream?n=50&delay=2`);
  const text = await r.text();
  assert.equal(text.split('\n').filter(Boolean).length, 50);
  const [rootId, llmId] = [r.headers.get('x-root'), r.headers.get('x-llm')];
  const all = await arrived([rootId, llmId]);
  const by = new Map(all.map((s) => [s.spanId, s]));
  const llm = by.get(llmId);
  const rootSpan = by.get(rootId);
  assert.equal(llm.attributes['edgespan.stream.chunks'], 50);
  assert.equal(typeof llm.attributes['gen_ai.response.time_to_first_chunk'], 'number');
  // Each chunk waits 2 ms on a timer, and workerd's clock advances across timers: above zero.
  assert.ok(llm.attributes['gen_ai.response.time_to_first_chunk'] > 0);
  assert.equal(llm.status.code, 0, 'a closed stream is a success, UNSET as in traced()');
  assert.equal(llm.attributes['edgespan.stream.cancelled'], undefined);
  assert.ok(BigInt(rootSpan.end) >= BigInt(llm.end), 'root ended after the stream');
  assert.ok(rootSpan.durationMs >= 50 * 2 * 0.5, `root lasted ${rootSpan.durationMs} ms for 50 chunks of ~2 ms`);
  assert.equal(rootSpan.attributes['edgespan.incomplete'], undefined);
});

test('a cancelled stream ends the LLM span as cancelled', async () => {
  const { spans } = await get('/stream-cancel');
  const [rootSpan, llm] = spans;
  const all = await arrived([rootSpan.spanId, llm.spanId]);
  const s = all.find((x) => x.spanId === llm.spanId);
  assert.equal(s.attributes['edgespan.stream.cancelled'], true);
  assert.equal(s.attributes['edgespan.stream.chunks'], 3);
  assert.equal(s.status.code, 0, 'a cancel is not an error');
  assert.equal(s.attributes['edgespan.incomplete'], undefined);
});

test('a handler that throws, and one that rejects: recorded, rethrown, and the scope still flushes', async () => {
  for (const [path, type, message, child] of [
    ['/throw', 'TypeError', 'handler threw', 'before.throw'],
    ['/reject', 'RangeError', 'handler rejected', 'before.reject'],
  ]) {
    await collector.reset();
    const r = await fetch(worker.url + path);
    assert.equal(r.status, 500, `${path} reaches the runtime as an error`);
    await r.arrayBuffer();
    let spans = [];
    await waitFor(async () => {
      spans = await collector.spans();
      return spans.length >= 2;
    }, 20_000);
    const rootSpan = spans.find((s) => s.parentSpanId === null);
    assert.ok(rootSpan, `${path}: root arrived`);
    assert.equal(rootSpan.status.code, 2);
    assert.equal(rootSpan.events[0].attributes['exception.type'], type);
    assert.equal(rootSpan.events[0].attributes['exception.message'], message);
    assert.ok(spans.some((s) => s.name === child && s.parentSpanId === rootSpan.spanId));
  }
});

test('a scheduled event is its own trace, finished after its waitUntil work', async () => {
  const r = await fetch(`${worker.url}/__scheduled?cron=*/5+*+*+*+*`);
  await r.arrayBuffer();
  let spans = [];
  await waitFor(async () => {
    spans = await collector.spans();
    return spans.length >= 3;
  }, 20_000);
  const rootSpan = spans.find((s) => s.parentSpanId === null && s.name.startsWith('scheduled'));
  assert.ok(rootSpan, JSON.stringify(spans.map((s) => s.name)));
  assert.equal(rootSpan.name, 'scheduled */5 * * * *');
  assert.equal(rootSpan.attributes['faas.trigger'], 'timer');
  assert.equal(rootSpan.attributes['faas.cron'], '*/5 * * * *');
  for (const name of ['cron.job', 'cron.tail']) {
    const s = spans.find((x) => x.name === name);
    assert.equal(s.parentSpanId, rootSpan.spanId);
    assert.equal(s.attributes['edgespan.incomplete'], undefined, `${name} ended by its own code`);
  }
});

test('a queue batch is its own trace: a CONSUMER root with the messaging attributes', async () => {
  const r = await get('/enqueue?n=3');
  assert.equal(r.queued, 3);
  let spans = [];
  await waitFor(async () => {
    spans = (await collector.spans()).filter((s) => s.name === 'job' || s.name.startsWith('process'));
    return spans.filter((s) => s.name === 'job').length >= 3;
  }, 30_000);
  const roots = spans.filter((s) => s.name === 'process edgespan-jobs');
  assert.ok(roots.length >= 1, JSON.stringify(spans.map((s) => s.name)));
  for (const root of roots) {
    assert.equal(root.kind, 5);
    assert.equal(root.parentSpanId, null);
    assert.equal(root.attributes['messaging.destination.name'], 'edgespan-jobs');
    assert.equal(root.attributes['messaging.system'], 'cloudflare_queues');
    assert.ok(root.attributes['messaging.batch.message_count'] >= 1);
  }
  const jobs = spans.filter((s) => s.name === 'job');
  assert.deepEqual(jobs.map((s) => s.attributes['job.id']).sort(), ['0', '1', '2']);
  for (const j of jobs) assert.ok(roots.some((r) => r.spanId === j.parentSpanId), 'each job under a queue root');
});

test('teardown: workerd is killed the moment every waitUntil has settled, and nothing is lost', async () => {
  const created = (await pool(200, 20, (i) => get(i % 2 ? '/storm' : '/manual'))).flatMap((r) => r.spans);
  await waitFor(async () => (await get('/pending')).pending === 0, 30_000, 5);
  worker.stop(); // at once: no grace period
  const have = new Set((await collector.spans()).map((s) => s.spanId));
  const missing = created.filter((s) => !have.has(s.spanId));
  assert.equal(missing.length, 0, `${missing.length} spans lost at teardown`);
  worker = null;
});
