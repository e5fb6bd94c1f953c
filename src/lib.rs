//! edgespan: tracing for LLM and AI apps on edge runtimes, with explicit flush as the only model.
//!
//! Spans are buffered in memory; a flush takes a snapshot, delivers it over OTLP/HTTP and reports
//! exactly what was exported, failed, retried, dropped or left pending. Nothing runs in the
//! background, which is what a Cloudflare Workers isolate needs.
//!
//! The core is pure Rust and performs no I/O: [`TracerCore`] keeps spans, and a flush is a
//! [`FlushJob`] state machine that a driver runs (the npm package's `fetch` loop, or a test).
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
pub mod span;
pub mod tracer;
pub mod truncate;
pub mod value;

#[cfg(all(target_arch = "wasm32", feature = "js"))]
mod js;

pub use api::transport::{HttpRequest, HttpResponse, LocalFuture, Transport, TransportError};
pub use api::{Span, SpanParent, Tracer};
pub use config::{Compression, Config, ConfigError, EnvVars, Protocol};
pub use flush::{Answer, FlushJob, FlushReport, Step};
pub use id::{SpanId, TraceId, TraceParent};
pub use span::{Event, LogFields, Payload, SpanData, SpanKind, Status, StatusCode};
pub use tracer::{Handle, Parent, SpanStart, TracerCore};
pub use value::{KeyValue, Value};
