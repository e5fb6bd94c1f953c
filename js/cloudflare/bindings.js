// span.wrapBinding(binding): a service binding, Durable Object namespace or stub whose fetch is a
// traced fetch (traceparent sent) and whose RPC calls are CLIENT spans that hand their traceparent
// to an instrumented callee (cloudflare/classes.js). tracedEnv(env): the same for every such
// binding of an instrumented handler's or object's env.

import { tracedFetch } from './http.js';
import { prop, safe } from '../text.js';
import { ext } from '../ext.js';
import { BAGGAGE } from '../hooks.js';
import { CONTEXT_KEY } from './workflows.js';
import { isVectorize, tracedIndex } from '../integrations/vectorize.js';

/** The RPC method an instrumented class adds: `(traceparent, name, args, baggage)` runs `name` in
 * a scope whose parent is the caller's span, with the caller's session and user (`baggage`, a
 * W3C baggage value; a callee of an older edgespan ignores it). */
export const RPC_ENVELOPE = '__edgespan_rpc';

/** Names that are never RPC methods, whatever the class or stub has. */
export const NOT_RPC = new Set(['constructor', 'then', 'toJSON', 'dup', 'connect', 'scheduled', 'queue', 'tail', 'trace', 'test']);

// workerd's error when a stub's callee has no such method (the callee is not instrumented).
const NO_METHOD = /does not implement the method|has no RPC method/;

/** `binding` (a service binding, a Durable Object namespace or stub) with its calls traced as
 * children of `span`; `name` (the env key, when known) names its RPC spans `{name}.{method}`. */
export function wrapBinding(span, binding, name) {
  if (binding === null || (typeof binding !== 'object' && typeof binding !== 'function')) return binding;
  if (!CARRIERS.has(safe(() => Object.prototype.toString.call(binding))) && !isStub(binding) && isWorkflow(binding)) return wrapWorkflow(typeof span === 'function' ? span : () => span, binding, name);
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
          return p ? tracedFetch(p, (req) => t.fetch(req), input, init, true) : t.fetch(input, init);
        };
      } else if (NOT_RPC.has(k)) out = (...a) => t[k](...a);
      else {
        out = (...args) => {
          const p = parent();
          return p ? rpcCall(p, t, { method: k, args, binding: name }) : t[k](...args);
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
function rpcCall(span, stub, { method, args, binding }) {
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
    p = Promise.resolve(stub[RPC_ENVELOPE](s.traceparent, method, args, s[BAGGAGE]?.(''))).catch((e) => {
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
      if (v === null || typeof v !== 'object') return v;
      const name = typeof k === 'string' ? k : undefined;
      if (!CARRIERS.has(safe(() => Object.prototype.toString.call(v)))) {
        // Looked at once: a binding that carries no trace and is not traced is kept as it is.
        const w = isStub(v) ? v : isWorkflow(v) ? wrapWorkflow(spanOf, v, name) : isVectorize(v) ? tracedIndex(v, spanOf, name) : v;
        made.set(k, w);
        return w;
      }
      const w = wrapBinding(spanOf, v, name);
      made.set(k, w);
      return w;
    },
  });
}

// A Workflow binding: create, createBatch and get (locally a plain object, so its shape says).
const isWorkflow = (v) => ['create', 'createBatch', 'get'].every((k) => typeof safe(() => v[k]) === 'function');

// An RPC stub answers every name with a callable, so it has any shape: one that answers a name
// nothing has is a stub, never a Workflow or a Vectorize index.
const isStub = (v) => safe(() => v.__edgespan_no_such_method) !== undefined;

/** A Workflow binding whose `create` and `createBatch` are CLIENT spans (`create {binding}`) that
 * hand their context to an instrumented workflow, in the params under CONTEXT_KEY (params that
 * are not an object are left alone). */
function wrapWorkflow(spanOf, binding, name) {
  const label = `create ${name ?? 'workflow'}`;
  const withContext = (span, options) => {
    const o = options ?? {};
    const params = prop(o, 'params');
    if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) return options;
    const context = { traceparent: span.traceparent };
    const baggage = span[BAGGAGE]?.('');
    if (baggage) context.baggage = baggage;
    return Object.assign({}, o, { params: Object.assign({}, params, { [CONTEXT_KEY]: context }) });
  };
  const traced = (n, call) => {
    const parent = spanOf();
    if (!parent) return call(null);
    const s = parent.startSpan(label, { kind: 'client', attributes: { 'cloudflare.workflow.binding': name, 'cloudflare.workflow.instances': n } });
    let p;
    try {
      p = Promise.resolve(call(s));
    } catch (e) {
      p = Promise.reject(e);
    }
    return p.then(
      (out) => {
        const ids = (Array.isArray(out) ? out : [out]).map((i) => safe(() => i.id)).filter((id) => typeof id === 'string');
        if (ids.length === 1) s.setAttribute('cloudflare.workflow.instance_id', ids[0]);
        s.end();
        return out;
      },
      (e) => {
        s.recordError(e);
        s.setAttribute('error.type', prop(e, 'name') ?? 'Error');
        s.end();
        throw e;
      },
    );
  };
  const methods = {
    create: (options) => traced(1, (s) => binding.create(s ? withContext(s, options) : options)),
    createBatch: (list) => traced(Array.isArray(list) ? list.length : 1, (s) => binding.createBatch(s && Array.isArray(list) ? list.map((o) => withContext(s, o)) : list)),
  };
  return new Proxy(binding, {
    get(t, k) {
      if (Object.hasOwn(methods, k)) return methods[k];
      const v = Reflect.get(t, k, t);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
}

ext.wrapBinding = wrapBinding;
