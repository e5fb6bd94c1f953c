//! [`Span`] and [`LlmCall`]: what a span records, for Rust callers.

use crate::tracer::{Inner, SpanParent, Tracer};
use core::cell::Cell;
use core::future::Future;
use edgespan_core::llm::{key_of, param_key, ParamType, DEFAULT_OPERATION};
use edgespan_core::{
    ms_to_nanos, set_value, Event, FlushReport, Handle, KeyValue, Link, LogFields, Payload,
    SpanData, SpanId, SpanKind, SpanType, Status, StatusCode, TraceAttributes, TraceId,
    TraceParent, Value,
};
use std::rc::Rc;

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
    /// `gen_ai.output.messages`, the same way, each with its `finish_reason`.
    pub output_messages_json: Option<&'a str>,
    /// `gen_ai.system_instructions`: JSON text of `[{type: "text", content}]`.
    pub system_instructions_json: Option<&'a str>,
    /// `gen_ai.tool.definitions`: JSON text of the tools offered to the model.
    pub tool_definitions_json: Option<&'a str>,
    /// `gen_ai.usage.input_tokens`.
    pub input_tokens: Option<i64>,
    /// `gen_ai.usage.output_tokens`.
    pub output_tokens: Option<i64>,
    /// `gen_ai.usage.cache_read.input_tokens`.
    pub cached_tokens: Option<i64>,
    /// `gen_ai.usage.cache_creation.input_tokens`.
    pub cache_creation_tokens: Option<i64>,
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
    /// Other request parameters, by our name (`maxTokens`) or the provider's (`max_tokens`,
    /// `max_completion_tokens`, `stop`, `seed`, `tool_choice`, …), each recorded as
    /// `gen_ai.request.<snake_case>`: the sampling ones as numbers (left out when not a number),
    /// the rest as given.
    pub params: &'a [KeyValue],
    /// The answer's text: the span's output, unless one was logged.
    pub answer: Option<&'a str>,
}

impl LlmCall<'_> {
    /// The attributes [`Span::log_llm`] records for this call, keys under `gen_ai.`
    /// (`request.model`, `usage.input_tokens`, …), in the order it sets them.
    pub fn attributes(&self) -> Vec<KeyValue> {
        let call = self;
        let operation = call.operation.unwrap_or(DEFAULT_OPERATION);
        let mut fields: Vec<KeyValue> = Vec::new();
        // Keys from the shared table (edgespan_core::llm), by the field's JS name.
        let mut put = |js_name: &str, v: Option<Value>| {
            if let (Some(key), Some(value)) = (key_of(js_name), v) {
                fields.push(KeyValue {
                    key: key.into(),
                    value,
                });
            }
        };
        let s = |v: Option<&str>| v.map(|x| Value::Str(x.into()));
        put("operation", Some(Value::Str(operation.into())));
        put("provider", s(call.provider));
        put("model", s(call.model));
        put("inputMessages", s(call.input_messages_json));
        put("outputMessages", s(call.output_messages_json));
        put("systemInstructions", s(call.system_instructions_json));
        put("toolDefinitions", s(call.tool_definitions_json));
        put("usage.inputTokens", call.input_tokens.map(Value::Int));
        put("usage.outputTokens", call.output_tokens.map(Value::Int));
        put("usage.cachedTokens", call.cached_tokens.map(Value::Int));
        put(
            "usage.cacheCreationTokens",
            call.cache_creation_tokens.map(Value::Int),
        );
        put(
            "usage.reasoningTokens",
            call.reasoning_tokens.map(Value::Int),
        );
        put("responseId", s(call.response_id));
        put("responseModel", s(call.response_model));
        if !call.finish_reasons.is_empty() {
            let reasons = call
                .finish_reasons
                .iter()
                .map(|r| Value::Str((*r).into()))
                .collect();
            put("finishReasons", Some(Value::Array(reasons)));
        }
        // Request parameters: `gen_ai.request.<snake_case>`, typed as the table says.
        for (k, v) in [
            ("request.temperature", call.temperature.map(Value::Double)),
            ("request.max_tokens", call.max_tokens.map(Value::Int)),
            ("request.top_p", call.top_p.map(Value::Double)),
        ] {
            if let Some(value) = v {
                fields.push(KeyValue::new(k, value));
            }
        }
        for kv in call.params {
            let (key, ty) = param_key(&kv.key);
            let number = match kv.value {
                Value::Int(n) => Some(n as f64),
                Value::Double(x) if x.is_finite() => Some(x),
                _ => None,
            };
            let value = match (ty, number) {
                (ParamType::AsGiven, _) => kv.value.clone(),
                (ParamType::Double, Some(x)) => Value::Double(x),
                (ParamType::Int, Some(x)) => Value::from_number(x.trunc()),
                // A sampling parameter that is not a number is left out, as in the npm package.
                _ => continue,
            };
            fields.push(KeyValue::new(key, value));
        }
        fields
    }
}

/// What a span is, fixed at its start.
pub(crate) struct SpanState {
    pub inner: Rc<Inner>,
    pub h: Handle,
    pub trace_id: TraceId,
    pub span_id: SpanId,
    pub parent_span_id: Option<SpanId>,
    /// W3C trace flags, inherited from the parent.
    pub flags: u8,
    /// The request scope (0: none).
    pub scope: u32,
    /// True for the root of a request scope.
    pub root: bool,
}

/// A span. Every method is safe in any state; after [`Span::end`] they are no-ops.
#[derive(Clone)]
pub struct Span {
    s: Rc<SpanState>,
    ended: Rc<Cell<bool>>,
}

impl core::fmt::Debug for Span {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Span")
            .field("trace_id", &self.s.trace_id.to_hex())
            .field("span_id", &self.s.span_id.to_hex())
            .field("parent_span_id", &self.s.parent_span_id.map(|p| p.to_hex()))
            .field("flags", &self.s.flags)
            .field("ended", &self.ended.get())
            .finish()
    }
}

impl Span {
    pub(crate) fn new(s: SpanState) -> Span {
        Span {
            s: Rc::new(s),
            ended: Rc::new(Cell::new(false)),
        }
    }

    pub(crate) fn flags(&self) -> u8 {
        self.s.flags
    }

    pub(crate) fn scope(&self) -> u32 {
        self.s.scope
    }

    /// The trace id.
    pub fn trace_id(&self) -> TraceId {
        self.s.trace_id
    }
    /// The span id.
    pub fn span_id(&self) -> SpanId {
        self.s.span_id
    }
    /// The parent's span id, if any.
    pub fn parent_span_id(&self) -> Option<SpanId> {
        self.s.parent_span_id
    }
    /// A W3C `traceparent` value naming this span, for outgoing requests. Its flags are the
    /// parent's (a remote parent's `-00` stays `-00`), or sampled for a new trace.
    pub fn traceparent(&self) -> String {
        TraceParent::format(&self.s.trace_id, &self.s.span_id, self.s.flags)
    }
    /// True once [`Span::end`] was called.
    pub fn is_ended(&self) -> bool {
        self.ended.get()
    }

    fn with(&self, f: impl FnOnce(&mut SpanData)) {
        if self.ended.get() {
            return;
        }
        if let Some(s) = self.s.inner.core.borrow_mut().span_mut(self.s.h) {
            f(s);
        }
    }

    /// Sets attributes of the whole trace (session, user, tags, metadata): every span of the trace
    /// the tracer still holds gets them (open, or ended and not yet flushed), and every span of it
    /// recorded later. Spans already delivered by an earlier flush are not sent again.
    ///
    /// ```
    /// # let span = edgespan::Tracer::off("an example").start_span("chat");
    /// use edgespan::TraceAttributes;
    /// span.set_trace_attributes(
    ///     TraceAttributes::new()
    ///         .with_session_id("conv-42")
    ///         .with_user_id("user-7")
    ///         .with_tag("beta")
    ///         .with_metadata("plan", "pro"),
    /// );
    /// ```
    pub fn set_trace_attributes(&self, attrs: TraceAttributes) {
        if self.ended.get() {
            return;
        }
        let mut core = self.s.inner.core.borrow_mut();
        if core.span_mut(self.s.h).is_some() {
            core.set_trace_attributes(self.s.trace_id, &attrs);
        }
    }

    /// Links this span to another (OTLP `Span.links`): the request that scheduled a job, the
    /// HTTP request an MCP call arrived in. [`Span::link`] makes a link to a span of this process.
    ///
    /// ```
    /// # let tracer = edgespan::Tracer::off("an example");
    /// let request = tracer.start_span("request");
    /// let job = tracer.start_span("job");
    /// job.add_link(request.link().with_attribute("link.kind", "scheduled_by"));
    /// ```
    pub fn add_link(&self, link: Link) {
        self.with(|s| {
            s.add_link(link);
        });
    }

    /// A link to this span, for [`Span::add_link`] on another.
    pub fn link(&self) -> Link {
        Link {
            trace_id: self.s.trace_id,
            span_id: self.s.span_id,
            trace_state: String::new(),
            attributes: Vec::new(),
        }
    }

    /// Sets an attribute (replacing an earlier value of the same key).
    pub fn set_attribute(&self, key: &str, value: impl Into<Value>) {
        let Some(v) = self.private(key, value.into()) else {
            return;
        };
        self.with(|s| s.set_attribute(key, v));
    }

    /// `v` of field `key` as it is recorded (see [`Tracer::with_mask`]); `None` leaves it out.
    fn private(&self, key: &str, v: Value) -> Option<Value> {
        if self.ended.get() || edgespan_core::privacy::carries(key).is_none() {
            return Some(v);
        }
        match v {
            Value::Str(t) => Tracer::private(&self.s.inner, key, &t).map(Value::Str),
            // Not text: kept or left out whole, as the configuration says.
            other => Tracer::private(&self.s.inner, key, "").map(|_| other),
        }
    }

    /// A payload of field `key` as it is recorded.
    fn private_payload(&self, key: &str, p: Option<Payload>) -> Option<Payload> {
        match p? {
            Payload::Text(t) => Tracer::private(&self.s.inner, key, &t).map(Payload::Text),
            Payload::Json(t) => Tracer::private(&self.s.inner, key, &t).map(Payload::Json),
        }
    }

    /// Records input, output, metadata, metrics and tags, merged as `span.log` does in JS:
    /// input and output replace, metadata and metrics merge by key, tags are added once.
    pub fn log(&self, fields: LogFields) {
        if self.ended.get() {
            return;
        }
        let input = self.private_payload("input", fields.input);
        let output = self.private_payload("output", fields.output);
        self.with(|s| {
            let log = &mut s.log;
            if input.is_some() {
                log.input = input;
            }
            if output.is_some() {
                log.output = output;
            }
            for (list, new) in [
                (&mut log.metadata, fields.metadata),
                (&mut log.metrics, fields.metrics),
                (&mut log.llm, fields.llm),
            ] {
                for kv in new {
                    set_value(list, &kv.key, kv.value);
                }
            }
            for t in fields.tags {
                if !log.tags.contains(&t) {
                    log.tags.push(t);
                }
            }
            // A type given here is the span's, as `set_type` would make it; `Unset` keeps it.
            if fields.span_type != edgespan_core::SpanType::Unset {
                log.span_type = fields.span_type;
            }
        });
    }

    /// Records an LLM call with the GenAI conventions (typed `gen_ai.*` attributes, mapped when
    /// encoding); sets the kind CLIENT and, when the span has no name, `{operation} {model}`.
    pub fn log_llm(&self, call: LlmCall<'_>) {
        let operation = call.operation.unwrap_or(DEFAULT_OPERATION);
        let name = match call.model {
            Some(m) => [operation, " ", m].concat(),
            None => operation.into(),
        };
        if self.ended.get() {
            return;
        }
        // Messages, instructions and the answer as the privacy settings record them.
        let fields: Vec<KeyValue> = call
            .attributes()
            .into_iter()
            .filter_map(|kv| {
                let full = ["gen_ai.", &kv.key].concat();
                let value = self.private(&full, kv.value)?;
                Some(KeyValue::new(kv.key, value))
            })
            .collect();
        let answer = call
            .answer
            .and_then(|a| Tracer::private(&self.s.inner, "output", a));
        self.with(|span| {
            for kv in fields {
                set_value(&mut span.log.llm, &kv.key, kv.value);
            }
            span.kind = SpanKind::Client;
            if span.name.is_empty() {
                span.name = name;
            }
            if let (Some(answer), None) = (answer, &span.log.output) {
                span.log.output = Some(Payload::Text(answer));
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
        let now = ms_to_nanos(self.s.inner.transport.now_ms());
        self.with(|s| s.record_error(kind, message, "", now));
    }

    /// Adds a timestamped event.
    pub fn add_event(&self, name: &str, attributes: Vec<KeyValue>) {
        let time_ns = ms_to_nanos(self.s.inner.transport.now_ms());
        self.with(|s| {
            s.events.push(Event {
                name: name.into(),
                time_ns,
                attributes,
            })
        });
    }

    /// Sets what the span is (`SpanType::Tool`, say), for every backend's own spelling. A span
    /// with `log_llm` fields and no type is `llm`; any other span without one is `chain`.
    pub fn set_type(&self, span_type: SpanType) {
        self.with(|s| s.log.span_type = span_type);
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

    /// True when its tracer is off ([`Tracer::off`]).
    #[cfg(feature = "worker")]
    pub(crate) fn is_off(&self) -> bool {
        self.s.inner.off.is_some()
    }

    /// `fut` with this span current ([`crate::current_span`]) during each of its polls: the
    /// parent of `tracing` spans opened inside it. [`crate::worker::instrument`] runs its handler
    /// this way with the request's root.
    pub fn scoped<F: Future>(&self, fut: F) -> impl Future<Output = F::Output> {
        crate::current::Scoped::new(self.clone(), fut)
    }

    /// Renames the span (a request's root once the route is known: `GET /chat/:id`).
    pub fn update_name(&self, name: &str) {
        self.with(|s| s.name = name.into());
    }

    /// Runs `f` in a child span that ends when its future completes; an `Err` is recorded on the
    /// span (as an `exception` event and status ERROR) and returned unchanged.
    pub async fn traced<T, E, F, Fut>(&self, name: &str, f: F) -> Result<T, E>
    where
        F: FnOnce(Span) -> Fut,
        Fut: Future<Output = Result<T, E>>,
        E: core::fmt::Display,
    {
        crate::tracer::run_traced(self.start_span(name), f).await
    }

    /// Starts a child span.
    pub fn start_span(&self, name: &str) -> Span {
        Tracer {
            inner: self.s.inner.clone(),
        }
        .start(name, SpanKind::Internal, SpanParent::Span(self), false)
    }

    /// Ends the span now. Idempotent.
    pub fn end(&self) {
        if self.ended.replace(true) {
            return;
        }
        let now = ms_to_nanos(self.s.inner.transport.now_ms());
        self.s.inner.core.borrow_mut().end_span(self.s.h, now);
    }

    /// Ends a request scope started with [`Tracer::start_trace`]: this span, then every span of
    /// the scope still open as incomplete, then flushes. On other spans: ends and flushes.
    pub fn finish(&self) -> impl Future<Output = FlushReport> + 'static {
        self.end();
        if self.s.root {
            let now = ms_to_nanos(self.s.inner.transport.now_ms());
            self.s.inner.core.borrow_mut().end_scope(
                self.s.scope,
                "span was still open when its trace finished",
                now,
            );
        }
        Tracer {
            inner: self.s.inner.clone(),
        }
        .flush()
    }
}
