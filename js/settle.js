// Running user code inside a span and settling it once, whether the code returns, throws,
// resolves or rejects. Pure: no wasm.
import { withSpan } from './context.js';

/** Runs `fn()` with `span` current and settles it once: `ok(value)` when `fn` returns or its
 * promise resolves (what `ok` returns is the call's result), `fail(error)` when it throws or
 * rejects (the error is then rethrown unchanged). A promise stays a promise, a plain value plain.
 * The one "run, settle, record the error, end" of traced() and every instrumented entry point. */
export function settle(span, fn, ok, fail) {
  let out;
  try {
    out = withSpan(span, fn);
  } catch (e) {
    fail(e);
    throw e;
  }
  if (out !== null && (typeof out === 'object' || typeof out === 'function') && typeof out.then === 'function') {
    return Promise.resolve(out).then(ok, (e) => {
      fail(e);
      throw e;
    });
  }
  return ok(out);
}
