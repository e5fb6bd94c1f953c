//! edgespan: tracing for LLM and AI apps on edge runtimes, with explicit flush as the only model.
//!
//! Spans are buffered in memory; a flush takes a snapshot, delivers it over OTLP/HTTP (or
//! Braintrust's `logs3`) and reports exactly what was exported, failed, retried, dropped or left
//! pending. Nothing runs in the background, which is what a Cloudflare Workers isolate needs.
//!
//! A complete workers-rs Worker (feature `worker`):
//!
//! ```ignore
//! use std::cell::RefCell;
//! use edgespan::worker::{record_response, start_request_trace, tracer_from_env};
//! use edgespan::{LogFields, Payload, Tracer};
//! use worker::{event, Context, Env, Request, Response, Result};
//!
//! thread_local! {
//!     static TRACER: RefCell<Option<Tracer>> = const { RefCell::new(None) }; // one per isolate
//! }
//!
//! #[event(fetch)]
//! async fn fetch(req: Request, env: Env, ctx: Context) -> Result<Response> {
//!     let tracer = match TRACER.with(|t| t.borrow().clone()) {
//!         Some(t) => t,
//!         None => {
//!             let t = tracer_from_env(&env)?; // OTEL_EXPORTER_OTLP_ENDPOINT etc.
//!             TRACER.with(|slot| *slot.borrow_mut() = Some(t.clone()));
//!             t
//!         }
//!     };
//!     let root = start_request_trace(&tracer, &req); // SERVER span, continues `traceparent`
//!     let llm = root.start_span("llm.call");
//!     llm.log(LogFields { input: Some(Payload::Text("What is 2+2?".into())), ..Default::default() });
//!     llm.log_output("4");
//!     llm.end();
//!     let resp = Response::ok("4")?;
//!     record_response(&root, &resp);
//!     // Ends anything left open as incomplete, then flushes; resolves after delivery.
//!     ctx.wait_until(async move {
//!         root.finish().await;
//!     });
//!     Ok(resp)
//! }
//! ```
//!
//! The core is pure Rust and performs no I/O: [`TracerCore`] keeps spans, and a flush is a
//! [`FlushJob`] state machine that a driver runs: [`Tracer`] over a [`Transport`] for Rust
//! callers, or the npm package's `fetch` loop.
#![no_std]
#![warn(missing_docs)]
#![deny(unsafe_code)]

// The core needs only `alloc`. `std` is linked everywhere except in the npm build (wasm32 with
// the `js` feature), which brings its own allocator and panic handler so that no `core::fmt`
// panic machinery reaches the wasm (see SIZE.md).
extern crate alloc;
#[cfg(any(test, not(all(target_arch = "wasm32", feature = "js"))))]
extern crate std;

/// `alloc` items every module uses (the crate is `no_std`).
mod prelude {
    pub use alloc::boxed::Box;
    pub use alloc::string::{String, ToString};
    #[cfg(test)]
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub mod api;
pub mod buffer;
pub mod clock;
pub mod config;
pub mod export;
mod float;
pub mod flush;
pub mod id;
pub mod presets;
pub mod span;
pub mod tracer;
pub mod truncate;
pub mod value;

#[cfg(all(target_arch = "wasm32", feature = "js"))]
mod js;
#[cfg(all(target_arch = "wasm32", feature = "worker"))]
pub mod worker;

#[cfg(all(feature = "js", feature = "worker"))]
compile_error!("the `js` feature (the npm package's no_std build) and the `worker` feature (workers-rs, std) exclude each other");

pub use api::transport::{HttpRequest, HttpResponse, LocalFuture, Transport, TransportError};
pub use api::{LlmCall, Span, SpanParent, Tracer};
pub use config::{Compression, Config, ConfigError, EnvVars, Protocol};
pub use flush::{Answer, FlushJob, FlushReport, Step};
pub use id::{SpanId, TraceId, TraceParent};
pub use presets::BraintrustProject;
pub use span::{Event, LogFields, Payload, Row, SpanData, SpanKind, Status, StatusCode};
pub use tracer::{Handle, Parent, SpanStart, TracerCore};
pub use value::{KeyValue, Value};
