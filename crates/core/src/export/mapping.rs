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
//! | `logLLM` fields | `gen_ai.*`, typed (see docs/llm.md) |
//! | the span's type | `openinference.span.kind`, and `gen_ai.operation.name` where one applies |
//! | `gen_ai.output.messages` without an output | `output.value` = the messages (Phoenix shows it) |
//! | `gen_ai.input.messages` without an input | `input.value` = the messages |

use super::json;
use crate::prelude::*;

use crate::span::{LogFields, Payload};
use crate::trace_attrs::{TraceAttributes, TraceField};
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
    /// A value made for this attribute.
    OwnedValue(Value),
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
    trace: Option<&'a TraceAttributes>,
    backend: Backend,
    emit: &mut dyn FnMut(&str, &'a str, Mapped<'a>),
) {
    let kind = log.span_type.resolve(!log.llm.is_empty());
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
    match backend {
        Backend::Braintrust => {
            let mut o = Vec::from(&b"{\"type\":\""[..]);
            o.extend_from_slice(kind.braintrust().as_bytes());
            o.extend_from_slice(b"\"}");
            let text = String::from_utf8(o).unwrap_or_default();
            emit("", "braintrust.span_attributes", Mapped::Owned(text));
        }
        Backend::Langfuse => emit(
            "",
            "langfuse.observation.type",
            Mapped::Str(kind.langfuse()),
        ),
        Backend::Laminar | Backend::Otlp => {}
    }
    if backend == Backend::Braintrust && (!log.metadata.is_empty() || trace.is_some()) {
        let meta = TraceAttributes::braintrust_metadata(trace, &log.metadata);
        let mut o = Vec::new();
        json::value(&mut o, &Value::Map(meta));
        emit(
            "",
            "braintrust.metadata",
            Mapped::Owned(String::from_utf8(o).unwrap_or_default()),
        );
    }
    if backend == Backend::Laminar {
        emit("", "lmnr.span.type", Mapped::Str(kind.laminar()));
    }
}

/// Calls `emit(prefix, key, value)` for every attribute the default mapping, and then `backend`'s,
/// derive from `log` and the span's trace attributes; the attribute's full key is `prefix`
/// followed by `key`.
pub fn for_each_attribute<'a>(
    log: &'a LogFields,
    trace: Option<&'a TraceAttributes>,
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
    // A model call logged with logLLM only: its messages are its input and output (without
    // `output.value` Phoenix makes one up from the response id).
    for (payload, key, value_key, mime_key) in [
        (
            &log.input,
            "input.messages",
            "input.value",
            "input.mime_type",
        ),
        (
            &log.output,
            "output.messages",
            "output.value",
            "output.mime_type",
        ),
    ] {
        if payload.is_none() {
            if let Some(Value::Str(m)) = value::get(&log.llm, key) {
                emit("", value_key, Mapped::Str(m));
                emit("", mime_key, Mapped::Str("application/json"));
            }
        }
    }
    let kind = log.span_type.resolve(!log.llm.is_empty());
    emit(
        "",
        "openinference.span.kind",
        Mapped::Str(kind.openinference()),
    );
    if let Some(op) = kind.gen_ai_operation() {
        if value::get(&log.llm, "operation.name").is_none() {
            emit("gen_ai.", "operation.name", Mapped::Str(op));
        }
    }
    for kv in &log.metadata {
        emit("metadata.", &kv.key, Mapped::Value(&kv.value));
    }
    if let Some(t) = trace {
        for_each_trace_attribute(t, log, backend, emit);
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
    if trace.is_some_and(|t| !t.tags.is_empty()) {
        let tags = TraceAttributes::all_tags(trace, &log.tags);
        emit(
            "",
            "tag.tags",
            Mapped::OwnedValue(Value::Array(tags.into_iter().map(Value::Str).collect())),
        );
    } else if !log.tags.is_empty() {
        emit("", "tag.tags", Mapped::StrList(&log.tags));
    }
    for kv in &log.llm {
        emit("gen_ai.", &kv.key, Mapped::Value(&kv.value));
    }
    for_each_backend_attribute(log, trace, backend, emit);
}

/// The trace attributes in every spelling `backend` reads (crate::trace_attrs::SPELLINGS), but
/// `tag.tags` (written with the span's own tags) and Braintrust's metadata object.
fn for_each_trace_attribute<'a>(
    t: &'a TraceAttributes,
    log: &'a LogFields,
    backend: Backend,
    emit: &mut dyn FnMut(&str, &'a str, Mapped<'a>),
) {
    for (field, id) in [
        (TraceField::Session, &t.session_id),
        (TraceField::User, &t.user_id),
    ] {
        if let Some(id) = id {
            for key in TraceAttributes::spellings(backend, field) {
                emit("", key, Mapped::Str(id));
            }
        }
    }
    if !t.tags.is_empty() {
        for key in
            TraceAttributes::spellings(backend, TraceField::Tags).filter(|k| *k != "tag.tags")
        {
            let tags = if backend == Backend::Braintrust {
                TraceAttributes::all_tags(Some(t), &log.tags)
            } else {
                t.tags.clone()
            };
            emit(
                "",
                key,
                Mapped::OwnedValue(Value::Array(tags.into_iter().map(Value::Str).collect())),
            );
        }
    }
    for prefix in TraceAttributes::spellings(backend, TraceField::Metadata) {
        for kv in &t.metadata {
            // The span's own metadata wins over the trace's under the shared prefix.
            if prefix == "metadata." && value::get(&log.metadata, &kv.key).is_some() {
                continue;
            }
            emit(prefix, &kv.key, Mapped::Value(&kv.value));
        }
    }
}
