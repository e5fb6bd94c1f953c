//! The wire format a tracer uses, chosen once from its configuration.

use super::{logs3, otlp_json, otlp_proto};
use crate::config::Config;
use crate::prelude::*;
use crate::span::SpanData;
#[cfg(doc)]
use crate::wire::Logs3Target;
use crate::wire::{Backend, Protocol};

/// Encodes spans one by one and assembles them into request bodies.
pub enum Encoder {
    /// OTLP/HTTP JSON.
    Json(otlp_json::Encoder),
    /// OTLP/HTTP protobuf.
    Protobuf(otlp_proto::Encoder),
    /// Braintrust `logs3` rows.
    Logs3(logs3::Encoder),
}

impl Encoder {
    /// The encoder for `protocol`, with the resource (`service.name`, `telemetry.sdk.*`) and scope.
    pub fn new(protocol: Protocol, service_name: &str, sdk_language: &str) -> Self {
        Self::for_backend(protocol, Backend::Otlp, service_name, sdk_language)
    }

    /// The encoder for `protocol` that also writes `backend`'s attributes.
    pub fn for_backend(
        protocol: Protocol,
        backend: Backend,
        service_name: &str,
        sdk_language: &str,
    ) -> Self {
        match protocol {
            Protocol::Json => Encoder::Json(
                otlp_json::Encoder::new(service_name, sdk_language).with_backend(backend),
            ),
            Protocol::Protobuf => Encoder::Protobuf(
                otlp_proto::Encoder::new(service_name, sdk_language).with_backend(backend),
            ),
        }
    }

    /// The encoder for one exporter: Braintrust `logs3` rows when `logs3` is set (its project id
    /// and whether to send open rows, as in [`Logs3Target`]), else OTLP in `protocol` with
    /// `backend`'s attributes and the resource of `config` (`service.name`, its
    /// `resource_attributes`, `telemetry.sdk.*`). Every front end picks its encoders here.
    pub fn for_target(
        protocol: Protocol,
        backend: Backend,
        logs3: Option<(&str, bool)>,
        config: &Config,
    ) -> Self {
        let (service, lang, extra) = (
            &config.service_name,
            config.sdk_language,
            &config.resource_attributes[..],
        );
        match (logs3, protocol) {
            (Some((project_id, open_rows)), _) => {
                Encoder::Logs3(logs3::Encoder::new(project_id).with_open_rows(open_rows))
            }
            (None, Protocol::Json) => Encoder::Json(
                otlp_json::Encoder::with_resource(service, lang, extra).with_backend(backend),
            ),
            (None, Protocol::Protobuf) => Encoder::Protobuf(
                otlp_proto::Encoder::with_resource(service, lang, extra).with_backend(backend),
            ),
        }
    }

    /// Appends one encoded span.
    pub fn span(&self, out: &mut Vec<u8>, s: &SpanData) {
        match self {
            Encoder::Json(e) => e.span(out, s),
            Encoder::Protobuf(e) => e.span(out, s),
            Encoder::Logs3(e) => e.span(out, s),
        }
    }

    /// An upper bound of the bytes a body adds around its spans.
    pub fn frame(&self) -> usize {
        match self {
            Encoder::Json(e) => e.frame(),
            Encoder::Protobuf(e) => e.frame(),
            Encoder::Logs3(e) => e.frame(),
        }
    }

    /// An upper bound of the bytes one encoded span of `len` bytes takes in a body (with its
    /// separator or field tag and length).
    pub fn per_span(&self, len: usize) -> usize {
        match self {
            Encoder::Json(_) | Encoder::Logs3(_) => len + 1,
            Encoder::Protobuf(_) => len + 1 + otlp_proto::varint_len(len as u64),
        }
    }

    /// The request body for the spans at `ranges` of `arena`.
    pub fn assemble(&self, arena: &[u8], ranges: &[(usize, usize)]) -> Vec<u8> {
        match self {
            Encoder::Json(e) => e.assemble(arena, ranges),
            Encoder::Protobuf(e) => e.assemble(arena, ranges),
            Encoder::Logs3(e) => e.assemble(arena, ranges),
        }
    }
}
