//! edgespan's core: everything about tracing that needs no I/O, as plain Rust.
//!
//! This crate is for the authors of edgespan drivers: the npm build (`edgespan-wasm`) and the Rust
//! API (`edgespan`). Applications depend on `edgespan`, which re-exports the user-facing types.
//!
//! What is here:
//! - the span model ([`SpanData`], [`LogFields`], [`Value`]) and ids ([`TraceId`], [`SpanId`],
//!   [`TraceParent`]);
//! - [`TracerCore`]: the open-span registry with request scopes, the bounded buffer, the logs3
//!   open rows;
//! - the flush as a sans-I/O state machine ([`FlushJob`]): a driver asks it what to do
//!   ([`Step`]), carries that out, and feeds back what happened ([`Answer`]);
//! - the encoders ([`Encoder`]: OTLP protobuf, OTLP JSON, Braintrust logs3) and the per-backend
//!   attribute mappings ([`Backend`]);
//! - the rules both front ends share: configuration and `OTEL_*` variables ([`Config`],
//!   [`EnvVars`]), `Retry-After` ([`parse_retry_after`]), `partialSuccess` ([`parse_partial`]),
//!   `traceparent` and flag inheritance ([`TraceParent::parse`], [`TraceParent::child_flags`]), the
//!   `logLLM` field table ([`llm`]), and the JS↔wasm ABI table of the npm build ([`abi`]).
//!
//! Nothing here reads a clock, draws random numbers or performs I/O: drivers pass times in as
//! Unix milliseconds and ids in as values. Nothing panics on any input.
//!
//! Where a change goes: a new backend is a [`Backend`] variant with its mapping (and a preset);
//! a new wire rule is a function here with a vector file under `tests/vectors/` that the native
//! and the Node tests both run; a new JS API that crosses into wasm gets its numbers in [`abi`].
#![no_std]
#![warn(missing_docs)]
#![deny(unsafe_code)]

extern crate alloc;
#[cfg(test)]
extern crate std;

/// `alloc` items every module uses (the crate is `no_std`).
mod prelude {
    pub use alloc::string::{String, ToString};
    #[cfg(test)]
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub mod abi;
mod buffer;
mod clock;
mod config;
mod export;
mod float;
mod flush;
mod id;
pub mod llm;
mod presets;
pub mod privacy;
mod redact;
mod sampling;
mod span;
mod span_type;
mod text;
pub mod trace_attrs;
mod tracer;
mod truncate;
mod value;
mod wire;

pub use clock::ms_to_nanos;
pub use config::{
    parse_compression, parse_headers, parse_protocol, parse_resource_attributes, Compression,
    Config, ConfigError, EnvVars, Exporter, Logs3Target, Protocol, DEFAULT_MAX_BATCH_BYTES,
    DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_MAX_QUEUE_BYTES, DEFAULT_MAX_QUEUE_SPANS,
    DEFAULT_SERVICE_NAME, DEFAULT_TIMEOUT_MS, MAX_EXPORTERS, MAX_TIMEOUT_MS,
};
pub use export::encoder::Encoder;
pub use export::logs3::Encoder as Logs3Encoder;
pub use export::mapping::Backend;
pub use export::otlp_json::Encoder as OtlpJsonEncoder;
pub use export::partial::{parse as parse_partial, PartialSuccess};
pub use export::retry::{backoff_ms, classify, parse_http_date, parse_retry_after, Class};
pub use flush::{
    merge_reports, report_json, Answer, ExporterReport, FlushJob, FlushReport, Step, Unfinished,
    MAX_ATTEMPTS, MAX_ATTEMPT_MS, MAX_UNFINISHED, MIN_ATTEMPT_MS, PROBE_TIMEOUT_MS,
};
pub use id::{SpanId, TraceId, TraceParent};
pub use presets::BraintrustProject;
pub use redact::{url_without_credentials, RedactedHeaders, RedactedUrl, Secrets, REDACTED};
pub use sampling::{head_sampled, Sampling};
pub use span::{
    Event, Link, LogFields, Payload, Row, SpanData, SpanKind, Status, StatusCode, MAX_LINKS,
};
pub use span_type::{SpanType, SPAN_TYPES};
pub use trace_attrs::TraceAttributes;
pub use tracer::{
    open_span_cap, Handle, Parent, SpanStart, TracerCore, COOL_DOWN_FIRST_MS, COOL_DOWN_MAX_MS,
    MAX_OPEN_SPANS, MAX_TRACES,
};
pub use truncate::{
    note as note_truncated, ATTRIBUTE as TRUNCATED_ATTRIBUTE, MARKER as TRUNCATED_MARKER,
};
pub use value::{set as set_value, KeyValue, Value};
