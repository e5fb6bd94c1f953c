// otelContextManager(): an @opentelemetry/api ContextManager over edgespan's current span, for
// `context.setGlobalContextManager(otelContextManager())`. Libraries that read `context.active()`
// and nest through `context.with()` (the AI SDK 6) then see edgespan's current span (inside
// instrument(), traced(), startActiveSpan, a wrapped client's call) and set it for the code they
// run. Exact across awaits where AsyncLocalStorage exists (nodejs_compat); without it, `with()`
// holds for the synchronous part of its callback only.

import { SPAN_KEY, otelSpanOf } from './otel.js';
import { activeValue, runWithValue } from './context.js';

/** An immutable OpenTelemetry Context. */
class Ctx {
  #m;
  constructor(m) {
    this.#m = m;
  }
  getValue(key) {
    return this.#m.get(key);
  }
  setValue(key, value) {
    const m = new Map(this.#m);
    m.set(key, value);
    return new Ctx(m);
  }
  deleteValue(key) {
    const m = new Map(this.#m);
    m.delete(key);
    return new Ctx(m);
  }
}

const ROOT = /* @__PURE__ */ new Ctx(new Map());

/** A ContextManager whose active context carries edgespan's current span. */
export function otelContextManager() {
  const manager = {
    active() {
      const v = activeValue();
      if (v instanceof Ctx) return v;
      // An edgespan span made current by edgespan itself: a context holding it.
      return v ? ROOT.setValue(SPAN_KEY, otelSpanOf(v)) : ROOT;
    },
    with(context, fn, thisArg, ...args) {
      return runWithValue(context instanceof Ctx ? context : fromForeign(context), () => fn.call(thisArg, ...args));
    },
    bind(context, target) {
      if (typeof target !== 'function') return target;
      const self = this;
      return function bound(...args) {
        return self.with(context, () => target.apply(this, args));
      };
    },
    enable() {
      return manager;
    },
    disable() {
      return manager;
    },
  };
  return manager;
}

// A Context of another implementation: keep what we can read, the span.
function fromForeign(context) {
  const span = context && typeof context.getValue === 'function' ? context.getValue(SPAN_KEY) : undefined;
  return span === undefined ? ROOT : ROOT.setValue(SPAN_KEY, span);
}
