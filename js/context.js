// The current span, where the runtime has AsyncLocalStorage (workerd with nodejs_compat, Node):
// instrument(), traced() and startActiveSpan make their span current for the code they run, and
// the wrappers (wrapOpenAI, …) parent their spans on it. Without AsyncLocalStorage nothing is
// current and callers pass `parent` instead. Reached through process.getBuiltinModule, so a
// Worker without nodejs_compat neither imports node:async_hooks nor fails to.

let store;

function storage() {
  if (store === undefined) {
    store = null;
    try {
      const A = globalThis.process?.getBuiltinModule?.('node:async_hooks')?.AsyncLocalStorage;
      if (typeof A === 'function') store = new A();
    } catch {
      // No async_hooks here: nothing is ever current.
    }
  }
  return store;
}

/** The span current in this async context, or undefined (always, without AsyncLocalStorage). */
export function currentSpan() {
  return storage()?.getStore();
}

/** Runs `fn()` with `span` current, where the runtime can; otherwise just runs it. */
export function withSpan(span, fn) {
  const s = storage();
  return s ? s.run(span, fn) : fn();
}

/** True where spans can be current (AsyncLocalStorage exists). */
export function canTrackCurrent() {
  return storage() !== null;
}
