//! What the Rust API needs from its runtime: sending an HTTP request, sleeping, and the time.
//!
//! The flush logic lives in [`crate::flush`]; a transport only carries out what it decides. In a
//! Worker the `worker` feature provides one over the platform's `fetch`; tests script one.

use crate::prelude::*;
use core::future::Future;
use core::pin::Pin;

/// A boxed future that need not be `Send` (wasm futures are not).
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// One export request.
#[derive(Clone, Debug)]
pub struct HttpRequest {
    /// The URL to POST to.
    pub url: String,
    /// Request headers, content type included.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Abort the attempt after this many milliseconds and report [`TransportError::Timeout`].
    pub timeout_ms: f64,
}

/// An HTTP answer, its body read to the end.
#[derive(Clone, Debug, Default)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// Why an attempt got no HTTP answer. Both are retried within the flush deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// The attempt passed its timeout.
    Timeout,
    /// The connection failed; the text says how.
    Network(String),
}

/// Carries out a flush's orders. Implementations must not panic; every failure is a
/// [`TransportError`].
pub trait Transport {
    /// POSTs `request` and reads the whole answer.
    fn send(&self, request: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>>;
    /// Resolves after `ms` milliseconds.
    fn sleep(&self, ms: f64) -> LocalFuture<()>;
    /// Unix time in milliseconds.
    fn now_ms(&self) -> f64;
}
