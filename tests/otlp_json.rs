//! The OTLP JSON encoder against a golden file and against an independent decoder
//! (`opentelemetry-proto`'s serde mapping), field by field.

mod common;

use edgespan_core::OtlpJsonEncoder as Encoder;
use edgespan_core::{SpanData, StatusCode, Value};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::{any_value, AnyValue, KeyValue as PKv};

fn encode(spans: &[SpanData]) -> Vec<u8> {
    Encoder::new("test-svc", "rust").request(spans)
}

fn golden(name: &str, actual: &str) {
    common::golden_json(name, actual.as_bytes());
}

#[test]
fn golden_rich_span() {
    let body = encode(&[common::rich_span(1), common::rich_span(2)]);
    let text = String::from_utf8(body).unwrap();
    // The golden file is the exact bytes: any change to the wire format shows up in review.
    golden("otlp_rich.json", &text);
    // And it is valid JSON.
    let _: serde_json::Value = serde_json::from_str(&text).unwrap();
}

#[test]
fn golden_minimal_root_span() {
    let s = SpanData {
        trace_id: edgespan_core::TraceId([0x4b; 16]),
        span_id: edgespan_core::SpanId([0x01; 8]),
        trace_flags: 1,
        name: "root".into(),
        start_ns: 10,
        end_ns: 20,
        ..Default::default()
    };
    golden(
        "otlp_minimal.json",
        &String::from_utf8(encode(&[s])).unwrap(),
    );
}

fn any(v: &Value) -> AnyValue {
    let value = match v {
        Value::Str(s) => any_value::Value::StringValue(s.clone()),
        Value::Bool(b) => any_value::Value::BoolValue(*b),
        Value::Int(i) => any_value::Value::IntValue(*i),
        Value::Double(d) => any_value::Value::DoubleValue(*d),
        Value::Array(a) => {
            any_value::Value::ArrayValue(opentelemetry_proto::tonic::common::v1::ArrayValue {
                values: a.iter().map(any).collect(),
            })
        }
        Value::Map(m) => {
            any_value::Value::KvlistValue(opentelemetry_proto::tonic::common::v1::KeyValueList {
                values: m
                    .iter()
                    .map(|kv| PKv {
                        key: kv.key.clone(),
                        value: Some(any(&kv.value)),
                        ..Default::default()
                    })
                    .collect(),
            })
        }
    };
    AnyValue { value: Some(value) }
}

fn find<'a>(attrs: &'a [PKv], key: &str) -> &'a AnyValue {
    attrs
        .iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| kv.value.as_ref())
        .unwrap_or_else(|| panic!("attribute {key} missing"))
}

fn s(v: &str) -> AnyValue {
    AnyValue {
        value: Some(any_value::Value::StringValue(v.into())),
    }
}

#[test]
fn independent_decoder_reads_every_field() {
    let spans = [common::rich_span(1), common::rich_span(2)];
    let body = encode(&spans);
    let req: ExportTraceServiceRequest =
        serde_json::from_slice(&body).expect("opentelemetry-proto decodes our JSON");
    assert_eq!(req.resource_spans.len(), 1);
    let rs = &req.resource_spans[0];
    let res = &rs.resource.as_ref().unwrap().attributes;
    assert_eq!(find(res, "service.name"), &s("test-svc"));
    assert_eq!(find(res, "telemetry.sdk.name"), &s("edgespan"));
    assert_eq!(find(res, "telemetry.sdk.language"), &s("rust"));
    assert_eq!(
        find(res, "telemetry.sdk.version"),
        &s(env!("CARGO_PKG_VERSION"))
    );
    let scope = rs.scope_spans[0].scope.as_ref().unwrap();
    assert_eq!(
        (scope.name.as_str(), scope.version.as_str()),
        ("edgespan", env!("CARGO_PKG_VERSION"))
    );

    let decoded = &rs.scope_spans[0].spans;
    assert_eq!(decoded.len(), 2);
    for (ours, theirs) in spans.iter().zip(decoded) {
        assert_eq!(theirs.trace_id, ours.trace_id.0);
        assert_eq!(theirs.span_id, ours.span_id.0);
        assert_eq!(theirs.parent_span_id, ours.parent_span_id.unwrap().0);
        assert_eq!(
            theirs.flags,
            1 | 0x100 | if ours.parent_is_remote { 0x200 } else { 0 }
        );
        assert_eq!(theirs.name, ours.name);
        assert_eq!(theirs.kind, ours.kind as i32);
        assert_eq!(theirs.start_time_unix_nano, ours.start_ns);
        assert_eq!(theirs.end_time_unix_nano, ours.end_ns);
        for kv in &ours.attributes {
            assert_eq!(
                find(&theirs.attributes, &kv.key),
                &any(&kv.value),
                "{}",
                kv.key
            );
        }
        // log() fields through the default mapping.
        assert_eq!(find(&theirs.attributes, "input.value"), &s("What is 2+2?"));
        assert_eq!(
            find(&theirs.attributes, "input.mime_type"),
            &s("text/plain")
        );
        assert_eq!(
            find(&theirs.attributes, "output.value"),
            &s("{\"answer\":4}")
        );
        assert_eq!(
            find(&theirs.attributes, "output.mime_type"),
            &s("application/json")
        );
        assert_eq!(
            find(&theirs.attributes, "metadata.model"),
            &s("gpt-4o-mini")
        );
        // logLLM's usage wins over the metrics alias of the same count, and appears once.
        let inputs = theirs
            .attributes
            .iter()
            .filter(|kv| kv.key == "gen_ai.usage.input_tokens");
        assert_eq!(inputs.count(), 1);
        assert_eq!(
            find(&theirs.attributes, "gen_ai.usage.output_tokens"),
            &any(&Value::Int(3))
        );
        assert_eq!(
            find(&theirs.attributes, "metrics.latency_ms"),
            &any(&Value::Double(12.5))
        );
        assert_eq!(
            find(&theirs.attributes, "tag.tags"),
            &any(&Value::Array(vec![
                Value::Str("a".into()),
                Value::Str("b".into())
            ]))
        );
        assert_eq!(
            find(&theirs.attributes, "gen_ai.request.model"),
            &s("gpt-4o-mini")
        );
        assert_eq!(
            find(&theirs.attributes, "gen_ai.request.temperature"),
            &any(&Value::Double(1.0))
        );
        assert_eq!(
            find(&theirs.attributes, "gen_ai.usage.input_tokens"),
            &any(&Value::Int(812))
        );
        assert_eq!(theirs.events.len(), 1);
        let e = &theirs.events[0];
        assert_eq!(e.name, "exception");
        assert_eq!(e.time_unix_nano, ours.events[0].time_ns);
        assert_eq!(find(&e.attributes, "exception.type"), &s("TypeError"));
        assert_eq!(
            find(&e.attributes, "exception.message"),
            &s("bad \u{1} thing")
        );
        assert_eq!(
            find(&e.attributes, "exception.stacktrace"),
            &s("at x (y.js:1:2)")
        );
        let st = theirs.status.as_ref().unwrap();
        assert_eq!(st.code, StatusCode::Error as i32);
        assert_eq!(st.message, "bad \u{1} thing");
    }
}

#[test]
fn special_doubles_and_extreme_ints_decode() {
    let mut sp = common::rich_span(3);
    sp.attributes.clear();
    sp.set_attribute("nan", Value::Double(f64::NAN));
    sp.set_attribute("inf", Value::Double(f64::INFINITY));
    sp.set_attribute("ninf", Value::Double(f64::NEG_INFINITY));
    sp.set_attribute("min", Value::Int(i64::MIN));
    sp.set_attribute("max", Value::Int(i64::MAX));
    sp.set_attribute("tiny", Value::Double(5e-324));
    let body = encode(&[sp]);
    let req: ExportTraceServiceRequest = serde_json::from_slice(&body).unwrap();
    let a = &req.resource_spans[0].scope_spans[0].spans[0].attributes;
    let d = |k: &str| match find(a, k).value {
        Some(any_value::Value::DoubleValue(x)) => x,
        ref other => panic!("{k}: {other:?}"),
    };
    // Non-finite doubles travel as strings so that strict receivers accept the request.
    assert_eq!(find(a, "nan"), &s("NaN"));
    assert_eq!(find(a, "inf"), &s("Infinity"));
    assert_eq!(find(a, "ninf"), &s("-Infinity"));
    assert_eq!(d("tiny"), 5e-324);
    assert_eq!(find(a, "min"), &any(&Value::Int(i64::MIN)));
    assert_eq!(find(a, "max"), &any(&Value::Int(i64::MAX)));
}
