//! What a span is for an LLM application (a model call, a tool call, a retrieval, an agent
//! step, …), and how each backend spells it, so that no backend shows a span as unknown.
//!
//! | type | `openinference.span.kind` | Braintrust | Langfuse | Laminar | `gen_ai.operation.name` |
//! |---|---|---|---|---|---|
//! | `llm` | LLM | llm | generation | LLM | (set by `logLLM`) |
//! | `embedding` | EMBEDDING | llm | embedding | LLM | embeddings |
//! | `tool` | TOOL | tool | tool | TOOL | execute_tool |
//! | `retriever` | RETRIEVER | function | retriever | DEFAULT | |
//! | `reranker` | RERANKER | function | span | DEFAULT | |
//! | `agent` | AGENT | task | agent | DEFAULT | invoke_agent |
//! | `chain` | CHAIN | task | chain | DEFAULT | |
//! | `guardrail` | GUARDRAIL | score | guardrail | DEFAULT | |
//! | `evaluator` | EVALUATOR | score | evaluator | EVALUATOR | |
//! | `task` | CHAIN | task | span | DEFAULT | |
//!
//! A span given no type is `llm` when it has `logLLM` fields and `chain` otherwise (Phoenix,
//! Arize and MLflow would show UNKNOWN for a span with no kind).

/// A span's type.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum SpanType {
    /// Not set: `llm` with `logLLM` fields, `chain` otherwise.
    #[default]
    Unset,
    /// A model call.
    Llm,
    /// An embeddings call.
    Embedding,
    /// A tool (function) call.
    Tool,
    /// A retrieval (vector search, say).
    Retriever,
    /// A reranking step.
    Reranker,
    /// An agent step or turn.
    Agent,
    /// A chain of steps (a request, a pipeline).
    Chain,
    /// A guardrail check.
    Guardrail,
    /// An evaluation.
    Evaluator,
    /// A unit of work.
    Task,
}

/// Every type by its name in the API, in declaration order.
pub const SPAN_TYPES: &[(&str, SpanType)] = &[
    ("llm", SpanType::Llm),
    ("embedding", SpanType::Embedding),
    ("tool", SpanType::Tool),
    ("retriever", SpanType::Retriever),
    ("reranker", SpanType::Reranker),
    ("agent", SpanType::Agent),
    ("chain", SpanType::Chain),
    ("guardrail", SpanType::Guardrail),
    ("evaluator", SpanType::Evaluator),
    ("task", SpanType::Task),
];

impl SpanType {
    /// The type named `s` (`llm`, `tool`, …); `None` for an unknown name.
    pub fn parse(s: &str) -> Option<SpanType> {
        SPAN_TYPES.iter().find(|(n, _)| *n == s).map(|(_, t)| *t)
    }

    /// The type in effect: an unset type resolved (see the module docs).
    pub fn resolve(self, has_llm_fields: bool) -> SpanType {
        match self {
            SpanType::Unset if has_llm_fields => SpanType::Llm,
            SpanType::Unset => SpanType::Chain,
            t => t,
        }
    }

    // One row per type, in declaration order: OpenInference, Braintrust, Langfuse, Laminar, GenAI
    // operation ("" for none). A table rather than five matches: it is smaller in wasm.
    const SPELLINGS: [[&'static str; 5]; 11] = [
        ["CHAIN", "task", "span", "DEFAULT", ""], // Unset (resolved before use)
        ["LLM", "llm", "generation", "LLM", ""],
        ["EMBEDDING", "llm", "embedding", "LLM", "embeddings"],
        ["TOOL", "tool", "tool", "TOOL", "execute_tool"],
        ["RETRIEVER", "function", "retriever", "DEFAULT", ""],
        ["RERANKER", "function", "span", "DEFAULT", ""],
        ["AGENT", "task", "agent", "DEFAULT", "invoke_agent"],
        ["CHAIN", "task", "chain", "DEFAULT", ""],
        ["GUARDRAIL", "score", "guardrail", "DEFAULT", ""],
        ["EVALUATOR", "score", "evaluator", "EVALUATOR", ""],
        ["CHAIN", "task", "span", "DEFAULT", ""], // Task
    ];

    fn spelling(self, column: usize) -> &'static str {
        Self::SPELLINGS[self as usize][column]
    }

    /// `openinference.span.kind` (Phoenix, Arize, MLflow).
    pub fn openinference(self) -> &'static str {
        self.spelling(0)
    }

    /// Braintrust's span type (`span_attributes.type`).
    pub fn braintrust(self) -> &'static str {
        self.spelling(1)
    }

    /// Langfuse's observation type (`langfuse.observation.type`).
    pub fn langfuse(self) -> &'static str {
        self.spelling(2)
    }

    /// Laminar's span type (`lmnr.span.type`).
    pub fn laminar(self) -> &'static str {
        self.spelling(3)
    }

    /// `gen_ai.operation.name` where the GenAI conventions name one for this type.
    pub fn gen_ai_operation(self) -> Option<&'static str> {
        Some(self.spelling(4)).filter(|s| !s.is_empty())
    }
}
