// W3C traceparent: parsing and the flags a new span gets. The same rules as
// edgespan_core::TraceParent, pinned by tests/vectors/traceparent.json. Pure: no wasm.

const TRACEPARENT = /^[ \t]*([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^]*)?[ \t]*$/;

/** The sampled flag, for a new trace. */
export const SAMPLED = 1;

/** `{ t: [4 words], p: [2 words], flags }` of a valid traceparent, else null. */
export function parseTraceparent(s) {
  if (typeof s !== 'string') return null;
  const m = TRACEPARENT.exec(s);
  if (!m || m[1] === 'ff' || (m[1] === '00' && m[5] !== undefined)) return null;
  const t = [0, 8, 16, 24].map((i) => parseInt(m[2].slice(i, i + 8), 16));
  const p = [parseInt(m[3].slice(0, 8), 16), parseInt(m[3].slice(8), 16)];
  if (!(t[0] | t[1] | t[2] | t[3]) || !(p[0] | p[1])) return null;
  return { t, p, flags: parseInt(m[4], 16) };
}

/** `00-{traceId}-{spanId}-{flags}` (ids as lowercase hex; edgespan_core::TraceParent::format). */
export const formatTraceparent = (traceId, spanId, flags) => `00-${traceId}-${spanId}-${(flags & 255).toString(16).padStart(2, '0')}`;

/** The flags of a new span: its parent's unchanged, or sampled for a new trace. */
export const childFlags = (parentFlags) => (parentFlags === undefined ? SAMPLED : parentFlags);
