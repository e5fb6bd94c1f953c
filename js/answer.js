// Reading an export answer: Retry-After and OTLP partialSuccess. The same rules as
// edgespan_core (parse_retry_after, parse_partial), pinned by tests/vectors/answers.json; kept in
// JS because they cost the wasm more than they cost here. Pure: no wasm.

const MAX_MESSAGE = 200;

/** `Retry-After` as delta-seconds or an HTTP date, in ms from `nowMs`; -1 when absent or
 * unreadable. */
export function retryAfterMs(v, nowMs = Date.now()) {
  if (v === null || v === undefined) return -1;
  v = v.trim();
  if (v === '') return -1;
  if (/^\d+$/.test(v)) return Math.min(Number(v), 31536000) * 1000;
  // An HTTP date has a month name and hh:mm:ss (the Rust parser's rule); Date.parse alone
  // would also take "-5" as the year -5.
  if (!/[a-z]{3}/i.test(v) || !/\d\d:\d\d:\d\d/.test(v)) return -1;
  const at = Date.parse(v);
  return Number.isNaN(at) ? -1 : Math.max(0, at - nowMs);
}

/** OTLP `partialSuccess` of a 2xx answer, read as `contentType` says (protobuf or JSON):
 * `[rejectedSpans, errorMessage]`. An unreadable body means full success. */
export function partialSuccess(bytes, contentType) {
  try {
    if (/protobuf/.test(contentType ?? '')) return protoPartial(bytes);
    const p = JSON.parse(new TextDecoder().decode(bytes)).partialSuccess;
    if (p && typeof p === 'object') {
      const n = Number(p.rejectedSpans ?? 0);
      return [Number.isFinite(n) && n > 0 ? n : 0, typeof p.errorMessage === 'string' ? p.errorMessage.slice(0, MAX_MESSAGE) : ''];
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
  // The fields of one message body as [field, value] (value: number or [start, end]).
  const fields = (end) => {
    const out = [];
    while (i < end) {
      const key = varint();
      const wire = key & 7;
      if (wire === 0) out.push([Math.floor(key / 8), varint()]);
      else if (wire === 2) {
        const len = varint();
        if (i + len > end) throw new Error('truncated');
        out.push([Math.floor(key / 8), [i, i + len]]);
        i += len;
      } else if (wire === 1 || wire === 5) {
        i += wire === 1 ? 8 : 4;
        if (i > end) throw new Error('truncated');
      } else throw new Error('wire type');
    }
    return out;
  };
  let top = null;
  for (const f of fields(b.length)) if (f[0] === 1 && Array.isArray(f[1])) top = f;
  if (!top) return [0, ''];
  i = top[1][0];
  let rejected = 0, message = '';
  for (const [f, v] of fields(top[1][1])) {
    if (f === 1 && typeof v === 'number') rejected = v;
    if (f === 2 && Array.isArray(v)) message = new TextDecoder().decode(b.subarray(v[0], v[1])).slice(0, MAX_MESSAGE);
  }
  return [rejected, message];
}
