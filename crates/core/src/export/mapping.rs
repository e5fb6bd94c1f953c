//! Where `span.log(...)` fields go as OTLP attributes.
//!
//! The default mapping follows OpenInference and the GenAI conventions (PEERS.md), which
//! Langfuse, Phoenix and Braintrust's OTLP ingest all read:
//!
//! | log field | attribute |
//! |---|---|
//! | `input` (string) | `input.value` = the string, `input.mime_type` = `text/plain` |
//! | `input` (anything else) | `input.value` = its JSON text, `input.mime_type` = `application/json` |
//! | `output` | `output.value` / `output.mime_type`, as for input |
//! | `metadata: {k: v}` | `metadata.k` = v, typed (numbers, booleans, strings, arrays, maps) |
//! | `metrics: {prompt_tokens / input_tokens}` | `gen_ai.usage.input_tokens` |
//! | `metrics: {completion_tokens / output_tokens}` | `gen_ai.usage.output_tokens` |
//! | `metrics: {k: n}` (any other key) | `metrics.k` = n |
//! | `tags: [..]` | `tag.tags` = string array |
//! | `error` | as `recordError`: an `exception` event and status ERROR |
//! | `logLLM` fields | `gen_ai.*`, typed (see the README) |

use super::json;
use crate::prelude::*;

use crate::span::{LogFields, Payload};
use crate::value::{self, Value};

pub use crate::wire::Backend;

/// A mapped attribute value, borrowed from the span (or built for it).
pub enum Mapped<'a> {
    /// A typed value.
    Value(&'a Value),
    /// A string.
    Str(&'a str),
    /// A string made for this attribute (JSON text, say).
    Owned(String),
    /// An array of strings.
    StrList(&'a [String]),
}

/// A payload as JSON text: JSON payloads as they are, text as a JSON string literal.
fn payload_json(p: &Payload) -> Mapped<'_> {
    match p {
        Payload::Json(j) => Mapped::Str(j),
        Payload::Text(t) => {
            let mut o = Vec::with_capacity(t.len() + 2);
            json::string(&mut o, t);
            Mapped::Owned(String::from_utf8(o).unwrap_or_default())
        }
    }
}

fn payload_text(p: &Payload) -> &str {
    match p {
        Payload::Json(s) | Payload::Text(s) => s,
    }
}

/// Calls `emit` for the attributes `backend` reads on top of the default mapping.
fn for_each_backend_attribute<'a>(
    log: &'a LogFields,
    backend: Backend,
    emit: &mut dyn FnMut(&str, &'a str, Mapped<'a>),
) {
    let (input, output) = match backend {
        Backend::Otlp => return,
        Backend::Braintrust => ("braintrust.input", "braintrust.output"),
        Backend::Langfuse => ("langfuse.observation.input", "langfuse.observation.output"),
        Backend::Laminar => ("lmnr.span.input", "lmnr.span.output"),
    };
    for (p, key) in [(&log.input, input), (&log.output, output)] {
        let Some(p) = p else { continue };
        let v = if backend == Backend::Langfuse {
            Mapped::Str(payload_text(p))
        } else {
            payload_json(p)
        };
        emit("", key, v);
    }
    if backend == Backend::Braintrust && !log.metadata.is_empty() {
        let mut o = Vec::new();
        json::value(&mut o, &Value::Map(log.metadata.clone()));
        emit(
            "",
            "braintrust.metadata",
            Mapped::Owned(String::from_utf8(o).unwrap_or_default()),
        );
    }
    if backend == Backend::Laminar {
        emit(
            "",
            "lmnr.span.type",
            Mapped::Str(if log.llm.is_empty() { "DEFAULT" } else { "LLM" }),
        );
    }
}

/// Calls `emit(prefix, key, value)` for every attribute the default mapping, and then `backend`'s,
/// derive from `log`; the attribute's full key is `prefix` followed by `key`.
pub fn for_each_attribute<'a>(
    log: &'a LogFields,
    backend: Backend,
    emit: &mut dyn FnMut(&str, &'a str, Mapped<'a>),
) {
    for (payload, value_key, mime_key) in [
        (&log.input, "input.value", "input.mime_type"),
        (&log.output, "output.value", "output.mime_type"),
    ] {
        let (text, mime) = match payload {
            Some(Payload::Text(t)) => (t, "text/plain"),
            Some(Payload::Json(j)) => (j, "application/json"),
            None => continue,
        };
        emit("", value_key, Mapped::Str(text));
        emit("", mime_key, Mapped::Str(mime));
    }
    for kv in &log.metadata {
        emit("metadata.", &kv.key, Mapped::Value(&kv.value));
    }
    for kv in &log.metrics {
        // Token counts become GenAI usage, unless logLLM set that usage itself (it wins).
        let usage = match kv.key.as_str() {
            "prompt_tokens" | "input_tokens" => "usage.input_tokens",
            "completion_tokens" | "output_tokens" => "usage.output_tokens",
            _ => "",
        };
        if usage.is_empty() {
            emit("metrics.", &kv.key, Mapped::Value(&kv.value));
        } else if value::get(&log.llm, usage).is_none() {
            emit("gen_ai.", usage, Mapped::Value(&kv.value));
        }
    }
    if !log.tags.is_empty() {
        emit("", "tag.tags", Mapped::StrList(&log.tags));
    }
    for kv in &log.llm {
        emit("gen_ai.", &kv.key, Mapped::Value(&kv.value));
    }
    for_each_backend_attribute(log, backend, emit);
}
