//! Untrusted input never panics: arbitrary bytes and text into every parser of what a collector
//! or a caller hands the core (export answers in JSON and protobuf, `Retry-After`, `traceparent`,
//! `OTEL_EXPORTER_OTLP_HEADERS`, every environment variable). Each parser must return, whatever
//! it is given; what it returns is checked elsewhere (the vectors and the differential tests).
//!
//! `make test` runs 10 000 cases per parser; `make fuzz` sets `EDGESPAN_FUZZ_CASES` (a million).

use edgespan_core::{parse_headers, parse_partial, parse_retry_after, Config, TraceParent};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("EDGESPAN_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// Bytes that look like an answer often enough to reach deep: JSON punctuation and keys, protobuf
// field keys and lengths, and anything at all.
fn answer_bytes() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        any::<u8>().prop_map(|b| vec![b]),
        Just(b"{\"partialSuccess\":".to_vec()),
        Just(b"{\"partial_success\":{\"rejected_spans\":".to_vec()),
        Just(b"\"errorMessage\":\"".to_vec()),
        Just(b"\\ud83d".to_vec()),
        Just(b"[".to_vec()),
        Just(b"]".to_vec()),
        Just(b"{".to_vec()),
        Just(b"}".to_vec()),
        Just(b",".to_vec()),
        Just(b"1e999".to_vec()),
        Just(b"-0.5".to_vec()),
        Just(vec![0x0a]),
        Just(vec![0x08]),
        Just(vec![0x12]),
        Just(vec![0xff; 10]),
        Just(vec![0x80; 11]),
    ];
    prop::collection::vec(token, 0..40).prop_map(|parts| parts.concat())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,80}",
        "[0-9a-fA-F -]{50,60}",
        "[a-zA-Z0-9=,:%/ .-]{0,60}",
        "(Mon|Sun), [0-9]{1,3} (Jan|Dec) [0-9]{1,5} [0-9]{1,3}:[0-9]{1,3}:[0-9]{1,3} (GMT|PST)",
    ]
}

const VARS: [&str; 22] = [
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_EXPORTER_OTLP_HEADERS",
    "OTEL_EXPORTER_OTLP_PROTOCOL",
    "OTEL_EXPORTER_OTLP_COMPRESSION",
    "OTEL_EXPORTER_OTLP_TIMEOUT",
    "OTEL_SERVICE_NAME",
    "OTEL_TRACES_SAMPLER",
    "OTEL_TRACES_SAMPLER_ARG",
    "BRAINTRUST_API_KEY",
    "BRAINTRUST_PROJECT_ID",
    "BRAINTRUST_PROJECT_NAME",
    "BRAINTRUST_API_URL",
    "LANGFUSE_PUBLIC_KEY",
    "LANGFUSE_SECRET_KEY",
    "LANGFUSE_BASE_URL",
    "PHOENIX_COLLECTOR_ENDPOINT",
    "PHOENIX_API_KEY",
    "PHOENIX_PROJECT_NAME",
    "LMNR_PROJECT_API_KEY",
    "LMNR_BASE_URL",
    "BRAINTRUST_DEFAULT_PROJECT",
];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn export_answers(body in answer_bytes(), proto in any::<bool>()) {
        let p = parse_partial(if proto { "application/x-protobuf" } else { "application/json" }, &body);
        if let Some(p) = p {
            prop_assert!(p.message.chars().count() <= 200);
            prop_assert!(p.rejected < 1 << 53);
        }
    }

    #[test]
    fn retry_after(v in text(), now in any::<f64>()) {
        if let Some(ms) = parse_retry_after(&v, now) {
            prop_assert!(ms >= 0.0, "{ms}");
        }
    }

    #[test]
    fn traceparent(v in text()) {
        if let Some(tp) = TraceParent::parse(&v) {
            prop_assert!(tp.trace_id.is_valid() && tp.parent_span_id.is_valid());
        }
    }

    #[test]
    fn headers(v in text()) {
        let _ = parse_headers(&v);
    }

    #[test]
    fn environment(values in prop::collection::vec(prop::option::of(text()), VARS.len())) {
        let _ = Config::from_vars(|k| {
            let i = VARS.iter().position(|v| *v == k)?;
            values[i].clone()
        });
    }
}
