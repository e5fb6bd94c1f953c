// The bodies of Span and Tracer methods whose names are fixed but whose work belongs to a group
// outside the core: `fetch`, `wrapBinding` and `instrument` to cloudflare/, `otelTracer` to
// integrations/. Each group lends its function here when it is imported (exports.js imports
// every group), so the core calls them without importing its groups: the arrows run one way,
// from the groups to the core.
export const ext = {
  /** (span, send, input, init) => Promise<Response>: cloudflare/http.js. */
  fetch: null,
  /** (span, binding) => binding: cloudflare/bindings.js. */
  wrapBinding: null,
  /** (handler, getTracer, options, diagnose) => handler: cloudflare/handlers.js. */
  instrumentHandler: null,
  /** (Class, getTracer, what, options) => Class: cloudflare/classes.js. */
  instrumentClass: null,
  /** (start, base) => an OpenTelemetry Tracer: integrations/otel.js. */
  otelTracer: null,
};
