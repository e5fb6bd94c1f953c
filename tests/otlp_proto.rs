//! The protobuf encoder, decoded by an independent decoder (prost with opentelemetry-proto's
//! generated messages), must say exactly what the JSON path says about the same spans.

mod common;

use edgespan_core::Encoder;
use edgespan_core::{Protocol, SpanData, Value};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use prost::Message;

fn both(
    spans: &[SpanData],
) -> (
    ExportTraceServiceRequest,
    ExportTraceServiceRequest,
    usize,
    usize,
) {
    let body = |p| {
        let e = Encoder::new(p, "test-svc", "rust");
        let mut arena = Vec::new();
        let mut ranges = Vec::new();
        for s in spans {
            let a = arena.len();
            e.span(&mut arena, s);
            ranges.push((a, arena.len()));
        }
        e.assemble(&arena, &ranges)
    };
    let (json, proto) = (body(Protocol::Json), body(Protocol::Protobuf));
    (
        serde_json::from_slice(&json).expect("JSON decodes"),
        ExportTraceServiceRequest::decode(proto.as_slice()).expect("protobuf decodes"),
        json.len(),
        proto.len(),
    )
}

#[test]
fn protobuf_and_json_carry_the_same_request() {
    let mut spans = vec![common::rich_span(1), common::rich_span(2)];
    spans[1].parent_span_id = None;
    spans[1].seq = 300;
    spans[1].set_attribute("big", Value::Str("x".repeat(5000)));
    spans[1].set_attribute("neg", Value::Int(-1));
    spans[0].set_attribute("huge", Value::Str("y".repeat(200_000)));
    spans[0].log.output = Some(edgespan_core::Payload::Text("z".repeat(130))); // 2-byte lengths
    let (from_json, from_proto, json_len, proto_len) = both(&spans);
    assert_eq!(from_proto, from_json, "every field of every span agrees");
    assert!(proto_len < json_len);
}

#[test]
fn empty_and_minimal_spans() {
    let s = SpanData {
        trace_id: edgespan_core::TraceId([1; 16]),
        span_id: edgespan_core::SpanId([2; 8]),
        ..Default::default()
    };
    let (from_json, from_proto, _, _) = both(&[s]);
    assert_eq!(from_proto, from_json);
    let (j, p, _, _) = both(&[]);
    assert_eq!(p, j);
}
