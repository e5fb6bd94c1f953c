//! OTLP/HTTP JSON encoding (opentelemetry-proto `docs/specification.md`, JSON mapping):
//! hex ids, 64-bit integers as decimal strings, enums as integers, lowerCamelCase keys.
//!
//! A request body is [`Encoder::prefix`], then spans written by [`Encoder::span`] separated by
//! commas, then [`SUFFIX`]. Batching cuts between spans without re-encoding them.

use crate::prelude::*;

use super::json;
use super::mapping::{self, Backend, Mapped};
use crate::span::{SpanData, StatusCode};
use crate::value::{KeyValue, Value};

/// The instrumentation scope name.
pub const SCOPE_NAME: &str = "edgespan";
/// This crate's version, reported as `telemetry.sdk.version` and the scope version.
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Closes what the prefix opened.
pub const SUFFIX: &[u8] = b"]}]}]}";

/// Encodes one tracer's spans; holds the pre-encoded request prefix (resource and scope).
pub struct Encoder {
    prefix: Vec<u8>,
    backend: Backend,
}

impl Encoder {
    /// Pre-encodes the resource (`service.name`, `telemetry.sdk.*`) and scope.
    pub fn new(service_name: &str, sdk_language: &str) -> Self {
        Self::with_resource(service_name, sdk_language, &[])
    }

    /// As [`Encoder::new`], with `extra` resource attributes after `service.name`.
    pub fn with_resource(service_name: &str, sdk_language: &str, extra: &[KeyValue]) -> Self {
        let mut o = Vec::with_capacity(320);
        o.extend_from_slice(b"{\"resourceSpans\":[{\"resource\":{\"attributes\":[");
        attribute(&mut o, "", "service.name", Mapped::Str(service_name));
        for kv in extra {
            o.push(b',');
            attribute(&mut o, "", &kv.key, Mapped::Value(&kv.value));
        }
        for (k, v) in [
            ("telemetry.sdk.name", SCOPE_NAME),
            ("telemetry.sdk.language", sdk_language),
            ("telemetry.sdk.version", SDK_VERSION),
        ] {
            o.push(b',');
            attribute(&mut o, "", k, Mapped::Str(v));
        }
        o.extend_from_slice(b"]},\"scopeSpans\":[{\"scope\":{\"name\":");
        json::string(&mut o, SCOPE_NAME);
        o.extend_from_slice(b",\"version\":");
        json::string(&mut o, SDK_VERSION);
        o.extend_from_slice(b"},\"spans\":[");
        Encoder {
            prefix: o,
            backend: Backend::Otlp,
        }
    }

    /// Adds `backend`'s attributes to every span.
    pub fn with_backend(mut self, backend: Backend) -> Self {
        self.backend = backend;
        self
    }

    /// The bytes every request body starts with.
    pub fn prefix(&self) -> &[u8] {
        &self.prefix
    }

    /// Appends one span object.
    pub fn span(&self, o: &mut Vec<u8>, s: &SpanData) {
        o.extend_from_slice(b"{\"traceId\":\"");
        s.trace_id.write_hex(o);
        o.extend_from_slice(b"\",\"spanId\":\"");
        s.span_id.write_hex(o);
        if let Some(p) = &s.parent_span_id {
            o.extend_from_slice(b"\",\"parentSpanId\":\"");
            p.write_hex(o);
        }
        o.extend_from_slice(b"\",\"flags\":");
        // Bits 0-7: W3C trace flags; bit 8: "is the parent remote" is known; bit 9: it is.
        let flags = s.trace_flags as u64 | 0x100 | if s.parent_is_remote { 0x200 } else { 0 };
        json::u64(o, flags);
        o.extend_from_slice(b",\"name\":");
        json::string(o, &s.name);
        o.extend_from_slice(b",\"kind\":");
        json::u64(o, s.kind as u64);
        o.extend_from_slice(b",\"startTimeUnixNano\":");
        json::u64_string(o, s.start_ns);
        o.extend_from_slice(b",\"endTimeUnixNano\":");
        json::u64_string(o, s.end_ns);

        // Every span carries its sequence number first, so the attribute list is never empty.
        o.extend_from_slice(
            b",\"attributes\":[{\"key\":\"edgespan.seq\",\"value\":{\"intValue\":\"",
        );
        json::u64(o, s.seq);
        o.extend_from_slice(b"\"}}");
        let sep = |o: &mut Vec<u8>| o.push(b',');
        for kv in &s.attributes {
            sep(o);
            attribute(o, "", &kv.key, Mapped::Value(&kv.value));
        }
        mapping::for_each_attribute(
            &s.log,
            s.trace.as_deref(),
            self.backend,
            &mut |prefix, key, v| {
                sep(o);
                attribute(o, prefix, key, v);
            },
        );
        o.push(b']');

        if !s.events.is_empty() {
            o.extend_from_slice(b",\"events\":[");
            for (i, e) in s.events.iter().enumerate() {
                if i > 0 {
                    o.push(b',');
                }
                o.extend_from_slice(b"{\"timeUnixNano\":");
                json::u64_string(o, e.time_ns);
                o.extend_from_slice(b",\"name\":");
                json::string(o, &e.name);
                attributes(o, &e.attributes);
                o.push(b'}');
            }
            o.push(b']');
        }
        if !s.links.is_empty() {
            o.extend_from_slice(b",\"links\":[");
            for (i, l) in s.links.iter().enumerate() {
                if i > 0 {
                    o.push(b',');
                }
                o.extend_from_slice(b"{\"traceId\":\"");
                l.trace_id.write_hex(o);
                o.extend_from_slice(b"\",\"spanId\":\"");
                l.span_id.write_hex(o);
                o.push(b'"');
                if !l.trace_state.is_empty() {
                    o.extend_from_slice(b",\"traceState\":");
                    json::string(o, &l.trace_state);
                }
                attributes(o, &l.attributes);
                o.push(b'}');
            }
            o.push(b']');
        }
        if s.status.code != StatusCode::Unset || !s.status.message.is_empty() {
            o.extend_from_slice(b",\"status\":{\"code\":");
            json::u64(o, s.status.code as u64);
            if !s.status.message.is_empty() {
                o.extend_from_slice(b",\"message\":");
                json::string(o, &s.status.message);
            }
            o.push(b'}');
        }
        o.push(b'}');
    }

    /// The bytes a body adds around its spans.
    pub fn frame(&self) -> usize {
        self.prefix.len() + SUFFIX.len()
    }

    /// The request body for the spans at `ranges` of `arena` (each an encoded span object).
    pub fn assemble(&self, arena: &[u8], ranges: &[(usize, usize)]) -> Vec<u8> {
        let spans: usize = ranges.iter().map(|&(a, b)| b - a + 1).sum();
        let mut o = Vec::with_capacity(self.frame() + spans);
        o.extend_from_slice(&self.prefix);
        for (i, &(a, b)) in ranges.iter().enumerate() {
            if i > 0 {
                o.push(b',');
            }
            o.extend_from_slice(arena.get(a..b).unwrap_or_default());
        }
        o.extend_from_slice(SUFFIX);
        o
    }

    /// A whole request body for `spans` (used by tests and small flushes).
    pub fn request(&self, spans: &[SpanData]) -> Vec<u8> {
        let mut o = self.prefix.clone();
        for (i, s) in spans.iter().enumerate() {
            if i > 0 {
                o.push(b',');
            }
            self.span(&mut o, s);
        }
        o.extend_from_slice(SUFFIX);
        o
    }
}

fn attributes(o: &mut Vec<u8>, list: &[KeyValue]) {
    if list.is_empty() {
        return;
    }
    o.extend_from_slice(b",\"attributes\":[");
    for (i, kv) in list.iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        attribute(o, "", &kv.key, Mapped::Value(&kv.value));
    }
    o.push(b']');
}

fn attribute(o: &mut Vec<u8>, prefix: &str, key: &str, v: Mapped<'_>) {
    o.extend_from_slice(b"{\"key\":\"");
    json::raw_escaped(o, prefix);
    json::raw_escaped(o, key);
    o.extend_from_slice(b"\",\"value\":");
    match v {
        Mapped::Value(v) => any_value(o, v),
        Mapped::OwnedValue(v) => any_value(o, &v),
        Mapped::Str(s) => string_value(o, s),
        Mapped::Owned(s) => string_value(o, &s),
        Mapped::StrList(list) => {
            o.extend_from_slice(b"{\"arrayValue\":{\"values\":[");
            for (i, s) in list.iter().enumerate() {
                if i > 0 {
                    o.push(b',');
                }
                string_value(o, s);
            }
            o.extend_from_slice(b"]}}");
        }
    }
    o.push(b'}');
}

fn string_value(o: &mut Vec<u8>, s: &str) {
    o.extend_from_slice(b"{\"stringValue\":");
    json::string(o, s);
    o.push(b'}');
}

fn any_value(o: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Str(s) => string_value(o, s),
        Value::Bool(b) => o.extend_from_slice(if *b {
            b"{\"boolValue\":true}"
        } else {
            b"{\"boolValue\":false}"
        }),
        Value::Int(i) => {
            o.extend_from_slice(b"{\"intValue\":\"");
            json::i64(o, *i);
            o.extend_from_slice(b"\"}");
        }
        // proto3 JSON spells NaN and the infinities as strings, but not every OTLP receiver
        // accepts that (opentelemetry-proto's Rust decoder refuses the whole request), so they
        // go as string values: the span arrives, with the value readable.
        Value::Double(d) if !d.is_finite() => string_value(
            o,
            if d.is_nan() {
                "NaN"
            } else if *d > 0.0 {
                "Infinity"
            } else {
                "-Infinity"
            },
        ),
        Value::Double(d) => {
            o.extend_from_slice(b"{\"doubleValue\":");
            json::f64(o, *d);
            o.push(b'}');
        }
        Value::Array(items) => {
            o.extend_from_slice(b"{\"arrayValue\":{\"values\":[");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    o.push(b',');
                }
                any_value(o, item);
            }
            o.extend_from_slice(b"]}}");
        }
        Value::Map(kvs) => {
            o.extend_from_slice(b"{\"kvlistValue\":{\"values\":[");
            for (i, kv) in kvs.iter().enumerate() {
                if i > 0 {
                    o.push(b',');
                }
                attribute(o, "", &kv.key, Mapped::Value(&kv.value));
            }
            o.extend_from_slice(b"]}}");
        }
    }
}
