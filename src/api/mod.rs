//! The Rust API: the same nouns and verbs as the JS one, for Rust callers (workers-rs apps).
//!
//! ```ignore
//! let tracer = Tracer::new(Config::new("https://collector.example/v1/traces"))?; // feature `worker`
//! let answer = tracer.traced("llm.call", |span| async move {
//!     span.log(LogFields { input: Some(Payload::Text(prompt.into())), ..Default::default() });
//!     call_model(&prompt).await
//! }).await;
//! ctx.wait_until(tracer.flush()); // 'static, never fails: a FlushReport
//! ```
//!
//! Nothing here panics or needs `Send`; spans are cheap handles into the tracer's core.

pub mod driver;
pub mod transport;

use crate::config::{Compression, Config, ConfigError, Protocol};
use crate::flush::FlushReport;
use crate::id::{SpanId, TraceId, TraceParent};
use crate::prelude::*;
use crate::span::{Event, LogFields, Payload, SpanKind, Status, StatusCode};
use crate::tracer::{Handle, Parent, SpanStart, TracerCore};
use crate::value::{self, KeyValue, Value};
use alloc::rc::Rc;
use core::cell::{Cell, RefCell};
use core::future::Future;
use driver::{Destination, Signal};
use transport::Transport;

struct Inner {
    core: Rc<RefCell<TracerCore>>,
    dest: Rc<Destination>,
    transport: Rc<dyn Transport>,
    inflight: RefCell<Vec<Rc<Signal>>>,
    scopes: Cell<u32>,
    shut: Cell<bool>,
    timeout_ms: f64,
}

/// Buffers spans in memory and delivers them when you call [`Tracer::flush`]. Cheap to clone; one
/// per isolate.
#[derive(Clone)]
pub struct Tracer {
    inner: Rc<Inner>,
}

/// Where a new span sits.
#[derive(Clone, Copy, Default)]
pub enum SpanParent<'a> {
    /// A new trace.
    #[default]
    None,
    /// A child of this span.
    Span(&'a Span),
    /// A child of the remote span named by a W3C `traceparent` value (an invalid one starts a new
    /// trace).
    TraceParent(&'a str),
}

impl Tracer {
    /// A tracer for `config` over the Workers runtime's `fetch` (feature `worker`). The
    /// configuration is validated here, and only here.
    #[cfg(all(target_arch = "wasm32", feature = "worker"))]
    pub fn new(config: Config) -> Result<Tracer, ConfigError> {
        Self::with_transport(config, crate::worker::WorkerTransport)
    }

    /// A tracer for `config` over `transport` (a test double, or another runtime's fetch). The
    /// configuration is validated here, and only here.
    pub fn with_transport(
        mut config: Config,
        transport: impl Transport + 'static,
    ) -> Result<Tracer, ConfigError> {
        config.validate()?;
        if config.compression == Compression::Gzip {
            // The Rust API has no compressor yet; refuse rather than silently send plain bodies.
            return Err(ConfigError::UnknownCompression(
                "gzip (not available in the Rust API yet)".into(),
            ));
        }
        let content_type = match config.protocol {
            Protocol::Json => "application/json",
            Protocol::Protobuf => "application/x-protobuf",
        };
        let mut headers = Vec::from([(String::from("content-type"), String::from(content_type))]);
        headers.extend(config.headers.iter().cloned());
        let dest = Rc::new(Destination {
            url: config.endpoint.clone(),
            headers,
        });
        let seed = transport.now_ms() as u64 ^ u64::from_le_bytes(random8());
        let timeout_ms = config.timeout_ms as f64;
        config.sdk_language = "rust";
        Ok(Tracer {
            inner: Rc::new(Inner {
                core: Rc::new(RefCell::new(TracerCore::new(config, seed))),
                dest,
                transport: Rc::new(transport),
                inflight: RefCell::new(Vec::new()),
                scopes: Cell::new(0),
                shut: Cell::new(false),
                timeout_ms,
            }),
        })
    }

    fn start(&self, name: &str, kind: SpanKind, parent: SpanParent<'_>, new_scope: bool) -> Span {
        let inner = &self.inner;
        let (parent, scope) = match parent {
            SpanParent::Span(p) => (
                Some(Parent {
                    trace_id: p.trace_id,
                    span_id: p.span_id,
                    remote: false,
                    flags: 1,
                }),
                p.scope,
            ),
            SpanParent::TraceParent(tp) => (
                TraceParent::parse(tp).map(|tp| Parent {
                    trace_id: tp.trace_id,
                    span_id: tp.parent_span_id,
                    remote: true,
                    flags: tp.flags,
                }),
                0,
            ),
            SpanParent::None => (None, 0),
        };
        let scope = if new_scope {
            inner.scopes.set(inner.scopes.get().wrapping_add(1).max(1));
            inner.scopes.get()
        } else {
            scope
        };
        let trace_id = parent.map_or_else(new_trace_id, |p| p.trace_id);
        let span_id = new_span_id();
        let start_ns = crate::clock::ms_to_nanos(inner.transport.now_ms());
        let h = if inner.shut.get() {
            Handle::NONE
        } else {
            let new = SpanStart {
                name,
                kind,
                trace_id,
                span_id,
                parent,
                scope,
                start_ns,
            };
            inner.core.borrow_mut().start_span(new)
        };
        Span {
            inner: inner.clone(),
            h,
            trace_id,
            span_id,
            parent_span_id: parent.map(|p| p.span_id),
            scope,
            root: new_scope,
            ended: Cell::new(false),
        }
    }

    /// Starts a span in a new trace.
    pub fn start_span(&self, name: &str) -> Span {
        self.start(name, SpanKind::Internal, SpanParent::None, false)
    }

    /// Starts a span with a kind and a parent.
    pub fn start_span_with(&self, name: &str, kind: SpanKind, parent: SpanParent<'_>) -> Span {
        self.start(name, kind, parent, false)
    }

    /// Starts a request scope: a root span whose [`Span::finish`] ends it, ends the scope's
    /// still-open spans as incomplete, and flushes.
    pub fn start_trace(&self, name: &str, kind: SpanKind, parent: SpanParent<'_>) -> Span {
        self.start(name, kind, parent, true)
    }

    /// Runs `f` in a new span that ends when its future completes; an `Err` is recorded on the
    /// span (as an `exception` event and status ERROR) and returned unchanged.
    pub async fn traced<T, E, F, Fut>(&self, name: &str, f: F) -> Result<T, E>
    where
        F: FnOnce(Span) -> Fut,
        Fut: Future<Output = Result<T, E>>,
        E: core::fmt::Display,
    {
        let span = self.start_span(name);
        let result = f(span.clone()).await;
        if let Err(e) = &result {
            span.record_error("Error", &e.to_string());
        }
        span.end();
        result
    }

    /// Delivers every span ended so far; also waits (within its own deadline) for earlier flushes
    /// still in flight. The snapshot is taken now; the returned future owns it, is `'static`, and
    /// never fails: hand it to `ctx.wait_until`.
    pub fn flush(&self) -> impl Future<Output = FlushReport> + 'static {
        let inner = self.inner.clone();
        let t0 = inner.transport.now_ms();
        let job = inner.core.borrow_mut().begin_flush(t0);
        let earlier: Vec<Rc<Signal>> = inner
            .inflight
            .borrow()
            .iter()
            .filter(|s| !s.is_set())
            .cloned()
            .collect();
        let signal = Rc::new(Signal::default());
        {
            let mut list = inner.inflight.borrow_mut();
            list.retain(|s| !s.is_set());
            list.push(signal.clone());
        }
        async move {
            let mut report = if job.is_empty() {
                inner.core.borrow_mut().finish_flush(job, t0)
            } else {
                driver::drive(
                    inner.core.clone(),
                    job,
                    inner.dest.clone(),
                    inner.transport.clone(),
                )
                .await
            };
            signal.set();
            if !earlier.is_empty() {
                let left = (t0 + inner.timeout_ms - inner.transport.now_ms()).max(0.0);
                if !driver::wait_all(earlier, inner.transport.sleep(left)).await {
                    report.errors.push(
                        "an earlier flush was still in flight at this flush's deadline".into(),
                    );
                }
            }
            report.duration_ms = inner.transport.now_ms() - t0;
            report
        }
    }

    /// Ends every open span as incomplete, flushes, and turns later span calls into no-ops. For
    /// the end of a program or a test, not for each request.
    pub fn shutdown(&self) -> impl Future<Output = FlushReport> + 'static {
        if !self.inner.shut.replace(true) {
            let now = crate::clock::ms_to_nanos(self.inner.transport.now_ms());
            self.inner
                .core
                .borrow_mut()
                .end_all_open("span was still open at tracer.shutdown()", now);
        }
        self.flush()
    }
}

/// An LLM call for [`Span::log_llm`]: becomes the GenAI attributes (`gen_ai.*`), typed.
#[derive(Clone, Copy, Debug, Default)]
pub struct LlmCall<'a> {
    /// `gen_ai.provider.name` (`openai`, `anthropic`, …).
    pub provider: Option<&'a str>,
    /// `gen_ai.request.model`.
    pub model: Option<&'a str>,
    /// `gen_ai.operation.name`; `chat` when `None`.
    pub operation: Option<&'a str>,
    /// `gen_ai.input.messages`: JSON text of `[{role, parts: [{type: "text", content}]}]`.
    pub input_messages_json: Option<&'a str>,
    /// `gen_ai.output.messages`, the same way.
    pub output_messages_json: Option<&'a str>,
    /// `gen_ai.usage.input_tokens`.
    pub input_tokens: Option<i64>,
    /// `gen_ai.usage.output_tokens`.
    pub output_tokens: Option<i64>,
    /// `gen_ai.usage.cache_read.input_tokens`.
    pub cached_tokens: Option<i64>,
    /// `gen_ai.usage.reasoning.output_tokens`.
    pub reasoning_tokens: Option<i64>,
    /// `gen_ai.request.temperature`.
    pub temperature: Option<f64>,
    /// `gen_ai.request.max_tokens`.
    pub max_tokens: Option<i64>,
    /// `gen_ai.request.top_p`.
    pub top_p: Option<f64>,
    /// `gen_ai.response.id`.
    pub response_id: Option<&'a str>,
    /// `gen_ai.response.model`.
    pub response_model: Option<&'a str>,
    /// `gen_ai.response.finish_reasons`.
    pub finish_reasons: &'a [&'a str],
}

/// A span. Every method is safe in any state; after [`Span::end`] they are no-ops.
#[derive(Clone)]
pub struct Span {
    inner: Rc<Inner>,
    h: Handle,
    trace_id: TraceId,
    span_id: SpanId,
    parent_span_id: Option<SpanId>,
    scope: u32,
    root: bool,
    ended: Cell<bool>,
}

impl Span {
    /// The trace id.
    pub fn trace_id(&self) -> TraceId {
        self.trace_id
    }
    /// The span id.
    pub fn span_id(&self) -> SpanId {
        self.span_id
    }
    /// The parent's span id, if any.
    pub fn parent_span_id(&self) -> Option<SpanId> {
        self.parent_span_id
    }
    /// A W3C `traceparent` value naming this span, for outgoing requests.
    pub fn traceparent(&self) -> String {
        TraceParent::format(&self.trace_id, &self.span_id, 1)
    }
    /// True once [`Span::end`] was called.
    pub fn is_ended(&self) -> bool {
        self.ended.get()
    }

    fn with(&self, f: impl FnOnce(&mut crate::span::SpanData)) {
        if self.ended.get() {
            return;
        }
        if let Some(s) = self.inner.core.borrow_mut().span_mut(self.h) {
            f(s);
        }
    }

    /// Sets an attribute (replacing an earlier value of the same key).
    pub fn set_attribute(&self, key: &str, value: impl Into<Value>) {
        let v = value.into();
        self.with(|s| s.set_attribute(key, v));
    }

    /// Records input, output, metadata, metrics and tags, merged as `span.log` does in JS:
    /// input and output replace, metadata and metrics merge by key, tags are added once.
    pub fn log(&self, fields: LogFields) {
        self.with(|s| {
            let log = &mut s.log;
            if fields.input.is_some() {
                log.input = fields.input;
            }
            if fields.output.is_some() {
                log.output = fields.output;
            }
            for (list, new) in [
                (&mut log.metadata, fields.metadata),
                (&mut log.metrics, fields.metrics),
                (&mut log.llm, fields.llm),
            ] {
                for kv in new {
                    value::set(list, &kv.key, kv.value);
                }
            }
            for t in fields.tags {
                if !log.tags.contains(&t) {
                    log.tags.push(t);
                }
            }
        });
    }

    /// Records an LLM call with the GenAI conventions (typed `gen_ai.*` attributes, mapped when
    /// encoding); sets the kind CLIENT and, when the span has no name, `{operation} {model}`.
    pub fn log_llm(&self, call: LlmCall<'_>) {
        let operation = call.operation.unwrap_or("chat");
        let mut fields: Vec<KeyValue> = Vec::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                fields.push(KeyValue {
                    key: k.into(),
                    value: v,
                });
            }
        };
        let s = |v: Option<&str>| v.map(|x| Value::Str(x.into()));
        put("operation.name", Some(Value::Str(operation.into())));
        put("provider.name", s(call.provider));
        put("request.model", s(call.model));
        put("input.messages", s(call.input_messages_json));
        put("output.messages", s(call.output_messages_json));
        put("usage.input_tokens", call.input_tokens.map(Value::Int));
        put("usage.output_tokens", call.output_tokens.map(Value::Int));
        put(
            "usage.cache_read.input_tokens",
            call.cached_tokens.map(Value::Int),
        );
        put(
            "usage.reasoning.output_tokens",
            call.reasoning_tokens.map(Value::Int),
        );
        put("request.temperature", call.temperature.map(Value::Double));
        put("request.max_tokens", call.max_tokens.map(Value::Int));
        put("request.top_p", call.top_p.map(Value::Double));
        put("response.id", s(call.response_id));
        put("response.model", s(call.response_model));
        if !call.finish_reasons.is_empty() {
            let reasons = call
                .finish_reasons
                .iter()
                .map(|r| Value::Str((*r).into()))
                .collect();
            put("response.finish_reasons", Some(Value::Array(reasons)));
        }
        let name = match call.model {
            Some(m) => [operation, " ", m].concat(),
            None => operation.into(),
        };
        self.with(|span| {
            for kv in fields {
                value::set(&mut span.log.llm, &kv.key, kv.value);
            }
            span.kind = SpanKind::Client;
            if span.name.is_empty() {
                span.name = name;
            }
        });
    }

    /// Logs a plain-text input (a shortcut for [`Span::log`]).
    pub fn log_input(&self, text: &str) {
        self.log(LogFields {
            input: Some(Payload::Text(text.into())),
            ..Default::default()
        });
    }

    /// Logs a plain-text output.
    pub fn log_output(&self, text: &str) {
        self.log(LogFields {
            output: Some(Payload::Text(text.into())),
            ..Default::default()
        });
    }

    /// Adds an `exception` event (`exception.type`, `exception.message`) and sets status ERROR.
    pub fn record_error(&self, kind: &str, message: &str) {
        let now = crate::clock::ms_to_nanos(self.inner.transport.now_ms());
        self.with(|s| s.record_error(kind, message, "", now));
    }

    /// Adds a timestamped event.
    pub fn add_event(&self, name: &str, attributes: Vec<KeyValue>) {
        let time_ns = crate::clock::ms_to_nanos(self.inner.transport.now_ms());
        self.with(|s| {
            s.events.push(Event {
                name: name.into(),
                time_ns,
                attributes,
            })
        });
    }

    /// Sets the status explicitly.
    pub fn set_status(&self, code: StatusCode, message: &str) {
        self.with(|s| {
            s.status = Status {
                code,
                message: message.into(),
            }
        });
    }

    /// Starts a child span.
    pub fn start_span(&self, name: &str) -> Span {
        Tracer {
            inner: self.inner.clone(),
        }
        .start(name, SpanKind::Internal, SpanParent::Span(self), false)
    }

    /// Ends the span now. Idempotent.
    pub fn end(&self) {
        if self.ended.replace(true) {
            return;
        }
        let now = crate::clock::ms_to_nanos(self.inner.transport.now_ms());
        self.inner.core.borrow_mut().end_span(self.h, now);
    }

    /// Ends a request scope started with [`Tracer::start_trace`]: this span, then every span of
    /// the scope still open as incomplete, then flushes. On other spans: ends and flushes.
    pub fn finish(&self) -> impl Future<Output = FlushReport> + 'static {
        self.end();
        if self.root {
            let now = crate::clock::ms_to_nanos(self.inner.transport.now_ms());
            self.inner.core.borrow_mut().end_scope(
                self.scope,
                "span was still open when its trace finished",
                now,
            );
        }
        Tracer {
            inner: self.inner.clone(),
        }
        .flush()
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.into())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<f64> for Value {
    fn from(d: f64) -> Value {
        Value::Double(d)
    }
}

fn random8() -> [u8; 8] {
    let mut b = [0u8; 8];
    crate::id::random_bytes(&mut b);
    b
}

fn new_trace_id() -> TraceId {
    crate::id::new_trace_id()
}

fn new_span_id() -> SpanId {
    crate::id::new_span_id()
}
