// Reading user values without ever throwing: strings, guarded property reads, JSON text of any
// value, the parts of an error. Pure: no wasm.

export const MAX_DEPTH = 8;
export const MAX_ITEMS = 1000;
// Strings longer than this (UTF-16 units) are cut before they reach wasm, and the key is listed
// in `edgespan.truncated`. It bounds memory per field; the buffer bounds memory per tracer.
export const MAX_STRING = 512 * 1024;
export const MARKER = '…[truncated]';

/** `String(v)`, or a placeholder when that throws. */
export function str(v) {
  if (typeof v === 'string') return v;
  try {
    return String(v);
  } catch {
    return '[unprintable]';
  }
}

/** `o[k]`, or undefined when a getter or Proxy throws (no closure: this is on the hot path). */
export function prop(o, k) {
  try {
    return o[k];
  } catch {
    return undefined;
  }
}

/** `fn()`, or undefined when it throws. */
export function safe(fn) {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** `s` cut to `max` UTF-16 units with the marker, never splitting a surrogate pair. */
export function cut(s, max = MAX_STRING) {
  if (s.length <= max) return s;
  let at = max;
  const unit = s.charCodeAt(at - 1);
  if (unit >= 0xd800 && unit <= 0xdbff) at--;
  return s.slice(0, at) + MARKER;
}

/** `[type, message, stack]` of anything thrown. */
export function errorParts(e) {
  if (e instanceof Error || (e && typeof e === 'object' && 'message' in e)) {
    const type = prop(e, 'name') || safe(() => e.constructor && e.constructor.name) || 'Error';
    return [str(type), str(prop(e, 'message') ?? ''), str(prop(e, 'stack') ?? '')];
  }
  return [typeof e === 'object' ? 'Error' : typeof e, typeof e === 'string' ? e : safeJsonOrString(e), ''];
}

function safeJsonOrString(v) {
  const j = safeJson(v);
  return j.startsWith('"') ? str(v) : j;
}

/** JSON text of any value. Plain JSON.stringify first (fast); on failure (cycles, BigInt, a
 * throwing toJSON or getter) a replacer that marks cycles and spells BigInt, functions and
 * symbols as strings. */
export function safeJson(v) {
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

// Edit distance, case-insensitive.
function distance(a, b) {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** "; did you mean `x`?" for the known name nearest to `k`, or '' when none is near. */
export function didYouMean(k, known) {
  const lower = k.toLowerCase();
  const near = known.map((n) => [n.toLowerCase().startsWith(lower) && k.length > 2 ? 0 : distance(k, n), n]).sort((x, y) => x[0] - y[0])[0];
  return near && near[0] <= Math.max(2, k.length >> 2) ? `; did you mean \`${near[1]}\`?` : '';
}

/** Text accumulated from a stream, bounded so a long answer cannot grow memory without end.
 * Pieces are concatenated as they come (V8 joins them lazily: 5 ns a piece, where an array
 * joined at the end cost 200 ns for a short answer). */
export class TextSink {
  constructor(max = 256 * 1024) {
    this.s = '';
    this.max = max;
    this.cut = false;
  }
  add(s) {
    if (typeof s !== 'string' || !s) return;
    if (this.s.length >= this.max) {
      this.cut = true;
      return;
    }
    this.s += s;
  }
  text() {
    const t = this.s;
    return this.cut || t.length > this.max ? cut(t, this.max) : t;
  }
}
