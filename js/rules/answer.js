// Reading an export answer: Retry-After and OTLP partialSuccess. The same rules as
// edgespan_core (parse_retry_after, parse_partial), pinned by tests/vectors/answers.json; kept in
// JS because they cost the wasm more than they cost here. Pure: no wasm.

const MAX_MESSAGE = 200;
// The first MAX_MESSAGE characters (code points, as the core counts them: never half an emoji).
const chars = (s) => (s.length <= MAX_MESSAGE ? s : [...s].slice(0, MAX_MESSAGE).join(''));

// What Rust's `str::trim` removes: Unicode White_Space (JS's `trim` also takes U+FEFF and leaves
// U+0085).
const W = '[\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+';
const WS = new RegExp(`^${W}|${W}$`, 'g');
const MAX_RETRY_AFTER_S = 86400 * 365;

/** `Retry-After` as delta-seconds or an HTTP date, in ms from `nowMs`; -1 when absent or
 * unreadable. */
export function retryAfterMs(v, nowMs = Date.now()) {
  if (v === null || v === undefined) return -1;
  v = v.replace(WS, '');
  if (v === '') return -1;
  // All digits, however many: a delay that long is the cap.
  if (/^\d+$/.test(v)) return Math.min(Number(v), MAX_RETRY_AFTER_S) * 1000;
  const at = httpDate(v);
  return at === null ? -1 : Math.max(0, at * 1000 - nowMs);
}

// An HTTP date in Unix seconds, or null: edgespan_core's parse_http_date, rule for rule (a month
// name, a day, a year and hh:mm:ss in GMT; the asctime form read as GMT; any other zone refused).
// Not Date.parse, which reads an asctime date in the local zone and takes any zone.
function httpDate(s) {
  let day = null, month = null, year = null, time = null;
  for (const tok of s.split(/[ ,-]/)) {
    if (tok === '') continue;
    if (tok.includes(':')) {
      const p = tok.split(':');
      if (p.length !== 3 || !p.every((x) => /^\d{1,2}$/.test(x))) return null;
      const [h, m, sec] = p.map(Number);
      if (h > 23 || m > 59 || sec > 60) return null;
      time = h * 3600 + m * 60 + sec;
    } else if (/^\d+$/.test(tok)) {
      const n = Number(tok);
      if (day === null && tok.length <= 2) day = n;
      else if (tok.length === 4) year = n;
      else if (tok.length === 2) year = n < 70 ? 2000 + n : 1900 + n;
      else return null;
    } else if (tok.length >= 3) {
      // (Rust counts bytes: a shorter token with non-ASCII in it is refused either way.)
      const lower = tok.replace(/[A-Z]+/g, (c) => c.toLowerCase());
      const i = tok.length === 3 ? 'janfebmaraprmayjunjulaugsepoctnovdec'.indexOf(lower) : -1;
      if (i % 3 === 0) month = i / 3 + 1;
      else if (!/^(gmt|utc)$|^(mon|tue|wed|thu|fri|sat|sun)/.test(lower)) return null;
    } else return null;
  }
  if (day === null || month === null || year === null || time === null || day < 1 || day > 31) return null;
  // setUTCFullYear, not Date.UTC, which reads the years 0 to 99 as 1900 to 1999; a day past the
  // month's end runs into the next, as in Rust's days_from_civil.
  return new Date(0).setUTCFullYear(year, month - 1, day) / 1000 + time;
}

/** OTLP `partialSuccess` of a 2xx answer, read as `contentType` says (protobuf or JSON):
 * `[rejectedSpans, errorMessage]`. An unreadable body means full success. The rule is
 * edgespan_core's parse_partial (its docs list it), checked against it by generated cases. */
export function partialSuccess(bytes, contentType) {
  try {
    if (/protobuf/.test(contentType ?? '')) return protoPartial(bytes);
    const o = JSON.parse(new TextDecoder().decode(bytes));
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return [0, ''];
    const p = o.partialSuccess ?? o.partial_success;
    if (p && typeof p === 'object') return [count(p.rejectedSpans ?? p.rejected_spans), text(p.errorMessage ?? p.error_message)];
  } catch {
    // not readable: a 2xx without a readable partialSuccess is a full success
  }
  return [0, ''];
}

const MAX_REJECTED = 2 ** 53 - 1;
// A JSON number, or a string of digits (OTLP JSON's int64), holding a whole number >= 0.
function count(v) {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : -1;
  return n >= MAX_REJECTED ? MAX_REJECTED : Number.isInteger(n) && n >= 0 ? n + 0 : 0;
}
const text = (m) => (typeof m === 'string' ? chars(m.toWellFormed()) : ''); // unpaired surrogates as U+FFFD, as the core reads them

// ExportTraceServiceResponse { partial_success (1) { rejected_spans (1), error_message (2) } }.
function protoPartial(b) {
  let i = 0;
  // At most ten bytes; past 2^53 the exact value does not matter (counts are capped there).
  const varint = () => {
    let v = 0;
    for (let shift = 1, n = 0; i < b.length && n < 10; shift *= 128, n++) {
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
      const wire = b[i] & 7; // exact, where a large key as a double may not be
      const key = varint();
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
    if (f === 2 && Array.isArray(v)) message = chars(new TextDecoder('utf-8', { ignoreBOM: true }).decode(b.subarray(v[0], v[1])));
  }
  return [Math.min(rejected, MAX_REJECTED), message];
}
