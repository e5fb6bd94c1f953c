// instrumentWorkflow(WorkflowClass, init?): a Workflow whose run(event, step) is one trace per
// instance across all its invocations. Its ids are derived from the instance (or continue the
// caller's trace, carried in the params under one reserved key), so every invocation and replay
// names the same spans; each step whose callback runs is a span; the root is sent once, when run
// finally returns or throws; each invocation flushes through its own ctx.waitUntil.
// The caller's side (create / createBatch through an instrumented env) is in bindings.js.

import { withSpan } from '../context.js';
import { APPLY_BAGGAGE, WITH_IDS } from '../hooks.js';
import { derivedWords } from '../rules/ids.js';
import { parseTraceparent } from '../rules/traceparent.js';
import { prop, safe, safeJson, str } from '../text.js';
import { now } from '../clock.js';

// A sleep or wait that resolves within this many ms of being called was completed in an earlier
// invocation (a replay); one still pending after it is live.
const LIVE_MS = 250;

/** The params key under which a traced caller's context travels to the instance. */
export const CONTEXT_KEY = '__edgespan';

// What run() is given without the reserved key; the user's payload otherwise unchanged.
function userEvent(event) {
  const payload = prop(event, 'payload');
  if (!payload || typeof payload !== 'object' || Array.isArray(payload) || !Object.hasOwn(payload, CONTEXT_KEY)) return { event, context: undefined };
  const { [CONTEXT_KEY]: context, ...rest } = payload;
  return { event: Object.assign({}, event, { payload: rest }), context };
}

const ms = (t) => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t : undefined);

// A planned duration as ms: a number of ms, or `"5 seconds"`-style text, as Workflows takes them.
const UNITS = { millisecond: 1, second: 1e3, minute: 6e4, hour: 36e5, day: 864e5, week: 6048e5, month: 2592e6, year: 31536e6 };
function durationMs(d) {
  if (typeof d === 'number') return d;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+?)s?\s*$/i.exec(String(d));
  return m && UNITS[m[2].toLowerCase()] ? Number(m[1]) * UNITS[m[2].toLowerCase()] : undefined;
}

/** `Class` (a WorkflowEntrypoint) with its runs traced; `getTracer(env)` gives the tracer. */
export function instrumentWorkflowClass(Class, getTracer) {
  if (typeof Class !== 'function' || typeof Class.prototype?.run !== 'function') {
    throw new TypeError('edgespan: instrumentWorkflow(Class) needs a WorkflowEntrypoint class with a run(event, step) method');
  }
  const className = Class.name || 'workflow';
  const Traced = class extends Class {
    async run(rawEvent, step) {
      const ctx = this.ctx;
      const tracer = safe(() => getTracer(this.env));
      const { event, context } = userEvent(rawEvent);
      if (!tracer) return super.run(event, step);
      const instance = str(prop(event, 'instanceId') ?? '');
      const caller = typeof prop(context, 'traceparent') === 'string' ? parseTraceparent(context.traceparent) : null;
      // One trace per instance: the caller's, or one derived from the instance id.
      const t = caller?.t ?? derivedWords(`trace:${instance}`, 4);
      const rootIds = { t, s: derivedWords(`root:${instance}`, 2) };
      const attributes = { 'cloudflare.workflow.name': className, 'cloudflare.workflow.instance_id': instance };
      const root = tracer.startSpan(`workflow ${className}`, {
        parent: caller ? context.traceparent : undefined,
        kind: 'internal',
        type: 'chain',
        attributes,
        startTime: ms(prop(event, 'timestamp')),
        [WITH_IDS]: rootIds,
      });
      // The caller's session and user (its baggage), read by the core's rule.
      if (typeof prop(context, 'baggage') === 'string') root[APPLY_BAGGAGE]?.(context.baggage);
      const flush = () => safe(() => ctx?.waitUntil?.(tracer.flush()));
      let current = root;
      safe(() => Object.defineProperty(ctx, 'span', { configurable: true, get: () => current }));
      // Step spans: ids from (instance, name, its count in this run, attempt), the count taken
      // when the step is called (steps of one name may run concurrently).
      const counts = new Map();
      const nextCount = (name) => {
        const n = (counts.get(name) ?? 0) + 1;
        counts.set(name, n);
        return n;
      };
      const startStep = (name, options, attempt, n) => tracer.startSpan(`step ${name}`, Object.assign({ parent: root, [WITH_IDS]: { t, s: derivedWords(`step:${instance}:${name}:${n}:${attempt}`, 2) } }, options));
      const traced = Object.create(step);
      traced.do = (name, configOrFn, maybeFn) => {
        const fn = typeof configOrFn === 'function' ? configOrFn : maybeFn;
        const config = typeof configOrFn === 'function' ? undefined : configOrFn;
        const n = nextCount(name);
        let attempt = 0;
        const wrapped = async (...args) => {
          // The callback runs: this invocation is past its replay.
          safe(frontier);
          attempt++;
          const span = startStep(name, { type: 'task', attributes: { 'cloudflare.workflow.step.name': str(name), 'cloudflare.workflow.step.attempt': attempt, 'cloudflare.workflow.step.config': config === undefined ? undefined : safeJson(config) } }, attempt, n);
          const before = current;
          current = span;
          try {
            return await withSpan(span, () => fn(...args));
          } catch (e) {
            span.recordError(e);
            throw e;
          } finally {
            current = before;
            span.end();
            flush();
          }
        };
        return config === undefined ? step.do(name, wrapped) : step.do(name, config, wrapped);
      };
      // Sleeps and waits. A replayed invocation runs `run` again from the start: a sleep or wait
      // completed in an earlier invocation resolves at once (within LIVE_MS) and was recorded
      // then, so it is held rather than sent; one still pending is live. A live sleep is sent as
      // soon as it is seen to be live, ended at its planned end, so an instance that hibernates
      // on it has sent it first. A live wait is sent when its event arrives in this invocation;
      // one the instance hibernated on resolves at once in the next invocation, where it is the
      // last held operation before the first one that runs anew (the replay's frontier): it is
      // sent there, as the event's arrival.
      let held = [];
      const frontier = () => {
        const last = held.at(-1);
        held = [];
        if (last?.wait) send(last.name, last.n, last.attributes, now(), now(), { 'cloudflare.workflow.event.resumed': true }, last.value);
      };
      const send = (name, n, attributes, start, end, more, value) => {
        const span = startStep(name, { type: 'task', attributes: more ? Object.assign({}, attributes, more) : attributes, startTime: start }, 1, n);
        if (value instanceof Error) span.recordError(value);
        span.end(end);
        flush();
      };
      const pause = (name, attributes, plannedMs, wait, run) => {
        const n = nextCount(name);
        const t0 = now();
        let live = false;
        let sent = false;
        let decide;
        // The invocation stays alive (its waitUntil) until this one is known to be live or not.
        safe(() => ctx?.waitUntil?.(new Promise((r) => (decide = r))));
        const timer = setTimeout(() => {
          live = true;
          safe(frontier);
          if (!wait) {
            sent = true;
            safe(() => send(name, n, attributes, t0, t0 + (plannedMs ?? 0)));
          }
          decide?.();
        }, LIVE_MS);
        const settled = (value) => {
          clearTimeout(timer);
          decide?.();
          if (sent) return;
          // A short sleep that took about its planned time was live too.
          const elapsed = now() - t0;
          if (live || (plannedMs !== undefined && elapsed >= Math.max(5, 0.8 * plannedMs))) {
            frontier();
            send(name, n, attributes, t0, now(), undefined, value);
          } else held.push({ name, n, attributes, wait, value });
        };
        let p;
        try {
          p = Promise.resolve(run());
        } catch (e) {
          p = Promise.reject(e);
        }
        return p.then(
          (v) => {
            safe(() => settled(undefined));
            return v;
          },
          (e) => {
            safe(() => settled(e instanceof Error ? e : new Error(str(e))));
            throw e;
          },
        );
      };
      traced.sleep = (name, duration) => {
        const planned = durationMs(duration);
        return pause(name, { 'cloudflare.workflow.step.name': str(name), 'cloudflare.workflow.sleep.duration_ms': planned }, planned, false, () => step.sleep(name, duration));
      };
      traced.sleepUntil = (name, timestamp) => {
        const until = ms(timestamp);
        return pause(name, { 'cloudflare.workflow.step.name': str(name), 'cloudflare.workflow.sleep.until': until === undefined ? undefined : new Date(until).toISOString() }, until === undefined ? undefined : Math.max(0, until - now()), false, () => step.sleepUntil(name, timestamp));
      };
      traced.waitForEvent = (name, options) => {
        const attributes = { 'cloudflare.workflow.step.name': str(name), 'cloudflare.workflow.event.type': str(prop(options, 'type')), 'cloudflare.workflow.event.timeout': prop(options, 'timeout') === undefined ? undefined : str(options.timeout) };
        return pause(name, attributes, undefined, true, () => step.waitForEvent(name, options));
      };
      try {
        const out = await withSpan(root, () => super.run(event, traced));
        safe(frontier);
        root.end();
        return out;
      } catch (e) {
        safe(frontier);
        root.recordError(e);
        root.end();
        throw e;
      } finally {
        current = root;
        flush();
      }
    }
  };
  Object.defineProperty(Traced, 'name', { value: className });
  return Traced;
}
