//! OTLP/HTTP protobuf encoding (`opentelemetry/proto/trace/v1/trace.proto`), written by hand for
//! our span model: no generated code, no protobuf runtime.
//!
//! Each span is encoded on its own; a request body wraps a batch of them in
//! `ExportTraceServiceRequest { resource_spans { resource, scope_spans { scope, spans… } } }`
//! (see [`Encoder::assemble`]).

use super::mapping::{self, Backend, Mapped};
use super::otlp_json::{SCOPE_NAME, SDK_VERSION};
use crate::prelude::*;
use crate::span::{SpanData, StatusCode};
use crate::value::{KeyValue, Value};

/// Appends `v` as a protobuf varint.
pub fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Bytes `varint(v)` takes.
pub fn varint_len(v: u64) -> usize {
    let bits = 64 - (v | 1).leading_zeros() as usize;
    bits.div_ceil(7)
}

/// Starts a length-delimited field `tag` (already shifted: `field << 3 | 2`); returns where its
/// length goes. One byte is reserved; [`close`] fixes it up.
fn open(out: &mut Vec<u8>, tag: u8) -> usize {
    out.push(tag);
    out.push(0);
    out.len() - 1
}

/// Writes the length of the field opened at `at`; lengths over 127 shift the content once.
fn close(out: &mut Vec<u8>, at: usize) {
    let len = out.len() - at - 1;
    if len < 0x80 {
        out[at] = len as u8;
    } else {
        let n = varint_len(len as u64);
        let end = out.len();
        out.resize(end + n - 1, 0);
        out.copy_within(at + 1..end, at + n);
        let mut v = len;
        for b in out.iter_mut().skip(at).take(n) {
            *b = (v as u8 & 0x7f) | if v >= 0x80 { 0x80 } else { 0 };
            v >>= 7;
        }
    }
}

fn bytes_field(out: &mut Vec<u8>, tag: u8, b: &[u8]) {
    out.push(tag);
    varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

fn any_value(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Str(s) => bytes_field(out, 0x0a, s.as_bytes()),
        Value::Bool(b) => out.extend_from_slice(&[0x10, *b as u8]),
        Value::Int(i) => {
            out.push(0x18);
            varint(out, *i as u64);
        }
        Value::Double(d) => {
            out.push(0x21);
            out.extend_from_slice(&d.to_le_bytes());
        }
        Value::Array(items) => {
            let list = open(out, 0x2a);
            for item in items {
                let at = open(out, 0x0a);
                any_value(out, item);
                close(out, at);
            }
            close(out, list);
        }
        Value::Map(kvs) => {
            let list = open(out, 0x32);
            for kv in kvs {
                let at = open(out, 0x0a);
                key_value(out, "", &kv.key, Mapped::Value(&kv.value));
                close(out, at);
            }
            close(out, list);
        }
    }
}

fn key_value(out: &mut Vec<u8>, prefix: &str, key: &str, v: Mapped<'_>) {
    out.push(0x0a);
    varint(out, (prefix.len() + key.len()) as u64);
    out.extend_from_slice(prefix.as_bytes());
    out.extend_from_slice(key.as_bytes());
    let value = open(out, 0x12);
    match v {
        Mapped::Value(v) => any_value(out, v),
        Mapped::OwnedValue(v) => any_value(out, &v),
        Mapped::Str(s) => bytes_field(out, 0x0a, s.as_bytes()),
        Mapped::Owned(s) => bytes_field(out, 0x0a, s.as_bytes()),
        Mapped::StrList(list) => {
            let array = open(out, 0x2a);
            for s in list {
                let at = open(out, 0x0a);
                bytes_field(out, 0x0a, s.as_bytes());
                close(out, at);
            }
            close(out, array);
        }
    }
    close(out, value);
}

/// One attribute as field `tag` (a `KeyValue` message).
fn attribute(out: &mut Vec<u8>, tag: u8, prefix: &str, key: &str, v: Mapped<'_>) {
    let at = open(out, tag);
    key_value(out, prefix, key, v);
    close(out, at);
}

fn attributes(out: &mut Vec<u8>, tag: u8, list: &[KeyValue]) {
    for kv in list {
        attribute(out, tag, "", &kv.key, Mapped::Value(&kv.value));
    }
}

/// Encodes spans as OTLP protobuf; holds the pre-encoded resource and scope fields.
pub struct Encoder {
    resource: Vec<u8>,
    scope: Vec<u8>,
    backend: Backend,
}

impl Encoder {
    /// Pre-encodes the resource (`service.name`, `telemetry.sdk.*`) and the scope.
    pub fn new(service_name: &str, sdk_language: &str) -> Self {
        Self::with_resource(service_name, sdk_language, &[])
    }

    /// As [`Encoder::new`], with `extra` resource attributes after `service.name`.
    pub fn with_resource(service_name: &str, sdk_language: &str, extra: &[KeyValue]) -> Self {
        let mut resource = Vec::with_capacity(128);
        let at = open(&mut resource, 0x0a);
        attribute(
            &mut resource,
            0x0a,
            "",
            "service.name",
            Mapped::Str(service_name),
        );
        for kv in extra {
            attribute(&mut resource, 0x0a, "", &kv.key, Mapped::Value(&kv.value));
        }
        for (k, v) in [
            ("telemetry.sdk.name", SCOPE_NAME),
            ("telemetry.sdk.language", sdk_language),
            ("telemetry.sdk.version", SDK_VERSION),
        ] {
            attribute(&mut resource, 0x0a, "", k, Mapped::Str(v));
        }
        close(&mut resource, at);
        let mut scope = Vec::with_capacity(24);
        let at = open(&mut scope, 0x0a);
        bytes_field(&mut scope, 0x0a, SCOPE_NAME.as_bytes());
        bytes_field(&mut scope, 0x12, SDK_VERSION.as_bytes());
        close(&mut scope, at);
        Encoder {
            resource,
            scope,
            backend: Backend::Otlp,
        }
    }

    /// Adds `backend`'s attributes to every span.
    pub fn with_backend(mut self, backend: Backend) -> Self {
        self.backend = backend;
        self
    }

    /// Appends one `Span` message (without its field tag and length).
    pub fn span(&self, o: &mut Vec<u8>, s: &SpanData) {
        bytes_field(o, 0x0a, &s.trace_id.0);
        bytes_field(o, 0x12, &s.span_id.0);
        if let Some(p) = &s.parent_span_id {
            bytes_field(o, 0x22, &p.0);
        }
        bytes_field(o, 0x2a, s.name.as_bytes());
        o.extend_from_slice(&[0x30, s.kind as u8]);
        o.push(0x39);
        o.extend_from_slice(&s.start_ns.to_le_bytes());
        o.push(0x41);
        o.extend_from_slice(&s.end_ns.to_le_bytes());
        attribute(
            o,
            0x4a,
            "",
            "edgespan.seq",
            Mapped::Value(&Value::Int(s.seq as i64)),
        );
        attributes(o, 0x4a, &s.attributes);
        mapping::for_each_attribute(
            &s.log,
            s.trace.as_deref(),
            self.backend,
            &mut |prefix, key, v| attribute(o, 0x4a, prefix, key, v),
        );
        for e in &s.events {
            let at = open(o, 0x5a);
            o.push(0x09);
            o.extend_from_slice(&e.time_ns.to_le_bytes());
            bytes_field(o, 0x12, e.name.as_bytes());
            attributes(o, 0x1a, &e.attributes);
            close(o, at);
        }
        // Field 13: links (trace_id 1, span_id 2, trace_state 3, attributes 4).
        for l in &s.links {
            let at = open(o, 0x6a);
            bytes_field(o, 0x0a, &l.trace_id.0);
            bytes_field(o, 0x12, &l.span_id.0);
            if !l.trace_state.is_empty() {
                bytes_field(o, 0x1a, l.trace_state.as_bytes());
            }
            attributes(o, 0x22, &l.attributes);
            close(o, at);
        }
        if s.status.code != StatusCode::Unset || !s.status.message.is_empty() {
            let at = open(o, 0x7a);
            if !s.status.message.is_empty() {
                bytes_field(o, 0x12, s.status.message.as_bytes());
            }
            o.extend_from_slice(&[0x18, s.status.code as u8]);
            close(o, at);
        }
        // Field 16 (fixed32): W3C flags, plus "parent remoteness known" (bit 8) and "is remote"
        // (bit 9).
        let flags = s.trace_flags as u32 | 0x100 | if s.parent_is_remote { 0x200 } else { 0 };
        o.extend_from_slice(&[0x85, 0x01]);
        o.extend_from_slice(&flags.to_le_bytes());
    }

    /// An upper bound of the bytes a body adds around its spans.
    pub fn frame(&self) -> usize {
        self.resource.len() + self.scope.len() + 12
    }

    /// The request body for the spans at `ranges` of `arena` (each an encoded `Span`).
    pub fn assemble(&self, arena: &[u8], ranges: &[(usize, usize)]) -> Vec<u8> {
        let spans: usize = ranges
            .iter()
            .map(|&(a, b)| 1 + varint_len((b - a) as u64) + b - a)
            .sum();
        let scope_spans = self.scope.len() + spans;
        let resource_spans = self.resource.len() + 1 + varint_len(scope_spans as u64) + scope_spans;
        let mut out = Vec::with_capacity(resource_spans + 6);
        out.push(0x0a);
        varint(&mut out, resource_spans as u64);
        out.extend_from_slice(&self.resource);
        out.push(0x12);
        varint(&mut out, scope_spans as u64);
        out.extend_from_slice(&self.scope);
        for &(a, b) in ranges {
            bytes_field(&mut out, 0x12, arena.get(a..b).unwrap_or_default());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints() {
        for (v, bytes) in [
            (0u64, &[0u8][..]),
            (1, &[1]),
            (127, &[0x7f]),
            (128, &[0x80, 1]),
            (300, &[0xac, 2]),
        ] {
            let mut o = Vec::new();
            varint(&mut o, v);
            assert_eq!(o, bytes);
            assert_eq!(varint_len(v), bytes.len());
        }
        assert_eq!(varint_len(u64::MAX), 10);
        let mut o = Vec::new();
        varint(&mut o, -1i64 as u64);
        assert_eq!(o.len(), 10);
    }

    #[test]
    fn nested_lengths_shift_when_long() {
        let mut o = vec![9];
        let at = open(&mut o, 0x0a);
        o.extend_from_slice(&[7; 200]);
        close(&mut o, at);
        assert_eq!(&o[..4], &[9, 0x0a, 0xc8, 0x01]);
        assert_eq!(o.len(), 4 + 200);
    }
}
