//! edgespan: tracing for LLM and AI apps on edge runtimes, with explicit flush as the only model.
//!
//! Spans are buffered in memory; a flush takes a snapshot, delivers it over OTLP/HTTP (or
//! Braintrust's `logs3`) and reports exactly what was exported, failed, retried, dropped or left
//! pending. Nothing runs in the background, which is what a Cloudflare Workers isolate needs.
//!
//! In a Worker (feature `worker`), one call traces a request: `edgespan::worker::instrument(req,
//! env, ctx, |req, env, ctx, root| async move { … })` runs the handler in a request scope that
//! always finishes and flushes in `ctx.wait_until`, with the isolate's tracer made from the
//! Worker's `Env` (docs/rust.md has a complete Worker). With the feature `tracing`,
//! `edgespan::tracing::layer()` turns `tracing` spans into spans of the request. Anywhere else,
//! give the tracer a [`Transport`]:
//!
//! ```no_run
//! use edgespan::{Config, HttpRequest, HttpResponse, LocalFuture, Transport, TransportError, Tracer};
//!
//! struct MyHttp; // your runtime's HTTP client
//! impl Transport for MyHttp {
//!     fn send(&self, req: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>> {
//!         Box::pin(async move { Err(TransportError::Network(format!("no client for {}", req.url))) })
//!     }
//!     fn sleep(&self, _ms: f64) -> LocalFuture<()> {
//!         Box::pin(async {})
//!     }
//!     fn now_ms(&self) -> f64 {
//!         0.0
//!     }
//! }
//!
//! # async fn run() -> Result<(), edgespan::ConfigError> {
//! let tracer = Tracer::with_transport(Config::new("http://127.0.0.1:4318/v1/traces"), MyHttp)?;
//! let span = tracer.start_span("llm.call");
//! span.log_input("What is 2+2?");
//! span.log_output("4");
//! span.end();
//! let report = tracer.flush().await; // 'static: hand it to ctx.wait_until in a Worker
//! assert_eq!(report.exported + report.pending + report.failed, 1);
//! # Ok(()) }
//! ```
//!
//! The engine is the `edgespan-core` crate: a sans-I/O core whose flush is a state machine;
//! this crate's [`Tracer`] drives it over a [`Transport`], as the npm package's JS layer drives
//! the same core over `fetch`.
#![warn(missing_docs)]
#![deny(unsafe_code)]

mod current;
mod driver;
mod ids;
#[cfg(feature = "json")]
mod llm_json;
mod span;
mod tracer;
#[cfg(feature = "tracing")]
pub mod tracing;
mod transport;
#[cfg(feature = "worker")]
pub mod worker;

pub use current::current_span;

// Every type that appears in a public field or signature of these is nameable from here
// (`Backend` in `Config::backend`, `Logs3Target` in `Config::logs3`, `ExporterReport` in
// `FlushReport::exporters`).
pub use edgespan_core::{
    Backend, BraintrustProject, Compression, Config, ConfigError, EnvVars, Exporter,
    ExporterReport, FlushReport, KeyValue, Link, LogFields, Logs3Target, Payload, Protocol,
    Sampling, SpanId, SpanKind, SpanType, StatusCode, TraceAttributes, TraceId, TraceParent,
    Unfinished, Value, DEFAULT_MAX_BATCH_BYTES, DEFAULT_MAX_CONCURRENT_REQUESTS,
    DEFAULT_MAX_QUEUE_BYTES, DEFAULT_MAX_QUEUE_SPANS, DEFAULT_SERVICE_NAME, DEFAULT_TIMEOUT_MS,
    MAX_EXPORTERS, MAX_TIMEOUT_MS,
};
#[cfg(feature = "json")]
pub use llm_json::LlmJson;
pub use span::{LlmCall, Span};
pub use tracer::{SpanParent, Tracer};
pub use transport::{HttpRequest, HttpResponse, LocalFuture, Transport, TransportError};
