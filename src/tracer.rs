//! [`Tracer`]: the Rust API's entry point, the same nouns and verbs as the JS one.
//!
//! Nothing here panics or needs `Send`; spans are cheap handles into the tracer's core.

use crate::driver::{self, Destination, Signal};
use crate::span::Span;
use crate::transport::{LocalFuture, Transport};
use core::cell::{Cell, RefCell};
use core::future::Future;
use edgespan_core::{
    ms_to_nanos, Compression, Config, ConfigError, FlushReport, Handle, Parent, SpanKind,
    SpanStart, TraceParent, TracerCore,
};
use std::rc::Rc;

pub(crate) struct Inner {
    pub(crate) core: Rc<RefCell<TracerCore>>,
    dests: Vec<Rc<Destination>>,
    pub(crate) transport: Rc<dyn Transport>,
    inflight: RefCell<Vec<Rc<Signal>>>,
    scopes: Cell<u32>,
    shut: Cell<bool>,
    timeout_ms: f64,
    /// Why the tracer is off (fail open), if it is.
    pub(crate) off: Option<String>,
    /// The mask (see [`Tracer::with_mask`]).
    pub(crate) mask: RefCell<Option<Rc<Mask>>>,
}

/// A mask: `(field, text) -> what to record` (`None` leaves the field out).
pub(crate) type Mask = dyn Fn(&str, &str) -> Option<String>;

/// Buffers spans in memory and delivers them when you call [`Tracer::flush`]. Cheap to clone; one
/// per isolate.
#[derive(Clone)]
pub struct Tracer {
    pub(crate) inner: Rc<Inner>,
}

impl core::fmt::Debug for Tracer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let c = self.inner.core.borrow();
        f.debug_struct("Tracer")
            .field(
                "exporters",
                &self.inner.dests.iter().map(|d| &d.name).collect::<Vec<_>>(),
            )
            .field("open_spans", &c.open_spans())
            .field("buffered_spans", &c.buffered_spans())
            .field("shut_down", &self.inner.shut.get())
            .finish()
    }
}

/// Where a new span sits.
#[derive(Clone, Copy, Default, Debug)]
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
    /// A tracer for `config` over `transport` (a test double, or another runtime's fetch). The
    /// configuration is validated here, and only here: every exporter's endpoint and headers, the
    /// limits, and gzip only over a transport that has it.
    pub fn with_transport(
        config: Config,
        transport: impl Transport + 'static,
    ) -> Result<Tracer, ConfigError> {
        config.validate()?;
        let exporters = config.exporters();
        if !transport.supports_gzip()
            && exporters.iter().any(|e| e.compression == Compression::Gzip)
        {
            return Err(ConfigError::UnknownCompression(
                "gzip (this transport has no compressor)".into(),
            ));
        }
        let mut secrets = edgespan_core::Secrets::default();
        for e in &exporters {
            for (_, v) in &e.headers {
                secrets.add_header_value(v);
            }
            secrets.add_url(&e.endpoint);
        }
        let secrets = Rc::new(secrets);
        let dests = exporters
            .iter()
            .map(|e| Rc::new(Destination::new(e, secrets.clone())))
            .collect();
        let seed = transport.now_ms() as u64 ^ u64::from_le_bytes(random8());
        let timeout_ms = config.timeout_ms as f64;
        Ok(Tracer {
            inner: Rc::new(Inner {
                core: Rc::new(RefCell::new(TracerCore::new(config, seed))),
                dests,
                transport: Rc::new(transport),
                inflight: RefCell::new(Vec::new()),
                scopes: Cell::new(0),
                shut: Cell::new(false),
                timeout_ms,
                off: None,
                mask: RefCell::new(None),
            }),
        })
    }

    /// A tracer that is off, for a configuration it cannot use (fail open): the app runs
    /// untraced, every span is a no-op, and every flush resolves at once with `reason` in its
    /// `errors`. `worker::tracer` returns one when the environment's configuration is refused.
    pub fn off(reason: impl Into<String>) -> Tracer {
        let reason = reason.into();
        Tracer {
            inner: Rc::new(Inner {
                core: Rc::new(RefCell::new(TracerCore::new(
                    Config::new("http://off.invalid/v1/traces"),
                    0,
                ))),
                dests: Vec::new(),
                transport: Rc::new(Off),
                inflight: RefCell::new(Vec::new()),
                scopes: Cell::new(0),
                shut: Cell::new(true),
                timeout_ms: 0.0,
                off: Some(reason),
                mask: RefCell::new(None),
            }),
        }
    }

    /// Passes the text of every prompt and answer through `mask(field, text)` before it is
    /// recorded: `log`'s input and output (field `input`, `output`), the GenAI messages, system
    /// instructions and answer of `log_llm` (`gen_ai.input.messages`, …, as JSON text), and
    /// attributes that carry prompts or answers (`gen_ai.tool.call.arguments`, `ai.prompt`, …;
    /// `edgespan_core::privacy`). What it returns is recorded; `None` leaves the field out. It
    /// replaces an earlier mask; the npm package's `mask` option is the same, called on each
    /// string inside a structured value.
    ///
    /// ```
    /// # let tracer = edgespan::Tracer::off("an example");
    /// let tracer = tracer.with_mask(|_field, text| Some(text.replace("@", " at ")));
    /// ```
    pub fn with_mask(self, mask: impl Fn(&str, &str) -> Option<String> + 'static) -> Tracer {
        *self.inner.mask.borrow_mut() = Some(Rc::new(mask));
        self
    }

    /// `text` of field `field` as it is recorded: `None` when the configuration does not record
    /// the field or the mask leaves it out.
    pub(crate) fn private(inner: &Inner, field: &str, text: &str) -> Option<String> {
        let recorded = {
            let core = inner.core.borrow();
            let c = core.config();
            match edgespan_core::privacy::carries(field) {
                Some(edgespan_core::privacy::Field::Input) => c.record_inputs,
                Some(edgespan_core::privacy::Field::Output) => c.record_outputs,
                None => true,
            }
        };
        if !recorded {
            return None;
        }
        let mask = inner.mask.borrow().clone();
        match mask {
            Some(m) => m(field, text),
            None => Some(text.into()),
        }
    }

    /// Why this tracer is off (see [`Tracer::off`]); `None` when it traces.
    pub fn off_reason(&self) -> Option<&str> {
        self.inner.off.as_deref()
    }

    pub(crate) fn start(
        &self,
        name: &str,
        kind: SpanKind,
        parent: SpanParent<'_>,
        new_scope: bool,
    ) -> Span {
        let inner = &self.inner;
        let (parent, scope) = match parent {
            SpanParent::Span(p) => (
                Some(Parent {
                    trace_id: p.trace_id(),
                    span_id: p.span_id(),
                    remote: false,
                    flags: p.flags(),
                }),
                p.scope(),
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
        let trace_id = parent.map_or_else(crate::ids::new_trace_id, |p| p.trace_id);
        let span_id = crate::ids::new_span_id();
        // The head decision, as the core makes it (edgespan_core::Sampling).
        let flags = inner
            .core
            .borrow()
            .config()
            .sampling
            .flags(&trace_id, parent.map(|p| (p.flags, p.remote)));
        let start_ns = ms_to_nanos(inner.transport.now_ms());
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
        Span::new(crate::span::SpanState {
            inner: inner.clone(),
            h,
            trace_id,
            span_id,
            parent_span_id: parent.map(|p| p.span_id),
            flags,
            scope,
            root: new_scope,
        })
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
        run_traced(self.start_span(name), f).await
    }

    /// Delivers every span ended so far; also waits (within its own deadline) for earlier flushes
    /// still in flight. The snapshot is taken now; the returned future owns it, is `'static`, and
    /// never fails: hand it to `ctx.wait_until`.
    pub fn flush(&self) -> impl Future<Output = FlushReport> + 'static {
        let inner = self.inner.clone();
        let t0 = inner.transport.now_ms();
        let jobs = if inner.off.is_some() {
            Vec::new()
        } else {
            inner.core.borrow_mut().begin_flush_all(t0)
        };
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
            if let Some(why) = &inner.off {
                signal.set();
                let mut report = FlushReport::default();
                report.errors.push(why.clone());
                return report;
            }
            let mut names = Vec::with_capacity(jobs.len());
            let mut runs: Vec<LocalFuture<FlushReport>> = Vec::with_capacity(jobs.len());
            for (i, job) in jobs.into_iter().enumerate() {
                let dest = inner.dests[i.min(inner.dests.len() - 1)].clone();
                names.push(dest.name.clone());
                if job.is_empty() {
                    let r = inner.core.borrow_mut().finish_flush(job, t0);
                    runs.push(Box::pin(async move { r }));
                } else {
                    let (core, transport) = (inner.core.clone(), inner.transport.clone());
                    runs.push(Box::pin(driver::drive(core, job, dest, transport)));
                }
            }
            let reports = driver::join_all(runs).await;
            let mut report = edgespan_core::merge_reports(names.into_iter().zip(reports).collect());
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
            let now = ms_to_nanos(self.inner.transport.now_ms());
            self.inner
                .core
                .borrow_mut()
                .end_all_open("span was still open at tracer.shutdown()", now);
        }
        self.flush()
    }
}

// The transport of a tracer that is off: nothing is ever sent.
struct Off;

impl Transport for Off {
    fn send(
        &self,
        _request: crate::transport::HttpRequest,
    ) -> LocalFuture<Result<crate::transport::HttpResponse, crate::transport::TransportError>> {
        Box::pin(async {
            Err(crate::transport::TransportError::Network(
                "tracing is off".into(),
            ))
        })
    }
    fn sleep(&self, _ms: f64) -> LocalFuture<()> {
        Box::pin(async {})
    }
    fn now_ms(&self) -> f64 {
        0.0
    }
}

fn random8() -> [u8; 8] {
    let mut b = [0u8; 8];
    crate::ids::random_bytes(&mut b);
    b
}

/// Runs `f` in `span` and ends it when the future completes, an `Err` recorded on it.
pub(crate) async fn run_traced<T, E, F, Fut>(span: Span, f: F) -> Result<T, E>
where
    F: FnOnce(Span) -> Fut,
    Fut: Future<Output = Result<T, E>>,
    E: core::fmt::Display,
{
    let result = f(span.clone()).await;
    if let Err(e) = &result {
        span.record_error("Error", &e.to_string());
    }
    span.end();
    result
}
