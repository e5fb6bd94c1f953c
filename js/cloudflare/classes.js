// instrumentDurableObject(Class) and instrumentEntrypoint(Class): the entry points the runtime
// calls on a Durable Object or a WorkerEntrypoint (fetch, alarm, the WebSocket handlers, public RPC
// methods) each run in a request scope, finished and flushed through the object's own
// ctx.waitUntil. The instance the runtime holds is a Proxy over the user's object: calls from the
// runtime go through it, calls the object makes on itself (`this.method()`) do not, so internal
// calls never start traces of their own. Nothing here outlives an event, so hibernation loses
// nothing: each event's spans are flushed before the event's waitUntil settles.

import { currentSpan } from '../context.js';
import { settle } from '../settle.js';
import { serveResponse } from '../response.js';
import { NOT_RPC, RPC_ENVELOPE, tracedEnv } from './bindings.js';
import { prop, safe } from '../text.js';
import { APPLY_BAGGAGE, DISCARD_IF_LONE } from '../hooks.js';
import { ext } from '../ext.js';

// Entry points of a Durable Object besides fetch and RPC: [root name, kind, attributes].
const DO_EVENTS = {
  __proto__: null,
  alarm: ['alarm', 'internal', () => ({ 'faas.trigger': 'timer' })],
  webSocketMessage: ['webSocketMessage', 'server', (args) => ({ 'websocket.message.type': typeof args[1] === 'string' ? 'text' : 'binary' })],
  webSocketClose: ['webSocketClose', 'server', (args) => ({ 'websocket.close.code': typeof args[1] === 'number' ? args[1] : undefined, 'websocket.close.was_clean': typeof args[3] === 'boolean' ? args[3] : undefined })],
  webSocketError: ['webSocketError', 'server', () => ({})],
};

/** `Class` with its entry points traced; `getTracer(env)` gives the tracer (made on the first
 * event); `what` is `durableObject` or `entrypoint`. `options.traceWebSocketClose`: send a
 * `webSocketClose` event as a trace of its own even when its code made no span and recorded no
 * error (by default such a lone root is not sent). */
export function instrumentClass(Class, getTracer, what, options) {
  const fn = what === 'durableObject' ? 'instrumentDurableObject' : 'instrumentEntrypoint';
  if (typeof Class !== 'function' || typeof Class.prototype !== 'object') {
    throw new TypeError(`edgespan: ${fn}(Class) needs a class`);
  }
  for (const k in options) if (k !== 'traceWebSocketClose') throw new TypeError(`edgespan: unknown ${fn}() option \`${k}\` (known: traceWebSocketClose)`);
  const traceClose = options?.traceWebSocketClose === true;
  const className = Class.name || 'anonymous';
  const envelopes = new WeakMap();
  const Traced = class extends Class {
    constructor(ctx, env) {
      const roots = [];
      // The running root: exact where AsyncLocalStorage exists, else the latest event running.
      const running = () => currentSpan() ?? roots[roots.length - 1];
      super(ctx, tracedEnv(env, running));
      const target = this;
      safe(() => Object.defineProperty(ctx, 'span', { configurable: true, get: running }));
      if (what === 'durableObject') linkAlarms(ctx.storage, running);
      // `lone`: a root that made no span and recorded no error is not sent (webSocketClose).
      const scope = (name, options, fn, { onValue, lone, baggage } = {}) => {
        const tracer = getTracer(env);
        const root = tracer.startTrace(name, options);
        if (typeof baggage === 'string') root[APPLY_BAGGAGE]?.(baggage);
        roots.push(root);
        const finish = () => {
          const i = roots.lastIndexOf(root);
          if (i >= 0) roots.splice(i, 1);
          if (lone) safe(() => root[DISCARD_IF_LONE]());
          safe(() => ctx.waitUntil(root.finish()));
        };
        return settle(
          root,
          fn,
          (v) => {
            // onValue may hand back a replacement (a response whose body is observed) and when
            // the scope is done (its body sent): until then its spans still run in it.
            const after = onValue?.(root, v);
            if (after?.done) {
              after.done.then(finish);
              return after.value;
            }
            finish();
            return v;
          },
          (e) => {
            root.recordError(e);
            finish();
          },
        );
      };
      const base = { 'code.namespace': className };
      const made = new Map();
      const entry = (k, v) => {
        if (k === 'fetch') {
          return (request, ...rest) =>
            scope(String(prop(request, 'method') ?? 'GET'), { request, attributes: base }, () => v.call(target, request, ...rest), {
              onValue: (root, res) => {
                const { response, sent } = serveResponse(root, res);
                return sent ? { value: response, done: sent } : undefined;
              },
            });
        }
        const event = what === 'durableObject' ? DO_EVENTS[k] : undefined;
        if (event) {
          const [name, kind, attrs] = event;
          // An alarm links to the span that set it (stored beside it by linkAlarms).
          const run = k === 'alarm' ? (args) => () => alarmSetter(ctx.storage).then((setter) => {
            if (setter) running()?.addLink(setter, { 'link.kind': 'scheduled_by' });
            return v.apply(target, args);
          }) : (args) => () => v.apply(target, args);
          return (...args) => scope(name, { kind, attributes: Object.assign({}, base, attrs(args)) }, run(args), { lone: k === 'webSocketClose' && !traceClose });
        }
        return (...args) => scope(k, rpcOptions(className, k), () => v.apply(target, args));
      };
      const envelope = (traceparent, name, args, baggage) => {
        const v = typeof name === 'string' && !NOT_RPC.has(name) ? Reflect.get(target, name, target) : undefined;
        if (typeof v !== 'function') throw new TypeError(`edgespan: ${className} has no RPC method ${String(name)}`);
        const options = rpcOptions(className, name);
        if (typeof traceparent === 'string') options.parent = traceparent;
        return scope(name, options, () => v.apply(target, Array.isArray(args) ? args : []), { baggage });
      };
      const proxy = new Proxy(target, {
        get(t, k) {
          if (k === RPC_ENVELOPE) return envelope;
          const v = Reflect.get(t, k, t);
          if (typeof v !== 'function' || typeof k !== 'string' || NOT_RPC.has(k) || k.startsWith('__edgespan')) return v;
          let w = made.get(k);
          if (!w) made.set(k, (w = entry(k, v)));
          return w;
        },
      });
      envelopes.set(proxy, envelope);
      return proxy;
    }

    // workerd calls only methods its prototype has: the envelope is one (the Proxy answers it).
    [RPC_ENVELOPE](traceparent, name, args, baggage) {
      const envelope = envelopes.get(this);
      if (!envelope) throw new TypeError('edgespan: RPC envelope called on an object that is not instrumented');
      return envelope(traceparent, name, args, baggage);
    }
  };
  Object.defineProperty(Traced, 'name', { value: className });
  return Traced;
}

// Where an alarm's setter is kept, in the object's own storage, beside the alarm.
const ALARM_SETTER = '__edgespan_alarm_setter';

// `storage.setAlarm` and `deleteAlarm` of an instrumented Durable Object, wrapped: setting an
// alarm inside a traced event keeps the setting span's traceparent under ALARM_SETTER (and notes
// the planned time on it); deleting the alarm deletes it too.
function linkAlarms(storage, running) {
  const set = safe(() => storage.setAlarm);
  const del = safe(() => storage.deleteAlarm);
  if (typeof set !== 'function' || typeof del !== 'function') return;
  safe(() =>
    Object.defineProperties(storage, {
      setAlarm: {
        configurable: true,
        value(time, options) {
          const span = running();
          const done = set.call(storage, time, options);
          if (!span) return done;
          const at = time instanceof Date ? time.getTime() : time;
          if (typeof at === 'number') span.setAttribute('cloudflare.durable_object.alarm.scheduled_time', new Date(at).toISOString());
          // Our own write never fails the user's call: it is the alarm that matters.
          const kept = Promise.resolve(safe(() => storage.put(ALARM_SETTER, span.traceparent))).catch(() => undefined);
          return Promise.all([done, kept]).then(() => undefined);
        },
      },
      deleteAlarm: {
        configurable: true,
        value(options) {
          const forgot = Promise.resolve(safe(() => storage.delete(ALARM_SETTER))).catch(() => undefined);
          return Promise.all([del.call(storage, options), forgot]).then(() => undefined);
        },
      },
    }),
  );
}

// The traceparent of the span that set the alarm now running, taken (a setter links once).
async function alarmSetter(storage) {
  try {
    const tp = await storage.get(ALARM_SETTER);
    if (typeof tp !== 'string') return undefined;
    await storage.delete(ALARM_SETTER);
    return tp;
  } catch {
    return undefined;
  }
}

function rpcOptions(className, method) {
  return { kind: 'server', attributes: { 'rpc.system': 'cloudflare_rpc', 'rpc.service': className, 'rpc.method': method } };
}

ext.instrumentClass = instrumentClass;
