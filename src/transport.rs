//! What the Rust API needs from its runtime: sending an HTTP request, sleeping, the time, and
//! (optionally) gzip.
//!
//! The flush logic lives in the core's flush state machine; a transport only carries out what it
//! decides. In a Worker the `worker` feature provides one over the platform's `fetch` and
//! `CompressionStream`; tests script one.

use core::future::Future;
use core::pin::Pin;

/// A boxed future that need not be `Send` (wasm futures are not).
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// One export request. Its `Debug` prints header values as `[redacted]` and the body's length.
#[derive(Clone)]
#[non_exhaustive]
pub struct HttpRequest {
    /// The URL to POST to.
    pub url: String,
    /// Request headers, content type (and content encoding) included.
    pub headers: Vec<(String, String)>,
    /// The body, as it goes on the wire.
    pub body: Vec<u8>,
    /// Abort the attempt after this many milliseconds and report [`TransportError::Timeout`].
    pub timeout_ms: f64,
}

impl HttpRequest {
    /// A request to POST `body` to `url`, with no headers and no timeout (a transport's tests
    /// build them; the tracer builds the real ones).
    pub fn new(url: impl Into<String>, body: impl Into<Vec<u8>>) -> Self {
        HttpRequest {
            url: url.into(),
            headers: Vec::new(),
            body: body.into(),
            timeout_ms: f64::INFINITY,
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the timeout of the attempt.
    pub fn with_timeout_ms(mut self, ms: f64) -> Self {
        self.timeout_ms = ms;
        self
    }
}

impl core::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("url", &edgespan_core::RedactedUrl(&self.url))
            .field("headers", &edgespan_core::RedactedHeaders(&self.headers))
            .field("body_bytes", &self.body.len())
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

/// An HTTP answer, its body read to the end. Build one with [`HttpResponse::new`] and the
/// `with_*` setters (fields may be added in a minor release).
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<String>,
    /// The `Content-Type` header, if any: it says how to read an OTLP `partialSuccess`.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// An answer with this status and body, and no `Retry-After` or `Content-Type`.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status,
            retry_after: None,
            content_type: None,
            body: body.into(),
        }
    }

    /// Sets the `Retry-After` header's value.
    pub fn with_retry_after(mut self, value: impl Into<String>) -> Self {
        self.retry_after = Some(value.into());
        self
    }

    /// Sets the `Content-Type` header's value.
    pub fn with_content_type(mut self, value: impl Into<String>) -> Self {
        self.content_type = Some(value.into());
        self
    }
}

/// Why an attempt got no HTTP answer. Both are retried within the flush deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// The attempt passed its timeout.
    Timeout,
    /// The connection failed; the text says how.
    Network(String),
}

impl core::fmt::Display for TransportError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            TransportError::Timeout => f.write_str("timed out"),
            TransportError::Network(why) => write!(f, "network error: {why}"),
        }
    }
}

impl std::error::Error for TransportError {}

/// Carries out a flush's orders. Implementations must not panic; every failure is a
/// [`TransportError`]. Calls may overlap (one flush runs several requests at once, and flushes
/// overlap), so an implementation keeps no per-call state in `&self`.
pub trait Transport {
    /// POSTs `request` and reads the whole answer.
    fn send(&self, request: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>>;
    /// Resolves after `ms` milliseconds.
    fn sleep(&self, ms: f64) -> LocalFuture<()>;
    /// Unix time in milliseconds.
    fn now_ms(&self) -> f64;
    /// True when [`Transport::gzip`] compresses. A configuration that asks for gzip is refused
    /// at construction over a transport without it. Default: false.
    fn supports_gzip(&self) -> bool {
        false
    }
    /// gzip-compresses a request body. `None` when it cannot: the body is then sent as it is,
    /// without `Content-Encoding`, and the report says so. Default: `None`.
    fn gzip(&self, body: Vec<u8>) -> LocalFuture<Option<Vec<u8>>> {
        drop(body);
        Box::pin(async { None })
    }
}
