// The current span, where the runtime has AsyncLocalStorage (workerd with nodejs_compat, Node):
// instrument(), traced() and startActiveSpan make their span current for the code they run, and
// the wrappers (wrapOpenAI, …) parent their spans on it. Without AsyncLocalStorage nothing is
// current and callers pass `parent` instead. Reached through process.getBuiltinModule, so a
// Worker without nodejs_compat neither imports node:async_hooks nor fails to.

// `createContextKey('OpenTelemetry Context Key SPAN')` in @opentelemetry/api is this symbol.
export const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');

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

// Without AsyncLocalStorage, values set by runWithValue for the synchronous part of a callback.
const stack = [];

// The store holds `{ v }`, so that what is current can be moved along within one async context
// (setCurrent) where workerd has no `enterWith`.

/** What is current: an edgespan Span, an OpenTelemetry Context (otel-context.js), or undefined. */
export function activeValue() {
  const s = storage();
  return s ? s.getStore()?.v : stack[stack.length - 1];
}

/** The span current in this async context, or undefined (always, without AsyncLocalStorage). */
export function currentSpan() {
  const s = storage();
  const v = s ? s.getStore()?.v : undefined;
  // An OpenTelemetry Context set through otelContextManager(): the edgespan span it holds.
  if (v && typeof v.getValue === 'function') return v.getValue(SPAN_KEY)?.edgespan;
  return v;
}

/** Runs `fn()` with `span` current, where the runtime can; otherwise just runs it. */
export function withSpan(span, fn) {
  const s = storage();
  return s ? s.run({ v: span }, fn) : fn();
}

/** Makes `span` current for the rest of this async context (and what it starts from now on);
 * returns the one it replaced. A no-op without AsyncLocalStorage or outside any context. */
export function setCurrent(span) {
  const holder = storage()?.getStore();
  if (!holder) return undefined;
  const before = holder.v;
  holder.v = span;
  return before;
}

/** Runs `fn()` with `value` current: across awaits where AsyncLocalStorage exists, else for its
 * synchronous part. */
export function runWithValue(value, fn) {
  const s = storage();
  if (s) return s.run({ v: value }, fn);
  stack.push(value);
  try {
    return fn();
  } finally {
    stack.pop();
  }
}

/** True where spans can be current (AsyncLocalStorage exists). */
export function canTrackCurrent() {
  return storage() !== null;
}
