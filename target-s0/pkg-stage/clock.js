// The clock and random ids: Unix milliseconds from the best clock the runtime has, and ids from
// crypto.getRandomValues, drawn in batches. Pure: no wasm.

const origin = typeof performance === 'object' && typeof performance.now === 'function' ? performance.timeOrigin : 0;

/** Unix time in milliseconds (fractional where the runtime's clock is). The origin is read once:
 * it is fixed for the process, and its getter costs as much as the clock. */
export const now = origin > 1e12 ? () => origin + performance.now() : () => Date.now();

const pool = new Uint32Array(256);
let poolAt = pool.length;

/** A random 32-bit word. */
export function rand32() {
  if (poolAt === pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  return pool[poolAt++];
}

/** A random trace id as four words, never all zero. */
export function traceWords() {
  for (;;) {
    const t = [rand32(), rand32(), rand32(), rand32()];
    if (t[0] | t[1] | t[2] | t[3]) return t;
  }
}

/** A random span id as two words, never both zero. */
export function spanWords() {
  for (;;) {
    const s0 = rand32(), s1 = rand32();
    if (s0 | s1) return [s0, s1];
  }
}

/** A random seed for the core's retry jitter. */
export function seed() {
  return rand32() * 4294967296 + rand32();
}

/** Eight lowercase hex digits of a word. */
export const hex8 = (w) => (w >>> 0).toString(16).padStart(8, '0');
