//! The public Rust API over a scripted transport with a virtual clock: spans, `traced` with `Err`
//! and with an early return, request scopes, flush reports, retries and the deadline.

use edgespan::{
    Config, HttpRequest, HttpResponse, LocalFuture, Payload, Protocol, SpanKind, SpanParent,
    Tracer, Transport, TransportError,
};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Answers each request from a script (the last answer repeats); sleeping moves a virtual clock.
#[derive(Clone)]
struct Scripted {
    now: Rc<Cell<f64>>,
    answers: Rc<RefCell<VecDeque<Result<u16, TransportError>>>>,
    sent: Rc<RefCell<Vec<HttpRequest>>>,
}

impl Scripted {
    fn new(answers: &[Result<u16, TransportError>]) -> Self {
        Scripted {
            now: Rc::new(Cell::new(1_763_800_000_000.0)),
            answers: Rc::new(RefCell::new(answers.iter().cloned().collect())),
            sent: Rc::default(),
        }
    }
}

impl Transport for Scripted {
    fn send(&self, request: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>> {
        self.sent.borrow_mut().push(request);
        let mut a = self.answers.borrow_mut();
        let answer = if a.len() > 1 {
            a.pop_front().unwrap()
        } else {
            a.front().cloned().unwrap_or(Ok(200))
        };
        self.now.set(self.now.get() + 5.0);
        Box::pin(async move { answer.map(|status| HttpResponse::new(status, Vec::new())) })
    }
    fn sleep(&self, ms: f64) -> LocalFuture<()> {
        self.now.set(self.now.get() + ms);
        Box::pin(async {})
    }
    fn now_ms(&self) -> f64 {
        self.now.get()
    }
}

/// Runs a future whose every step is ready (the scripted transport never blocks).
fn block_on<T>(f: impl Future<Output = T>) -> T {
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..100_000 {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
    panic!("future did not finish");
}

fn json_config() -> Config {
    Config::new("http://127.0.0.1:4318/v1/traces")
        .with_service_name("rust-svc")
        .with_protocol(Protocol::Json)
}

fn spans(t: &Scripted, i: usize) -> Vec<opentelemetry_proto::tonic::trace::v1::Span> {
    let req: ExportTraceServiceRequest = serde_json::from_slice(&t.sent.borrow()[i].body).unwrap();
    req.resource_spans[0].scope_spans[0].spans.clone()
}

#[test]
fn spans_log_and_flush() {
    let net = Scripted::new(&[Ok(200)]);
    let tracer = Tracer::with_transport(
        json_config().with_header("authorization", "Bearer k"),
        net.clone(),
    )
    .unwrap();
    let root = tracer.start_span_with("request", SpanKind::Server, SpanParent::None);
    let child = root.start_span("llm.call");
    child.log_input("What is 2+2?");
    child.log(edgespan::LogFields {
        output: Some(Payload::Json("{\"a\":4}".into())),
        ..Default::default()
    });
    child.set_attribute("tokens", 12i64);
    child.set_attribute("model", "gpt-4o-mini");
    child.end();
    child.end();
    assert!(child.is_ended());
    root.end();
    assert_eq!(child.parent_span_id(), Some(root.span_id()));
    assert_eq!(
        root.traceparent(),
        format!(
            "00-{}-{}-01",
            root.trace_id().to_hex(),
            root.span_id().to_hex()
        )
    );
    let report = block_on(tracer.flush());
    assert_eq!((report.exported, report.requests, report.failed), (2, 1, 0));
    let sent = net.sent.borrow()[0].clone();
    assert_eq!(sent.url, "http://127.0.0.1:4318/v1/traces");
    assert!(sent
        .headers
        .contains(&("authorization".into(), "Bearer k".into())));
    assert!(sent
        .headers
        .contains(&("content-type".into(), "application/json".into())));
    let got = spans(&net, 0);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].name, "llm.call");
    assert_eq!(got[0].parent_span_id, root.span_id().0.to_vec());
    assert!(got[0].attributes.iter().any(|kv| kv.key == "input.value"));
    // Nothing left: the next flush sends nothing.
    assert_eq!(block_on(tracer.flush()).requests, 0);
}

#[derive(Debug)]
struct Boom;
impl std::fmt::Display for Boom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("model unavailable")
    }
}

#[test]
fn traced_records_err_and_returns_it_unchanged() {
    let net = Scripted::new(&[Ok(200)]);
    let tracer = Tracer::with_transport(json_config(), net.clone()).unwrap();
    let failed: Result<u32, Boom> = block_on(tracer.traced("fails", |span| async move {
        span.log_input("x");
        Err(Boom)
    }));
    assert!(failed.is_err());
    let ok: Result<u32, Boom> =
        block_on(tracer.traced("returns early", |_span| async move { Ok(7) }));
    assert_eq!(ok.unwrap(), 7);
    block_on(tracer.flush());
    let got = spans(&net, 0);
    let f = got.iter().find(|s| s.name == "fails").unwrap();
    assert_eq!(f.status.as_ref().unwrap().code, 2);
    assert_eq!(f.status.as_ref().unwrap().message, "model unavailable");
    assert_eq!(f.events[0].name, "exception");
    let ok = got.iter().find(|s| s.name == "returns early").unwrap();
    assert!(ok.status.as_ref().is_none_or(|s| s.code == 0));
}

#[test]
fn scopes_retries_deadline_and_shutdown() {
    // 503, 503, 200: delivered with two retries, on the virtual clock.
    let net = Scripted::new(&[Ok(503), Ok(503), Ok(200)]);
    let tracer = Tracer::with_transport(json_config(), net.clone()).unwrap();
    let root = tracer.start_trace(
        "GET /",
        SpanKind::Server,
        SpanParent::TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
    );
    assert_eq!(root.trace_id().to_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
    let forgotten = root.start_span("forgotten");
    let report = block_on(root.finish());
    assert_eq!(
        (report.exported, report.retried, report.requests),
        (2, 2, 3)
    );
    assert_eq!(report.unfinished.len(), 1);
    assert!(report.unfinished[0].incomplete);
    let got = spans(&net, 2);
    let f = got
        .iter()
        .find(|s| s.span_id == forgotten.span_id().0.to_vec())
        .unwrap();
    assert!(f
        .attributes
        .iter()
        .any(|kv| kv.key == "edgespan.incomplete"));

    // A collector that is down: the flush ends by its deadline, spans pending, no panic.
    let down = Scripted::new(&[Err(TransportError::Network("refused".into()))]);
    let t2 = Tracer::with_transport(json_config().with_timeout_ms(3_000), down.clone()).unwrap();
    t2.start_span("x").end();
    let t0 = down.now_ms();
    let r = block_on(t2.flush());
    assert_eq!((r.exported, r.pending), (0, 1));
    assert!(down.now_ms() - t0 <= 3_000.0 + 1e-6);
    assert!(
        r.errors[0].contains("network error: refused"),
        "{:?}",
        r.errors
    );

    // Shutdown ends what is open and makes later spans no-ops.
    let net3 = Scripted::new(&[Ok(200)]);
    let t3 = Tracer::with_transport(json_config(), net3.clone()).unwrap();
    let _open = t3.start_span("open");
    assert_eq!(block_on(t3.shutdown()).exported, 1);
    t3.start_span("after").end();
    assert_eq!(block_on(t3.flush()).requests, 0);
}

#[test]
fn bad_configuration_is_refused_at_construction() {
    let net = Scripted::new(&[]);
    assert!(Tracer::with_transport(Config::new("not a url"), net.clone()).is_err());
    let gz = Tracer::with_transport(
        json_config().with_compression(edgespan::Compression::Gzip),
        net.clone(),
    );
    assert!(gz.err().unwrap().message().contains("gzip"));
    // Protobuf by default.
    let t = Tracer::with_transport(Config::new("http://c/v1/traces"), net.clone()).unwrap();
    t.start_span("p").end();
    block_on(t.flush());
    assert!(net.sent.borrow()[0]
        .headers
        .contains(&("content-type".into(), "application/x-protobuf".into())));
}

/// Sends stay pending until `open` is set; sleeping and time as in `Scripted`.
#[derive(Clone)]
struct Gated {
    inner: Scripted,
    open: Rc<Cell<bool>>,
}

impl Transport for Gated {
    fn send(&self, request: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>> {
        let open = self.open.clone();
        let answer = self.inner.send(request);
        Box::pin(async move {
            std::future::poll_fn(|_| {
                if open.get() {
                    Poll::Ready(())
                } else {
                    Poll::Pending
                }
            })
            .await;
            answer.await
        })
    }
    fn sleep(&self, _ms: f64) -> LocalFuture<()> {
        // Never fires within these tests: only the gate moves things.
        Box::pin(std::future::pending())
    }
    fn now_ms(&self) -> f64 {
        self.inner.now_ms()
    }
}

#[test]
fn a_later_flush_waits_for_an_earlier_one_in_flight() {
    let gated = Gated {
        inner: Scripted::new(&[Ok(200)]),
        open: Rc::new(Cell::new(false)),
    };
    let tracer = Tracer::with_transport(json_config(), gated.clone()).unwrap();
    tracer.start_span("a").end();
    let mut first = Box::pin(tracer.flush());
    let mut second = Box::pin(tracer.flush()); // nothing of its own to send
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..10 {
        assert!(first.as_mut().poll(&mut cx).is_pending());
        assert!(
            second.as_mut().poll(&mut cx).is_pending(),
            "must wait for the earlier flush"
        );
    }
    gated.open.set(true);
    let a = loop {
        if let Poll::Ready(r) = first.as_mut().poll(&mut cx) {
            break r;
        }
    };
    assert_eq!(a.exported, 1);
    let b = loop {
        if let Poll::Ready(r) = second.as_mut().poll(&mut cx) {
            break r;
        }
    };
    assert_eq!((b.exported, b.requests), (0, 0));
    assert!(b.errors.is_empty());
    assert_eq!(gated.inner.sent.borrow().len(), 1, "no span sent twice");
}

#[test]
fn log_llm_sets_typed_gen_ai_attributes_kind_and_name() {
    use opentelemetry_proto::tonic::common::v1::any_value::Value as V;
    let net = Scripted::new(&[Ok(200)]);
    let tracer = Tracer::with_transport(json_config(), net.clone()).unwrap();
    let span = tracer.start_span("");
    span.log_llm(edgespan::LlmCall {
        provider: Some("openai"),
        model: Some("gpt-4o-mini"),
        input_tokens: Some(812),
        output_tokens: Some(41),
        temperature: Some(1.0),
        max_tokens: Some(256),
        finish_reasons: &["stop"],
        input_messages_json: Some(r#"[{"role":"user","parts":[{"type":"text","content":"hi"}]}]"#),
        ..Default::default()
    });
    span.end();
    block_on(tracer.flush());
    let s = &spans(&net, 0)[0];
    assert_eq!(s.name, "chat gpt-4o-mini");
    assert_eq!(s.kind, 3);
    let get = |k: &str| {
        s.attributes
            .iter()
            .find(|kv| kv.key == k)
            .and_then(|kv| kv.value.clone())
            .and_then(|v| v.value)
    };
    assert_eq!(
        get("gen_ai.provider.name"),
        Some(V::StringValue("openai".into()))
    );
    assert_eq!(get("gen_ai.usage.input_tokens"), Some(V::IntValue(812)));
    assert_eq!(get("gen_ai.request.temperature"), Some(V::DoubleValue(1.0)));
    assert_eq!(get("gen_ai.request.max_tokens"), Some(V::IntValue(256)));
    assert!(matches!(
        get("gen_ai.response.finish_reasons"),
        Some(V::ArrayValue(_))
    ));
    assert!(matches!(
        get("gen_ai.input.messages"),
        Some(V::StringValue(_))
    ));
}

#[test]
fn sampling_decides_at_the_head_and_keeps_error_scopes() {
    let net = Scripted::new(&[Ok(200), Ok(200), Ok(200)]);
    let cfg = json_config().with_sampling(
        edgespan::Sampling::default()
            .with_ratio(0.0)
            .with_keep_errors(true),
    );
    let tracer = Tracer::with_transport(cfg, net.clone()).unwrap();
    let quiet = tracer.start_trace("quiet", SpanKind::Server, SpanParent::None);
    assert!(
        quiet.traceparent().ends_with("-00"),
        "{}",
        quiet.traceparent()
    );
    quiet.start_span("child").end();
    let r = block_on(quiet.finish());
    assert_eq!((r.exported, r.sampled_out), (0, 2));
    let failing = tracer.start_trace("failing", SpanKind::Server, SpanParent::None);
    let bad = failing.start_span("bad");
    bad.set_status(edgespan::StatusCode::Error, "boom");
    bad.end();
    let r = block_on(failing.finish());
    assert_eq!((r.exported, r.sampled_out), (2, 0));
    let caller = tracer.start_trace(
        "caller sampled",
        SpanKind::Server,
        SpanParent::TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
    );
    assert_eq!(block_on(caller.finish()).exported, 1);
}

#[test]
fn debug_never_prints_a_header_value_or_url_credentials() {
    let cfg = Config::new("https://alice:pw-secret-123@collector.example/v1/traces")
        .with_header("authorization", "Bearer sk-live-123456789")
        .with_exporter(
            Config::new("https://bob:other-secret-456@second.example/v1/traces")
                .with_header("x-api-key", "key-secret-789")
                .into(),
        );
    let printed = format!("{cfg:?}");
    for secret in [
        "sk-live-123456789",
        "pw-secret-123",
        "other-secret-456",
        "key-secret-789",
        "alice",
        "bob",
    ] {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
    assert!(
        printed.contains("\"authorization\"") && printed.contains("[redacted]"),
        "{printed}"
    );
    assert!(printed.contains("collector.example/v1/traces"), "{printed}");
    let request = HttpRequest::new(
        "https://alice:pw-secret-123@collector.example/v1/traces",
        vec![1, 2, 3],
    )
    .with_header("authorization", "Bearer sk-live-123456789")
    .with_timeout_ms(1.0);
    let printed = format!("{request:?}");
    assert!(
        !printed.contains("sk-live") && !printed.contains("pw-secret"),
        "{printed}"
    );
    assert!(printed.contains("body_bytes: 3"), "{printed}");
    let mut secrets = edgespan_core::Secrets::default();
    secrets.add_header_value("Bearer sk-live-123456789");
    assert!(!format!("{secrets:?}").contains("sk-live"));
}

#[test]
fn log_honours_every_field_it_takes_the_span_type_too() {
    let net = Scripted::new(&[Ok(200)]);
    let tracer = Tracer::with_transport(json_config(), net.clone()).unwrap();
    let span = tracer.start_span("weather");
    span.log(edgespan::LogFields {
        span_type: edgespan::SpanType::Tool,
        ..Default::default()
    });
    // A later log without a type keeps it.
    span.log_input("Paris");
    span.end();
    let report = block_on(tracer.flush());
    assert_eq!(report.exported, 1);
    let s = &spans(&net, 0)[0];
    let kind = s
        .attributes
        .iter()
        .find(|kv| kv.key == "openinference.span.kind")
        .and_then(|kv| kv.value.clone())
        .and_then(|v| v.value);
    assert_eq!(
        kind,
        Some(opentelemetry_proto::tonic::common::v1::any_value::Value::StringValue("TOOL".into()))
    );
    // The types of public fields are nameable from the crate.
    let _: Option<&edgespan::ExporterReport> = report.exporters.first();
    let _: edgespan::Backend = Config::new("http://c/v1/traces").backend;
    let _: Option<edgespan::Logs3Target> = Config::new("http://c/v1/traces").logs3;
}

#[test]
fn everyday_values_convert_and_ids_print_as_hex() {
    use edgespan::{KeyValue, Payload, SpanId, TraceId, Value};
    assert_eq!(Value::from(200u16), Value::Int(200));
    assert_eq!(Value::from(3usize), Value::Int(3));
    assert_eq!(Value::from(-7i8), Value::Int(-7));
    assert_eq!(Value::from(u64::MAX), Value::Double(u64::MAX as f64));
    assert_eq!(Value::from(1.5f32), Value::Double(1.5));
    assert_eq!(Value::from(&String::from("s")), Value::Str("s".into()));
    assert_eq!(Value::from('x'), Value::Str("x".into()));
    assert_eq!(
        Value::from(vec![1u8, 2]),
        Value::Array(vec![Value::Int(1), Value::Int(2)])
    );
    assert_eq!(
        Value::from(&["a", "b"][..]),
        Value::Array(vec![Value::Str("a".into()), Value::Str("b".into())])
    );
    assert_eq!(KeyValue::new("n", 1u32).value, Value::Int(1));
    assert_eq!(Payload::from("hi"), Payload::Text("hi".into()));
    assert_eq!(
        Payload::from(String::from("hi")),
        Payload::Text("hi".into())
    );
    let t = TraceId::from_hex("0af7651916cd43dd8448eb211c80319c").unwrap();
    let s = SpanId::from_hex("b7ad6b7169203331").unwrap();
    assert_eq!(
        format!("{t:?} {s:?}"),
        "TraceId(0af7651916cd43dd8448eb211c80319c) SpanId(b7ad6b7169203331)"
    );
    assert_eq!(
        format!("{t}-{s}"),
        "0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331"
    );
}

#[test]
fn a_child_is_traced_and_a_root_renamed() {
    let net = Scripted::new(&[Ok(200)]);
    let tracer = Tracer::with_transport(json_config(), net.clone()).unwrap();
    let root = tracer.start_span("GET");
    root.update_name("GET /chat/:id");
    root.set_attribute("http.response.status_code", 200u16);
    root.set_attribute("items", 3usize);
    let label = String::from("blue");
    root.set_attribute("label", &label);
    let failed: Result<(), String> =
        block_on(root.traced("step", |_s| async { Err(String::from("boom")) }));
    assert_eq!(failed, Err("boom".into()));
    root.end();
    assert_eq!(block_on(tracer.flush()).exported, 2);
    let spans = spans(&net, 0);
    let step = spans.iter().find(|s| s.name == "step").unwrap();
    let top = spans.iter().find(|s| s.name == "GET /chat/:id").unwrap();
    assert_eq!(
        step.parent_span_id, top.span_id,
        "a child of the span it ran in"
    );
    assert_eq!(step.status.as_ref().unwrap().code, 2, "ERROR");
    assert!(top.attributes.iter().any(|a| a.key == "label"));
}

#[test]
fn a_tracer_that_is_off_runs_the_code_and_says_why() {
    let t = Tracer::off("edgespan: tracing is off: no endpoint");
    assert_eq!(
        t.off_reason(),
        Some("edgespan: tracing is off: no endpoint")
    );
    let root = t.start_span("GET");
    root.set_attribute("n", 1u8);
    let child = root.start_span("child");
    child.end();
    let ok: Result<u8, String> = block_on(root.traced("step", |_s| async { Ok(3) }));
    assert_eq!(ok, Ok(3));
    let report = block_on(root.finish());
    assert!(!report.is_ok());
    assert_eq!(report.exported, 0);
    assert_eq!(
        report.errors,
        vec!["edgespan: tracing is off: no endpoint".to_string()]
    );
    assert!(
        format!("{report}").ends_with(": edgespan: tracing is off: no endpoint"),
        "{report}"
    );
    assert_eq!(block_on(t.flush()).errors.len(), 1, "every flush says why");
}

#[test]
fn reports_and_transport_errors_print_one_line() {
    let net = Scripted::new(&[Ok(200)]);
    let tracer = Tracer::with_transport(json_config(), net.clone()).unwrap();
    tracer.start_span("a").end();
    let r = block_on(tracer.flush());
    assert!(r.is_ok());
    assert!(
        format!("{r}").starts_with("exported 1, failed 0, dropped 0, pending 0 (1 requests, "),
        "{r}"
    );
    assert_eq!(TransportError::Timeout.to_string(), "timed out");
    assert_eq!(
        TransportError::Network("refused".into()).to_string(),
        "network error: refused"
    );
}

/// An OpenAI chat request and answer, and an Anthropic one, as their APIs send them: the GenAI
/// attributes, the answer as the span's output, and the parameters under their GenAI names.
#[cfg(feature = "json")]
#[test]
fn log_llm_json_reads_the_providers_own_json() {
    use edgespan::LlmJson;
    use opentelemetry_proto::tonic::common::v1::any_value::Value as V;
    use serde_json::json;
    let net = Scripted::new(&[Ok(200)]);
    let tracer = Tracer::with_transport(json_config(), net.clone()).unwrap();
    let openai = tracer.start_span("");
    openai.log_llm_json(&LlmJson::openai_chat(
        &json!({
            "model": "gpt-4o-mini",
            "messages": [{ "role": "system", "content": "Be brief." }, { "role": "user", "content": "Weather in Paris?" }],
            "tools": [{ "type": "function", "function": { "name": "get_weather", "parameters": { "type": "object" } } }],
            "max_completion_tokens": 64,
            "temperature": 0.2,
            "stop": ["\n\n"],
        }),
        &json!({
            "id": "chatcmpl-1",
            "model": "gpt-4o-mini-2024-07-18",
            "choices": [{ "index": 0, "message": { "role": "assistant", "content": null, "tool_calls": [{ "id": "call_1", "type": "function", "function": { "name": "get_weather", "arguments": "{\"city\":\"Paris\"}" } }] }, "finish_reason": "tool_calls" }],
            "usage": { "prompt_tokens": 40, "completion_tokens": 9, "total_tokens": 49, "prompt_tokens_details": { "cached_tokens": 32 } },
        }),
    ));
    openai.end();
    let anthropic = tracer.start_span("");
    anthropic.log_output("logged by the app");
    anthropic.log_llm_json(&LlmJson::anthropic_messages(
        &json!({ "model": "claude-sonnet-4-5", "system": "Be brief.", "max_tokens": 256, "messages": [{ "role": "user", "content": "2+2?" }] }),
        &json!({ "id": "msg_1", "model": "claude-sonnet-4-5", "content": [{ "type": "text", "text": "4" }], "stop_reason": "end_turn", "usage": { "input_tokens": 5, "cache_read_input_tokens": 100, "output_tokens": 1 } }),
    ));
    anthropic.end();
    block_on(tracer.flush());
    let sent = spans(&net, 0);
    let get = |s: &opentelemetry_proto::tonic::trace::v1::Span, k: &str| {
        s.attributes
            .iter()
            .find(|kv| kv.key == k)
            .and_then(|kv| kv.value.clone())
            .and_then(|v| v.value)
    };
    let text = |s, k| match get(s, k) {
        Some(V::StringValue(t)) => t,
        other => panic!("{k}: {other:?}"),
    };
    let (o, a) = (&sent[0], &sent[1]);
    assert_eq!(o.name, "chat gpt-4o-mini");
    assert_eq!(o.kind, 3);
    assert_eq!(text(o, "gen_ai.provider.name"), "openai");
    assert_eq!(get(o, "gen_ai.request.max_tokens"), Some(V::IntValue(64)));
    assert_eq!(
        get(o, "gen_ai.request.temperature"),
        Some(V::DoubleValue(0.2))
    );
    assert_eq!(get(o, "gen_ai.usage.input_tokens"), Some(V::IntValue(40)));
    assert_eq!(
        get(o, "gen_ai.usage.cache_read.input_tokens"),
        Some(V::IntValue(32))
    );
    assert_eq!(text(o, "gen_ai.response.model"), "gpt-4o-mini-2024-07-18");
    let out: serde_json::Value = serde_json::from_str(&text(o, "gen_ai.output.messages")).unwrap();
    assert_eq!(
        out,
        json!([{ "role": "assistant", "parts": [{ "type": "tool_call", "id": "call_1", "name": "get_weather", "arguments": { "city": "Paris" } }], "finish_reason": "tool_call" }])
    );
    let tools: serde_json::Value =
        serde_json::from_str(&text(o, "gen_ai.tool.definitions")).unwrap();
    assert_eq!(
        tools,
        json!([{ "type": "function", "name": "get_weather", "parameters": { "type": "object" } }])
    );
    assert!(matches!(
        get(o, "gen_ai.request.stop_sequences"),
        Some(V::ArrayValue(_))
    ));
    // Anthropic: cached input counted into the input tokens, as GenAI counts them; the system
    // prompt as instructions; the app's own output kept.
    assert_eq!(a.name, "chat claude-sonnet-4-5");
    assert_eq!(get(a, "gen_ai.usage.input_tokens"), Some(V::IntValue(105)));
    assert_eq!(
        text(a, "gen_ai.system_instructions"),
        r#"[{"type":"text","content":"Be brief."}]"#
    );
    assert_eq!(text(a, "output.value"), "logged by the app");
    assert_eq!(text(a, "gen_ai.response.id"), "msg_1");
    // With no output logged, the answer text is the output.
    let a2 = tracer.start_span("");
    a2.log_llm_json(&LlmJson::anthropic_messages(
        &json!({ "model": "m", "messages": [] }),
        &json!({ "content": [{ "type": "text", "text": "It is 4." }], "stop_reason": "end_turn" }),
    ));
    a2.end();
    block_on(tracer.flush());
    let later = spans(&net, 1);
    assert_eq!(text(&later[0], "output.value"), "It is 4.");
}

/// `with_record_inputs(false)` keeps prompts out of every span (log, log_llm, attributes) while
/// the model, token counts and answers stay; a mask rewrites the text of every prompt and answer
/// before it is recorded, and `None` leaves the field out.
#[test]
fn privacy_record_inputs_and_mask() {
    let net = Scripted::new(&[Ok(200)]);
    let tracer =
        Tracer::with_transport(json_config().with_record_inputs(false), net.clone()).unwrap();
    let s = tracer.start_span("chat");
    s.log_input("SECRET-PROMPT");
    s.log_output("the answer");
    s.set_attribute("ai.prompt", "SECRET-PROMPT");
    s.log_llm(edgespan::LlmCall {
        model: Some("m"),
        input_messages_json: Some(
            r#"[{"role":"user","parts":[{"type":"text","content":"SECRET-PROMPT"}]}]"#,
        ),
        input_tokens: Some(3),
        ..Default::default()
    });
    s.end();
    block_on(tracer.flush());
    let body = String::from_utf8(net.sent.borrow()[0].body.clone()).unwrap();
    assert!(!body.contains("SECRET"), "{body}");
    for kept in [
        "the answer",
        "gen_ai.request.model",
        "gen_ai.usage.input_tokens",
    ] {
        assert!(body.contains(kept), "{kept} stays");
    }

    let net = Scripted::new(&[Ok(200)]);
    let tracer = Tracer::with_transport(json_config(), net.clone())
        .unwrap()
        .with_mask(|field, text| {
            (field != "gen_ai.tool.call.result").then(|| text.replace("bob@example.com", "<email>"))
        });
    let s = tracer.start_span("chat");
    s.log_input("mail bob@example.com");
    s.set_attribute("gen_ai.tool.call.arguments", r#"{"to":"bob@example.com"}"#);
    s.set_attribute("gen_ai.tool.call.result", "left out");
    s.set_attribute("note", "bob@example.com is not a prompt field");
    s.log_llm(edgespan::LlmCall {
        output_messages_json: Some(
            r#"[{"role":"assistant","parts":[{"type":"text","content":"hi bob@example.com"}]}]"#,
        ),
        answer: Some("hi bob@example.com"),
        ..Default::default()
    });
    s.end();
    block_on(tracer.flush());
    let body = String::from_utf8(net.sent.borrow()[0].body.clone()).unwrap();
    assert_eq!(
        body.matches("bob@example.com").count(),
        1,
        "only the attribute that is not a prompt: {body}"
    );
    assert!(!body.contains("left out"));
    assert!(body.contains("mail <email>"));
}

/// `Span::add_link` sends an OTLP link to the span `Span::link` names.
#[test]
fn add_link_sends_an_otlp_link() {
    let net = Scripted::new(&[Ok(200)]);
    let tracer = Tracer::with_transport(json_config(), net.clone()).unwrap();
    let request = tracer.start_span("request");
    request.end();
    let job = tracer.start_span("job");
    job.add_link(request.link().with_attribute("link.kind", "scheduled_by"));
    job.end();
    block_on(tracer.flush());
    let sent = spans(&net, 0);
    let job = sent.iter().find(|s| s.name == "job").unwrap();
    assert_eq!(job.links.len(), 1);
    assert_eq!(job.links[0].span_id, request.span_id().0.to_vec());
    assert_eq!(job.links[0].trace_id, request.trace_id().0.to_vec());
    assert_eq!(job.links[0].attributes[0].key, "link.kind");
}
