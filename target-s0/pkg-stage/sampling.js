// Head sampling: the trace flags a new span gets. The same rule as edgespan_core::Sampling,
// which makes the decision again inside wasm; tests/vectors/sampling.json pins the two. Pure.

// The sampled flag.
const SAMPLED = 1;
const TWO_POW_53 = 9007199254740992;

/** Whether a trace (its id as four big-endian 32-bit words) is sampled at `ratio`: its low 56
 * bits, shifted right by 3 (exact in a double), below ratio × 2^53. */
export function headSampled(t, ratio) {
  return (t[2] & 0xffffff) * 536870912 + (t[3] >>> 3) < ratio * TWO_POW_53;
}

/** The flags of a new span of trace `t`: a local parent's, a remote parent's when sampling is
 * parent-based, else the head decision (other flag bits kept). `parentFlags` is undefined for a
 * new trace. */
export function sampledFlags(sampling, t, parentFlags, remote) {
  if (parentFlags !== undefined && (!remote || sampling.parentBased)) return parentFlags;
  const own = headSampled(t, sampling.ratio) ? SAMPLED : 0;
  return parentFlags === undefined ? own : (parentFlags & ~SAMPLED) | own;
}

/** The default: keep everything, parent-based. */
export const KEEP_ALL = Object.freeze({ ratio: 1, parentBased: true, keepErrors: false, keepSlowerThanMs: undefined });
