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

    /// `openinference.span.kind` (Phoenix, Arize, MLflow).
    pub fn openinference(self) -> &'static str {
        match self {
            SpanType::Llm => "LLM",
            SpanType::Embedding => "EMBEDDING",
            SpanType::Tool => "TOOL",
            SpanType::Retriever => "RETRIEVER",
            SpanType::Reranker => "RERANKER",
            SpanType::Agent => "AGENT",
            SpanType::Guardrail => "GUARDRAIL",
            SpanType::Evaluator => "EVALUATOR",
            SpanType::Unset | SpanType::Chain | SpanType::Task => "CHAIN",
        }
    }

    /// Braintrust's span type (`span_attributes.type`).
    pub fn braintrust(self) -> &'static str {
        match self {
            SpanType::Llm | SpanType::Embedding => "llm",
            SpanType::Tool => "tool",
            SpanType::Retriever | SpanType::Reranker => "function",
            SpanType::Guardrail | SpanType::Evaluator => "score",
            SpanType::Unset | SpanType::Agent | SpanType::Chain | SpanType::Task => "task",
        }
    }

    /// Langfuse's observation type (`langfuse.observation.type`).
    pub fn langfuse(self) -> &'static str {
        match self {
            SpanType::Llm => "generation",
            SpanType::Embedding => "embedding",
            SpanType::Tool => "tool",
            SpanType::Retriever => "retriever",
            SpanType::Agent => "agent",
            SpanType::Chain => "chain",
            SpanType::Guardrail => "guardrail",
            SpanType::Evaluator => "evaluator",
            SpanType::Unset | SpanType::Reranker | SpanType::Task => "span",
        }
    }

    /// Laminar's span type (`lmnr.span.type`).
    pub fn laminar(self) -> &'static str {
        match self {
            SpanType::Llm | SpanType::Embedding => "LLM",
            SpanType::Tool => "TOOL",
            SpanType::Evaluator => "EVALUATOR",
            _ => "DEFAULT",
        }
    }

    /// `gen_ai.operation.name` where the GenAI conventions name one for this type.
    pub fn gen_ai_operation(self) -> Option<&'static str> {
        match self {
            SpanType::Embedding => Some("embeddings"),
            SpanType::Tool => Some("execute_tool"),
            SpanType::Agent => Some("invoke_agent"),
            _ => None,
        }
    }
}
