// edgespan's public JS API: a thin shell over the Rust core in wasm.
//
// What lives here and why: converting odd JS values safely, drawing random ids from
// crypto.getRandomValues, reading the clock, and driving the core's flush state machine with the
// global fetch (the core decides what to send, when to retry and what to report; this file only
// carries out its orders). Nothing here throws into user code except the Tracer constructor on bad
// configuration.

import * as w from './wasm/edgespan.js';
import { fromOptions, fromEnv } from './config.js';
import { instrumentHandler } from './instrument.js';
import { passThrough } from './passthrough.js';
import { sleep } from './sleep.js';

const ATTR = 0, META = 1, METRIC = 2, EVENT = 3, LLM = 4;
const KINDS = { __proto__: null, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const MAX_DEPTH = 8;
const MAX_ITEMS = 1000;
// Strings longer than this (UTF-16 units) are cut before they reach wasm, and the key is listed
// in `edgespan.truncated`. It bounds memory per field; the buffer bounds memory per tracer.
const MAX_STRING = 512 * 1024;

const hiRes = typeof performance === 'object' && typeof performance.now === 'function' && performance.timeOrigin > 1e12;
const now = hiRes ? () => performance.timeOrigin + performance.now() : () => Date.now();

const pool = new Uint32Array(256);
let poolAt = pool.length;
function rand32() {
  if (poolAt === pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  return pool[poolAt++];
}
function traceWords() {
  for (;;) {
    const t = [rand32(), rand32(), rand32(), rand32()];
    if (t[0] | t[1] | t[2] | t[3]) return t;
  }
}

const hex8 = (w) => (w >>> 0).toString(16).padStart(8, '0');
const TRACEPARENT = /^[ \t]*([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^]*)?[ \t]*$/;

function parseTraceparent(s) {
  const m = TRACEPARENT.exec(s);
  if (!m || m[1] === 'ff' || (m[1] === '00' && m[5] !== undefined)) return null;
  const t = [0, 8, 16, 24].map((i) => parseInt(m[2].slice(i, i + 8), 16));
  const p0 = parseInt(m[3].slice(0, 8), 16), p1 = parseInt(m[3].slice(8), 16);
  if (!(t[0] | t[1] | t[2] | t[3]) || !(p0 | p1)) return null;
  return { t, p0, p1, flags: parseInt(m[4], 16) };
}

function str(v) {
  if (typeof v === 'string') return v;
  try {
    return String(v);
  } catch {
    return '[unprintable]';
  }
}

function clip(c, h, key, s) {
  if (s.length <= MAX_STRING) return s;
  safe(() => w.span_text(c, h, 5, key, 0));
  let cut = MAX_STRING;
  // Do not split a surrogate pair.
  const unit = s.charCodeAt(cut - 1);
  if (unit >= 0xd800 && unit <= 0xdbff) cut--;
  return s.slice(0, cut) + '…[truncated]';
}

// `o[k]`, or undefined when a getter or Proxy throws (no closure: this is on the hot path).
function prop(o, k) {
  try {
    return o[k];
  } catch {
    return undefined;
  }
}

function safe(fn) {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function errorParts(e) {
  if (e instanceof Error || (e && typeof e === 'object' && 'message' in e)) {
    let type = prop(e, 'name') || safe(() => e.constructor && e.constructor.name) || 'Error';
    return [str(type), str(prop(e, 'message') ?? ''), str(prop(e, 'stack') ?? '')];
  }
  return [typeof e === 'object' ? 'Error' : typeof e, typeof e === 'string' ? e : safeJsonOrString(e), ''];
}

function safeJsonOrString(v) {
  const j = safeJson(v);
  return j.startsWith('"') ? str(v) : j;
}

// JSON text of any value. Plain JSON.stringify first (fast); on failure (cycles, BigInt, a
// throwing toJSON or getter) a replacer that marks cycles and spells BigInt, functions and
// symbols as strings.
function safeJson(v) {
  if (v instanceof Error) v = { name: v.name, message: v.message, stack: v.stack };
  try {
    const s = JSON.stringify(v);
    if (s !== undefined) return s;
  } catch {
    // fall through to the careful path
  }
  const stack = [];
  try {
    const s = JSON.stringify(v, function (k, val) {
      switch (typeof val) {
        case 'bigint':
          return val.toString();
        case 'function':
          return `[Function ${val.name || 'anonymous'}]`;
        case 'symbol':
          return val.toString();
        case 'object':
          if (val === null) return val;
          while (stack.length && stack[stack.length - 1] !== this) stack.pop();
          if (stack.includes(val)) return '[Circular]';
          stack.push(val);
          return val;
        default:
          return val;
      }
    });
    return s === undefined ? 'null' : s;
  } catch {
    return JSON.stringify(str(v));
  }
}

// Pushes exactly one value onto the tracer's stage.
function stage(c, v, depth, seen) {
  switch (typeof v) {
    case 'string':
      return w.v_text(c, 0, v.length > MAX_STRING ? v.slice(0, MAX_STRING) + '…[truncated]' : v);
    case 'number':
      return w.v_val(c, 0, v);
    case 'boolean':
      return w.v_val(c, 1, v ? 1 : 0);
    case 'bigint':
      return w.v_text(c, 2, v.toString());
    case 'undefined':
      return w.v_text(c, 0, 'undefined');
    case 'function':
      return w.v_text(c, 0, `[Function ${prop(v, 'name') || 'anonymous'}]`);
    case 'symbol':
      return w.v_text(c, 0, v.toString());
  }
  if (v === null) return w.v_text(c, 0, 'null');
  if (seen.includes(v)) return w.v_text(c, 0, '[Circular]');
  if (depth >= MAX_DEPTH) return w.v_text(c, 0, '[MaxDepth]');
  if (v instanceof Date) return w.v_text(c, 0, safe(() => v.toISOString()) ?? 'Invalid Date');
  if (v instanceof Error) return w.v_text(c, 0, errorParts(v).slice(0, 2).join(': '));
  seen.push(v);
  try {
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      const n = Math.min(v.length, MAX_ITEMS);
      for (let i = 0; i < n; i++) {
        const item = prop(v, i);
        stage(c, typeof item === 'bigint' && !Array.isArray(v) ? Number(item) : item, depth + 1, seen);
      }
      w.v_group(c, 0, n);
    } else {
      const entries = v instanceof Map ? [...v.entries()] : Object.keys(v).map((k) => [k, prop(v, k)]);
      let n = 0;
      for (const [k, item] of entries) {
        if (n === MAX_ITEMS) break;
        if (item === undefined) continue;
        w.v_text(c, 1, str(k));
        stage(c, item, depth + 1, seen);
        n++;
      }
      w.v_group(c, 1, n);
    }
  } catch {
    w.v_text(c, 0, '[unreadable]');
  } finally {
    seen.pop();
  }
}

// Sets one typed value on a span: an attribute, metadata entry, metric or event attribute.
function put(c, h, target, key, v) {
  key = str(key);
  switch (typeof v) {
    case 'string':
      return w.set_str(c, h, target, key, clip(c, h, key, v));
    case 'number':
      return w.set_val(c, h, target, key, 0, v);
    case 'boolean':
      return w.set_val(c, h, target, key, 1, v ? 1 : 0);
    case 'undefined':
      return undefined;
  }
  if (v === null) return undefined;
  stage(c, v, 0, []);
  w.set_val(c, h, target, key, 2, 0);
}

function putAll(c, h, target, obj) {
  if (!obj || typeof obj !== 'object') return;
  const keys = safe(() => Object.keys(obj)) ?? [];
  for (const k of keys) put(c, h, target, k, prop(obj, k));
}

const EMPTY_REPORT = () => ({
  exported: 0, failed: 0, dropped: 0, retried: 0, pending: 0, openSpans: 0, openRows: 0,
  requests: 0, bytes: 0, durationMs: 0, errors: [], unfinished: [],
});

async function gzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// `Retry-After` as delta-seconds or an HTTP date, in ms from now; -1 when absent or unreadable.
function retryAfterMs(v) {
  if (v === null) return -1;
  v = v.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v), 31536000) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? -1 : Math.max(0, at - Date.now());
}

// OTLP `partialSuccess` of a 2xx answer, JSON or protobuf: [rejectedSpans, errorMessage]. An
// unreadable body means full success.
function partialSuccess(bytes, protobuf) {
  try {
    if (protobuf) return protoPartial(bytes);
    const p = JSON.parse(new TextDecoder().decode(bytes)).partialSuccess;
    if (p && typeof p === 'object') {
      const n = Number(p.rejectedSpans ?? 0);
      return [Number.isFinite(n) && n > 0 ? n : 0, typeof p.errorMessage === 'string' ? p.errorMessage.slice(0, 200) : ''];
    }
  } catch {
    // not readable: a 2xx without a readable partialSuccess is a full success
  }
  return [0, ''];
}

// ExportTraceServiceResponse { partial_success (1) { rejected_spans (1), error_message (2) } }.
function protoPartial(b) {
  let i = 0;
  const varint = () => {
    let v = 0;
    for (let shift = 1; i < b.length; shift *= 128) {
      const x = b[i++];
      v += (x & 127) * shift;
      if (x < 128) return v;
    }
    throw new Error('truncated');
  };
  // Returns the fields of one message body as [field, value] (value: number or [start, end]).
  const fields = (end) => {
    const out = [];
    while (i < end) {
      const key = varint();
      const wire = key & 7;
      if (wire === 0) out.push([key >>> 3, varint()]);
      else if (wire === 2) {
        const len = varint();
        out.push([key >>> 3, [i, i + len]]);
        i += len;
      } else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else throw new Error('wire type');
    }
    return out;
  };
  const top = fields(b.length).find(([f, v]) => f === 1 && Array.isArray(v));
  if (!top) return [0, ''];
  i = top[1][0];
  let rejected = 0, message = '';
  for (const [f, v] of fields(top[1][1])) {
    if (f === 1 && typeof v === 'number') rejected = v;
    if (f === 2 && Array.isArray(v)) message = new TextDecoder().decode(b.subarray(v[0], v[1])).slice(0, 200);
  }
  return [rejected, message];
}

const DOUBLE_PARAMS = new Set(['temperature', 'topP', 'frequencyPenalty', 'presencePenalty']);
const INT_PARAMS = new Set(['maxTokens', 'topK', 'seed', 'choiceCount']);

// A chat message in the GenAI form { role, parts: [{ type: 'text', content }] }; OpenAI-style
// { role, content } (a string or text parts) is converted, anything else kept as it is.
function toParts(m) {
  if (!m || typeof m !== 'object' || Array.isArray(prop(m, 'parts'))) return m;
  const content = prop(m, 'content');
  if (typeof content === 'string') return { ...m, content: undefined, parts: [{ type: 'text', content }] };
  if (Array.isArray(content)) {
    const parts = content.map((p) => (p && p.type === 'text' && typeof p.text === 'string' ? { type: 'text', content: p.text } : p));
    return { ...m, content: undefined, parts };
  }
  return m;
}

const SUMMED = ['exported', 'failed', 'retried', 'pending', 'requests', 'bytes', 'dropped', 'openRows'];

// One report for a flush to several exporters: counts summed over exporters, errors prefixed with
// the exporter's name, and each exporter's own numbers under `exporters`. The tracer-wide counts
// (dropped, open and unfinished spans) come from the first job.
function mergeReports(reports, jobs) {
  if (reports.length === 1) return reports[0];
  const out = { ...reports[0], errors: [], exporters: [] };
  for (const k of SUMMED) out[k] = 0;
  reports.forEach((r, i) => {
    for (const k of SUMMED) out[k] += r[k];
    const name = jobs[i].exp.name;
    for (const e of r.errors) out.errors.push(`${name}: ${e}`);
    const { exported, failed, retried, pending, openRows, requests, bytes, errors } = r;
    out.exporters.push({ name, exported, failed, retried, pending, openRows, requests, bytes, errors });
  });
  return out;
}

function runTraced(span, fn) {
  if (typeof fn !== 'function') {
    span.recordError(new TypeError('edgespan: traced() needs a function'));
    span.end();
    return undefined;
  }
  let out;
  try {
    out = fn(span);
  } catch (e) {
    span.recordError(e);
    span.end();
    throw e;
  }
  if (out !== null && (typeof out === 'object' || typeof out === 'function') && typeof out.then === 'function') {
    return Promise.resolve(out).then(
      (v) => {
        span.end();
        return v;
      },
      (e) => {
        span.recordError(e);
        span.end();
        throw e;
      },
    );
  }
  span.end();
  return out;
}

// log()'s two text fields: slot pairs 0/1 (input as text / as JSON) and 2/3 (output).
const IO_FIELDS = [
  [0, 'input'],
  [1, 'output'],
];

export class Span {
  /** @internal */
  constructor(tracer, h, t, s0, s1, parent, flags, scope, root, t0) {
    this._tr = tracer;
    this._h = h;
    this._t = t;
    this._s0 = s0;
    this._s1 = s1;
    this._p = parent;
    this._f = flags;
    this._scope = scope;
    this._root = root;
    this._t0 = t0;
    this._ended = false;
  }

  get traceId() {
    return hex8(this._t[0]) + hex8(this._t[1]) + hex8(this._t[2]) + hex8(this._t[3]);
  }
  get spanId() {
    return hex8(this._s0) + hex8(this._s1);
  }
  get parentSpanId() {
    return this._p ? hex8(this._p[0]) + hex8(this._p[1]) : undefined;
  }
  get ended() {
    return this._ended;
  }
  get traceparent() {
    return `00-${this.traceId}-${this.spanId}-${(this._f & 255).toString(16).padStart(2, '0')}`;
  }

  _live() {
    return !this._ended && this._h !== 0 && !this._tr._broken;
  }

  _call(fn) {
    if (!this._live()) return this;
    try {
      fn(this._tr._c, this._h);
    } catch (e) {
      // A hostile value (a throwing Proxy, say) only loses that one call; a trap in wasm
      // disables tracing for the isolate.
      if (e instanceof WebAssembly.RuntimeError) this._tr._fail(e);
    }
    return this;
  }

  setAttribute(key, value) {
    return this._call((c, h) => put(c, h, ATTR, key, value));
  }

  setAttributes(attributes) {
    return this._call((c, h) => putAll(c, h, ATTR, attributes));
  }

  log(fields) {
    return this._call((c, h) => {
      if (!fields || typeof fields !== 'object') return;
      for (const [which, key] of IO_FIELDS) {
        const v = prop(fields, key);
        if (v === undefined) continue;
        if (typeof v === 'string') w.span_text(c, h, 2 * which, clip(c, h, key, v), 0);
        else w.span_text(c, h, 2 * which + 1, clip(c, h, key, safeJson(v)), 0);
      }
      putAll(c, h, META, prop(fields, 'metadata'));
      putAll(c, h, METRIC, prop(fields, 'metrics'));
      const tags = prop(fields, 'tags');
      if (Array.isArray(tags)) for (const t of tags.slice(0, MAX_ITEMS)) w.span_text(c, h, 4, str(t), 0);
      const err = prop(fields, 'error');
      if (err !== undefined && err !== null) this._error(c, h, err);
    });
  }

  /** Records an LLM call with the GenAI semantic conventions (`gen_ai.*`), typed; sets the kind
   * CLIENT and, when the span has no name, `{operation} {model}`. */
  logLLM(fields) {
    return this._call((c, h) => {
      if (!fields || typeof fields !== 'object') return;
      const get = (o, k) => (o && typeof o === 'object' ? prop(o, k) : undefined);
      const text = (k, v) => v !== undefined && v !== null && put(c, h, LLM, k, str(v));
      const int = (k, v) => typeof v === 'number' && Number.isFinite(v) && w.set_val(c, h, LLM, k, 0, Math.trunc(v));
      const double = (k, v) => typeof v === 'number' && w.set_val(c, h, LLM, k, 3, v);
      const operation = get(fields, 'operation') ?? 'chat';
      const model = get(fields, 'model');
      text('operation.name', operation);
      text('provider.name', get(fields, 'provider'));
      text('request.model', model);
      for (const [k, key] of [['inputMessages', 'input.messages'], ['outputMessages', 'output.messages']]) {
        const m = get(fields, k);
        if (Array.isArray(m)) put(c, h, LLM, key, clip(c, h, key, safeJson(m.map(toParts))));
      }
      const usage = get(fields, 'usage');
      int('usage.input_tokens', get(usage, 'inputTokens'));
      int('usage.output_tokens', get(usage, 'outputTokens'));
      int('usage.cache_read.input_tokens', get(usage, 'cachedTokens'));
      int('usage.reasoning.output_tokens', get(usage, 'reasoningTokens'));
      const params = get(fields, 'params');
      for (const k of (params && typeof params === 'object' && safe(() => Object.keys(params))) || []) {
        const v = get(params, k);
        const key = 'request.' + k.replace(/[A-Z]/g, (x) => '_' + x.toLowerCase());
        if (DOUBLE_PARAMS.has(k)) double(key, v);
        else if (INT_PARAMS.has(k)) int(key, v);
        else put(c, h, LLM, key, v);
      }
      text('response.id', get(fields, 'responseId'));
      text('response.model', get(fields, 'responseModel'));
      const reasons = get(fields, 'finishReasons');
      if (Array.isArray(reasons)) put(c, h, LLM, 'response.finish_reasons', reasons.map(str));
      w.span_text(c, h, 11, 'client', 0);
      w.span_text(c, h, 12, model === undefined ? str(operation) : `${str(operation)} ${str(model)}`, 0);
    });
  }

  addEvent(name, attributes) {
    return this._call((c, h) => {
      w.span_text(c, h, 7, str(name), now());
      putAll(c, h, EVENT, attributes);
    });
  }

  _error(c, h, err) {
    const [type, message, stack] = errorParts(err);
    w.record_error(c, h, type, clip(c, h, 'exception.message', message), clip(c, h, 'exception.stacktrace', stack), now());
  }

  recordError(err) {
    return this._call((c, h) => this._error(c, h, err));
  }

  setStatus(code, message) {
    const op = code === 'ok' ? 8 : code === 'error' ? 9 : code === 'unset' ? 10 : 0;
    if (!op) return this;
    return this._call((c, h) => w.span_text(c, h, op, message === undefined ? '' : str(message), 0));
  }

  updateName(name) {
    return this._call((c, h) => w.span_text(c, h, 6, str(name), 0));
  }

  startSpan(name, options) {
    return this._tr._start(name, options, this);
  }

  traced(name, fn, options) {
    return runTraced(this.startSpan(name, options), fn);
  }

  /** Ends a request scope: this span if still open, then every still-open span of its scope as
   * incomplete, then flushes. On a span that is not a scope root it ends the span and flushes. */
  finish() {
    this.end();
    const tr = this._tr;
    let n = 0;
    if (this._root && !tr._broken) {
      try {
        n = w.end_scope(tr._c, this._scope, 'span was still open when its trace finished', now());
      } catch (e) {
        tr._fail(e);
      }
    }
    return tr.flush().then((report) => {
      if (n > 0) {
        const names = report.unfinished.filter((u) => u.state === 'incomplete').map((u) => `${u.name} (${u.spanId})`);
        tr._diagnose(`edgespan: ${n} span(s) of trace ${this.traceId} were still open when it finished and were ended as incomplete: ${names.join(', ')}`);
      }
      return report;
    });
  }

  /** Passes `stream` through unchanged and ends this span when it closes (OK), errors (ERROR) or
   * is cancelled (`edgespan.stream.cancelled`), recording the time to the first chunk and the
   * number of chunks. */
  traceStream(stream) {
    if (!stream || typeof stream.getReader !== 'function' || this._ended) return stream;
    let chunks = 0;
    let first = 0;
    const onChunk = () => {
      if (chunks++ === 0) first = now();
    };
    const onEnd = (how, err) => {
      const attrs = { 'edgespan.stream.chunks': chunks };
      if (chunks) attrs['gen_ai.response.time_to_first_chunk'] = Math.max(0, first - this._t0) / 1000;
      if (how === 'cancel') attrs['edgespan.stream.cancelled'] = true;
      this.setAttributes(attrs);
      if (how === 'error') this.recordError(err);
      else if (how === 'ok') this.setStatus('ok');
      this.end();
    };
    // A locked stream is left alone rather than thrown on.
    return passThrough(stream, onChunk, onEnd) ?? stream;
  }

  end(endTimeMs) {
    if (this._ended) return;
    this._ended = true;
    if (this._h === 0 || this._tr._broken) return;
    const t = typeof endTimeMs === 'number' && Number.isFinite(endTimeMs) ? endTimeMs : now();
    try {
      if (w.end(this._tr._c, this._h, t) === 2) this._tr._dropped();
    } catch (e) {
      this._tr._fail(e);
    }
  }
}

function seed() {
  return rand32() * 4294967296 + rand32();
}

// A tracer whose wasm id is collected with it (users who create one per request by mistake do
// not leak the core's memory).
const registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((c) => safe(() => w.destroy(c))) : null;
const FROM_ENV = Symbol('edgespan.fromEnv');

export class Tracer {
  constructor(options, settings) {
    const cfg = options === FROM_ENV ? settings : fromOptions(options);
    const [first, ...more] = cfg.exporters;
    const c = w.create(cfg.serviceName, first.kind, first.backend, first.projectId, cfg.timeoutMs, cfg.maxQueueSpans, cfg.maxQueueBytes, cfg.maxBatchBytes, cfg.maxConcurrentRequests, seed());
    for (const e of more) w.add_exporter(c, e.kind, e.backend, e.projectId);
    this._c = c;
    registry?.register(this, c);
    this._timeout = cfg.timeoutMs;
    // What the driver needs per exporter: where, with which headers, gzipped or not.
    this._exp = cfg.exporters.map((e) => {
      const headers = { 'content-type': e.kind === 0 ? 'application/x-protobuf' : 'application/json' };
      if (e.gzip) headers['content-encoding'] = 'gzip';
      for (const [k, v] of e.headers) headers[k.toLowerCase()] = v;
      return { url: e.endpoint, headers, gzip: e.gzip, name: `${e.kind < 2 ? 'otlp' : 'logs3'} ${e.endpoint}` };
    });
    this._inflight = new Set();
    this._broken = null;
    this._shut = false;
    this._diag = cfg.onDiagnostic;
    this._dropNoted = false;
    this._scopes = 0;
    this._limits = `maxQueueSpans ${cfg.maxQueueSpans}, maxQueueBytes ${cfg.maxQueueBytes}`;
  }

  /** Builds a tracer from the standard OTLP variables of a Workers `env` (or `process.env`). */
  static fromEnv(env, options) {
    const cfg = fromEnv(env);
    const o = options !== null && typeof options === 'object' ? options : {};
    if (typeof o.onDiagnostic === 'function') cfg.onDiagnostic = o.onDiagnostic;
    return new Tracer(FROM_ENV, cfg);
  }

  _diagnose(text) {
    // Silent unless the user asked; a throwing callback must not reach the code being traced.
    if (this._diag) safe(() => this._diag(text));
  }

  _dropped() {
    if (this._dropNoted) return;
    this._dropNoted = true;
    this._diagnose(`edgespan: span buffer full (${this._limits}): dropping spans until the next flush; FlushReport.dropped counts them`);
  }

  /** @internal Bytes of wasm linear memory, for memory measurements. */
  _memoryBytes() {
    return w.memory_bytes();
  }

  _fail(e) {
    // A trap inside wasm leaves the instance unusable; stop calling it and say so at flush.
    this._broken ??= `edgespan internal error, tracing disabled: ${str(e && e.message ? e.message : e)}`;
  }

  _start(name, options, parentSpan, newScope) {
    // The common call has no options: skip the guarded reads then.
    const o = options !== null && typeof options === 'object' ? options : null;
    const parent = parentSpan ?? (o && prop(o, 'parent'));
    const scope = newScope || (parent instanceof Span ? parent._scope : 0);
    let t, p = null, rel = 0, flags = 1;
    if (parent instanceof Span) {
      t = parent._t;
      p = [parent._s0, parent._s1];
      rel = 1;
      flags = parent._f;
    } else if (typeof parent === 'string') {
      const tp = parseTraceparent(parent);
      if (tp) {
        t = tp.t;
        p = [tp.p0, tp.p1];
        rel = 2;
        flags = tp.flags;
      }
    }
    t ??= traceWords();
    const t0 = now();
    let s0, s1;
    do {
      s0 = rand32();
      s1 = rand32();
    } while (!(s0 | s1));
    let h = 0;
    if (!this._broken && !this._shut) {
      try {
        const kind = o && prop(o, 'kind');
        h = w.start(this._c, str(name), (typeof kind === 'string' && KINDS[kind]) || 1, t[0], t[1], t[2], t[3], s0, s1, rel, p ? p[0] : 0, p ? p[1] : 0, flags, scope, t0);
      } catch (e) {
        this._fail(e);
      }
    }
    if (h === 0 && !this._broken && !this._shut) this._dropped();
    const span = new Span(this, h, t, s0, s1, p, flags, scope, !!newScope, t0);
    const attrs = o && prop(o, 'attributes');
    if (attrs) span.setAttributes(attrs);
    return span;
  }

  startSpan(name, options) {
    return this._start(name, options, null);
  }

  /** Starts a request scope: a root span whose `finish()` ends it, ends its still-open
   * descendants as incomplete, and flushes. With `request`, the HTTP attributes and an incoming
   * `traceparent` are taken from it and the kind defaults to `server`. */
  startTrace(name, options) {
    const o = options !== null && typeof options === 'object' ? { ...options } : {};
    const req = o.request;
    if (req && typeof req === 'object' && typeof req.url === 'string') {
      const headers = prop(req, 'headers');
      const get = (k) => safe(() => headers.get(k)) ?? undefined;
      o.parent ??= get('traceparent');
      o.kind ??= 'server';
      o.attributes = {
        'http.request.method': prop(req, 'method'),
        'url.full': req.url,
        'user_agent.original': get('user-agent'),
        ...o.attributes,
      };
    }
    this._scopes = (this._scopes % 0xffffffff) + 1;
    return this._start(name, o, null, this._scopes);
  }

  /** Wraps a Workers handler: each fetch, scheduled and queue event runs in its own trace, with
   * its root span at `ctx.span`. See the README. */
  instrument(handler) {
    return instrumentHandler(handler, () => this);
  }

  /** Like `tracer.instrument(handler)`, with the tracer built on the first event from `init(env)`
   * (a Tracer or TracerOptions; by default `Tracer.fromEnv(env)`), once per isolate. */
  static instrument(handler, init) {
    let tracer;
    return instrumentHandler(handler, (env) => {
      if (!tracer) {
        const made = typeof init === 'function' ? init(env) : Tracer.fromEnv(env);
        tracer = made instanceof Tracer ? made : new Tracer(made);
      }
      return tracer;
    });
  }

  traced(name, fn, options) {
    return runTraced(this.startSpan(name, options), fn);
  }

  flush() {
    const t0 = now();
    const c = this._c;
    const broken = () => Promise.resolve({ ...EMPTY_REPORT(), errors: [this._broken] });
    if (this._broken) return broken();
    let jobs;
    this._dropNoted = false;
    try {
      // The step details live in one place in wasm, so read them right after each poll.
      jobs = Array.from(w.flush_begin(c, t0), (id, i) => {
        const first = w.flush_poll(c, id, t0);
        return { id, exp: this._exp[i] ?? this._exp[0], first: [first, w.step_batch(), w.step_ms()] };
      });
    } catch (e) {
      this._fail(e);
      return broken();
    }
    const finish = () => {
      try {
        return mergeReports(jobs.map((j) => JSON.parse(w.flush_finish(c, j.id, now()))), jobs);
      } catch (e) {
        this._fail(e);
        return { ...EMPTY_REPORT(), errors: [this._broken] };
      }
    };
    const earlier = [...this._inflight];
    const sending = jobs.filter((j) => j.first[0] !== 3);
    // Nothing to send and nothing in flight: resolve at once, without a request.
    if (sending.length === 0 && earlier.length === 0) return Promise.resolve(finish());

    const own = Promise.all(sending.map((j) => this._drive(j.id, j.first, j.exp)));
    const settled = own.then(() => {
      this._inflight.delete(settled);
    });
    this._inflight.add(settled);
    return own.then(async () => {
      const report = finish();
      if (earlier.length) {
        // Wait for earlier flushes with plain promises only, never past our own deadline.
        const timer = sleep(Math.max(0, t0 + this._timeout - now()));
        timer.unref();
        const done = await Promise.race([Promise.all(earlier).then(() => true), timer.p.then(() => false)]);
        timer.cancel(); // no timer left pending for the rest of the deadline
        if (!done) report.errors.push("an earlier flush was still in flight at this flush's deadline");
      }
      report.durationMs = Math.max(0, Math.round(now() - t0));
      return report;
    });
  }

  // Carries out the core's orders for flush job `id` until it says it is done. Only this flush's
  // own fetches and timers are awaited here.
  async _drive(id, first, exp) {
    const c = this._c;
    const running = new Map();
    const bodies = new Map();
    const poll = () => {
      const step = w.flush_poll(c, id, now());
      return [step, w.step_batch(), w.step_ms()];
    };
    try {
      for (let [step, batch, ms] = first; ; [step, batch, ms] = poll()) {
        if (step === 1) {
          const p = this._send(id, batch, ms, bodies, exp).then(() => running.delete(batch));
          running.set(batch, p);
          continue;
        }
        if (step !== 2) return;
        if (ms < 0) {
          if (running.size === 0) return; // cannot happen unless the core is broken
          await Promise.race(running.values());
        } else {
          const t = sleep(ms);
          await Promise.race([...running.values(), t.p]);
          t.cancel();
        }
      }
    } catch (e) {
      this._fail(e);
      await Promise.allSettled(running.values());
    }
  }

  async _send(id, batch, timeoutMs, bodies, exp) {
    const c = this._c;
    let timedOut = false;
    let timer;
    try {
      let body = bodies.get(batch);
      if (!body) {
        // One copy, out of wasm memory (workerd keeps a reference to a body's buffer instead of
        // copying it, so a view of wasm memory would not be safe).
        const at = w.flush_body(c, id, batch);
        body = new Uint8Array(w.initSync().memory.buffer, at, w.step_batch()).slice();
        if (exp.gzip) body = await gzip(body);
        bodies.set(batch, body);
      }
      w.flush_sent(c, id, body.byteLength);
      const ac = new AbortController();
      timer = setTimeout(() => {
        timedOut = true;
        ac.abort();
      }, timeoutMs);
      const res = await fetch(exp.url, { method: 'POST', headers: exp.headers, body, signal: ac.signal });
      const answer = new Uint8Array(await res.arrayBuffer()); // always consume the body
      clearTimeout(timer);
      const [rejected, message] = res.ok
        ? partialSuccess(answer, /protobuf/.test(res.headers.get('content-type') ?? ''))
        : [0, new TextDecoder().decode(answer.subarray(0, 800)).slice(0, 200)];
      w.flush_response(c, id, batch, res.status, retryAfterMs(res.headers.get('retry-after')), rejected, message, now());
    } catch (e) {
      clearTimeout(timer);
      try {
        w.flush_error(c, id, batch, timedOut, str(e && e.message ? e.message : e), now());
      } catch (e2) {
        this._fail(e2);
      }
    }
  }

  /** Ends every open span as incomplete, flushes, and turns later span calls into no-ops. */
  shutdown() {
    if (!this._shut && !this._broken) {
      try {
        w.end_all_open(this._c, 'span was still open at tracer.shutdown()', now());
      } catch (e) {
        this._fail(e);
      }
    }
    this._shut = true;
    return this.flush();
  }
}
