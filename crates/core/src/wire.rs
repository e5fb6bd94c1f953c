//! The plain choices that describe an exporter: wire encoding, compression, backend mapping and
//! the logs3 target. Configuration and encoders both use them; neither depends on the other.

use crate::prelude::*;

/// Wire encoding of export requests.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Protocol {
    /// OTLP/HTTP JSON (`application/json`).
    Json,
    /// OTLP/HTTP protobuf (`application/x-protobuf`): the default, as in OTLP itself. It measured
    /// 0.8× the bytes and less CPU than JSON (BENCHMARKS.md).
    #[default]
    Protobuf,
}

/// Body compression.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Compression {
    /// Send bodies as they are.
    #[default]
    None,
    /// gzip through the platform's `CompressionStream`, with `Content-Encoding: gzip`.
    Gzip,
}

/// Extra attributes a backend reads, on top of the default mapping.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Backend {
    /// Only the default mapping.
    #[default]
    Otlp,
    /// Also `braintrust.input`, `braintrust.output` (JSON text) and `braintrust.metadata` (a JSON
    /// object).
    Braintrust,
    /// Also `langfuse.observation.input` and `langfuse.observation.output`.
    Langfuse,
    /// Also `lmnr.span.input`, `lmnr.span.output` (JSON text) and `lmnr.span.type` (`LLM` for
    /// spans with `logLLM` fields, else `DEFAULT`).
    Laminar,
}

/// Where Braintrust `logs3` rows go.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct Logs3Target {
    /// The Braintrust project id of every row.
    pub project_id: String,
    /// Also send a row for each span still open at a flush, so it shows in progress; the final
    /// row completes it by merge. Default off.
    pub open_rows: bool,
}
