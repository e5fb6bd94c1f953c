// Where the SDK's diagnostics go: to the user's `onDiagnostic` when there is one; otherwise to the
// console, each kind of diagnostic once per isolate (this module lives as long as the isolate),
// and again only after its condition cleared and came back. Pure: no wasm.

const said = new Set();

/** Says `text`: through `onDiagnostic` when it is a function (a throwing callback is ignored),
 * else with `console[level]` ('error' or 'warn') the first time `key` is seen in this isolate. */
export function say(onDiagnostic, key, text, level) {
  if (typeof onDiagnostic === 'function') {
    try {
      onDiagnostic(text);
    } catch {
      // the user's callback failed: the code being traced must not see it
    }
    return;
  }
  if (said.has(key)) return;
  said.add(key);
  try {
    (level === 'error' ? console.error : console.warn)(text);
  } catch {
    // no console: nothing else to tell
  }
}

/** The condition behind `key` cleared: the console says it again if it comes back. */
export function cleared(key) {
  said.delete(key);
}
