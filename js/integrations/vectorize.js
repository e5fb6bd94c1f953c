// wrapVectorize(env.INDEX, { parent?, tracer?, name? }): a Vectorize index binding whose query and
// queryById are retriever spans (Phoenix shows RETRIEVER) with the documents they returned, and
// whose insert, upsert, getByIds and deleteByIds are CLIENT spans with their counts. What the
// caller gets back is exactly what the binding returned; everything else is the binding's own.

import { callSpans, replaceMethods, recordFailure } from './call.js';
import { currentSpan } from '../context.js';
import { prop, safe, safeJson } from '../text.js';

// The attributes every call has (the OpenTelemetry database conventions).
const SYSTEM = 'cloudflare.vectorize';
// At most this many returned documents are recorded on a span.
const MAX_DOCUMENTS = 50;
const READS = new Set(['query', 'queryById']);
const WRITES = new Set(['insert', 'upsert', 'getByIds', 'deleteByIds']);

/** Traces the index's calls; see docs/retrieval.md. */
export function wrapVectorize(index, options) {
  const { name, ...rest } = options ?? {};
  if (name !== undefined && typeof name !== 'string') throw new TypeError('edgespan: wrapVectorize() option `name` is the index name, a string');
  const spanFor = callSpans('wrapVectorize', options === undefined ? undefined : rest);
  if (index === null || typeof index !== 'object' || typeof index.query !== 'function') throw new TypeError('edgespan: wrapVectorize(index) needs a Vectorize index binding (env.MY_INDEX)');
  return traced(index, spanFor, name, RAW.get(index)?.binding);
}

// Wrapped index → { index, binding }: wrapping a wrapped index (env.INDEX of an instrumented
// handler, wrapped again by the user's own code) traces the index it wraps, once.
const RAW = new WeakMap();

function traced(index, spanFor, name, binding) {
  index = RAW.get(index)?.index ?? index;
  const methods = {};
  for (const op of [...READS, ...WRITES]) {
    methods[op] = (original, _proxy, target) =>
      function tracedOp(...args) {
        return traceOp(spanFor, op, name, binding, (a) => original.apply(target, a), args);
      };
  }
  const proxy = replaceMethods(index, methods);
  RAW.set(proxy, { index, binding });
  return proxy;
}

// What a Vectorize index binding has (V1 and V2, and local fakes of it), by which an instrumented
// env recognises one: it is a plain object locally and a class of the runtime's in production.
const SHAPE = ['query', 'insert', 'upsert', 'getByIds', 'deleteByIds', 'describe'];
export const isVectorize = (v) => SHAPE.every((k) => typeof safe(() => v[k]) === 'function');

// The span options of a read and of a write (startSpan keeps no reference to them).
const READ = { kind: 'client', type: 'retriever' };
const WRITE = { kind: 'client' };

/** An env's Vectorize binding (`binding`, its env key), traced with its calls parented on
 * `spanOf()`, the running event's root, or the current span. Every instrumented Worker carries
 * this path, so it leans on nothing the LLM wrappers need. */
export const tracedIndex = (index, spanOf, binding) =>
  traced(index, (name, type) => safe(() => (spanOf() ?? currentSpan())?.startSpan(name, type ? READ : WRITE)) ?? null, undefined, binding);

function traceOp(spanFor, op, index, binding, send, args) {
  const read = READS.has(op);
  const label = index ?? binding;
  const span = spanFor(label ? `${op} ${label}` : `vectorize ${op}`, read ? 'retriever' : undefined);
  if (!span) return send(args);
  const attributes = { 'db.system.name': SYSTEM, 'db.operation.name': op };
  if (index) attributes['db.collection.name'] = index;
  if (binding) attributes['cloudflare.binding.name'] = binding;
  const opts = read ? args[1] : undefined;
  if (read) {
    for (const [key, attr] of [
      ['topK', 'db.vector.query.top_k'],
      ['namespace', 'db.namespace'],
      ['returnValues', 'cloudflare.vectorize.return_values'],
      ['returnMetadata', 'cloudflare.vectorize.return_metadata'],
    ]) {
      const v = opts && typeof opts === 'object' ? prop(opts, key) : undefined;
      if (v !== undefined && v !== null) attributes[attr] = typeof v === 'object' ? safeJson(v) : v;
    }
    const filter = opts && typeof opts === 'object' ? prop(opts, 'filter') : undefined;
    if (filter !== undefined) attributes['cloudflare.vectorize.filter'] = safeJson(filter);
    // The query: an id as it is; a vector by its size (its numbers are not worth a backend's space).
    const q = args[0];
    if (op === 'queryById') span.log({ input: q });
    else if (q && typeof q.length === 'number') attributes['cloudflare.vectorize.query.dimensions'] = q.length;
  } else {
    const list = args[0];
    if (Array.isArray(list)) attributes['db.operation.batch.size'] = list.length;
  }
  span.setAttributes(attributes);
  let result;
  try {
    result = send(args);
  } catch (e) {
    recordFailure(span, e);
    span.end();
    throw e;
  }
  // A binding's answer is a plain promise: observed beside the caller, who gets it unchanged.
  const ok = (res) => {
    safe(() => (read ? documents(span, res) : written(span, op, res)));
    span.end();
  };
  const failed = (e) => {
    safe(() => recordFailure(span, e));
    span.end();
  };
  if (result && typeof result.then === 'function') safe(() => result.then(ok, failed));
  else ok(result);
  return result;
}

// A query's matches: their count, and each document's id, score and metadata in OpenInference's
// `retrieval.documents` form (the first MAX_DOCUMENTS).
function documents(span, res) {
  const matches = prop(res, 'matches');
  if (!Array.isArray(matches)) return;
  const attributes = { 'db.response.returned_rows': matches.length };
  matches.slice(0, MAX_DOCUMENTS).forEach((m, i) => {
    const at = `retrieval.documents.${i}.document.`;
    const id = prop(m, 'id');
    const score = prop(m, 'score');
    const metadata = prop(m, 'metadata');
    if (id !== undefined) attributes[`${at}id`] = String(id);
    if (typeof score === 'number') attributes[`${at}score`] = score;
    if (metadata !== undefined && metadata !== null) {
      attributes[`${at}metadata`] = safeJson(metadata);
      // Text kept with the vector is the document's content, where an app keeps it.
      const text = prop(metadata, 'text') ?? prop(metadata, 'content');
      if (typeof text === 'string') attributes[`${at}content`] = text;
    }
  });
  span.setAttributes(attributes);
  span.log({ output: matches.slice(0, MAX_DOCUMENTS).map((m) => safe(() => ({ id: m.id, score: m.score })) ?? null) });
}

// A write's or a read by ids' answer: the mutation id, or how many vectors came back.
function written(span, op, res) {
  if (op === 'getByIds') {
    if (Array.isArray(res)) span.setAttribute('db.response.returned_rows', res.length);
    return;
  }
  const mutation = prop(res, 'mutationId');
  if (typeof mutation === 'string') span.setAttribute('cloudflare.vectorize.mutation_id', mutation);
  const count = prop(res, 'count');
  if (typeof count === 'number') span.setAttribute('cloudflare.vectorize.count', count);
}
