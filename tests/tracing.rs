//! The `tracing` layer (feature `tracing`): `#[tracing::instrument]` functions and `info_span!`
//! inside a span made current with `Span::scoped` become its children, fields become attributes,
//! events span events, an `err` return the span's error, and `current_span()` inside an
//! instrumented function is that function's span.
#![cfg(feature = "tracing")]

use edgespan::{
    current_span, Config, HttpRequest, HttpResponse, LlmCall, LocalFuture, Protocol, Tracer,
    Transport, TransportError,
};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value as Any;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use tracing_subscriber::prelude::*;

#[derive(Clone, Default)]
struct Capture(Rc<RefCell<Vec<Vec<u8>>>>);

impl Transport for Capture {
    fn send(&self, request: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>> {
        self.0.borrow_mut().push(request.body.clone());
        Box::pin(async { Ok(HttpResponse::new(200, Vec::new())) })
    }
    fn sleep(&self, _ms: f64) -> LocalFuture<()> {
        Box::pin(async {})
    }
    fn now_ms(&self) -> f64 {
        1_763_800_000_000.0
    }
}

fn block_on<T>(f: impl Future<Output = T>) -> T {
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

#[derive(Debug)]
struct NotFound;
impl std::fmt::Display for NotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no such city")
    }
}

#[tracing::instrument(fields(units = "metric"))]
async fn weather(city: &str) -> Result<u32, NotFound> {
    tracing::info!(source = "cache", "looked up");
    let lookup = tracing::info_span!("lookup", city = city, hits = 0u64);
    {
        let _e = lookup.enter();
        lookup.record("hits", 2u64);
    }
    current_span().log_llm(LlmCall {
        provider: Some("openai"),
        model: Some("gpt-4o-mini"),
        ..Default::default()
    });
    if city == "Atlantis" {
        return Err(NotFound);
    }
    Ok(21)
}

#[tracing::instrument(err)]
async fn forecast(city: &str) -> Result<u32, NotFound> {
    weather(city).await
}

#[test]
fn tracing_spans_become_children_of_the_current_span() {
    let net = Capture::default();
    let tracer = Tracer::with_transport(
        Config::new("http://127.0.0.1:4318/v1/traces").with_protocol(Protocol::Json),
        net.clone(),
    )
    .unwrap();
    let subscriber = tracing_subscriber::registry().with(edgespan::tracing::layer());
    let _guard = tracing::subscriber::set_default(subscriber);

    let root = tracer.start_span("GET /forecast");
    assert_eq!(block_on(root.scoped(forecast("Paris"))).ok(), Some(21));
    assert!(block_on(root.scoped(forecast("Atlantis"))).is_err());
    // Outside any span: a span that records nothing (the count below has no trace of it).
    current_span().log_input("nowhere");
    current_span().end();
    root.end();
    assert_eq!(block_on(tracer.flush()).exported, 7);

    let body: ExportTraceServiceRequest = serde_json::from_slice(&net.0.borrow()[0]).unwrap();
    let spans = &body.resource_spans[0].scope_spans[0].spans;
    let attr = |s: &opentelemetry_proto::tonic::trace::v1::Span, k: &str| {
        s.attributes
            .iter()
            .find(|a| a.key == k)
            .and_then(|a| a.value.clone())
            .and_then(|v| v.value)
    };
    let root_span = spans.iter().find(|s| s.name == "GET /forecast").unwrap();
    let forecasts: Vec<_> = spans.iter().filter(|s| s.name == "forecast").collect();
    assert_eq!(forecasts.len(), 2);
    for f in &forecasts {
        assert_eq!(
            f.parent_span_id, root_span.span_id,
            "a child of the current span"
        );
        let w = spans
            .iter()
            .find(|s| s.name == "weather" && s.parent_span_id == f.span_id)
            .unwrap();
        assert_eq!(attr(w, "units"), Some(Any::StringValue("metric".into())));
        assert_eq!(
            attr(w, "gen_ai.request.model"),
            Some(Any::StringValue("gpt-4o-mini".into())),
            "current_span() is the function's span"
        );
        assert!(w.events.iter().any(|e| e.name == "looked up"));
        let lookup = spans
            .iter()
            .find(|s| s.name == "lookup" && s.parent_span_id == w.span_id)
            .unwrap();
        assert_eq!(
            attr(lookup, "hits"),
            Some(Any::IntValue(2)),
            "a later record"
        );
    }
    let failed = forecasts
        .iter()
        .find(|f| f.status.as_ref().is_some_and(|s| s.code == 2))
        .expect("the err return is the span's error");
    assert!(failed.events.iter().any(|e| e.name == "exception"));
    assert_eq!(
        forecasts
            .iter()
            .filter(|f| f.status.as_ref().is_some_and(|s| s.code == 2))
            .count(),
        1
    );
    assert_eq!(
        attr(failed, "city"),
        Some(Any::StringValue("Atlantis".into()))
    );
}
