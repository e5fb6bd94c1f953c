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
      // Step spans: ids from (instance, name, its count in this run, attempt).
      const counts = new Map();
      const idsFor = (name, attempt) => ({ t, s: derivedWords(`step:${instance}:${name}:${counts.get(name)}:${attempt}`, 2) });
      const startStep = (name, options, attempt) => tracer.startSpan(`step ${name}`, Object.assign({ parent: root, [WITH_IDS]: idsFor(name, attempt) }, options));
      const traced = Object.create(step);
      traced.do = (name, configOrFn, maybeFn) => {
        const fn = typeof configOrFn === 'function' ? configOrFn : maybeFn;
        const config = typeof configOrFn === 'function' ? undefined : configOrFn;
        counts.set(name, (counts.get(name) ?? 0) + 1);
        let attempt = 0;
        const wrapped = async (...args) => {
          attempt++;
          const span = startStep(name, { type: 'task', attributes: { 'cloudflare.workflow.step.name': str(name), 'cloudflare.workflow.step.attempt': attempt, 'cloudflare.workflow.step.config': config === undefined ? undefined : safeJson(config) } }, attempt);
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
      traced.sleep = (name, duration) => {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        const planned = durationMs(duration);
        const span = startStep(name, { type: 'task', attributes: { 'cloudflare.workflow.step.name': str(name), 'cloudflare.workflow.sleep.duration_ms': planned } }, 1);
        return settleStep(span, step.sleep(name, duration), flush);
      };
      traced.sleepUntil = (name, timestamp) => {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        const until = ms(timestamp);
        const span = startStep(name, { type: 'task', attributes: { 'cloudflare.workflow.step.name': str(name), 'cloudflare.workflow.sleep.until': until === undefined ? undefined : new Date(until).toISOString() } }, 1);
        return settleStep(span, step.sleepUntil(name, timestamp), flush);
      };
      traced.waitForEvent = (name, options) => {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        const span = startStep(name, { type: 'task', attributes: { 'cloudflare.workflow.step.name': str(name), 'cloudflare.workflow.event.type': str(prop(options, 'type')), 'cloudflare.workflow.event.timeout': prop(options, 'timeout') === undefined ? undefined : str(options.timeout) } }, 1);
        return settleStep(span, step.waitForEvent(name, options), flush);
      };
      try {
        const out = await withSpan(root, () => super.run(event, traced));
        root.end();
        return out;
      } catch (e) {
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

// A sleep's or a wait's span, ended when it resolves (or with the error when it rejects).
function settleStep(span, p, flush) {
  return Promise.resolve(p).then(
    (v) => {
      span.end();
      flush();
      return v;
    },
    (e) => {
      span.recordError(e);
      span.end();
      flush();
      throw e;
    },
  );
}
