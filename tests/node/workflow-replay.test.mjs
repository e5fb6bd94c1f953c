// instrumentWorkflow under production replay semantics, on the packed tarball. wrangler's local
// Workflows never replay `run`; Cloudflare's engine does: each time an instance wakes (after a
// sleep, on an event, after a crash) it runs `run` again from the start in a fresh isolate, serves
// completed steps from its cache without calling them, resolves completed sleeps and waits at once,
// and an invocation ends (hibernates) when `run` blocks on a sleep or wait still pending, once the
// invocation's waitUntil promises have settled. This stand-in engine does exactly that, and the
// trace must still be one trace in which every span arrives once: the root once at the end (its
// start the instance's), each step attempt once, the sleep once (sent before the instance slept on
// it) and the wait once (sent when the event woke the instance).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, installTarball, startCollector, waitFor } from '../e2e/harness.mjs';

const dir = join(root, 'tests', 'node');
let collector, instrumentWorkflow;

before(async () => {
  installTarball(dir);
  collector = await startCollector();
  ({ instrumentWorkflow } = await import(join(dir, 'node_modules', 'edgespan', 'node.js')));
});
after(() => collector?.stop());

const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const UNITS = { second: 1000, minute: 60_000 };
const toMs = (d) => (typeof d === 'number' ? d : Number(/^(\d+)/.exec(d)[1]) * UNITS[/(second|minute)/.exec(d)[1]]);

// The engine's durable state for one instance, and one invocation at a time.
class Engine {
  constructor(Impl, init, event) {
    Object.assign(this, { Impl, init, event, steps: new Map(), sleeps: new Map(), events: new Map(), invocations: 0 });
  }

  async invoke() {
    this.invocations++;
    // A fresh isolate: the class (and its tracer) made anew.
    const Class = instrumentWorkflow(this.Impl, this.init);
    const pending = [];
    const ctx = { waitUntil: (p) => pending.push(Promise.resolve(p).catch(() => undefined)) };
    const flow = new Class(ctx, {});
    let block;
    const blocked = new Promise((r) => (block = r));
    const counts = new Map();
    const key = (name) => {
      const n = (counts.get(name) ?? 0) + 1;
      counts.set(name, n);
      return `${name}#${n}`;
    };
    // The cache is read from storage: an answer comes a little later, never synchronously.
    const cached = (v) => pause(2).then(() => v);
    const step = {
      do: async (name, config, fn) => {
        if (typeof config === 'function') [fn, config] = [config, undefined];
        const k = key(name);
        if (this.steps.has(k)) return cached(this.steps.get(k));
        for (let attempt = 1; ; attempt++) {
          try {
            const v = await fn();
            this.steps.set(k, v);
            return v;
          } catch (e) {
            if (attempt > (config?.retries?.limit ?? 0)) throw e;
            await pause(config.retries.delay);
          }
        }
      },
      sleep: (name, duration) => {
        const k = key(name);
        const until = this.sleeps.get(k);
        if (until !== undefined && Date.now() >= until) return cached(undefined);
        if (until === undefined) this.sleeps.set(k, Date.now() + toMs(duration));
        block({ until: this.sleeps.get(k) });
        return new Promise(() => {});
      },
      waitForEvent: (name, options) => {
        key(name);
        if (this.events.has(options.type)) return cached(this.events.get(options.type));
        block({ event: options.type });
        return new Promise(() => {});
      },
    };
    const run = flow.run(structuredClone(this.event), step).then(
      (value) => ({ value }),
      (error) => ({ error }),
    );
    const out = await Promise.race([run, blocked.then((b) => ({ blocked: b }))]);
    // The invocation ends once its waitUntil promises settle (more may be added meanwhile).
    for (let seen = 0; seen < pending.length; ) {
      const n = pending.length;
      await Promise.all(pending.slice(seen));
      seen = n;
    }
    return out;
  }
}

class FlowImpl {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }

  async run(event, step) {
    const loaded = await step.do('load', async () => ({ order: event.payload.order }));
    let attempts = 0;
    await step.do('charge', { retries: { limit: 2, delay: 5 } }, async () => {
      attempts++;
      // Fails on its first attempt only: attempts restart at 0 in each invocation, and a replay
      // serves the step from the cache without calling it.
      if (attempts === 1) throw new Error('card declined, retrying');
      return 'charged';
    });
    await step.sleep('cool-down', '1 second');
    const approval = await step.waitForEvent('approval', { type: 'approve', timeout: '1 minute' });
    await step.do('ship', async () => {
      this.ctx.span.startSpan('label printed').end();
      return `shipped ${loaded.order} for ${approval.by}`;
    });
    return 'done';
  }
}

test('a Workflow replayed as production replays it (three invocations): one trace, every span once, the sleep and the wait each sent once', async () => {
  const instanceId = `replay-${Date.now()}`;
  const started = Date.now() - 50;
  const engine = new Engine(FlowImpl, () => ({ endpoint: `${collector.url}/v1/traces`, serviceName: 'replay' }), { payload: { order: 'o-7' }, instanceId, timestamp: new Date(started) });

  const first = await engine.invoke();
  assert.ok(first.blocked?.until, 'the first invocation sleeps');
  await pause(Math.max(0, first.blocked.until - Date.now()) + 20);
  const second = await engine.invoke();
  assert.equal(second.blocked?.event, 'approve', 'the second waits for the event');
  engine.events.set('approve', { by: 'alice' });
  const third = await engine.invoke();
  assert.equal(third.value, 'done');
  assert.equal(engine.invocations, 3);

  let rootSpan;
  await waitFor(async () => (rootSpan = (await collector.spans()).find((s) => s.attributes['cloudflare.workflow.instance_id'] === instanceId)));
  const trace = (await collector.spans()).filter((s) => s.traceId === rootSpan.traceId);
  const names = trace.map((s) => s.name).sort();
  assert.deepEqual(names, ['label printed', 'step approval', 'step charge', 'step charge', 'step cool-down', 'step load', 'step ship', 'workflow FlowImpl'], names.join(', '));
  assert.equal(new Set(trace.map((s) => s.spanId)).size, trace.length, 'no span id twice');
  assert.equal(Math.round(Number(BigInt(rootSpan.start) / 1000000n)), started, 'the root starts at the instance\'s start');
  for (const s of trace) if (s.spanId !== rootSpan.spanId && s.name !== 'label printed') assert.equal(s.parentSpanId, rootSpan.spanId, s.name);
  const charges = trace.filter((s) => s.name === 'step charge').sort((a, b) => a.attributes['cloudflare.workflow.step.attempt'] - b.attributes['cloudflare.workflow.step.attempt']);
  assert.deepEqual(charges.map((s) => s.status.code), [2, 0], 'the failed attempt is ERROR');
  const sleep = trace.find((s) => s.name === 'step cool-down');
  assert.equal(sleep.attributes['cloudflare.workflow.sleep.duration_ms'], 1000);
  assert.equal(Math.round(sleep.durationMs), 1000, 'ended at its planned end');
  const wait = trace.find((s) => s.name === 'step approval');
  assert.equal(wait.attributes['cloudflare.workflow.event.resumed'], true, 'sent when the event woke the instance');
  const ship = trace.find((s) => s.name === 'step ship');
  assert.equal(trace.find((s) => s.name === 'label printed').parentSpanId, ship.spanId);
});
