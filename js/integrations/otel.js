// An @opentelemetry/api Tracer over edgespan spans, for libraries that take one (the Vercel AI
// SDK's `experimental_telemetry.tracer`, say). Its spans are edgespan spans in the same buffer,
// with the same delivery guarantees. No dependency on @opentelemetry/api: the shapes are
// structural, and a parent in an OpenTelemetry Context is read under the API's own key.
//
// Parents, in order: the span in the `context` argument; else the current span where
// AsyncLocalStorage exists, or without it (for startActiveSpan nesting) the innermost span this
// tracer started with startActiveSpan that is still open; else the span the tracer came from (span.otelTracer()), or a new trace
// (tracer.otelTracer()).

import { SPAN_KEY, canTrackCurrent, currentSpan, withSpan } from '../context.js';
import { ext } from '../ext.js';
import { formatTraceparent } from '../rules/traceparent.js';

export { SPAN_KEY };
const FIRST_CHUNK_METRIC = 'gen_ai.client.operation.time_to_first_chunk';
const KINDS = ['internal', 'server', 'client', 'producer', 'consumer']; // OTel SpanKind 0..4
const STATUS = ['unset', 'ok', 'error']; // OTel SpanStatusCode 0..2

// OpenTelemetry TimeInput (ms since the epoch, [seconds, nanoseconds], or a Date) in ms.
function ms(t) {
  if (typeof t === 'number' && Number.isFinite(t)) return t;
  if (Array.isArray(t) && t.length === 2) return t[0] * 1000 + t[1] / 1e6;
  if (t instanceof Date) return t.getTime();
  return undefined;
}

// What a span is, from the GenAI operation a library set, or the AI SDK 6 span names.
function typeOf(name, attributes) {
  const op = attributes && attributes['gen_ai.operation.name'];
  if (op === 'chat' || op === 'text_completion' || op === 'generate_content') return 'llm';
  if (op === 'embeddings') return 'embedding';
  if (op === 'execute_tool') return 'tool';
  if (op === 'invoke_agent') return 'agent';
  if (/^ai\.\w+\.do(Generate|Stream)$/.test(name)) return 'llm';
  if (/^ai\.embed(Many)?\.doEmbed$/.test(name)) return 'embedding';
  if (name === 'ai.toolCall') return 'tool';
  return undefined;
}

// Where the AI SDK puts a call's session, user and tags: 6.x's `experimental_telemetry.metadata`
// (by Langfuse's convention) and 7.x's runtime context. They become the trace's attributes.
const TRACE_ATTRIBUTE_KEYS = [
  ['ai.telemetry.metadata.sessionId', 'sessionId'],
  ['ai.telemetry.metadata.userId', 'userId'],
  ['ai.telemetry.metadata.tags', 'tags'],
  ['ai.settings.context.sessionId', 'sessionId'],
  ['ai.settings.context.userId', 'userId'],
];

/** The trace attributes `attributes` carry (see TRACE_ATTRIBUTE_KEYS), set on `span`'s trace. */
function applyTraceAttributes(span, attributes) {
  if (!attributes || typeof attributes !== 'object') return;
  let found;
  for (const [key, field] of TRACE_ATTRIBUTE_KEYS) {
    const v = attributes[key];
    if (v === undefined || v === null) continue;
    (found ??= {})[field] = field === 'tags' ? (Array.isArray(v) ? v : [v]).map(String) : String(v);
  }
  if (found) span.setTraceAttributes(found);
}

/** An OpenTelemetry Span over an edgespan Span. */
class OtelSpan {
  #span;
  #done;

  constructor(span, done) {
    this.#span = span;
    this.#done = done;
  }

  /** The edgespan span underneath. */
  get edgespan() {
    return this.#span;
  }

  spanContext() {
    const s = this.#span;
    return { traceId: s.traceId, spanId: s.spanId, traceFlags: parseInt(s.traceparent.slice(-2), 16), isRemote: false };
  }

  setAttribute(key, value) {
    return this.setAttributes({ [key]: value });
  }

  setAttributes(attributes) {
    this.#span.setAttributes(attributes);
    if (!attributes || typeof attributes !== 'object') return this;
    applyTraceAttributes(this.#span, attributes);
    if ('gen_ai.operation.name' in attributes) this.#span.setType(typeOf('', attributes));
    // AI SDK 7 names time to first chunk as a client metric; backends read the response attribute.
    const first = attributes[FIRST_CHUNK_METRIC];
    if (typeof first === 'number') this.#span.setAttribute('gen_ai.response.time_to_first_chunk', first);
    return this;
  }

  addEvent(name, attributesOrTime, time) {
    const attributes = attributesOrTime && typeof attributesOrTime === 'object' && !Array.isArray(attributesOrTime) && !(attributesOrTime instanceof Date) ? attributesOrTime : undefined;
    this.#span.addEvent(name, attributes);
    // The AI SDK marks a stream's first chunk with an event: that is the GenAI time to first chunk.
    const first = attributes && attributes['ai.response.msToFirstChunk'];
    if (name === 'ai.stream.firstChunk' && typeof first === 'number') this.#span.setAttribute('gen_ai.response.time_to_first_chunk', first / 1000);
    return this;
  }

  addLink(link) {
    if (link && typeof link === 'object') this.#span.addLink(link.context, link.attributes);
    return this;
  }

  addLinks(links) {
    if (Array.isArray(links)) for (const l of links) this.addLink(l);
    return this;
  }

  setStatus(status) {
    const code = STATUS[status && status.code];
    if (code) this.#span.setStatus(code, status.message);
    return this;
  }

  updateName(name) {
    this.#span.updateName(name);
    return this;
  }

  end(endTime) {
    this.#span.end(ms(endTime));
    this.#done?.(this);
  }

  isRecording() {
    return !this.#span.ended;
  }

  recordException(exception, _time) {
    this.#span.recordError(exception);
  }
}

/** An OpenTelemetry Tracer whose spans are edgespan spans. `start(name, options)` starts a span
 * of the edgespan tracer; `base` is the default parent (a Span) or null. */
export function otelTracer(start, base) {
  // Without AsyncLocalStorage: the spans of startActiveSpan whose callback is still running
  // (innermost last) come first, then those still open.
  const running = [];
  const active = [];

  const parentFrom = (context) => {
    const p = context && typeof context.getValue === 'function' ? context.getValue(SPAN_KEY) : undefined;
    if (p instanceof OtelSpan) return p.edgespan;
    if (p && typeof p.spanContext === 'function') {
      // A span of another OpenTelemetry tracer: continue its trace as a remote parent.
      const c = p.spanContext();
      if (c && typeof c.traceId === 'string' && typeof c.spanId === 'string') {
        return formatTraceparent(c.traceId, c.spanId, c.traceFlags ?? 1);
      }
    }
    return undefined;
  };

  const startSpan = (name, options, context, onEnd) => {
    const o = options && typeof options === 'object' ? options : {};
    // Spans ended elsewhere (a scope finishing ends what its code left open) no longer count.
    for (const list of [running, active]) while (list.length && list[list.length - 1].edgespan.ended) list.pop();
    const innermost = running[running.length - 1] ?? active[active.length - 1];
    // Where AsyncLocalStorage exists the current span is exact (startActiveSpan sets it too).
    const near = canTrackCurrent() ? currentSpan() : innermost?.edgespan;
    const parent = o.root ? undefined : parentFrom(context) ?? near ?? base ?? undefined;
    const kind = KINDS[o.kind];
    const span = start(String(name), { parent, kind, attributes: o.attributes, type: typeOf(String(name), o.attributes), startTime: ms(o.startTime) });
    applyTraceAttributes(span, o.attributes);
    if (Array.isArray(o.links)) for (const l of o.links) if (l && typeof l === 'object') span.addLink(l.context, l.attributes);
    const otel = new OtelSpan(span, onEnd);
    wrappers.set(span, otel);
    return otel;
  };

  return {
    startSpan(name, options, context) {
      return startSpan(name, options, context);
    },
    // startActiveSpan(name, fn) | (name, options, fn) | (name, options, context, fn)
    startActiveSpan(name, ...args) {
      const fn = args.pop();
      const [options, context] = args;
      if (typeof fn !== 'function') return undefined;
      const span = startSpan(name, options, context, (s) => {
        const i = active.lastIndexOf(s);
        if (i >= 0) active.splice(i, 1);
      });
      // Bounded: a long-lived tracer whose spans are never ended must not grow without end.
      if (active.length >= 64) active.shift();
      active.push(span);
      running.push(span);
      const done = () => {
        const i = running.lastIndexOf(span);
        if (i >= 0) running.splice(i, 1);
      };
      let out;
      try {
        out = withSpan(span.edgespan, () => fn(span));
      } catch (e) {
        done();
        throw e;
      }
      if (out && typeof out.then === 'function') out.then(done, done);
      else done();
      return out;
    },
  };
}

export { OtelSpan };

// One OtelSpan per edgespan span that a Context hands out, so its identity is stable.
const wrappers = new WeakMap();

/** The OpenTelemetry Span over an edgespan span. */
export function otelSpanOf(span) {
  let o = wrappers.get(span);
  if (!o) wrappers.set(span, (o = new OtelSpan(span)));
  return o;
}

ext.otelTracer = otelTracer;
