// The span types `startSpan(name, { type })` takes (edgespan_core::SPAN_TYPES; the core spells
// each for every backend). Pinned by tests/vectors/span_types.json. Pure: no wasm.
export const SPAN_TYPES = ['llm', 'embedding', 'tool', 'retriever', 'reranker', 'agent', 'chain', 'guardrail', 'evaluator', 'task'];
