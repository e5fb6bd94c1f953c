// Span: what user code records on. Every method is safe in any state and never throws into user
// code; after end() they are no-ops. A span's fixed facts live in one private state object.

import * as w from './wasm/edgespan.js';
import * as abi from './abi.js';
import { now, hex8 } from './clock.js';
import { MAX_ITEMS, TextSink, didYouMean, prop, safe, str } from './text.js';
import { put, putAll, putError, putIO, putLlm, putText } from './value.js';
import { llmAttributes } from './llm.js';
import { passThrough } from './passthrough.js';
import { SPAN_TYPES } from './rules/span-types.js';
import { TRACE_KEYS } from './rules/trace-attributes.js';
import { carries, maskValue } from './rules/privacy.js';
import { formatTraceparent, parseTraceparent } from './rules/traceparent.js';
import { scratch } from './scratch.js';
import { settle } from './settle.js';
import { ext } from './ext.js';
import { ABANDON, APPLY_BAGGAGE, BAGGAGE, CANCEL_SCOPE, DISCARD_IF_LONE, REPORT, START_SPAN, endOnce } from './hooks.js';

// log()'s two text fields and their ops (as text, as JSON).
const IO_FIELDS = [
  ['input', abi.TEXT_INPUT_TEXT, abi.TEXT_INPUT_JSON],
  ['output', abi.TEXT_OUTPUT_TEXT, abi.TEXT_OUTPUT_JSON],
];
const LOG_KEYS = ['input', 'output', 'metadata', 'metrics', 'error', 'tags'];
const STATUS = { __proto__: null, ok: abi.TEXT_STATUS_OK, error: abi.TEXT_STATUS_ERROR, unset: abi.TEXT_STATUS_UNSET };

/** Runs `fn(span)` and ends the span when it returns, throws, resolves or rejects; errors are
 * recorded and rethrown unchanged. */
export function runTraced(span, fn) {
  if (typeof fn !== 'function') {
    span.recordError(new TypeError('edgespan: traced() needs a function'));
    span.end();
    return undefined;
  }
  return settle(
    span,
    () => fn(span),
    (v) => {
      span.end();
      return v;
    },
    (e) => {
      span.recordError(e);
      span.end();
    },
  );
}

/** The private state of a span, for the tracer (set in Span's static block). */
export let spanState;


// `v` as the field `field` records it: undefined when the configuration does not record the
// field (the core would remove it when the span ends) or when the `mask` option threw on it
// (privacy fails closed; said once); else `v` with the mask applied to its text.
function privacy(core, field, v) {
  const kind = carries(field);
  if (kind === undefined) return v;
  if (kind === 'input' ? core.recordInputs === false : core.recordOutputs === false) return undefined;
  if (!core.mask) return v;
  try {
    return maskValue(core.mask, field, v);
  } catch (e) {
    if (!core.maskFailed) {
      core.maskFailed = true;
      core.diagnose(`edgespan: the mask option threw on ${field} (${str(e?.message ?? e)}); each field it throws on is left out (said once per tracer)`, 'mask', 'error');
    }
    return undefined;
  }
}

// True when something may change what is recorded of a prompt or an answer (a mask, a recording
// flag off): otherwise the span path skips looking.
const guarded = (core) => core.mask !== undefined || core.recordInputs === false || core.recordOutputs === false;

// `attributes` with the fields that carry prompts or answers as `privacy` records them (a copy,
// only when it has such a field).
function privateAttributes(core, attributes) {
  if (!attributes || typeof attributes !== 'object' || !guarded(core)) return attributes;
  const keys = safe(() => Object.keys(attributes)) ?? [];
  if (!keys.some((k) => carries(k) !== undefined)) return attributes;
  const out = {};
  for (const k of keys) {
    const v = prop(attributes, k);
    out[k] = carries(k) === undefined ? v : privacy(core, k, v);
  }
  return out;
}

export class Span {
  #s;

  static {
    spanState = (span) => span.#s;
  }

  /** @internal `state`: { core, h, t, s, p, flags, scope, root, t0, ended }. */
  constructor(state) {
    this.#s = state;
  }

  get traceId() {
    const t = this.#s.t;
    return hex8(t[0]) + hex8(t[1]) + hex8(t[2]) + hex8(t[3]);
  }
  get spanId() {
    return hex8(this.#s.s[0]) + hex8(this.#s.s[1]);
  }
  get parentSpanId() {
    const p = this.#s.p;
    return p ? hex8(p[0]) + hex8(p[1]) : undefined;
  }
  get ended() {
    return this.#s.ended;
  }
  get traceparent() {
    return formatTraceparent(this.traceId, this.spanId, this.#s.flags);
  }

  // Runs one recording call on the live span; a hostile value only loses that one call, and a
  // trap in wasm disables tracing for the isolate.
  #call(fn) {
    const s = this.#s;
    if (s.ended || s.h === abi.NONE_HANDLE || s.core.broken) return this;
    try {
      fn(s.core.c, s.h);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) s.core.fail(e);
    }
    return this;
  }

  setAttribute(key, value) {
    if (typeof key === 'string' && guarded(this.#s.core) && carries(key) !== undefined) value = privacy(this.#s.core, key, value);
    return this.#call((c, h) => put(c, h, abi.TARGET_ATTRIBUTE, key, value));
  }

  setAttributes(attributes) {
    return this.#call((c, h) => putAll(c, h, abi.TARGET_ATTRIBUTE, privateAttributes(this.#s.core, attributes)));
  }

  log(fields) {
    return this.#call((c, h) => {
      if (!fields || typeof fields !== 'object') return;
      for (const k in fields) {
        if (!LOG_KEYS.includes(k) && fields[k] !== undefined) {
          this.#s.core.misuse(`log ${k}`, `log({ ${k} }) ignored: not a field of log()${didYouMean(k, LOG_KEYS)}`);
        }
      }
      for (const [key, asText, asJson] of IO_FIELDS) {
        const v = privacy(this.#s.core, key, prop(fields, key));
        if (v === undefined) continue;
        putIO(c, h, key, v, asText, asJson);
      }
      putAll(c, h, abi.TARGET_METADATA, prop(fields, 'metadata'));
      putAll(c, h, abi.TARGET_METRIC, prop(fields, 'metrics'));
      const tags = prop(fields, 'tags');
      if (Array.isArray(tags)) for (const t of tags.slice(0, MAX_ITEMS)) w.span_text(c, h, abi.TEXT_TAG, str(t), 0);
      else if (tags !== undefined) this.#s.core.misuse('tags', `log({ tags: ${describe(tags)} }) ignored: tags are an array of strings`);
      const err = prop(fields, 'error');
      if (err !== undefined && err !== null) putError(c, h, err);
    });
  }

  /** Records an LLM call with the GenAI semantic conventions (`gen_ai.*`), typed; sets the kind
   * CLIENT and, when the span has no name, `{operation} {model}`. */
  logLLM(fields) {
    return this.#call((c, h) => {
      if (!fields || typeof fields !== 'object') return;
      const core = this.#s.core;
      const hook = core.mask || core.recordInputs === false || core.recordOutputs === false ? (field, v) => privacy(core, field, v) : undefined;
      const { attributes, name, answer, problems } = llmAttributes(fields, hook);
      for (const [kind, text] of problems) core.misuse(kind, text);
      putLlm(c, h, attributes);
      w.span_text(c, h, abi.TEXT_KIND, 'client', 0);
      w.span_text(c, h, abi.TEXT_NAME_IF_EMPTY, name, 0);
      // The answer is the span's output unless the code logged one (backends show it).
      if (answer !== undefined) putText(c, h, abi.TEXT_OUTPUT_TEXT_IF_EMPTY, 'output', answer);
    });
  }

  addEvent(name, attributes) {
    return this.#call((c, h) => {
      w.span_text(c, h, abi.TEXT_EVENT, str(name), now());
      putAll(c, h, abi.TARGET_EVENT, privateAttributes(this.#s.core, attributes));
    });
  }

  recordError(err) {
    this.#s.failed = true;
    return this.#call((c, h) => putError(c, h, err));
  }

  setStatus(code, message) {
    const op = STATUS[code];
    if (op === undefined) {
      this.#s.core.misuse('setStatus', `setStatus(${describe(code)}) ignored: the status is 'ok', 'error' or 'unset'`);
      return this;
    }
    if (code === 'error') this.#s.failed = true;
    return this.#call((c, h) => w.span_text(c, h, op, message === undefined ? '' : str(message), 0));
  }

  /** Attributes of the whole trace: `{ sessionId?, userId?, tags?, metadata? }`, applied to every
   * span of the trace the tracer still holds and to every one it records later. */
  setTraceAttributes(attrs) {
    return this.#call((c, h) => {
      const core = this.#s.core;
      if (!attrs || typeof attrs !== 'object') {
        core.misuse('setTraceAttributes', `setTraceAttributes(${describe(attrs)}) ignored: it takes { sessionId?, userId?, tags?, metadata? }`);
        return;
      }
      for (const k of safe(() => Object.keys(attrs)) ?? []) {
        const v = prop(attrs, k);
        if (v === undefined || v === null) continue;
        if (!TRACE_KEYS.includes(k)) {
          core.misuse(`setTraceAttributes ${k}`, `setTraceAttributes({ ${k} }) ignored: not a trace attribute${didYouMean(k, TRACE_KEYS)}`);
        } else if (k === 'tags') {
          if (Array.isArray(v)) put(c, h, abi.TARGET_TRACE, k, v.slice(0, MAX_ITEMS).map(str));
          else core.misuse('setTraceAttributes tags', `setTraceAttributes({ tags: ${describe(v)} }) ignored: tags are an array of strings`);
        } else if (k === 'metadata') {
          if (typeof v === 'object' && !Array.isArray(v)) put(c, h, abi.TARGET_TRACE, k, v);
          else core.misuse('setTraceAttributes metadata', `setTraceAttributes({ metadata: ${describe(v)} }) ignored: metadata is an object`);
        } else if (typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v))) {
          put(c, h, abi.TARGET_TRACE, k, str(v));
        } else {
          core.misuse(`setTraceAttributes ${k}`, `setTraceAttributes({ ${k}: ${describe(v)} }) ignored: an id is a string`);
        }
      }
    });
  }

  /** Links this span to another span (of this trace or another): a Span, a `traceparent`, or
   * `{ traceId, spanId, traceState? }` (an OpenTelemetry SpanContext); OTLP `Span.links`. */
  addLink(target, attributes) {
    const ids = linkIds(target);
    if (!ids) {
      this.#s.core.misuse('addLink', `addLink(${describe(target)}) ignored: it links to a span, a traceparent or { traceId, spanId }`);
      return this;
    }
    return this.#call((c, h) => {
      const words = scratch();
      for (let i = 0; i < 4; i++) words[abi.SCRATCH_TRACE + i] = ids.t[i];
      words[abi.SCRATCH_SPAN] = ids.s[0];
      words[abi.SCRATCH_SPAN + 1] = ids.s[1];
      if (w.span_link(c, h, ids.state)) putAll(c, h, abi.TARGET_LINK, attributes);
    });
  }

  updateName(name) {
    if (typeof name !== 'string') {
      this.#s.core.misuse('updateName', `updateName(${describe(name)}) ignored: the name must be a string`);
      return this;
    }
    return this.#call((c, h) => w.span_text(c, h, abi.TEXT_RENAME, name, 0));
  }

  startSpan(name, options) {
    return this.#s.core.start(name, options, this);
  }

  /** @internal For the integrations: tells onDiagnostic once per tracer and `kind` (diagnose.js). */
  [REPORT](kind, text) {
    this.#s.core.misuse(kind, text);
  }

  /** @internal See hooks.js. */
  [BAGGAGE](existing) {
    const own = typeof existing === 'string' ? existing : '';
    const s = this.#s;
    if (s.ended || s.h === abi.NONE_HANDLE || s.core.broken) return own;
    try {
      return w.trace_baggage(s.core.c, s.h, own);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) s.core.fail(e);
      return own;
    }
  }

  [CANCEL_SCOPE]() {
    this.#s.cancelled = true;
  }

  [START_SPAN](name, options) {
    return this.#s.core.start(name, options, null, abi.NONE_SCOPE);
  }

  [APPLY_BAGGAGE](header) {
    if (typeof header !== 'string' || !header) return this;
    return this.#call((c, h) => w.apply_baggage(c, h, header));
  }

  [DISCARD_IF_LONE]() {
    const s = this.#s;
    if (s.ended || s.kids || s.failed) return false;
    this.#call((c, h) => w.discard(c, h));
    return (s.ended = true);
  }

  /** @internal See hooks.js. */
  [ABANDON](fn) {
    const s = this.#s;
    if (!s.scope || s.ended || s.h === abi.NONE_HANDLE || !s.core.closers) return undefined;
    let set = s.core.closers.get(s.scope);
    if (!set) s.core.closers.set(s.scope, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  /** Sets what the span is (`llm`, `tool`, …; see docs/backends.md, span types). */
  setType(type) {
    if (!SPAN_TYPES.includes(type)) {
      if (type !== undefined) this.#s.core.misuse('type', `setType(${describe(type)}) ignored (expected ${SPAN_TYPES.join(', ')})`);
      return this;
    }
    return this.#call((c, h) => w.span_text(c, h, abi.TEXT_TYPE, type, 0));
  }

  /** An @opentelemetry/api Tracer whose spans are edgespan spans; a span with no parent in the
   * context it is given becomes a child of this one. */
  otelTracer() {
    return ext.otelTracer((name, options) => this.#s.core.start(name, options, null, abi.NONE_SCOPE), this);
  }

  traced(name, fn, options) {
    return runTraced(this.startSpan(name, options), fn);
  }

  /** `binding` (a service binding, Durable Object namespace or stub) whose fetch and RPC calls
   * are CLIENT children of this span and carry the trace into an instrumented callee. */
  wrapBinding(binding) {
    return ext.wrapBinding(this, binding);
  }

  /** `fetch(input, init)` as a CLIENT child span (HTTP client conventions) that sends this
   * trace's `traceparent`; resolves and rejects as fetch does. */
  fetch(input, init) {
    return ext.fetch(this, (req) => fetch(req), input, init);
  }

  /** Ends a request scope: this span if still open, then every still-open span of its scope as
   * incomplete, then flushes (`{ timeoutMs }` as `tracer.flush` takes it). On a span that is not
   * a scope root it ends the span and flushes. */
  finish(options) {
    const s = this.#s;
    const core = s.core;
    // Streams still open in the scope record what they had first (hooks.js, ABANDON).
    const closers = s.root && core.closers?.get(s.scope);
    if (closers) {
      core.closers.delete(s.scope);
      for (const fn of closers) safe(() => fn(s.cancelled ? 'cancel' : 'incomplete'));
    }
    this.end();
    let n = 0;
    if (s.root && !core.broken) {
      try {
        const ended = w.end_scope(core.c, s.scope, 'span was still open when its trace finished', now(), !!s.cancelled);
        if (!s.cancelled) n = ended;
      } catch (e) {
        core.fail(e);
      }
    }
    return core.flush(options).then((report) => {
      if (n > 0) {
        const names = report.unfinished.filter((u) => u.state === 'incomplete').map((u) => `${u.name} (${u.spanId})`);
        core.diagnose(`edgespan: ${n} span(s) of trace ${this.traceId} were still open when it finished and were ended as incomplete: ${names.join(', ')}`, 'incomplete');
      }
      return report;
    });
  }

  /** Passes `stream` through unchanged and ends this span when it closes, errors (ERROR) or
   * is cancelled (`edgespan.stream.cancelled`), recording the time to the first chunk and the
   * number of chunks. With `captureOutput`, the streamed text becomes the span's output: `true`
   * takes strings, UTF-8 bytes and objects' `text`/`delta` strings; a function maps each chunk to
   * its text. */
  traceStream(stream, options) {
    const s = this.#s;
    if (!stream || typeof stream.getReader !== 'function' || s.ended) return stream;
    const capture = options !== null && typeof options === 'object' ? prop(options, 'captureOutput') : undefined;
    if (capture !== undefined && capture !== true && capture !== false && typeof capture !== 'function') {
      s.core.misuse('captureOutput', `traceStream({ captureOutput: ${describe(capture)} }) ignored: it is true or a function (chunk) => text`);
    }
    const sink = capture === true || typeof capture === 'function' ? new TextSink() : null;
    const decoder = sink && capture === true ? new TextDecoder() : null;
    let chunks = 0;
    let first = 0;
    const onChunk = (chunk) => {
      if (chunks++ === 0) first = now();
      if (!sink) return;
      if (decoder) sink.add(textOfChunk(chunk, decoder));
      else sink.add(safe(() => capture(chunk)));
    };
    // `how`: 'ok', 'error', 'cancel', or 'incomplete' (the scope finished first: record, do not end).
    const onEnd = endOnce(this, (how, err) => {
      const attrs = { 'edgespan.stream.chunks': chunks };
      // Seconds from the span's start; the clock only moves forward, so this is never negative.
      if (chunks) attrs['gen_ai.response.time_to_first_chunk'] = (first - s.t0) / 1000;
      if (how === 'cancel') attrs['edgespan.stream.cancelled'] = true;
      this.setAttributes(attrs);
      if (decoder) sink.add(decoder.decode());
      const text = privacy(s.core, 'output', sink?.text());
      if (text) this.#call((c, h) => putText(c, h, abi.TEXT_OUTPUT_TEXT, 'output', str(text)));
      // A stream that closes is a success, whose status stays UNSET (OpenTelemetry's rule, as in
      // traced()): only the user sets OK.
      if (how === 'error') this.recordError(err);
      if (how !== 'incomplete') this.end();
    });
    // A locked stream is left alone rather than thrown on.
    return passThrough(stream, onChunk, onEnd) ?? stream;
  }

  end(endTimeMs) {
    const s = this.#s;
    if (s.ended) return;
    s.ended = true;
    const core = s.core;
    if (s.h === abi.NONE_HANDLE || core.broken) return;
    const t = typeof endTimeMs === 'number' && Number.isFinite(endTimeMs) ? endTimeMs : now();
    try {
      if (w.end(core.c, s.h, t) === abi.END_DROPPED) core.dropped();
    } catch (e) {
      core.fail(e);
    }
  }
}

// The text of one streamed chunk for captureOutput: true.
function textOfChunk(chunk, decoder) {
  if (typeof chunk === 'string') return chunk;
  if (chunk instanceof Uint8Array) return decoder.decode(chunk, { stream: true });
  if (chunk && typeof chunk === 'object') {
    const t = prop(chunk, 'text') ?? prop(chunk, 'delta') ?? prop(chunk, 'textDelta');
    if (typeof t === 'string') return t;
  }
  return '';
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const words = (hex) => Array.from({ length: hex.length / 8 }, (_, i) => parseInt(hex.slice(i * 8, i * 8 + 8), 16));

// The ids of a link's target ({ t: 4 words, s: 2 words, state }), or null when it names no span.
function linkIds(target) {
  if (target instanceof Span) {
    const st = spanState(target);
    return { t: st.t, s: st.s, state: '' };
  }
  if (typeof target === 'string') {
    const tp = parseTraceparent(target);
    return tp && { t: tp.t, s: tp.p, state: '' };
  }
  if (!target || typeof target !== 'object') return null;
  const traceId = prop(target, 'traceId');
  const spanId = prop(target, 'spanId');
  if (typeof traceId !== 'string' || typeof spanId !== 'string' || !HEX32.test(traceId) || !HEX16.test(spanId)) return null;
  const state = prop(target, 'traceState');
  // An OpenTelemetry TraceState serialises itself; a string is kept as it is.
  const text = typeof state === 'string' ? state : state && typeof state.serialize === 'function' ? safe(() => state.serialize()) : '';
  return { t: words(traceId), s: words(spanId), state: typeof text === 'string' ? text : '' };
}

// A short, safe description of a wrong argument for a diagnostic.
function describe(v) {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  return v === null ? 'null' : typeof v;
}
