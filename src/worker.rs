//! workers-rs integration (feature `worker`): the platform's `fetch`, timers, clock and
//! `CompressionStream` as a [`Transport`], configuration from a Worker's `Env`, and request scopes
//! from `worker::Request`.
//!
//! ```no_run
//! #[event(fetch)]
//! async fn fetch(req: Request, env: Env, ctx: Context) -> Result<Response> {
//!     let tracer = edgespan::worker::tracer_from_env(&env)?; // cache it per isolate
//!     let root = edgespan::worker::start_request_trace(&tracer, &req);
//!     let resp = Response::ok("hello")?;
//!     edgespan::worker::record_response(&root, &resp);
//!     ctx.wait_until(async move { root.finish().await; });
//!     Ok(resp)
//! }
//! ```

use crate::transport::{HttpRequest, HttpResponse, LocalFuture, Transport, TransportError};
use crate::{Span, SpanParent, Tracer};
use core::future::{poll_fn, Future};
use core::task::Poll;
use edgespan_core::{Config, ConfigError, SpanKind, StatusCode};
use wasm_bindgen::prelude::wasm_bindgen;
use worker::{AbortController, Date, Env, Fetch, Headers, Method, Request, RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    // The global setTimeout; its return value is ignored (a number in workerd, an object in
    // Node, which is why worker::Delay, which expects a number, is not used here).
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function, ms: f64) -> wasm_bindgen::JsValue;
}

/// Resolves after `ms` milliseconds, in any JS runtime.
fn delay(ms: f64) -> LocalFuture<()> {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        set_timeout(&resolve, ms.max(0.0));
    });
    Box::pin(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    })
}

impl Tracer {
    /// A tracer for `config` over the Workers runtime's `fetch` ([`WorkerTransport`]). The
    /// configuration is validated here, and only here.
    pub fn new(config: Config) -> Result<Tracer, ConfigError> {
        Self::with_transport(config, WorkerTransport)
    }
}

#[wasm_bindgen]
extern "C" {
    // The platform's CompressionStream, bound here: web-sys has it only behind its unstable-API
    // cfg flag.
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, wasm_bindgen::JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> web_sys::WritableStream;
}

/// gzip through the platform's `CompressionStream`.
async fn gzip(body: Vec<u8>) -> Option<Vec<u8>> {
    use wasm_bindgen::JsCast;
    let cs = CompressionStream::new("gzip").ok()?;
    let bytes = js_sys::Uint8Array::from(body.as_slice());
    let input = web_sys::Response::new_with_opt_buffer_source(Some(&bytes)).ok()?;
    let pair = web_sys::ReadableWritablePair::new(&cs.readable(), &cs.writable());
    let out = input.body()?.pipe_through(&pair);
    let compressed = web_sys::Response::new_with_opt_readable_stream(Some(&out)).ok()?;
    let buf = wasm_bindgen_futures::JsFuture::from(compressed.array_buffer().ok()?)
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(buf.unchecked_ref()).to_vec())
}

/// `fetch`, `setTimeout`, `Date.now` and `CompressionStream` of the Workers runtime.
#[derive(Clone, Copy, Debug, Default)]
pub struct WorkerTransport;

impl Transport for WorkerTransport {
    fn send(&self, r: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let headers = Headers::new();
            for (k, v) in &r.headers {
                headers
                    .set(k, v)
                    .map_err(|e| TransportError::Network(e.to_string()))?;
            }
            let body = js_sys::Uint8Array::from(r.body.as_slice());
            let mut init = RequestInit::new();
            init.with_method(Method::Post)
                .with_headers(headers)
                .with_body(Some(body.into()));
            let request = Request::new_with_init(&r.url, &init)
                .map_err(|e| TransportError::Network(e.to_string()))?;
            let controller = AbortController::default();
            let signal = controller.signal();
            let mut fetch =
                Box::pin(async move { Fetch::Request(request).send_with_signal(&signal).await });
            let mut timer = delay(r.timeout_ms);
            let outcome = poll_fn(|cx| {
                if let Poll::Ready(v) = fetch.as_mut().poll(cx) {
                    return Poll::Ready(Some(v));
                }
                match timer.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(None),
                    Poll::Pending => Poll::Pending,
                }
            })
            .await;
            match outcome {
                None => {
                    controller.abort();
                    Err(TransportError::Timeout)
                }
                Some(Err(e)) => Err(TransportError::Network(e.to_string())),
                Some(Ok(mut resp)) => {
                    let status = resp.status_code();
                    let retry_after = resp.headers().get("retry-after").ok().flatten();
                    let content_type = resp.headers().get("content-type").ok().flatten();
                    // Always read the body: Workers require every response to be consumed.
                    let body = resp.bytes().await.unwrap_or_default();
                    Ok(HttpResponse {
                        status,
                        retry_after,
                        content_type,
                        body,
                    })
                }
            }
        })
    }

    fn sleep(&self, ms: f64) -> LocalFuture<()> {
        delay(ms)
    }

    fn now_ms(&self) -> f64 {
        Date::now().as_millis() as f64
    }

    fn supports_gzip(&self) -> bool {
        true
    }

    fn gzip(&self, body: Vec<u8>) -> LocalFuture<Option<Vec<u8>>> {
        Box::pin(gzip(body))
    }
}

fn env_string(env: &Env, name: &str) -> Option<String> {
    env.var(name)
        .ok()
        .map(|v| v.to_string())
        .or_else(|| env.secret(name).ok().map(|v| v.to_string()))
}

/// Reads the same variables as the npm package's `Tracer.fromEnv` (vars or secrets), by the
/// same rule ([`Config::from_vars`]): the standard `OTEL_*` variables, or without an OTLP
/// endpoint a backend's own (`BRAINTRUST_*`, `LANGFUSE_*`, `PHOENIX_*`, `LMNR_*`).
pub fn config_from_env(env: &Env) -> Result<Config, ConfigError> {
    Config::from_vars(|k| env_string(env, k))
}

/// A tracer configured from `env` over [`WorkerTransport`]; a configuration error becomes a
/// `worker::Error` with its message. Build it once per isolate and keep it.
pub fn tracer_from_env(env: &Env) -> worker::Result<Tracer> {
    let config = config_from_env(env).map_err(|e| worker::Error::RustError(e.message()))?;
    Tracer::new(config).map_err(|e| worker::Error::RustError(e.message()))
}

/// Finishes a request scope inside `ctx.wait_until`: ends `root`, ends whatever of its scope is
/// still open as incomplete, and flushes; the isolate stays alive until delivery is done.
pub fn finish_request(ctx: &worker::Context, root: Span) {
    ctx.wait_until(async move {
        root.finish().await;
    });
}

/// Starts a request scope for `req`: a SERVER root span named after the method, continuing an
/// incoming `traceparent`, with `http.request.method`, `url.full` and `user_agent.original`.
/// End it with `ctx.wait_until(async move { root.finish().await; })`.
pub fn start_request_trace(tracer: &Tracer, req: &Request) -> Span {
    let method = req.method().to_string();
    let traceparent = req.headers().get("traceparent").ok().flatten();
    let parent = match &traceparent {
        Some(tp) => SpanParent::TraceParent(tp),
        None => SpanParent::None,
    };
    let root = tracer.start_trace(&method, SpanKind::Server, parent);
    root.set_attribute("http.request.method", method.as_str());
    if let Ok(url) = req.url() {
        // Never a user:password@ in a span, on a server root as on a client span.
        root.set_attribute(
            "url.full",
            edgespan_core::url_without_credentials(url.as_str()),
        );
    }
    if let Some(ua) = req.headers().get("user-agent").ok().flatten() {
        root.set_attribute("user_agent.original", ua);
    }
    root
}

/// Records `http.response.status_code` on a request's root span; a 5xx sets status ERROR and
/// `error.type` (the rule of [`SpanKind::http_status_is_error`]).
pub fn record_response(root: &Span, resp: &Response) {
    let status = resp.status_code();
    root.set_attribute("http.response.status_code", status as i64);
    if SpanKind::Server.http_status_is_error(status) {
        root.set_attribute("error.type", status.to_string());
        root.set_status(StatusCode::Error, "");
    }
}
