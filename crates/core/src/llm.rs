//! The `logLLM` field table: which field of an LLM call becomes which `gen_ai.*` attribute, and
//! with which type.
//!
//! Both front ends follow it: the Rust API's `Span::log_llm` and the npm build's `span.logLLM`
//! (`js/rules/llm-fields.js`, which keeps a JS copy to save a call per field). `tests/vectors/llm.json` pins
//! both copies to this table.

use crate::prelude::*;

/// The attribute type a field is recorded with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FieldType {
    /// A string.
    Str,
    /// An integer (a JS number is truncated towards zero; non-finite is left out).
    Int,
    /// A double, even when integral.
    Double,
    /// JSON text of an array of GenAI messages.
    Messages,
    /// An array of strings.
    Strings,
    /// JSON text of any value (system instructions, tool definitions).
    Json,
}

/// One field of an LLM call: its name in the JS API (`usage.` for fields of `usage`), its key
/// under `gen_ai.`, and its type.
pub type Field = (&'static str, &'static str, FieldType);

/// The fields of `logLLM`, in the order their attributes are set.
pub const LLM_FIELDS: &[Field] = &[
    ("operation", "operation.name", FieldType::Str),
    ("provider", "provider.name", FieldType::Str),
    ("model", "request.model", FieldType::Str),
    ("inputMessages", "input.messages", FieldType::Messages),
    ("outputMessages", "output.messages", FieldType::Messages),
    ("systemInstructions", "system_instructions", FieldType::Json),
    ("toolDefinitions", "tool.definitions", FieldType::Json),
    ("usage.inputTokens", "usage.input_tokens", FieldType::Int),
    ("usage.outputTokens", "usage.output_tokens", FieldType::Int),
    (
        "usage.cachedTokens",
        "usage.cache_read.input_tokens",
        FieldType::Int,
    ),
    (
        "usage.cacheCreationTokens",
        "usage.cache_creation.input_tokens",
        FieldType::Int,
    ),
    (
        "usage.reasoningTokens",
        "usage.reasoning.output_tokens",
        FieldType::Int,
    ),
    ("responseId", "response.id", FieldType::Str),
    ("responseModel", "response.model", FieldType::Str),
    (
        "finishReasons",
        "response.finish_reasons",
        FieldType::Strings,
    ),
];

/// `params` keys recorded as doubles (`gen_ai.request.<snake_case>`).
pub const DOUBLE_PARAMS: &[&str] = &["temperature", "topP", "frequencyPenalty", "presencePenalty"];
/// `params` keys recorded as ints.
pub const INT_PARAMS: &[&str] = &["maxTokens", "topK", "seed", "choiceCount"];

/// The operation when none is given.
pub const DEFAULT_OPERATION: &str = "chat";

/// The key of a field, by its JS name (`None` for a name not in the table).
pub fn key_of(js_name: &str) -> Option<&'static str> {
    LLM_FIELDS
        .iter()
        .find(|(n, _, _)| *n == js_name)
        .map(|(_, k, _)| *k)
}

/// How a request parameter's value is recorded.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ParamType {
    /// A double (`temperature`, `top_p`, the penalties).
    Double,
    /// An integer (`max_tokens`, `top_k`, `seed`, the choice count).
    Int,
    /// As given.
    AsGiven,
}

/// Parameter names the SDKs use (after snake_case → camelCase) for one of ours.
const PARAM_ALIASES: &[(&str, &str)] = &[
    ("maxCompletionTokens", "maxTokens"),
    ("maxOutputTokens", "maxTokens"),
    ("n", "choiceCount"),
    ("stop", "stopSequences"),
];

/// A request parameter's attribute key under `gen_ai.` (`request.max_tokens`) and how its value is
/// recorded, by the name it was passed under: ours (`maxTokens`) or the provider's
/// (`max_tokens`, `max_completion_tokens`, `n`, `stop`).
pub fn param_key(name: &str) -> (String, ParamType) {
    // snake_case → camelCase: `_` before a lowercase ASCII letter makes it uppercase.
    let mut camel = String::with_capacity(name.len());
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&n) if c == '_' && n.is_ascii_lowercase() => {
                camel.push(n.to_ascii_uppercase());
                chars.next();
            }
            _ => camel.push(c),
        }
    }
    let ours = PARAM_ALIASES
        .iter()
        .find(|(k, _)| *k == camel)
        .map_or(camel.as_str(), |(_, v)| v);
    let ty = if DOUBLE_PARAMS.contains(&ours) {
        ParamType::Double
    } else if INT_PARAMS.contains(&ours) {
        ParamType::Int
    } else {
        ParamType::AsGiven
    };
    // camelCase → snake_case.
    let mut key = String::from("request.");
    for c in ours.chars() {
        if c.is_ascii_uppercase() {
            key.push('_');
            key.push(c.to_ascii_lowercase());
        } else {
            key.push(c);
        }
    }
    (key, ty)
}
