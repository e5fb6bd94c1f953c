// Which HTTP response makes a span an error. The same rule as edgespan_core's
// SpanKind::http_status_is_error, checked against it by generated cases
// (tests/unit/differential.test.mjs). Pure: no wasm.

/** Whether a response with `status` makes a span an error: from 500 for a server span (a 4xx is
 * the caller's mistake), from 400 for a client span (its call failed). */
export const statusIsError = (status, server) => status >= (server ? 500 : 400);
