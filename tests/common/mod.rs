//! Fixtures shared by the native integration tests.
#![allow(dead_code)]

use edgespan_core::{
    Config, KeyValue, LogFields, Payload, SpanData, SpanId, SpanKind, TraceId, TracerCore, Value,
};

pub const T0_MS: f64 = 1_763_800_000_000.0;

pub fn tracer(cfg: Config) -> TracerCore {
    cfg.validate().expect("valid test config");
    TracerCore::new(cfg, 42)
}

pub fn config() -> Config {
    // JSON, so that tests can read bodies with the JSON decoder; protobuf has its own tests.
    Config::new("http://127.0.0.1:4318/v1/traces")
        .with_service_name("test-svc")
        .with_protocol(edgespan_core::Protocol::Json)
}

/// A deterministic span with every kind of field filled in.
pub fn rich_span(n: u8) -> SpanData {
    let mut s = SpanData {
        trace_id: TraceId([n; 16]),
        span_id: SpanId([n.wrapping_add(1); 8]),
        parent_span_id: Some(SpanId([0xab; 8])),
        parent_is_remote: n % 2 == 0,
        trace_flags: 1,
        name: "llm \"call\"\n".into(),
        kind: SpanKind::Client,
        start_ns: 1_763_800_000_123_456_789,
        end_ns: 1_763_800_000_223_456_789,
        ..Default::default()
    };
    s.set_attribute("str", Value::Str("tab\there é 😀".into()));
    s.set_attribute("bool", Value::Bool(true));
    s.set_attribute("int", Value::Int(-9_007_199_254_740_993));
    s.set_attribute("double", Value::Double(0.2));
    s.set_attribute(
        "array",
        Value::Array(vec![
            Value::Int(1),
            Value::Str("two".into()),
            Value::Double(3.5),
        ]),
    );
    s.set_attribute(
        "map",
        Value::Map(vec![KeyValue {
            key: "inner".into(),
            value: Value::Bool(false),
        }]),
    );
    s.log = LogFields {
        input: Some(Payload::Text("What is 2+2?".into())),
        output: Some(Payload::Json("{\"answer\":4}".into())),
        metadata: vec![KeyValue {
            key: "model".into(),
            value: Value::Str("gpt-4o-mini".into()),
        }],
        metrics: vec![
            KeyValue {
                key: "prompt_tokens".into(),
                value: Value::Int(12),
            },
            KeyValue {
                key: "completion_tokens".into(),
                value: Value::Int(3),
            },
            KeyValue {
                key: "latency_ms".into(),
                value: Value::Double(12.5),
            },
        ],
        tags: vec!["a".into(), "b".into()],
        llm: vec![
            KeyValue {
                key: "request.model".into(),
                value: Value::Str("gpt-4o-mini".into()),
            },
            KeyValue {
                key: "request.temperature".into(),
                value: Value::Double(1.0),
            },
            KeyValue {
                key: "usage.input_tokens".into(),
                value: Value::Int(812),
            },
            KeyValue {
                key: "response.finish_reasons".into(),
                value: Value::Array(vec![Value::Str("stop".into())]),
            },
        ],
        ..Default::default()
    };
    s.record_error(
        "TypeError",
        "bad \u{1} thing",
        "at x (y.js:1:2)",
        1_763_800_000_200_000_000,
    );
    s
}

/// Checks `body` (one JSON document) against `tests/golden/{name}`, which holds it
/// pretty-printed with the keys in the order the encoder wrote them, so that a diff shows what
/// changed. `UPDATE_GOLDEN=1` rewrites the file.
pub fn golden_json(name: &str, body: &[u8]) {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    let v: serde_json::Value = serde_json::from_slice(body).expect("the body is one JSON document");
    let pretty = serde_json::to_string_pretty(&v).unwrap() + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &pretty).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {path}; run with UPDATE_GOLDEN=1"));
    assert_eq!(pretty, expected, "{name} differs from the golden file");
}
