//! workers-rs integration (feature `worker`): the platform's `fetch`, timers, clock and
//! `CompressionStream` as a [`Transport`], configuration from a Worker's `Env`, and request scopes
//! from `worker::Request`.
//!
//! Most Workers need one call: [`instrument`] runs the handler in a request scope that always
//! finishes (see its example). The pieces it is made of are here too: [`tracer_from_env`] (the
//! isolate's tracer, never failing), [`RequestScope`] (finishes when dropped),
//! [`start_request_trace`], [`record_response`] and [`finish_request`].

use crate::transport::{HttpRequest, HttpResponse, LocalFuture, Transport, TransportError};
use crate::{Span, SpanParent, Tracer};
use core::cell::RefCell;
use core::future::{poll_fn, Future};
use core::task::Poll;
use edgespan_core::{Config, ConfigError, FlushReport, SpanKind, StatusCode};
use std::rc::Rc;
use wasm_bindgen::prelude::wasm_bindgen;
use worker::{Context, Date, Env, Request, Response};

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

#[wasm_bindgen]
extern "C" {
    // The global fetch, bound directly: the worker crate's Fetch, Request and Response wrappers
    // cost the Worker about as much again as the call itself.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> js_sys::Promise;
}

// A JS error as the text a report quotes.
fn js_text(e: &wasm_bindgen::JsValue) -> String {
    js_sys::Error::from(e.clone())
        .message()
        .as_string()
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "fetch failed".into())
}

impl Transport for WorkerTransport {
    fn send(&self, r: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            use wasm_bindgen::JsCast;
            let net = |e: wasm_bindgen::JsValue| TransportError::Network(js_text(&e));
            let headers = web_sys::Headers::new().map_err(net)?;
            for (k, v) in &r.headers {
                headers.set(k, v).map_err(net)?;
            }
            let body = js_sys::Uint8Array::from(r.body.as_slice());
            let controller = web_sys::AbortController::new().map_err(net)?;
            let init = web_sys::RequestInit::new();
            init.set_method("POST");
            init.set_headers(&headers);
            init.set_body(&body);
            init.set_signal(Some(&controller.signal()));
            let request = web_sys::Request::new_with_str_and_init(&r.url, &init).map_err(net)?;
            let mut fetch = Box::pin(wasm_bindgen_futures::JsFuture::from(global_fetch(&request)));
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
            let resp: web_sys::Response = match outcome {
                None => {
                    controller.abort();
                    return Err(TransportError::Timeout);
                }
                Some(Err(e)) => return Err(net(e)),
                Some(Ok(v)) => v.unchecked_into(),
            };
            let header = |k: &str| resp.headers().get(k).ok().flatten();
            let (retry_after, content_type) = (header("retry-after"), header("content-type"));
            // Always read the body: Workers require every response to be consumed.
            let body = match resp.array_buffer() {
                Ok(p) => wasm_bindgen_futures::JsFuture::from(p)
                    .await
                    .map(|b| js_sys::Uint8Array::new(&b).to_vec())
                    .unwrap_or_default(),
                Err(_) => Vec::new(),
            };
            Ok(HttpResponse {
                status: resp.status(),
                retry_after,
                content_type,
                body,
            })
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

/// A diagnostics handler (see [`on_diagnostic`]).
type Handler = Rc<dyn Fn(&str)>;

thread_local! {
    // The isolate's tracer, made on the first request.
    static TRACER: RefCell<Option<Tracer>> = const { RefCell::new(None) };
    // Where diagnostics go (the console when None), and the kinds already said.
    static ON_DIAGNOSTIC: RefCell<Option<Handler>> = const { RefCell::new(None) };
    static SAID: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// Sends this isolate's diagnostics (a configuration the SDK cannot use, spans not delivered) to
/// `f` instead of the console. With no handler, each kind is written to the console once per
/// isolate, and again only after it cleared (an export that delivered again).
pub fn on_diagnostic(f: impl Fn(&str) + 'static) {
    ON_DIAGNOSTIC.with(|slot| *slot.borrow_mut() = Some(Rc::new(f)));
}

// Says `text` to the handler, or to the console once per `key` until `cleared(key)`.
fn say(key: &'static str, text: &str) {
    if let Some(f) = ON_DIAGNOSTIC.with(|slot| slot.borrow().clone()) {
        f(text);
        return;
    }
    let fresh = SAID.with(|said| {
        let mut said = said.borrow_mut();
        let fresh = !said.contains(&key);
        if fresh {
            said.push(key);
        }
        fresh
    });
    if fresh {
        worker::console_error!("{}", text);
    }
}

fn cleared(key: &'static str) {
    SAID.with(|said| said.borrow_mut().retain(|k| *k != key));
}

// What a finished scope's report says, once per kind: spans not delivered, or delivered again.
fn diagnose(tracer_off: bool, report: &FlushReport) {
    if tracer_off {
        return;
    }
    if report.is_ok() {
        cleared("export");
    } else if report.failed > 0 || report.pending > 0 || !report.errors.is_empty() {
        say(
            "export",
            &format!("edgespan: spans were not delivered (said once until they are): {report}"),
        );
    }
    if report.dropped > 0 {
        say(
            "dropped",
            &format!(
                "edgespan: {} span(s) dropped: the buffer was full (raise maxQueueSpans or flush more often)",
                report.dropped
            ),
        );
    }
}

/// This isolate's tracer, configured from `env` ([`config_from_env`]) over [`WorkerTransport`] on
/// the first call and kept for the isolate's later requests. It never fails: a configuration it
/// cannot use gives a tracer that is off ([`Tracer::off`]: the app runs untraced, spans are
/// no-ops), and the reason is said once (see [`on_diagnostic`]). A configuration error never
/// quotes a header value.
pub fn tracer_from_env(env: &Env) -> Tracer {
    if let Some(t) = TRACER.with(|slot| slot.borrow().clone()) {
        return t;
    }
    let t = match config_from_env(env).and_then(Tracer::new) {
        Ok(t) => t,
        Err(e) => {
            let why = format!(
                "edgespan: tracing is off for this isolate (the app runs untraced): {}",
                e.message().trim_start_matches("edgespan: ")
            );
            say("config", &why);
            Tracer::off(why)
        }
    };
    TRACER.with(|slot| *slot.borrow_mut() = Some(t.clone()));
    t
}

/// Finishes a request scope inside `ctx.wait_until`: ends `root`, ends whatever of its scope is
/// still open as incomplete, and flushes; the isolate stays alive until delivery is done. A report
/// that lost spans is said once (see [`on_diagnostic`]).
pub fn finish_request(ctx: &Context, root: Span) {
    let off = root.is_off();
    ctx.wait_until(async move {
        diagnose(off, &root.finish().await);
    });
}

/// A request scope that always finishes: made by [`RequestScope::begin`], it finishes (and
/// flushes, inside `ctx.wait_until`) when dropped, on every path: a `?`, a panic unwinding, a
/// future dropped because the client went away. [`instrument`] uses one; use it directly where a
/// handler cannot be a closure.
pub struct RequestScope {
    root: Span,
    ctx: Context,
}

impl RequestScope {
    /// Starts the scope of `req` ([`start_request_trace`]).
    pub fn begin(tracer: &Tracer, req: &Request, ctx: &Context) -> RequestScope {
        RequestScope {
            root: start_request_trace(tracer, req),
            ctx: same_context(ctx),
        }
    }

    /// The scope's root, the request's SERVER span.
    pub fn root(&self) -> &Span {
        &self.root
    }

    /// Records how the request ended: the response's status ([`record_response`]), or an `Err` as
    /// an exception with status ERROR and `error.type`.
    pub fn record(&self, result: &worker::Result<Response>) {
        match result {
            Ok(resp) => record_response(&self.root, resp),
            Err(e) => {
                self.root.set_attribute("error.type", "worker::Error");
                self.root.record_error("worker::Error", &e.to_string());
            }
        }
    }
}

// A second handle on the same execution context (the JS object is shared; `Context` is not Clone).
fn same_context(ctx: &Context) -> Context {
    use wasm_bindgen::JsCast;
    let js: &wasm_bindgen::JsValue = ctx.as_ref().as_ref();
    Context::new(js.clone().unchecked_into())
}

impl Drop for RequestScope {
    fn drop(&mut self) {
        finish_request(&self.ctx, self.root.clone());
    }
}

/// Runs `handler` in a request scope that always finishes. The root is the request's SERVER span
/// (continuing `traceparent`, with the HTTP attributes); the handler gets the request, the env,
/// the context and that root; an `Err` it returns (through `?` too) is recorded on the root, a
/// response's status is recorded, and the scope finishes and flushes through `ctx.wait_until` on
/// every path. The result is the handler's, unchanged, ready to return from `#[event(fetch)]`.
///
/// ```no_run
/// use worker::*;
///
/// #[event(fetch)]
/// async fn fetch(req: Request, env: Env, ctx: Context) -> Result<Response> {
///     edgespan::worker::instrument(req, env, ctx, |req, _env, _ctx, root| async move {
///         let llm = root.start_span("llm.chat");
///         llm.log_input(&req.path());
///         llm.end();
///         Response::ok("hello")
///     })
///     .await
/// }
/// ```
pub async fn instrument<F, Fut>(
    req: Request,
    env: Env,
    ctx: Context,
    handler: F,
) -> worker::Result<Response>
where
    F: FnOnce(Request, Env, Context, Span) -> Fut,
    Fut: Future<Output = worker::Result<Response>>,
{
    let tracer = tracer_from_env(&env);
    let scope = RequestScope::begin(&tracer, &req, &ctx);
    let root = scope.root.clone();
    // The root is the current span while the handler runs (crate::current_span, the tracing layer).
    let result = root.clone().scoped(handler(req, env, ctx, root)).await;
    scope.record(&result);
    result
}

/// Starts a request scope for `req`: a SERVER root span named after the method, continuing an
/// incoming `traceparent` (and the session and user of an incoming `baggage`), with
/// `http.request.method`, `url.full` and `user_agent.original`.
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
    // The URL as the runtime gives it (not `req.url()`, whose URL parser brings about 100 KiB of
    // Unicode tables into the Worker), never with a user:password@.
    root.set_attribute(
        "url.full",
        edgespan_core::url_without_credentials(&req.inner().url()),
    );
    if let Some(ua) = req.headers().get("user-agent").ok().flatten() {
        root.set_attribute("user_agent.original", ua);
    }
    if let Some(baggage) = req.headers().get("baggage").ok().flatten() {
        root.set_trace_attributes(edgespan_core::TraceAttributes::from_baggage(&baggage));
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
