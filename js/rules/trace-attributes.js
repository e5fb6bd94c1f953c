// The fields of setTraceAttributes, as edgespan_core::trace_attrs::FIELD_NAMES lists them (the
// differential test compares the two). Pure: no wasm.

/** The keys `setTraceAttributes({ … })` takes. */
export const TRACE_KEYS = ['sessionId', 'userId', 'tags', 'metadata'];
