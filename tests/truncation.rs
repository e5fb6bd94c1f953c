//! Spans over the request size limit: the largest fields are cut first, a text sent twice counts
//! twice, and no request body is ever larger than `maxBatchBytes`. Bodies are read with the
//! independent decoder.
mod common;

use common::{config, tracer, T0_MS};
use edgespan_core::{
    Answer, Encoder, FlushReport, KeyValue, Payload, Protocol, SpanId, SpanKind, SpanStart, Step,
    TraceId, TracerCore, Value,
};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value;
use opentelemetry_proto::tonic::trace::v1::Span;
use proptest::prelude::*;
use prost::Message;

const MARKER: &str = "…[truncated]";

fn start(t: &mut TracerCore, name: &str, n: u32) -> edgespan_core::Handle {
    t.start_span(SpanStart {
        name,
        kind: SpanKind::Client,
        trace_id: TraceId::from_words([4, 4, 4, n]),
        span_id: SpanId::from_words([4, n]),
        parent: None,
        scope: 0,
        start_ns: 1_000,
    })
}

// Flushes everything with every send answered 200; returns the report and the bodies.
fn flush_all(t: &mut TracerCore, protocol: Protocol) -> (FlushReport, Vec<Vec<u8>>) {
    let enc = Encoder::new(protocol, "test-svc", "rust");
    let mut job = t.begin_flush(T0_MS);
    let mut bodies = Vec::new();
    let mut now = T0_MS;
    for _ in 0..1000 {
        match job.poll(now) {
            Step::Send { batch, .. } => {
                bodies.push(job.body(batch).to_vec());
                job.on_sent_bytes(job.body(batch).len() as u64);
                let ok = Answer {
                    status: 200,
                    ..Default::default()
                };
                job.on_response(&enc, batch, &ok, now);
            }
            Step::Wait { ms } => now += ms.unwrap_or(1.0).max(1.0),
            Step::Done => break,
        }
    }
    (t.finish_flush(job, now), bodies)
}

fn decode(body: &[u8], protocol: Protocol) -> Vec<Span> {
    let req = match protocol {
        Protocol::Json => serde_json::from_slice::<ExportTraceServiceRequest>(body).unwrap(),
        _ => ExportTraceServiceRequest::decode(body).unwrap(),
    };
    req.resource_spans
        .into_iter()
        .flat_map(|r| r.scope_spans)
        .flat_map(|s| s.spans)
        .collect()
}

fn string_attr(s: &Span, key: &str) -> Option<String> {
    s.attributes.iter().find(|kv| kv.key == key).and_then(|kv| {
        match kv.value.as_ref()?.value.as_ref()? {
            any_value::Value::StringValue(v) => Some(v.clone()),
            _ => None,
        }
    })
}

fn truncated(s: &Span) -> Vec<String> {
    let Some(kv) = s
        .attributes
        .iter()
        .find(|kv| kv.key == "edgespan.truncated")
    else {
        return vec![];
    };
    match kv.value.as_ref().and_then(|v| v.value.as_ref()) {
        Some(any_value::Value::ArrayValue(a)) => a
            .values
            .iter()
            .filter_map(|v| match v.value.as_ref()? {
                any_value::Value::StringValue(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => vec![],
    }
}

#[test]
fn a_huge_prompt_is_cut_and_the_short_answer_kept_under_the_limit() {
    // What the npm build stages for a 5 MB prompt through wrapOpenAI: the messages cut to 512 Ki
    // characters in JS, sent as `gen_ai.input.messages` and again as `input.value`; the answer as
    // the output.
    let answer = "Hello from the fake model: a short answer.";
    for protocol in [Protocol::Json, Protocol::Protobuf] {
        let max = 1024 * 1024;
        let mut t = tracer(
            config()
                .with_protocol(protocol)
                .with_max_batch_bytes(max as u32),
        );
        let h = start(&mut t, "chat gpt-4o-mini", 1);
        let s = t.span_mut(h).unwrap();
        let messages = format!(
            "[{{\"role\":\"user\",\"parts\":[{{\"type\":\"text\",\"content\":\"{}\"}}]}}]",
            "p".repeat(524_250)
        );
        s.log.llm.push(KeyValue {
            key: "input.messages".into(),
            value: Value::Str(messages),
        });
        s.log.llm.push(KeyValue {
            key: "request.model".into(),
            value: Value::Str("gpt-4o-mini".into()),
        });
        s.log.output = Some(Payload::Text(answer.into()));
        assert!(t.end_span(h, 2_000));
        let (report, bodies) = flush_all(&mut t, protocol);
        assert_eq!(report.exported, 1, "{:?}", report.errors);
        assert_eq!(bodies.len(), 1);
        assert!(bodies[0].len() <= max, "{} > {max}", bodies[0].len());
        let span = &decode(&bodies[0], protocol)[0];
        assert_eq!(string_attr(span, "output.value").as_deref(), Some(answer));
        let input = string_attr(span, "gen_ai.input.messages").unwrap();
        assert!(input.ends_with(MARKER));
        assert!(
            input.len() > 400_000,
            "cut only as much as needed: {}",
            input.len()
        );
        assert_eq!(string_attr(span, "input.value"), Some(input));
        assert_eq!(
            string_attr(span, "gen_ai.request.model").as_deref(),
            Some("gpt-4o-mini")
        );
        assert_eq!(truncated(span), ["input.messages"]);
    }
}

#[test]
fn the_largest_fields_end_equal_and_smaller_ones_are_untouched() {
    let max = 200_000;
    let mut t = tracer(config().with_max_batch_bytes(max as u32));
    let h = start(&mut t, "s", 1);
    let s = t.span_mut(h).unwrap();
    s.log.input = Some(Payload::Text("i".repeat(300_000)));
    s.set_attribute("big", Value::Str("b".repeat(150_000)));
    s.set_attribute("medium", Value::Str("m".repeat(20_000)));
    s.log.output = Some(Payload::Text("o".repeat(500)));
    assert!(t.end_span(h, 2_000));
    let (report, bodies) = flush_all(&mut t, Protocol::Json);
    assert_eq!(report.exported, 1);
    assert!(bodies[0].len() <= max);
    let span = &decode(&bodies[0], Protocol::Json)[0];
    let input = string_attr(span, "input.value").unwrap();
    let big = string_attr(span, "big").unwrap();
    assert_eq!(input.len(), big.len(), "both cut to one level");
    assert_eq!(string_attr(span, "medium").unwrap().len(), 20_000);
    assert_eq!(string_attr(span, "output.value").unwrap().len(), 500);
    let mut cut = truncated(span);
    cut.sort();
    assert_eq!(cut, ["big", "input"]);
}

#[test]
fn a_span_of_many_attributes_that_cannot_be_cut_enough_is_reported_not_sent_over_the_limit() {
    let max = 4096;
    let mut t = tracer(config().with_max_batch_bytes(max as u32));
    let h = start(&mut t, "many", 1);
    let s = t.span_mut(h).unwrap();
    for i in 0..2000 {
        s.set_attribute(&format!("k{i}"), Value::Int(i));
    }
    assert!(t.end_span(h, 2_000));
    let (report, bodies) = flush_all(&mut t, Protocol::Json);
    assert_eq!(report.failed, 1);
    assert!(
        report.errors[0].ends_with("was not sent: many"),
        "{:?}",
        report.errors
    );
    assert!(bodies.is_empty());
}

#[test]
fn a_span_that_cannot_fit_at_all_is_not_sent_and_is_reported() {
    // A span alone is about 660 bytes here.
    let max = 1000;
    let mut t = tracer(config().with_max_batch_bytes(max as u32));
    let name = "n".repeat(2000);
    let h = start(&mut t, &name, 1);
    assert!(t.end_span(h, 2_000));
    let small = start(&mut t, "small", 2);
    assert!(t.end_span(small, 2_000));
    let (report, bodies) = flush_all(&mut t, Protocol::Json);
    assert_eq!(report.failed, 1);
    assert_eq!(report.exported, 1);
    assert!(
        report.errors[0].contains("maxBatchBytes"),
        "{:?}",
        report.errors
    );
    assert!(bodies.iter().all(|b| b.len() <= max));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// For any mix of field sizes and any limit: every body fits, every span arrives, and no
    /// field left whole is longer than what a cut field kept (the largest are cut first).
    #[test]
    fn every_body_fits_and_cuts_go_to_the_largest_fields(
        input in 0usize..120_000,
        output in 0usize..120_000,
        attrs in proptest::collection::vec(0usize..60_000, 0..6),
        max in 8_192usize..100_000,
        protobuf in any::<bool>(),
    ) {
        let protocol = if protobuf { Protocol::Protobuf } else { Protocol::Json };
        let mut t = tracer(config().with_protocol(protocol).with_max_batch_bytes(max as u32));
        let h = start(&mut t, "p", 1);
        let s = t.span_mut(h).unwrap();
        s.log.input = Some(Payload::Text("é".repeat(input / 2)));
        s.log.output = Some(Payload::Json("\"".repeat(output)));
        for (i, n) in attrs.iter().enumerate() {
            s.set_attribute(&format!("a{i}"), Value::Str("x".repeat(*n)));
        }
        prop_assert!(t.end_span(h, 2_000));
        let (report, bodies) = flush_all(&mut t, protocol);
        prop_assert_eq!(report.exported, 1);
        for b in &bodies {
            prop_assert!(b.len() <= max, "{} > {}", b.len(), max);
        }
        let span = &decode(&bodies[0], protocol)[0];
        let cut = truncated(span);
        let mut fields = vec![("input".to_string(), "input.value".to_string()), ("output".into(), "output.value".into())];
        fields.extend((0..attrs.len()).map(|i| (format!("a{i}"), format!("a{i}"))));
        let mut lens: Vec<(bool, usize)> = Vec::new();
        for (name, key) in &fields {
            // Every field is still there, cut or not.
            let v = string_attr(span, key);
            prop_assert!(v.is_some(), "{} is gone", key);
            lens.push((cut.contains(name), v.map_or(0, |v| v.len())));
        }
        let shortest_cut = lens.iter().filter(|(c, _)| *c).map(|(_, l)| *l).min();
        if let Some(kept) = shortest_cut {
            for (c, l) in &lens {
                if !c {
                    prop_assert!(*l <= kept, "a field of {} left whole while one was cut to {}", l, kept);
                }
            }
        }
    }
}
