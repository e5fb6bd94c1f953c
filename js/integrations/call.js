// What the LLM client wrappers (openai.js, anthropic.js, workersai.js) share: their
// options, the span of one call and its parent, a Proxy that replaces a few methods of a client
// and forwards everything else, the Stainless APIPromise both official SDKs return, the
// observation of a streamed answer, and the recording of a provider error. A wrapper never changes
// what the caller gets back and never throws into the caller's code: any failure of its own only
// loses the span's details.

import { currentSpan, canTrackCurrent } from '../context.js';
import { now } from '../clock.js';
import { prop, safe, str } from '../text.js';
import { REPORT, endOnce } from '../hooks.js';
import { LOG_ID_ATTRIBUTE, LOG_ID_HEADER, gatewayHeaders } from '../rules/ai-gateway.js';

const OPTION_KEYS = ['parent', 'tracer', 'aiGateway'];
let warned = false;
// The options of a call's span, one object per span type (startSpan keeps no reference to them).
const CALL_OPTIONS = { __proto__: null };

/** Validates a wrapper's options (a clear error at wrap time) and returns `spanFor(name, type)`,
 * which starts the span of one call, or returns null when there is nothing to parent it on. */
export function callSpans(what, options) {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError(`edgespan: ${what}(client, options) takes an options object ({ parent?, tracer? })`);
  }
  const o = options ?? {};
  for (const k of Object.keys(o)) {
    if (!OPTION_KEYS.includes(k) && o[k] !== undefined) throw new TypeError(`edgespan: unknown ${what}() option \`${k}\` (known: ${OPTION_KEYS.join(', ')})`);
  }
  const { parent, tracer } = o;
  const okParent = parent === undefined || typeof parent === 'string' || typeof parent === 'function' || (parent !== null && typeof parent === 'object' && typeof parent.startSpan === 'function');
  if (!okParent) throw new TypeError(`edgespan: ${what}() option \`parent\` is a span, a traceparent string or a function returning one`);
  if (tracer !== undefined && (tracer === null || typeof tracer.startSpan !== 'function')) throw new TypeError(`edgespan: ${what}() option \`tracer\` must be an edgespan Tracer`);
  if (o.aiGateway !== undefined && typeof o.aiGateway !== 'boolean') throw new TypeError(`edgespan: ${what}() option \`aiGateway\` is a boolean`);
  if (typeof parent === 'string' && !tracer) throw new TypeError(`edgespan: ${what}() with a traceparent \`parent\` needs \`tracer\` to start its spans on`);
  if (parent === undefined && !tracer && !canTrackCurrent()) {
    throw new TypeError(`edgespan: ${what}(client) needs { parent } (a span such as ctx.span) or { tracer }: without AsyncLocalStorage (the nodejs_compat flag) there is no current span to use`);
  }
  return (name, type) => {
    let p = typeof parent === 'function' ? safe(parent) : parent;
    p ??= currentSpan();
    const opts = (CALL_OPTIONS[type] ??= { kind: 'client', type });
    if (p && typeof p === 'object' && typeof p.startSpan === 'function') return p.startSpan(name, opts);
    if (tracer) return tracer.startSpan(name, typeof p === 'string' ? Object.assign({ parent: p }, opts) : opts);
    if (!warned) {
      warned = true;
      console.warn(`edgespan: ${what}: a call made outside any traced code (no parent, no current span, no tracer) is not traced`);
    }
    return null;
  };
}

/** `target` with the methods in `methods` ({ name: (original, proxy, target) => replacement })
 * replaced; nested objects in `nested` ({ name: { …same… } }) wrapped the same way. Everything
 * else is the target's own, functions bound to it (clients keep private fields). */
export function replaceMethods(target, methods, nested = {}) {
  const made = new Map();
  const proxy = new Proxy(target, {
    get(t, k) {
      if (made.has(k)) return made.get(k);
      const v = Reflect.get(t, k, t);
      let out;
      if (typeof k === 'string' && Object.hasOwn(methods, k) && typeof v === 'function') out = methods[k](v, proxy, t);
      else if (typeof k === 'string' && Object.hasOwn(nested, k) && v !== null && typeof v === 'object') out = replaceMethods(v, ...nested[k]);
      else return typeof v === 'function' ? v.bind(t) : v;
      made.set(k, out);
      return out;
    },
  });
  return proxy;
}

/** What a call returned, observed without changing it: `onValue(value)` runs on the result (and
 * returns what to hand on: the value itself, or the same stream, observed), `onError(e)` on a
 * failure. A Stainless APIPromise is handed back itself (`withResponse()`, `asResponse()` keep
 * working). */
export function observeCall(result, onValue, onError) {
  // Inline try blocks rather than safe(() => …) here and below: this runs on every call, and a
  // property read at its own site stays fast where one shared reader (prop) goes megamorphic.
  const guard = (v) => {
    let out;
    try {
      out = onValue(v);
    } catch {
      // the observation failed: the caller gets the value
    }
    return out === undefined ? v : out;
  };
  const noted = (e) => {
    try {
      onError(e);
    } catch {
      // the observation failed: the caller still gets the error
    }
  };
  const failed = (e) => {
    noted(e);
    throw e;
  };
  let request;
  try {
    request = result.responsePromise;
  } catch {
    // not an object, or a throwing getter: no APIPromise
  }
  if (request && typeof request.then === 'function') {
    const observed = observeAPIPromise(result, guard, failed);
    if (observed !== undefined) {
      // The request's failure (an HTTP error, a network error) rejects responsePromise and never
      // reaches the parse; this side branch records it, and adds no unhandled rejection.
      request.then(undefined, noted);
      return observed;
    }
  }
  if (result && typeof result.then === 'function') return result.then(guard, failed);
  return guard(result);
}

// A Stainless APIPromise observed where it parses, or undefined when it has no way in. It parses
// the answer once, through its `parseResponse`, when first awaited: observing there hands the
// caller the SDK's own promise. A promise that cannot take the hook (already parsed, or a
// property that cannot be set) is observed through the SDK's own derived promise.
function observeAPIPromise(result, guard, failed) {
  try {
    const parse = result.parseResponse;
    if (typeof parse === 'function' && !result.parsedPromise) {
      const parseObserved = function (client, props) {
        let parsed;
        try {
          parsed = parse.call(this, client, props);
        } catch (e) {
          failed(e);
        }
        return parsed && typeof parsed.then === 'function' ? parsed.then(guard, failed) : guard(parsed);
      };
      result.parseResponse = parseObserved;
      if (result.parseResponse === parseObserved) return result;
    }
  } catch {
    // a property that cannot be read or set: the derived promise below
  }
  try {
    return typeof result._thenUnwrap === 'function' ? result._thenUnwrap(guard) : undefined;
  } catch {
    return undefined;
  }
}

/** What an observer's `event(ev)` returns to keep that event from the caller. */
export const SKIP = Symbol('edgespan.skip');

/** A Stainless Stream (an async iterable over `stream.iterator()`), observed in place by
 * `observer`: each event goes to `observer.event(ev)`, which returns what the caller gets for it
 * (the event itself or undefined, a copy, or SKIP to keep it from them), and
 * `observer.end(how, err)` runs once with how `done`, `error` or `cancel`. `tee()`,
 * `toReadableStream()` and iteration all see the events through it. */
export function observeIterator(stream, observer) {
  try {
    const original = stream.iterator;
    if (typeof original !== 'function') return false;
    const observed = function () {
      return new Observed(original.call(this), stream, observer);
    };
    stream.iterator = observed;
    return stream.iterator === observed;
  } catch {
    // A stream that cannot take the observer (frozen, say) is not observed: the caller's span
    // then ends at once, with what the request said.
    return false;
  }
}

// The platform's `AbortSignal.prototype.aborted` getter, looked up on first use (a module-level
// lookup would keep this file in the bundle of a Worker that never wraps a client). Node gives
// each signal its own hidden class, so `signal.aborted` on a new signal misses every inline cache
// (0.5 to 1 µs a read, a fifth of a wrapped stream's own cost); the getter called directly is
// 0.1 µs.
let ABORTED;

// Whether `signal` is aborted: the platform's getter, or the property of a signal it does not know.
function isAborted(signal) {
  if (ABORTED === undefined) ABORTED = safe(() => Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted').get) ?? null;
  if (typeof ABORTED === 'function') {
    try {
      return ABORTED.call(signal) === true;
    } catch {
      // not the platform's AbortSignal
    }
  }
  return prop(signal, 'aborted') === true;
}

// The iterator observeIterator hands out: one object per stream, one promise per event (no async
// generator hop), and no closures beyond the two callbacks of its promises.
class Observed {
  #it;
  #stream;
  #observer;
  #ended = false;
  constructor(it, stream, observer) {
    this.#it = it;
    this.#stream = stream;
    this.#observer = observer;
  }
  #end(how, err) {
    if (this.#ended) return;
    this.#ended = true;
    try {
      this.#observer.end(how, err);
    } catch {
      // the observation failed: the caller's stream goes on
    }
  }
  #step = (r) => {
    if (r.done) {
      this.#end(this.#aborted() ? 'cancel' : 'done');
      return r;
    }
    const ev = r.value;
    let out = ev;
    try {
      out = this.#observer.event(ev);
    } catch {
      // an observation failed: the event still goes to the caller
    }
    if (out === SKIP) return this.#it.next().then(this.#step, this.#fail);
    return out === ev || out === undefined ? r : { done: false, value: out };
  };
  #fail = (e) => {
    // The SDK aborts its controller on any failure, so only an abort error is a cancellation.
    this.#end(prop(e, 'name') === 'AbortError' ? 'cancel' : 'error', e);
    throw e;
  };
  // The SDK ends a stream it aborted as done: only its signal tells a cancellation apart.
  #aborted() {
    try {
      return isAborted(this.#stream.controller.signal);
    } catch {
      return false;
    }
  }
  next() {
    return this.#it.next().then(this.#step, this.#fail);
  }
  return(v) {
    this.#end('cancel');
    const it = this.#it;
    return typeof it.return === 'function' ? it.return(v) : Promise.resolve({ done: true, value: v });
  }
  throw(e) {
    this.#end('error', e);
    const it = this.#it;
    return typeof it.throw === 'function' ? it.throw(e) : Promise.reject(e);
  }
  [Symbol.asyncIterator]() {
    return this;
  }
}

/** Starts a call's span from `spanFor` and calls `send(body, span)`; a synchronous throw is
 * recorded and rethrown. `span` is null when nothing traces the call. */
export function beginCall(spanFor, { name, type }, send, body) {
  const span = spanFor(name, type);
  if (!span) return { span, result: send(body, null) };
  try {
    return { span, result: send(body, span) };
  } catch (e) {
    recordFailure(span, e);
    span.end();
    throw e;
  }
}

/** One traced call, the shape every wrapper shares: `result` observed without change (see
 * observeCall); `base` holds the request's logLLM fields and receives the answer's. For a value,
 * `h.plain(res)` sets the answer (and may return an error to record). For a stream (`h.isStream`),
 * `h.observe(res, t0)` replaces it when given (a ReadableStream), else `h.events()` makes an
 * object with `event(ev) → what the caller gets` (see observeIterator), `first(ev) → content?`
 * and `end(how, err) → [how, err]` for a Stainless stream. A failure records the request and the
 * error. Every path ends the span once. */
export function traceCall(span, result, base, h) {
  const t0 = now();
  return observeCall(
    result,
    (res) => {
      if (!h.isStream(res)) {
        const failed = h.plain(res);
        span.logLLM(base);
        if (failed !== undefined) recordFailure(span, failed);
        span.end();
        return res;
      }
      if (h.observe) return h.observe(res, t0);
      const call = new StreamCall(span, base, t0, h.events());
      if (!observeIterator(res, call)) {
        call.end.forget();
        // Not the SDK's Stream (another version?), or one that cannot take the observer: the
        // span ends now, without the streamed answer, and onDiagnostic hears why.
        safe(() => span[REPORT]('wrap.stream', `a streamed answer (${describeStream(res)}) could not be observed: its span "${base.model ?? ''}" ends without the streamed output, usage or time to first chunk`));
        span.logLLM(base);
        span.end();
      }
      return res;
    },
    (e) => {
      span.logLLM(base);
      recordFailure(span, e);
      span.end();
    },
  );
}

// What a stream that could not be observed is, for the diagnostic.
function describeStream(res) {
  const name = safe(() => res.constructor.name);
  return typeof name === 'string' && name ? `a ${name}` : typeof res;
}

// A traced call's streamed answer: counts the events, notes the first with content, and ends the
// span when the stream ends. `events` is the provider's half (see traceCall).
class StreamCall {
  constructor(span, base, t0, events) {
    this.span = span;
    this.base = base;
    this.t0 = t0;
    this.events = events;
    this.first = 0;
    this.chunks = 0;
    // Once, from the stream's end or from its scope finishing first (hooks.js).
    this.end = endOnce(span, (how, err) => {
      const [why, error] = this.events.end(how, err);
      this.span.logLLM(this.base);
      endStream(this.span, this, why, error);
    });
  }
  event(ev) {
    this.chunks++;
    if (!this.first && this.events.first(ev)) this.first = now();
    return this.events.event(ev);
  }
}

/** The timing and outcome of a streamed answer on `span`: time to first chunk (`first`, from
 * `t0`), the chunk count, cancellation, an error. `how` 'incomplete' (its scope finished first) records them
 * and leaves the span to the scope. */
export function endStream(span, { t0, first, chunks }, how, err) {
  const attrs = { 'edgespan.stream.chunks': chunks };
  if (first) attrs['gen_ai.response.time_to_first_chunk'] = (first - t0) / 1000;
  if (how === 'cancel') attrs['edgespan.stream.cancelled'] = true;
  span.setAttributes(attrs);
  if (how === 'error') recordFailure(span, err);
  if (how !== 'incomplete') span.end();
}

/** A provider error on `span`: the exception, status ERROR, `error.type` (the SDK's error class, or
 * its HTTP status), and the HTTP status when the error has one. */
export function recordFailure(span, e) {
  span.recordError(e);
  const status = prop(e, 'status');
  const name = safe(() => e.constructor.name);
  const type = typeof name === 'string' && name !== 'Object' && name !== 'Error' ? name : typeof status === 'number' ? String(status) : str(prop(e, 'name') ?? 'Error');
  span.setAttributes({ 'error.type': type, 'http.response.status_code': typeof status === 'number' ? status : undefined });
}


/** `o`'s keys in `keys` that have a value, for `params`. It walks the request's own few keys
 * rather than reading every name in `keys` (a missed keyed read is slow in V8); a throwing getter
 * or Proxy leaves the parameters read before it. */
export function pick(o, keys) {
  const out = {};
  try {
    for (const k in o) {
      if (!keys.includes(k)) continue;
      const v = o[k];
      if (v !== undefined && v !== null) out[k] = v;
    }
  } catch {
    // the parameters read so far
  }
  return out;
}

/** The SDK request options `opts` with the gateway headers of `span` added (the caller's own
 * headers kept, in whichever form they came: an object, a Headers or pairs). */
export function withGateway(opts, span) {
  const extra = gatewayHeaders(span);
  const given = opts && typeof opts === 'object' ? opts.headers : undefined;
  let headers;
  if (given instanceof Headers) {
    headers = new Headers(given);
    for (const [k, v] of Object.entries(extra)) headers.set(k, v);
  } else if (Array.isArray(given)) headers = [...given, ...Object.entries(extra)];
  else headers = Object.assign({}, given, extra);
  return Object.assign({}, opts, { headers });
}

/** Records AI Gateway's log id (the `cf-aig-log-id` answer header) on `span`, from a Stainless
 * APIPromise's response; before the span ends, since this is registered first. */
export function recordGatewayLogId(span, result) {
  safe(() =>
    result.responsePromise.then(
      (r) => {
        const id = safe(() => r.response.headers.get(LOG_ID_HEADER));
        if (id) span.setAttribute(LOG_ID_ATTRIBUTE, id);
      },
      () => undefined,
    ),
  );
}
