// Ids derived from text, the same every time: a workflow instance's trace and span ids, so that
// every invocation of it (and every replay) names the same spans. FNV-1a over the UTF-16 code
// units, once per seed, mixed; 32-bit words as the rest of js/ keeps ids. Pure: no wasm.

function word(text, seed) {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // A final mix, so that close texts give far words.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** `n` words derived from `text` (never all zero). */
export function derivedWords(text, n) {
  const out = Array.from({ length: n }, (_, i) => word(text, 0x9e3779b9 * (i + 1)));
  if (out.every((w) => w === 0)) out[n - 1] = 1;
  return out;
}
