// wrapVectorize(env.INDEX, { parent?, tracer?, name? }): a Vectorize index binding whose query and
// queryById are retriever spans (Phoenix shows RETRIEVER) with the documents they returned, and
// whose insert, upsert, getByIds and deleteByIds are CLIENT spans with their counts. What the
// caller gets back is exactly what the binding returned; everything else is the binding's own.

import { callSpans, replaceMethods, observeCall, recordFailure } from './call.js';
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
  const methods = {};
  for (const op of [...READS, ...WRITES]) {
    methods[op] = (original, _proxy, target) =>
      function traced(...args) {
        return traceOp(spanFor, op, name, (a) => original.apply(target, a), args);
      };
  }
  return replaceMethods(index, methods);
}

function traceOp(spanFor, op, index, send, args) {
  const read = READS.has(op);
  const span = spanFor(index ? `${op} ${index}` : `vectorize ${op}`, read ? 'retriever' : undefined);
  if (!span) return send(args);
  const attributes = { 'db.system.name': SYSTEM, 'db.operation.name': op };
  if (index) attributes['db.collection.name'] = index;
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
  return observeCall(
    result,
    (res) => {
      if (read) documents(span, res);
      else written(span, op, res);
      span.end();
      return res;
    },
    (e) => {
      recordFailure(span, e);
      span.end();
    },
  );
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
