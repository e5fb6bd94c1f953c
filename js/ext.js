// The bodies of Span and Tracer methods whose names are fixed but whose work belongs to a group
// outside the core: `fetch`, `wrapBinding` and `instrument` to cloudflare/, `otelTracer` to
// integrations/. Each group lends its function here when it is imported (exports.js imports
// every group), so the core calls them without importing its groups: the arrows run one way,
// from the groups to the core.
// fetch(span, send, input, init) from cloudflare/http.js; wrapBinding(span, binding) from
// cloudflare/bindings.js; instrumentHandler(handler, getTracer, options, diagnose) from
// cloudflare/handlers.js; instrumentClass(Class, getTracer, what, options) from
// cloudflare/classes.js; otelTracer(start, base) from integrations/otel.js. And one the core lends
// the groups: fromInit(init, env) (Tracer.fromInit) from tracer.js, for integrations/mcp.js.
export const ext = {};
