// Workflows in wrangler's local Workflows, on the packed tarball: an instrumented Workflow started
// from an instrumented handler is one trace from the request through `create` to the workflow's
// root and every step (a flaky one's failed attempts included), its sleep and its wait, the root
// sent once at completion; one started from the raw binding is a trace of its own, its id derived
// from the instance; a workflow that fails for good has an ERROR root; run() sees the caller's
// payload unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, installTarball, startCollector, startWorker, waitFor } from './harness.mjs';

const dir = join(root, 'tests', 'e2e', 'workflows');
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

const get = async (path) => {
  const r = await fetch(worker.url + path);
  const text = await r.text();
  assert.equal(r.status, 200, text);
  return JSON.parse(text);
};
async function finished(id) {
  let s;
  await waitFor(async () => {
    s = await get(`/status?id=${id}`);
    return ['complete', 'errored', 'terminated'].includes(s.status);
  }, 60_000, 200);
  return s;
}
const traceOf = (traceId, enough) => collector.trace(traceId, enough);

test('created through an instrumented env: request → create → workflow root → steps, sleep and wait, one trace; the root sent once at completion', async () => {
  const params = { order: 42, items: [{ sku: 'a', n: 2 }], wait: true };
  const asked = Date.now();
  const out = await get(`/start?params=${encodeURIComponent(JSON.stringify(params))}`);
  const answered = Date.now();
  // The instance waits for its event: its root must not have been sent yet.
  await waitFor(async () => (await collector.spans()).some((s) => s.name === 'step nap'), 30_000);
  assert.ok(!(await collector.spans()).some((s) => s.name === 'workflow FlowImpl'), 'no root while the instance still runs');
  await get(`/event?id=${out.id}`).catch(() => undefined);
  const status = await finished(out.id);
  assert.equal(status.status, 'complete', JSON.stringify(status));
  assert.deepEqual(status.output.payload, params, 'run() saw the caller\'s payload unchanged');
  assert.deepEqual(status.output.approved, { by: 'alice' });
  const spans = await traceOf(out.traceId, (s) => s.some((x) => x.name === 'workflow FlowImpl') && s.some((x) => x.name === 'write report'));
  const by = (name) => spans.filter((s) => s.name === name);
  const create = by('create FLOW')[0];
  assert.equal(create.kind, 3);
  assert.equal(create.parentSpanId, out.rootSpanId);
  assert.equal(create.attributes['cloudflare.workflow.instance_id'], out.id);
  const [wf] = by('workflow FlowImpl');
  assert.equal(by('workflow FlowImpl').length, 1, 'the root once');
  assert.equal(wf.parentSpanId, create.spanId);
  assert.equal(wf.attributes['cloudflare.workflow.instance_id'], out.id);
  assert.equal(wf.status.code, 0);
  const flaky = by('step flaky').sort((a, b) => a.attributes['cloudflare.workflow.step.attempt'] - b.attributes['cloudflare.workflow.step.attempt']);
  assert.deepEqual(flaky.map((s) => [s.attributes['cloudflare.workflow.step.attempt'], s.status.code]), [[1, 2], [2, 2], [3, 0]], 'three attempts, two of them ERROR');
  for (const name of ['step load', 'step flaky', 'step nap', 'step approval', 'step report']) {
    assert.ok(by(name).length >= 1, name);
    assert.ok(by(name).every((s) => s.parentSpanId === wf.spanId), `${name} under the workflow root`);
  }
  assert.equal(by('step nap')[0].attributes['cloudflare.workflow.sleep.duration_ms'], 1000);
  assert.equal(by('step approval')[0].attributes['cloudflare.workflow.event.type'], 'approve');
  assert.equal(by('write report')[0].parentSpanId, by('step report')[0].spanId, 'this.ctx.span is the step inside its callback');
  const ids = spans.map((s) => s.spanId);
  assert.equal(new Set(ids).size, ids.length, 'no span id twice');
  // The root starts at the instance's start (when create was called), not when run() last ran.
  const started = Number(BigInt(wf.start) / 1000000n);
  assert.ok(started >= asked - 5 && started <= answered + 5, `root start ${started} within the create request [${asked}, ${answered}]`);
  assert.ok(Number(BigInt(wf.end) / 1000000n) - started >= 1000, 'and ends after the sleep and the wait');
});

test('created from the raw binding (and with a chosen id): a trace of its own whose id comes from the instance', async () => {
  for (const query of ['', `&id=order-${Date.now()}`]) {
    const out = await get(`/raw-start?params=${encodeURIComponent(JSON.stringify({ n: 1 }))}${query}`);
    await finished(out.id);
    let wf;
    await waitFor(async () => {
      wf = (await collector.spans()).find((s) => s.name === 'workflow FlowImpl' && s.attributes['cloudflare.workflow.instance_id'] === out.id);
      return wf;
    }, 30_000);
    assert.equal(wf.parentSpanId, null, 'a root of its own');
    const steps = (await collector.spans()).filter((s) => s.traceId === wf.traceId);
    assert.ok(steps.length >= 5 && steps.every((s) => s.spanId === wf.spanId || s.parentSpanId === wf.spanId || steps.some((p) => p.spanId === s.parentSpanId)));
  }
});

test('a step that fails for good: the root is ERROR with the error, once', async () => {
  const out = await get(`/start?params=${encodeURIComponent(JSON.stringify({ failForGood: true }))}`);
  const status = await finished(out.id);
  assert.equal(status.status, 'errored', JSON.stringify(status));
  const spans = await traceOf(out.traceId, (s) => s.some((x) => x.name === 'workflow FlowImpl'));
  const roots = spans.filter((s) => s.name === 'workflow FlowImpl');
  assert.equal(roots.length, 1);
  assert.equal(roots[0].status.code, 2);
  assert.ok(roots[0].events.some((e) => e.name === 'exception' && /doomed for good/.test(e.attributes['exception.message'])));
});

test('createBatch through an instrumented env: one CLIENT span for the batch; an instance with object params continues its trace, one with other params has its own', async () => {
  const out = await get('/batch');
  assert.equal(out.ids.length, 2);
  for (const id of out.ids) await finished(id);
  const spans = await traceOf(out.traceId, (s) => s.some((x) => x.name === 'workflow FlowImpl'));
  const create = spans.find((s) => s.name === 'create FLOW');
  assert.equal(create.kind, 3);
  assert.equal(create.attributes['cloudflare.workflow.instances'], 2);
  const roots = spans.filter((s) => s.name === 'workflow FlowImpl');
  assert.equal(roots.length, 1, 'the instance whose params could carry the context');
  assert.equal(roots[0].parentSpanId, create.spanId);
  assert.equal(roots[0].attributes['cloudflare.workflow.instance_id'], out.ids[0]);
  // The other's params were a string: passed on untouched, so it is traced from its instance id.
  let other;
  await waitFor(async () => {
    other = (await collector.spans()).find((s) => s.name === 'workflow FlowImpl' && s.attributes['cloudflare.workflow.instance_id'] === out.ids[1]);
    return other;
  }, 30_000);
  assert.notEqual(other.traceId, out.traceId);
  assert.equal(other.parentSpanId, null);
});
