// instrumentDurableObject(Class) and instrumentEntrypoint(Class): the entry points the runtime
// calls on a Durable Object or a WorkerEntrypoint (fetch, alarm, the WebSocket handlers, public RPC
// methods) each run in a request scope, finished and flushed through the object's own
// ctx.waitUntil. The instance the runtime holds is a Proxy over the user's object: calls from the
// runtime go through it, calls the object makes on itself (`this.method()`) do not, so internal
// calls never start traces of their own. Nothing here outlives an event, so hibernation loses
// nothing: each event's spans are flushed before the event's waitUntil settles.
//
// span.wrapBinding(binding): a service binding, Durable Object namespace or stub whose fetch is a
// traced fetch (traceparent sent) and whose RPC calls are CLIENT spans that hand their traceparent
// to an instrumented callee. tracedEnv(env): the same for every such binding of an instrumented
// handler's or object's env.

import { currentSpan, withSpan } from './context.js';
import { tracedFetch } from './http.js';
import { prop, safe } from './text.js';
import { DISCARD_IF_LONE } from './hooks.js';

/** The RPC method an instrumented class adds: `(traceparent, name, args)` runs `name` in a scope
 * whose parent is the caller's span. */
export const RPC_ENVELOPE = '__edgespan_rpc';

// Entry points of a Durable Object besides fetch and RPC: [root name, kind, attributes].
const DO_EVENTS = {
  __proto__: null,
  alarm: ['alarm', 'internal', () => ({ 'faas.trigger': 'timer' })],
  webSocketMessage: ['webSocketMessage', 'server', (args) => ({ 'websocket.message.type': typeof args[1] === 'string' ? 'text' : 'binary' })],
  webSocketClose: ['webSocketClose', 'server', (args) => ({ 'websocket.close.code': typeof args[1] === 'number' ? args[1] : undefined, 'websocket.close.was_clean': typeof args[3] === 'boolean' ? args[3] : undefined })],
  webSocketError: ['webSocketError', 'server', () => ({})],
};
// Never RPC methods, whatever the class has.
const NOT_RPC = new Set(['constructor', 'then', 'toJSON', 'dup', 'connect', 'scheduled', 'queue', 'tail', 'trace', 'test']);

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
      // `lone`: a root that made no span and recorded no error is not sent (webSocketClose).
      const scope = (name, options, fn, onValue, lone) => {
        const tracer = getTracer(env);
        const root = tracer.startTrace(name, options);
        roots.push(root);
        const finish = () => {
          const i = roots.lastIndexOf(root);
          if (i >= 0) roots.splice(i, 1);
          if (lone) safe(() => root[DISCARD_IF_LONE]());
          safe(() => ctx.waitUntil(root.finish()));
        };
        let out;
        try {
          out = withSpan(root, fn);
        } catch (e) {
          root.recordError(e);
          finish();
          throw e;
        }
        if (out === null || typeof out !== 'object' || typeof out.then !== 'function') {
          onValue?.(root, out);
          finish();
          return out;
        }
        return Promise.resolve(out).then(
          (v) => {
            onValue?.(root, v);
            finish();
            return v;
          },
          (e) => {
            root.recordError(e);
            finish();
            throw e;
          },
        );
      };
      const base = { 'code.namespace': className };
      const made = new Map();
      const entry = (k, v) => {
        if (k === 'fetch') {
          return (request, ...rest) =>
            scope(String(prop(request, 'method') ?? 'GET'), { request, attributes: base }, () => v.call(target, request, ...rest), (root, res) => {
              const status = prop(res, 'status');
              if (typeof status === 'number') {
                root.setAttribute('http.response.status_code', status);
                if (status >= 500) root.setStatus('error');
              }
            });
        }
        const event = what === 'durableObject' ? DO_EVENTS[k] : undefined;
        if (event) {
          const [name, kind, attrs] = event;
          return (...args) => scope(name, { kind, attributes: Object.assign({}, base, attrs(args)) }, () => v.apply(target, args), undefined, k === 'webSocketClose' && !traceClose);
        }
        return (...args) => scope(k, rpcOptions(className, k), () => v.apply(target, args));
      };
      const envelope = (traceparent, name, args) => {
        const v = typeof name === 'string' && !NOT_RPC.has(name) ? Reflect.get(target, name, target) : undefined;
        if (typeof v !== 'function') throw new TypeError(`edgespan: ${className} has no RPC method ${String(name)}`);
        const options = rpcOptions(className, name);
        if (typeof traceparent === 'string') options.parent = traceparent;
        return scope(name, options, () => v.apply(target, Array.isArray(args) ? args : []));
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
    [RPC_ENVELOPE](traceparent, name, args) {
      const envelope = envelopes.get(this);
      if (!envelope) throw new TypeError('edgespan: RPC envelope called on an object that is not instrumented');
      return envelope(traceparent, name, args);
    }
  };
  Object.defineProperty(Traced, 'name', { value: className });
  return Traced;
}

function rpcOptions(className, method) {
  return { kind: 'server', attributes: { 'rpc.system': 'cloudflare_rpc', 'rpc.service': className, 'rpc.method': method } };
}

// workerd's error when a stub's callee has no such method (the callee is not instrumented).
const NO_METHOD = /does not implement the method|has no RPC method/;

/** `binding` (a service binding, a Durable Object namespace or stub) with its calls traced as
 * children of `span`; `name` (the env key, when known) names its RPC spans `{name}.{method}`. */
export function wrapBinding(span, binding, name) {
  if (binding === null || (typeof binding !== 'object' && typeof binding !== 'function')) return binding;
  // Wrapping a wrapped binding re-parents it rather than adding a second span per call.
  binding = RAW.get(binding) ?? binding;
  // `span` may be a function asked at each call (the current event's root, for env bindings).
  const parent = typeof span === 'function' ? span : () => span;
  // A stub answers every property with a callable, so ask what the object is, not what it has.
  const tag = safe(() => Object.prototype.toString.call(binding));
  const isNamespace = tag === '[object DurableObjectNamespace]';
  const made = new Map();
  const proxy = new Proxy(binding, {
    get(t, k) {
      if (made.has(k)) return made.get(k);
      const v = Reflect.get(t, k, t);
      if (typeof k !== 'string' || typeof v !== 'function') return v;
      let out;
      // Called as methods of `t`: a stub's bound method would try to send the stub itself.
      if (isNamespace) out = k === 'get' || k === 'getByName' ? (...a) => wrapBinding(parent, t[k](...a), name) : (...a) => t[k](...a);
      else if (k === 'fetch') {
        out = (input, init) => {
          const p = parent();
          return p ? tracedFetch(p, (req) => t.fetch(req), input, init) : t.fetch(input, init);
        };
      } else if (NOT_RPC.has(k)) out = (...a) => t[k](...a);
      else {
        out = (...args) => {
          const p = parent();
          return p ? rpcCall(p, t, k, args, name) : t[k](...args);
        };
      }
      made.set(k, out);
      return out;
    },
  });
  RAW.set(proxy, binding);
  return proxy;
}

// Wrapped binding → the binding it wraps.
const RAW = new WeakMap();

// One RPC call as a CLIENT span; the callee continues the trace when it is instrumented, and a
// callee that is not gets the plain call (the envelope's absence fails before anything runs).
function rpcCall(span, stub, method, args, binding) {
  const attributes = { 'rpc.system': 'cloudflare_rpc', 'rpc.method': method, 'cloudflare.binding.name': binding };
  const s = span.startSpan(binding ? `${binding}.${method}` : method, { kind: 'client', attributes });
  const done = (v) => {
    s.end();
    return v;
  };
  const failed = (e) => {
    s.recordError(e);
    s.setAttribute('error.type', prop(e, 'name') ?? 'Error');
    s.end();
    throw e;
  };
  let p;
  try {
    p = Promise.resolve(stub[RPC_ENVELOPE](s.traceparent, method, args)).catch((e) => {
      if (!NO_METHOD.test(String(prop(e, 'message') ?? ''))) throw e;
      s.setAttribute('edgespan.rpc.untraced_callee', true);
      return stub[method](...args);
    });
  } catch (e) {
    return Promise.reject(e).catch(failed);
  }
  return p.then(done, failed);
}

// The bindings whose calls carry a trace: service bindings and Durable Object namespaces.
const CARRIERS = new Set(['[object Fetcher]', '[object DurableObjectNamespace]']);

/** `env` with its service bindings and Durable Object namespaces wrapped (see wrapBinding), their
 * calls parented on `spanOf()` (the running event's root) at call time. Everything else is the
 * env's own. */
export function tracedEnv(env, spanOf) {
  if (env === null || typeof env !== 'object') return env;
  const made = new Map();
  return new Proxy(env, {
    get(t, k) {
      if (made.has(k)) return made.get(k);
      const v = Reflect.get(t, k, t);
      if (v === null || typeof v !== 'object' || !CARRIERS.has(safe(() => Object.prototype.toString.call(v)))) return v;
      const w = wrapBinding(spanOf, v, typeof k === 'string' ? k : undefined);
      made.set(k, w);
      return w;
    },
  });
}
