//! The flush state machine with a scripted transport and a virtual clock: snapshots, concurrent
//! flushes with interleaved completions, no duplicates, open spans held back, empty flushes,
//! retries, deadlines, partial success, batching and the connection cap.

mod common;

use common::{config, tracer, T0_MS};
use edgespan_core::Encoder;
use edgespan_core::{
    Answer, FlushJob, FlushReport, Handle, SpanId, SpanKind, SpanStart, Step, TraceId, TracerCore,
};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value;
use std::collections::HashMap;

fn start(t: &mut TracerCore, name: &str, n: u32) -> Handle {
    let h = t.start_span(SpanStart {
        name,
        kind: SpanKind::Internal,
        trace_id: TraceId::from_words([1, 2, 3, n]),
        span_id: SpanId::from_words([7, n]),
        parent: None,
        scope: 0,
        start_ns: 1_000,
    });
    assert_ne!(h, Handle::NONE);
    h
}

fn ended(t: &mut TracerCore, n: u32) -> SpanId {
    let h = start(t, "s", n);
    assert!(t.end_span(h, 2_000));
    SpanId::from_words([7, n])
}

/// Span ids in a request body, through the independent decoder.
fn ids_in(body: &[u8]) -> Vec<SpanId> {
    let req: ExportTraceServiceRequest = serde_json::from_slice(body).expect("decodable body");
    req.resource_spans
        .iter()
        .flat_map(|r| &r.scope_spans)
        .flat_map(|s| &s.spans)
        .map(|s| SpanId(s.span_id.clone().try_into().unwrap()))
        .collect()
}

/// What the scripted collector answers to one attempt.
#[derive(Clone, Copy, Debug)]
enum Reply {
    Status(u16),
    RetryAfter(u16, f64),
    Partial(u64),
    NetworkError,
    Timeout,
}

struct Run {
    report: FlushReport,
    bodies: Vec<Vec<u8>>,
    /// Per answered attempt: the index of its body in `bodies`, and the reply it got.
    answered: Vec<(usize, Reply)>,
    waits: Vec<f64>,
    max_in_flight: usize,
    end_ms: f64,
}

fn run_flush(t: &mut TracerCore, now_ms: f64, script: &[Reply], latency: f64) -> Run {
    let job = t.begin_flush(now_ms);
    drive(t, job, script, latency)
}

/// Drives one job to completion: every Send is answered from `script` (in order; the last reply
/// repeats), `latency` ms after it was sent, oldest first.
fn drive(t: &mut TracerCore, mut job: FlushJob, script: &[Reply], latency: f64) -> Run {
    let enc = Encoder::new(edgespan_core::Protocol::Json, "test-svc", "rust");
    let mut now = job.start_ms();
    let mut replies = script.iter().copied();
    let mut last = Reply::Status(200);
    let mut in_flight: Vec<(u32, f64, bool, usize)> = Vec::new();
    let mut run = Run {
        report: FlushReport::default(),
        bodies: vec![],
        answered: vec![],
        waits: vec![],
        max_in_flight: 0,
        end_ms: 0.0,
    };
    for _ in 0..10_000 {
        match job.poll(now) {
            Step::Send { batch, timeout_ms } => {
                assert!(timeout_ms > 0.0 && now + timeout_ms <= job.deadline_ms() + 1e-6);
                run.bodies.push(job.body(batch).to_vec());
                job.on_sent_bytes(job.body(batch).len() as u64);
                // Like a real driver, an attempt that outlasts its timeout is aborted then.
                let body = run.bodies.len() - 1;
                in_flight.push((
                    batch,
                    now + latency.min(timeout_ms),
                    latency > timeout_ms,
                    body,
                ));
                run.max_in_flight = run.max_in_flight.max(in_flight.len());
            }
            Step::Wait { ms } => {
                let due = in_flight.first().map(|&(_, at, _, _)| at);
                let wake = match (ms, due) {
                    (Some(ms), Some(d)) => (now + ms).min(d),
                    (Some(ms), None) => now + ms,
                    (None, Some(d)) => d,
                    (None, None) => panic!("Wait with nothing in flight and no timer"),
                };
                if let Some(ms) = ms {
                    run.waits.push(ms);
                }
                now = now.max(wake);
                if due.is_some_and(|d| d <= now) {
                    let (batch, _, aborted, body) = in_flight.remove(0);
                    let reply = replies.next().unwrap_or(last);
                    last = reply;
                    let reply = if aborted { Reply::Timeout } else { reply };
                    run.answered.push((body, reply));
                    match reply {
                        Reply::Status(s) => {
                            let text = if (200..300).contains(&s) { "" } else { "nope" };
                            job.on_response(
                                &enc,
                                batch,
                                &Answer {
                                    status: s,
                                    text,
                                    ..Default::default()
                                },
                                now,
                            )
                        }
                        Reply::RetryAfter(s, ms) => job.on_response(
                            &enc,
                            batch,
                            &Answer {
                                status: s,
                                retry_after_ms: Some(ms),
                                ..Default::default()
                            },
                            now,
                        ),
                        Reply::Partial(r) => job.on_response(
                            &enc,
                            batch,
                            &Answer {
                                status: 200,
                                rejected: r,
                                text: "too old",
                                ..Default::default()
                            },
                            now,
                        ),
                        Reply::NetworkError => {
                            job.on_network_error(batch, false, "connection refused", now)
                        }
                        Reply::Timeout => job.on_network_error(batch, true, "", now),
                    }
                }
            }
            Step::Done => {
                assert!(in_flight.is_empty());
                run.end_ms = now;
                run.report = t.finish_flush(job, now);
                return run;
            }
        }
    }
    panic!("flush did not finish");
}

#[test]
fn snapshot_covers_spans_ended_before_the_call_only() {
    let mut t = tracer(config());
    let a = ended(&mut t, 1);
    let b = ended(&mut t, 2);
    let job = t.begin_flush(T0_MS);
    let c = ended(&mut t, 3); // ended after the snapshot: belongs to the next flush
    let run = drive(&mut t, job, &[Reply::Status(200)], 5.0);
    assert_eq!(run.report.exported, 2);
    assert_eq!(ids_in(&run.bodies[0]), vec![a, b]);
    let run2 = run_flush(&mut t, T0_MS + 10.0, &[Reply::Status(200)], 5.0);
    assert_eq!(ids_in(&run2.bodies[0]), vec![c]);
}

#[test]
fn empty_flush_sends_nothing() {
    let mut t = tracer(config());
    let mut job = t.begin_flush(T0_MS);
    assert!(job.is_empty());
    assert_eq!(job.poll(T0_MS), Step::Done);
    let report = t.finish_flush(job, T0_MS);
    assert_eq!(report, FlushReport::default());
    assert_eq!(report.requests, 0);
}

#[test]
fn open_spans_are_held_back_and_counted() {
    let mut t = tracer(config());
    let open = start(&mut t, "open", 1);
    let done = ended(&mut t, 2);
    let run = run_flush(&mut t, T0_MS, &[Reply::Status(200)], 1.0);
    assert_eq!(run.report.open_spans, 1);
    assert_eq!(ids_in(&run.bodies[0]), vec![done]);
    // Once ended, it goes out with the next flush.
    assert!(t.end_span(open, 3_000));
    assert!(!t.end_span(open, 4_000), "ending twice is a no-op");
    let run = run_flush(&mut t, T0_MS + 1.0, &[Reply::Status(200)], 1.0);
    assert_eq!(run.report.open_spans, 0);
    assert_eq!(ids_in(&run.bodies[0]), vec![SpanId::from_words([7, 1])]);
}

#[test]
fn concurrent_flushes_interleaved_never_duplicate() {
    let mut t = tracer(config());
    let enc = Encoder::new(edgespan_core::Protocol::Json, "test-svc", "rust");
    let first: Vec<_> = (0..3).map(|n| ended(&mut t, n)).collect();
    let mut a = t.begin_flush(T0_MS);
    let second: Vec<_> = (3..5).map(|n| ended(&mut t, n)).collect();
    let mut b = t.begin_flush(T0_MS + 1.0);
    // Both send before either answers.
    let Step::Send { batch: ba, .. } = a.poll(T0_MS) else {
        panic!()
    };
    let Step::Send { batch: bb, .. } = b.poll(T0_MS + 1.0) else {
        panic!()
    };
    let (body_a, body_b) = (a.body(ba).to_vec(), b.body(bb).to_vec());
    assert_eq!(ids_in(&body_a), first);
    assert_eq!(ids_in(&body_b), second);
    // B answers first, then A; a third flush in between finds nothing to send.
    b.on_response(
        &enc,
        bb,
        &Answer {
            status: 200,
            ..Default::default()
        },
        T0_MS + 5.0,
    );
    assert_eq!(b.poll(T0_MS + 5.0), Step::Done);
    let mut c = t.begin_flush(T0_MS + 6.0);
    assert!(c.is_empty());
    assert_eq!(c.poll(T0_MS + 6.0), Step::Done);
    assert_eq!(a.poll(T0_MS + 6.0), Step::Wait { ms: None });
    a.on_response(
        &enc,
        ba,
        &Answer {
            status: 200,
            ..Default::default()
        },
        T0_MS + 9.0,
    );
    assert_eq!(a.poll(T0_MS + 9.0), Step::Done);
    let rb = t.finish_flush(b, T0_MS + 5.0);
    let rc = t.finish_flush(c, T0_MS + 6.0);
    let ra = t.finish_flush(a, T0_MS + 9.0);
    assert_eq!((ra.exported, rb.exported, rc.exported), (3, 2, 0));
    assert_eq!(rc.requests, 0);
    // Nothing is left to send, and nothing was sent twice.
    assert_eq!(t.buffered_spans(), 0);
    let mut seen: HashMap<SpanId, u32> = HashMap::new();
    for id in ids_in(&body_a).into_iter().chain(ids_in(&body_b)) {
        *seen.entry(id).or_default() += 1;
    }
    assert_eq!(seen.len(), 5);
    assert!(seen.values().all(|&n| n == 1));
}

#[test]
fn retries_503_twice_then_delivers() {
    let mut t = tracer(config());
    for n in 0..4 {
        ended(&mut t, n);
    }
    let run = run_flush(
        &mut t,
        T0_MS,
        &[Reply::Status(503), Reply::Status(503), Reply::Status(200)],
        10.0,
    );
    assert_eq!(run.report.exported, 4);
    assert_eq!(run.report.retried, 2);
    assert_eq!(run.report.requests, 3);
    assert_eq!(run.report.failed + run.report.pending, 0);
    assert!(run.report.errors.is_empty(), "{:?}", run.report.errors);
    // The same bytes are re-sent: ids are stable across retries.
    assert_eq!(run.bodies[0], run.bodies[2]);
    // Backoff: first retry about 0.5 s (±20%), second about 1 s.
    assert!((400.0..=600.0).contains(&run.waits[0]), "{:?}", run.waits);
    assert!((800.0..=1200.0).contains(&run.waits[1]), "{:?}", run.waits);
}

#[test]
fn retry_after_is_honoured() {
    let mut t = tracer(config());
    ended(&mut t, 1);
    let run = run_flush(
        &mut t,
        T0_MS,
        &[Reply::RetryAfter(429, 1_000.0), Reply::Status(200)],
        0.0,
    );
    assert_eq!(run.report.exported, 1);
    assert_eq!(run.report.retried, 1);
    assert_eq!(run.waits, vec![1_000.0]);
}

#[test]
fn non_retryable_status_fails_with_one_reason() {
    for status in [400, 401, 403, 404, 500, 501] {
        let mut t = tracer(config());
        for n in 0..3 {
            ended(&mut t, n);
        }
        let run = run_flush(&mut t, T0_MS, &[Reply::Status(status)], 1.0);
        assert_eq!(run.report.failed, 3, "{status}");
        assert_eq!(run.report.requests, 1, "{status} must not be retried");
        assert_eq!(
            run.report.exported + run.report.pending + run.report.retried,
            0
        );
        assert_eq!(run.report.errors.len(), 1);
        assert!(
            run.report.errors[0].starts_with(&format!(
                "HTTP {status} (not retried): 3 spans failed: nope"
            )),
            "{:?}",
            run.report.errors
        );
        assert_eq!(t.buffered_spans(), 0, "failed spans are not requeued");
    }
}

#[test]
fn network_errors_and_timeouts_are_retried() {
    let mut t = tracer(config());
    ended(&mut t, 1);
    let run = run_flush(
        &mut t,
        T0_MS,
        &[Reply::NetworkError, Reply::Timeout, Reply::Status(200)],
        1.0,
    );
    assert_eq!((run.report.exported, run.report.retried), (1, 2));
}

#[test]
fn deadline_leaves_spans_pending_in_the_buffer_with_stable_ids() {
    let cfg = config().with_timeout_ms(3_000);
    let mut t = tracer(cfg);
    let ids: Vec<_> = (0..5).map(|n| ended(&mut t, n)).collect();
    let run = run_flush(&mut t, T0_MS, &[Reply::Status(503)], 50.0);
    assert_eq!(run.report.pending, 5);
    assert_eq!(run.report.exported + run.report.failed, 0);
    assert!(run.report.retried >= 2);
    assert!(
        run.end_ms <= T0_MS + 3_000.0,
        "the flush ran past its deadline"
    );
    assert_eq!(run.report.errors.len(), 1);
    assert!(
        run.report.errors[0].contains("5 spans pending"),
        "{:?}",
        run.report.errors
    );
    assert_eq!(t.buffered_spans(), 5);
    // The next flush sends the same spans, with the same ids.
    let run2 = run_flush(&mut t, T0_MS + 5_000.0, &[Reply::Status(200)], 1.0);
    assert_eq!(run2.report.exported, 5);
    assert_eq!(ids_in(&run2.bodies[0]), ids);
}

#[test]
fn a_flush_within_a_shorter_time_ends_by_then_and_keeps_the_rest_buffered() {
    // The tracer allows 25 s; this flush (a Lambda with 800 ms left) must end within 800.
    let mut t = tracer(config().with_timeout_ms(25_000));
    let ids: Vec<_> = (0..3).map(|n| ended(&mut t, n)).collect();
    assert_eq!(t.flush_timeout_ms(800.0), 800.0);
    assert_eq!(
        t.flush_timeout_ms(60_000.0),
        25_000.0,
        "never past the tracer's own deadline"
    );
    assert_eq!(t.flush_timeout_ms(-1.0), 25_000.0);
    assert_eq!(t.flush_timeout_ms(f64::NAN), 25_000.0);
    let job = t.begin_flush_all_within(T0_MS, 800.0).remove(0);
    assert_eq!(job.deadline_ms(), T0_MS + 800.0);
    let run = drive(&mut t, job, &[Reply::NetworkError], 30.0);
    assert!(
        run.end_ms <= T0_MS + 800.0,
        "ended at {}",
        run.end_ms - T0_MS
    );
    assert_eq!(run.report.pending, 3);
    assert_eq!(t.buffered_spans(), 3);
    // The next invocation's flush delivers them, with the same ids.
    let job = t
        .begin_flush_all_within(T0_MS + 60_000.0, 2_000.0)
        .remove(0);
    let run2 = drive(&mut t, job, &[Reply::Status(200)], 5.0);
    assert_eq!(run2.report.exported, 3);
    assert_eq!(ids_in(&run2.bodies[0]), ids);
}

#[test]
fn partial_success_counts_failed_and_is_not_retried() {
    let mut t = tracer(config());
    for n in 0..5 {
        ended(&mut t, n);
    }
    let run = run_flush(&mut t, T0_MS, &[Reply::Partial(2)], 1.0);
    assert_eq!(
        (run.report.exported, run.report.failed, run.report.requests),
        (3, 2, 1)
    );
    assert_eq!(
        run.report.errors,
        vec!["partial success: 2 spans rejected by the collector: too old".to_string()]
    );
}

#[test]
fn batches_respect_the_byte_limit_exactly() {
    let max: usize = 2_000;
    let mut t = tracer(config().with_max_batch_bytes(max as u32));
    // Sequence numbers 10-49 all have two digits, so every span encodes to the same size.
    for n in 100..110 {
        ended(&mut t, n);
    }
    run_flush(&mut t, T0_MS - 1.0, &[Reply::Status(200)], 1.0);
    let ids: Vec<_> = (0..40).map(|n| ended(&mut t, n)).collect();
    let frame = edgespan_core::OtlpJsonEncoder::new("test-svc", "rust").frame();
    let run = run_flush(&mut t, T0_MS, &[Reply::Status(200)], 1.0);
    assert!(run.bodies.len() > 1);
    let mut all = Vec::new();
    for body in &run.bodies {
        assert!(body.len() <= max, "{} > {max}", body.len());
        let got = ids_in(body);
        // Exact size: prefix + each span + commas between + suffix.
        let one_span = body.len() - frame - (got.len() - 1);
        assert_eq!(
            one_span % got.len(),
            0,
            "spans of equal shape have equal size"
        );
        all.extend(got);
    }
    assert_eq!(all, ids);
    assert_eq!(run.report.exported, 40);
    assert_eq!(
        run.report.bytes,
        run.bodies.iter().map(|b| b.len() as u64).sum::<u64>()
    );
}

#[test]
fn a_413_splits_the_batch() {
    let mut t = tracer(config());
    let ids: Vec<_> = (0..4).map(|n| ended(&mut t, n)).collect();
    let run = run_flush(
        &mut t,
        T0_MS,
        &[Reply::Status(413), Reply::Status(200), Reply::Status(200)],
        1.0,
    );
    assert_eq!(run.report.exported, 4);
    assert_eq!(run.bodies.len(), 3);
    assert_eq!(ids_in(&run.bodies[1]), ids[..2].to_vec());
    assert_eq!(ids_in(&run.bodies[2]), ids[2..].to_vec());
}

#[test]
fn at_most_max_concurrent_requests_in_flight() {
    let mut t = tracer(
        config()
            .with_max_batch_bytes(700)
            .with_max_concurrent_requests(3),
    );
    for n in 0..20 {
        ended(&mut t, n);
    }
    let run = run_flush(&mut t, T0_MS, &[Reply::Status(200)], 10.0);
    assert!(run.bodies.len() >= 10);
    assert_eq!(run.max_in_flight, 3);
    assert_eq!(run.report.exported, 20);
}

#[test]
fn buffer_overflow_is_dropped_and_reported_once() {
    let mut t = tracer(config().with_max_queue_spans(3));
    for n in 0..5 {
        ended(&mut t, n);
    }
    let run = run_flush(&mut t, T0_MS, &[Reply::Status(200)], 1.0);
    assert_eq!((run.report.exported, run.report.dropped), (3, 2));
    let run = run_flush(&mut t, T0_MS + 1.0, &[Reply::Status(200)], 1.0);
    assert_eq!(run.report.dropped, 0);
}

#[test]
fn shutdown_ends_open_spans_as_incomplete() {
    let mut t = tracer(config());
    let h = start(&mut t, "forgotten", 9);
    t.span_mut(h)
        .unwrap()
        .set_attribute("k", edgespan_core::Value::Int(1));
    assert_eq!(
        t.end_all_open("span was still open at tracer.shutdown()", 5_000),
        1
    );
    assert_eq!(t.open_spans(), 0);
    let run = run_flush(&mut t, T0_MS, &[Reply::Status(200)], 1.0);
    let req: ExportTraceServiceRequest = serde_json::from_slice(&run.bodies[0]).unwrap();
    let s = &req.resource_spans[0].scope_spans[0].spans[0];
    assert_eq!(s.end_time_unix_nano, 5_000);
    let st = s.status.as_ref().unwrap();
    assert_eq!(
        (st.code, st.message.as_str()),
        (2, "span was still open at tracer.shutdown()")
    );
    assert!(s
        .attributes
        .iter()
        .any(|kv| kv.key == "edgespan.incomplete"));
}

#[test]
fn an_oversized_span_is_truncated_and_still_arrives_alongside_untouched_ones() {
    let max: usize = 16 * 1024;
    let mut t = tracer(config().with_max_batch_bytes(max as u32));
    let small_before = ended(&mut t, 1);
    let h = start(&mut t, "huge", 2);
    t.span_mut(h).unwrap().log.input = Some(edgespan_core::Payload::Text("x".repeat(100_000)));
    t.span_mut(h)
        .unwrap()
        .set_attribute("note", edgespan_core::Value::Str("kept".into()));
    assert!(t.end_span(h, 2_000));
    let small_after = ended(&mut t, 3);
    let run = run_flush(&mut t, T0_MS, &[Reply::Status(200)], 1.0);
    assert_eq!(run.report.exported, 3);
    let mut seen = Vec::new();
    for body in &run.bodies {
        assert!(body.len() <= max, "{} > {max}", body.len());
        let req: ExportTraceServiceRequest = serde_json::from_slice(body).unwrap();
        for s in &req.resource_spans[0].scope_spans[0].spans {
            let attr = |k: &str| {
                s.attributes
                    .iter()
                    .find(|kv| kv.key == k)
                    .and_then(|kv| kv.value.clone())
            };
            if s.name == "huge" {
                let Some(any_value::Value::StringValue(input)) =
                    attr("input.value").and_then(|v| v.value)
                else {
                    panic!()
                };
                assert!(input.ends_with("…[truncated]") && input.len() < max);
                assert!(format!("{:?}", attr("edgespan.truncated")).contains("\"input\""));
                assert!(format!("{:?}", attr("note")).contains("kept"));
            } else {
                assert!(
                    attr("edgespan.truncated").is_none(),
                    "a small span was touched"
                );
            }
            seen.push(SpanId(s.span_id.clone().try_into().unwrap()));
        }
    }
    assert_eq!(
        seen,
        vec![small_before, SpanId::from_words([7, 2]), small_after]
    );
}

#[test]
fn retries_never_run_past_the_deadline() {
    for timeout in [600u32, 1_000, 2_500, 7_000, 25_000] {
        for latency in [0.0, 30.0, 400.0, 60_000.0] {
            let mut t = tracer(config().with_timeout_ms(timeout));
            ended(&mut t, 1);
            let run = run_flush(&mut t, T0_MS, &[Reply::Status(503)], latency);
            assert!(
                run.end_ms <= T0_MS + timeout as f64,
                "timeout {timeout} latency {latency}: ended at +{}",
                run.end_ms - T0_MS
            );
            assert_eq!(run.report.pending, 1);
            assert!(run.report.requests <= edgespan_core::MAX_ATTEMPTS as u64);
        }
    }
}

/// Starts span `n` of one trace in request scope `scope`.
fn start_in_scope(t: &mut TracerCore, name: &str, n: u32, scope: u32) -> Handle {
    t.start_span(SpanStart {
        name,
        kind: SpanKind::Internal,
        trace_id: TraceId::from_words([9, 9, 9, 9]),
        span_id: SpanId::from_words([5, n]),
        parent: None,
        scope,
        start_ns: 1_000,
    })
}

#[test]
fn finishing_a_scope_ends_only_its_own_open_spans_and_names_them() {
    let mut t = tracer(config());
    let a_root = start_in_scope(&mut t, "a.root", 1, 1);
    let a_child = start_in_scope(&mut t, "a.forgotten", 2, 1);
    let b_child = start_in_scope(&mut t, "b.still-running", 3, 2);
    assert!(t.end_span(a_root, 2_000));
    assert_eq!(
        t.end_scope(1, "span was still open when its trace finished", 3_000),
        1
    );
    assert_eq!(t.end_scope(0, "scope 0 is no scope", 3_000), 0);
    assert_eq!(t.open_spans(), 1, "the other scope's span is untouched");
    let run = run_flush(&mut t, T0_MS, &[Reply::Status(200)], 1.0);
    assert_eq!(run.report.exported, 2);
    assert_eq!(run.report.open_spans, 1);
    let names: Vec<_> = run
        .report
        .unfinished
        .iter()
        .map(|u| (u.name.as_str(), u.incomplete))
        .collect();
    assert_eq!(names, [("a.forgotten", true), ("b.still-running", false)]);
    assert!(edgespan_core::report_json(&run.report).contains(
        r#""unfinished":[{"name":"a.forgotten","spanId":"0000000500000002","state":"incomplete"}"#
    ));
    let req: ExportTraceServiceRequest = serde_json::from_slice(&run.bodies[0]).unwrap();
    let spans = &req.resource_spans[0].scope_spans[0].spans;
    let forgotten = spans.iter().find(|s| s.name == "a.forgotten").unwrap();
    assert_eq!(forgotten.status.as_ref().unwrap().code, 2);
    assert_eq!(forgotten.end_time_unix_nano, 3_000);
    let root = spans.iter().find(|s| s.name == "a.root").unwrap();
    assert_eq!(
        root.status.as_ref().map_or(0, |s| s.code),
        0,
        "the root ended normally"
    );
    assert!(t.end_span(b_child, 4_000));
    let _ = a_child;
}

#[test]
fn cancelling_a_scope_ends_its_open_spans_as_cancelled_keeping_what_they_had() {
    let mut t = tracer(config());
    let root = start_in_scope(&mut t, "root", 1, 1);
    let chat = start_in_scope(&mut t, "chat", 2, 1);
    let other = start_in_scope(&mut t, "other scope", 3, 2);
    if let Some(s) = t.span_mut(chat) {
        s.set_attribute(
            "gen_ai.request.model",
            edgespan_core::Value::Str("m".into()),
        );
    }
    assert!(t.end_span(root, 2_000));
    assert_eq!(t.cancel_scope(1, 3_000), 1);
    assert_eq!(t.cancel_scope(0, 3_000), 0);
    assert_eq!(t.open_spans(), 1, "the other scope's span is untouched");
    let run = run_flush(&mut t, T0_MS, &[Reply::Status(200)], 1.0);
    assert_eq!(run.report.exported, 2);
    assert!(
        run.report.unfinished.iter().all(|u| u.name != "chat"),
        "a cancelled span is not one its code forgot"
    );
    let req: ExportTraceServiceRequest = serde_json::from_slice(&run.bodies[0]).unwrap();
    let spans = &req.resource_spans[0].scope_spans[0].spans;
    let chat = spans.iter().find(|s| s.name == "chat").unwrap();
    assert_eq!(
        chat.status.as_ref().map_or(0, |s| s.code),
        0,
        "not a failure"
    );
    assert_eq!(chat.end_time_unix_nano, 3_000);
    let has = |k: &str| chat.attributes.iter().any(|a| a.key == k);
    assert!(has("edgespan.cancelled"));
    assert!(has("gen_ai.request.model"), "what it recorded is kept");
    assert!(!has("edgespan.incomplete"));
    assert!(t.end_span(other, 4_000));
}

#[test]
fn every_span_carries_its_sequence_number() {
    let mut t = tracer(config());
    for n in 0..3 {
        ended(&mut t, n);
    }
    let run = run_flush(&mut t, T0_MS, &[Reply::Status(200)], 1.0);
    let req: ExportTraceServiceRequest = serde_json::from_slice(&run.bodies[0]).unwrap();
    let seqs: Vec<_> = req.resource_spans[0].scope_spans[0]
        .spans
        .iter()
        .map(|s| {
            match s
                .attributes
                .iter()
                .find(|kv| kv.key == "edgespan.seq")
                .and_then(|kv| kv.value.clone())
                .and_then(|v| v.value)
            {
                Some(any_value::Value::IntValue(i)) => i,
                other => panic!("{other:?}"),
            }
        })
        .collect();
    assert_eq!(seqs, [0, 1, 2]);
}

#[test]
fn answer_read_uses_the_rust_parsers_for_rust_drivers() {
    let mut scratch = String::new();
    let a = Answer::read(
        200,
        "",
        "application/json",
        br#"{"partialSuccess":{"rejectedSpans":"2","errorMessage":"too old"}}"#,
        0.0,
        &mut scratch,
    );
    assert_eq!(
        (a.status, a.rejected, a.text, a.retry_after_ms),
        (200, 2, "too old", None)
    );
    let mut scratch = String::new();
    let a = Answer::read(503, " 3 ", "text/plain", b"busy", 0.0, &mut scratch);
    assert_eq!(
        (a.rejected, a.text, a.retry_after_ms),
        (0, "busy", Some(3_000.0))
    );
    let mut scratch = String::new();
    let a = Answer::read(200, "", "application/json", b"not json", 0.0, &mut scratch);
    assert_eq!((a.rejected, a.text), (0, ""));
}

#[test]
fn two_exporters_from_one_buffer_retry_and_requeue_separately() {
    let mut t = tracer(config().with_timeout_ms(2_000));
    t.add_exporter(Encoder::new(
        edgespan_core::Protocol::Json,
        "test-svc",
        "rust",
    ));
    let ids: Vec<_> = (0..3).map(|n| ended(&mut t, n)).collect();
    let mut jobs = t.begin_flush_all(T0_MS);
    assert_eq!(jobs.len(), 2);
    let second = jobs.pop().unwrap();
    let first = jobs.pop().unwrap();
    // The first exporter delivers; the second never gets through before its deadline.
    let ok = drive(&mut t, first, &[Reply::Status(200)], 1.0);
    let down = drive(&mut t, second, &[Reply::Status(503)], 1.0);
    assert_eq!((ok.report.exported, ok.report.pending), (3, 0));
    assert_eq!((down.report.exported, down.report.pending), (0, 3));
    assert_eq!(ids_in(&ok.bodies[0]), ids);
    // Next flush: only the second exporter has anything to send, the same three spans.
    let mut jobs = t.begin_flush_all(T0_MS + 5_000.0);
    let second = jobs.pop().unwrap();
    let first = jobs.pop().unwrap();
    assert!(first.is_empty());
    let again = drive(&mut t, second, &[Reply::Status(200)], 1.0);
    assert_eq!(ids_in(&again.bodies[0]), ids);
    assert_eq!(t.finish_flush(first, T0_MS + 5_000.0).requests, 0);
    assert_eq!(t.buffered_spans(), 0);
}

#[test]
fn exporters_share_the_connection_cap() {
    let mut t = tracer(
        config()
            .with_max_batch_bytes(700)
            .with_max_concurrent_requests(4),
    );
    t.add_exporter(Encoder::new(
        edgespan_core::Protocol::Json,
        "test-svc",
        "rust",
    ));
    for n in 0..20 {
        ended(&mut t, n);
    }
    for job in t.begin_flush_all(T0_MS) {
        let run = drive(&mut t, job, &[Reply::Status(200)], 10.0);
        assert_eq!(run.max_in_flight, 2, "4 connections shared by 2 exporters");
        assert_eq!(run.report.exported, 20);
    }
}

#[test]
fn spans_nobody_ends_are_capped_and_counted() {
    let mut t = tracer(config().with_max_queue_spans(100));
    let cap = edgespan_core::open_span_cap(100);
    assert_eq!(cap, 1024);
    for n in 0..(cap as u32 + 10) {
        t.start_span(SpanStart {
            name: "leak",
            kind: SpanKind::Internal,
            trace_id: TraceId::from_words([1, 1, 1, 1]),
            span_id: SpanId::from_words([9, n + 1]),
            parent: None,
            scope: 0,
            start_ns: 1,
        });
    }
    assert_eq!(t.open_spans(), cap);
    let run = run_flush(&mut t, T0_MS, &[Reply::Status(200)], 1.0);
    assert_eq!(run.report.dropped, 10);
    assert_eq!(run.report.open_spans, cap as u64);
}

// ---- Braintrust logs3 open rows ----

fn logs3(open_rows: bool) -> Encoder {
    Encoder::Logs3(edgespan_core::Logs3Encoder::new("proj-1").with_open_rows(open_rows))
}

fn rows_in(body: &[u8]) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_slice(body).expect("logs3 JSON");
    v["rows"].as_array().expect("rows").clone()
}

fn row_of(rows: &[serde_json::Value], id: SpanId) -> &serde_json::Value {
    rows.iter()
        .find(|r| r["id"] == id.to_hex())
        .expect("a row for the span")
}

/// Braintrust's documented merge: a merge row deep-merges into the row with its id (objects
/// key by key, anything else replaced), or is inserted when there is none; a plain row replaces.
fn apply(store: &mut HashMap<String, serde_json::Value>, row: &serde_json::Value) {
    fn merge(into: &mut serde_json::Value, from: &serde_json::Value) {
        match (into, from) {
            (serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
                for (k, v) in b {
                    merge(a.entry(k.clone()).or_insert(serde_json::Value::Null), v);
                }
            }
            (a, b) => *a = b.clone(),
        }
    }
    let mut row = row.clone();
    let is_merge = row.as_object_mut().unwrap().remove("_is_merge") == Some(true.into());
    let id = row["id"].as_str().unwrap().to_string();
    match store.get_mut(&id) {
        Some(old) if is_merge => merge(old, &row),
        _ => {
            store.insert(id, row);
        }
    }
}

#[test]
fn open_rows_show_open_spans_once_and_a_merge_row_completes_them() {
    let mut t = tracer(config());
    t.add_exporter(logs3(true));
    let open = start(&mut t, "still running", 1);
    let done = ended(&mut t, 2);
    let open_id = SpanId::from_words([7, 1]);

    let mut jobs = t.begin_flush_all(T0_MS).into_iter();
    let otlp = drive(&mut t, jobs.next().unwrap(), &[Reply::Status(200)], 1.0);
    let bt = drive(&mut t, jobs.next().unwrap(), &[Reply::Status(200)], 1.0);
    // OTLP has no open rows: only the ended span.
    assert_eq!(ids_in(&otlp.bodies[0]), vec![done]);
    assert_eq!((otlp.report.exported, otlp.report.open_rows), (1, 0));
    assert_eq!(otlp.report.open_spans, 1);
    // logs3: the ended span whole, and the open one as an open row.
    let rows = rows_in(&bt.bodies[0]);
    assert_eq!(rows.len(), 2);
    assert_eq!(row_of(&rows, done)["_is_merge"], false);
    let first = row_of(&rows, open_id).clone();
    assert_eq!(first["_is_merge"], true);
    assert_eq!(
        first["span_attributes"],
        serde_json::json!({"name": "still running"})
    );
    assert!(first["metrics"]["end"].is_null(), "an open row has no end");
    assert_eq!(first["metrics"]["start"].as_f64(), Some(1e-6));
    assert_eq!(first["project_id"], "proj-1");
    assert!(first.get("input").is_none() && first.get("metadata").is_none());
    assert_eq!(
        (bt.report.exported, bt.report.open_rows),
        (1, 1),
        "open rows are not spans"
    );

    // Still open at the next flush: its open row is not sent again.
    let jobs = t.begin_flush_all(T0_MS + 10.0);
    assert!(jobs.iter().all(|j| j.is_empty()));
    for j in jobs {
        t.finish_flush(j, T0_MS + 10.0);
    }

    // Ended: both exporters get it; logs3 as a merge row with everything.
    t.span_mut(open)
        .unwrap()
        .set_attribute("k", edgespan_core::Value::Int(1));
    t.span_mut(open).unwrap().log.output = Some(edgespan_core::Payload::Text("done".into()));
    assert!(t.end_span(open, 3_000));
    let mut jobs = t.begin_flush_all(T0_MS + 20.0).into_iter();
    let otlp = drive(&mut t, jobs.next().unwrap(), &[Reply::Status(200)], 1.0);
    let bt = drive(&mut t, jobs.next().unwrap(), &[Reply::Status(200)], 1.0);
    assert_eq!(ids_in(&otlp.bodies[0]), vec![open_id]);
    let last = rows_in(&bt.bodies[0]);
    assert_eq!(last.len(), 1);
    let last = last[0].clone();
    assert_eq!(last["_is_merge"], true);
    assert_eq!(last["metrics"]["end"].as_f64(), Some(3e-6));
    assert_eq!(last["output"], "done");
    assert_eq!((bt.report.exported, bt.report.open_rows), (1, 0));

    // Whichever arrives last, Braintrust ends up with the complete row.
    let mut in_order = HashMap::new();
    apply(&mut in_order, &first);
    apply(&mut in_order, &last);
    let mut reversed = HashMap::new();
    apply(&mut reversed, &last);
    apply(&mut reversed, &first);
    let mut complete = HashMap::new();
    apply(&mut complete, &last);
    assert_eq!(in_order, complete);
    assert_eq!(reversed, complete);
    assert_eq!(
        complete[&open_id.to_hex()]["span_attributes"]["type"],
        "task"
    );
}

#[test]
fn an_undelivered_open_row_is_not_sent_after_its_span_ended() {
    let mut t = tracer(config().with_timeout_ms(2_000));
    t.replace_exporter(0, logs3(true));
    let open = start(&mut t, "slow", 1);
    let run = run_flush(&mut t, T0_MS, &[Reply::Status(503)], 1.0);
    assert!(run.bodies.len() > 1, "retried");
    // Open rows are not spans: nothing counted as pending, no error line about spans.
    assert_eq!((run.report.pending, run.report.open_rows), (0, 0));
    assert!(run.report.errors.is_empty(), "{:?}", run.report.errors);
    assert_eq!(t.dropped(), 0);
    assert!(t.end_span(open, 5_000));
    let run = run_flush(&mut t, T0_MS + 5_000.0, &[Reply::Status(200)], 1.0);
    let rows = rows_in(&run.bodies[0]);
    assert_eq!(rows.len(), 1, "only the final row: {rows:?}");
    assert_eq!(rows[0]["_is_merge"], true);
    assert!(rows[0]["metrics"]["end"].is_number());
    assert_eq!((run.report.exported, run.report.open_rows), (1, 0));
    assert_eq!(t.buffered_spans(), 0);
}

#[test]
fn open_rows_without_room_wait_and_are_never_counted_as_dropped() {
    let mut t = tracer(config().with_max_queue_spans(1));
    t.replace_exporter(0, logs3(true));
    start(&mut t, "a", 1);
    start(&mut t, "b", 2);
    let run = run_flush(&mut t, T0_MS, &[Reply::Status(200)], 1.0);
    assert_eq!((run.report.open_rows, run.report.dropped), (1, 0));
    let run = run_flush(&mut t, T0_MS + 10.0, &[Reply::Status(200)], 1.0);
    assert_eq!((run.report.open_rows, run.report.dropped), (1, 0));
    let names: Vec<_> = rows_in(&run.bodies[0])
        .iter()
        .map(|r| r["span_attributes"]["name"].clone())
        .collect();
    assert_eq!(names, ["b"]);
    let run = run_flush(&mut t, T0_MS + 20.0, &[Reply::Status(200)], 1.0);
    assert!(run.bodies.is_empty());
}

#[test]
fn without_open_rows_logs3_sends_whole_rows_only() {
    let mut t = tracer(config());
    t.replace_exporter(0, logs3(false));
    let h = start(&mut t, "a", 1);
    let run = run_flush(&mut t, T0_MS, &[Reply::Status(200)], 1.0);
    assert!(run.bodies.is_empty());
    t.end_span(h, 2_000);
    let run = run_flush(&mut t, T0_MS + 10.0, &[Reply::Status(200)], 1.0);
    assert_eq!(rows_in(&run.bodies[0])[0]["_is_merge"], false);
}

#[test]
fn a_refused_open_row_is_named_as_such_and_not_counted_as_a_failed_span() {
    let mut t = tracer(config());
    t.replace_exporter(0, logs3(true));
    let h = start(&mut t, "a", 1);
    ended(&mut t, 2);
    let run = run_flush(&mut t, T0_MS, &[Reply::Status(401)], 1.0);
    assert_eq!((run.report.failed, run.report.open_rows), (1, 0));
    assert!(
        run.report.errors[0].starts_with("HTTP 401 (not retried): 1 spans and 1 open rows failed"),
        "{:?}",
        run.report.errors
    );
    // Its final row still completes it (a merge row is inserted when no row exists).
    t.end_span(h, 3_000);
    let run = run_flush(&mut t, T0_MS + 10.0, &[Reply::Status(200)], 1.0);
    let rows = rows_in(&run.bodies[0]);
    assert_eq!((rows.len(), &rows[0]["_is_merge"]), (1, &true.into()));
}

#[test]
fn an_outage_is_learnt_once_later_flushes_probe_once_and_keep_spans_pending() {
    let mut t = tracer(config());
    ended(&mut t, 1);
    // Flush 1 finds the collector down: retries until its deadline, then cools down 10 s.
    let first = run_flush(&mut t, T0_MS, &[Reply::NetworkError], 1.0);
    assert!(first.report.requests > 1);
    assert_eq!(first.report.pending, 1);
    assert!(
        first
            .report
            .errors
            .iter()
            .any(|e| e.contains("cooling down for 10 s")),
        "{:?}",
        first.report.errors
    );
    // Flush 2, inside the window: one attempt, no retry, spans kept; the window doubles.
    ended(&mut t, 2);
    let at = first.end_ms + 1_000.0;
    let second = run_flush(&mut t, at, &[Reply::NetworkError], 1.0);
    assert_eq!((second.report.requests, second.report.retried), (1, 0));
    assert_eq!(second.report.pending, 2);
    assert!(second.end_ms - at < 10.0, "did not wait out its deadline");
    assert!(second
        .report
        .errors
        .iter()
        .any(|e| e.contains("cooling down for 20 s")));
    // Flush 3, still inside: a hung collector is given the probe's timeout, not the deadline.
    let at = second.end_ms + 1_000.0;
    let third = run_flush(&mut t, at, &[Reply::Status(200)], 60_000.0);
    assert_eq!(third.report.requests, 1);
    assert!((third.end_ms - at - edgespan_core::PROBE_TIMEOUT_MS).abs() < 1e-6);
    assert!(third
        .report
        .errors
        .iter()
        .any(|e| e.contains("cooling down for 40 s")));
    // Flush 4: the collector answers; the outage ends and everything is delivered.
    let at = third.end_ms + 1_000.0;
    let fourth = run_flush(&mut t, at, &[Reply::Status(200)], 1.0);
    assert_eq!((fourth.report.exported, fourth.report.pending), (2, 0));
    assert!(
        fourth.report.errors.is_empty(),
        "{:?}",
        fourth.report.errors
    );
    // Flush 5 after a new failure starts again at the first window.
    ended(&mut t, 3);
    let fifth = run_flush(&mut t, fourth.end_ms + 1.0, &[Reply::Timeout], 1.0);
    assert!(
        fifth.report.requests > 1,
        "a healthy exporter gets the usual retries"
    );
    assert!(fifth
        .report
        .errors
        .iter()
        .any(|e| e.contains("cooling down for 10 s")));
}

#[test]
fn a_probe_that_gets_an_http_answer_ends_the_outage_and_the_flush_goes_on_as_usual() {
    // One span per request (a span alone is about 660 bytes here).
    let mut t = tracer(config().with_max_batch_bytes(1000));
    for i in 0..6 {
        ended(&mut t, i);
    }
    let first = run_flush(&mut t, T0_MS, &[Reply::NetworkError], 1.0);
    assert_eq!(first.report.pending, 6);
    // A 503 is an answer: the collector is reachable again, so the 503 is retried as usual and
    // the other batches go out.
    let second = run_flush(
        &mut t,
        first.end_ms + 500.0,
        &[Reply::Status(503), Reply::Status(200)],
        1.0,
    );
    assert_eq!((second.report.exported, second.report.pending), (6, 0));
    assert!(second.report.retried >= 1);
    assert!(!second.report.errors.iter().any(|e| e.contains("cooling")));
}

#[test]
fn the_cool_down_grows_to_its_cap_and_no_further() {
    let mut t = tracer(config());
    ended(&mut t, 1);
    let mut at = T0_MS;
    let mut last = String::new();
    for _ in 0..12 {
        let run = run_flush(&mut t, at, &[Reply::NetworkError], 1.0);
        last = run
            .report
            .errors
            .iter()
            .find(|e| e.contains("cooling"))
            .cloned()
            .unwrap();
        at = run.end_ms + 1.0;
    }
    let cap = (edgespan_core::COOL_DOWN_MAX_MS / 1000.0) as u64;
    assert!(
        last.contains(&format!("cooling down for {cap} s")),
        "{last}"
    );
}

// Model-based: random sequences of spans started and ended, and flushes each answered by a random
// script of replies (200, a 500 that refuses for good, 502/503/429 that are retried, partial
// success, network errors, attempts that outlast their timeout), on the virtual clock. Then the
// faults stop: three clean flushes at most. Checked against a simple model: every ended span is
// delivered (in a 2xx body) exactly once or refused for good once, never both; the reports add
// up (exported + failed + pending = ended, with nothing dropped); nothing is pending at the end.
mod model {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    #[derive(Clone, Debug)]
    enum Op {
        Start,
        End(usize),
        Flush(Vec<Reply>, f64),
    }

    fn reply() -> impl Strategy<Value = Reply> {
        prop_oneof![
            4 => Just(Reply::Status(200)),
            1 => Just(Reply::Status(500)),
            1 => prop_oneof![Just(502u16), Just(503), Just(504)].prop_map(Reply::Status),
            1 => (0.0..3_000.0f64).prop_map(|ms| Reply::RetryAfter(429, ms)),
            1 => (0u64..3).prop_map(Reply::Partial),
            1 => Just(Reply::NetworkError),
        ]
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => Just(Op::Start),
            4 => any::<usize>().prop_map(Op::End),
            2 => (
                prop::collection::vec(reply(), 0..5),
                prop_oneof![Just(1.0), Just(50.0), Just(60_000.0)],
            )
                .prop_map(|(r, l)| Op::Flush(r, l)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn every_ended_span_is_delivered_once_and_the_reports_add_up(ops in prop::collection::vec(op(), 1..60)) {
            let mut t = tracer(config());
            let (mut open, mut ended) = (Vec::new(), HashSet::new());
            let (mut delivered, mut refused) = (Vec::new(), Vec::new());
            let mut reports = Vec::new();
            let mut now = T0_MS;
            let mut n = 0;
            let mut flush = |t: &mut TracerCore, now: f64, script: &[Reply], latency: f64| {
                let run = run_flush(t, now, script, latency);
                for &(body, reply) in &run.answered {
                    let ids = ids_in(&run.bodies[body]);
                    match reply {
                        Reply::Status(200) | Reply::Partial(_) => delivered.extend(ids),
                        Reply::Status(500) => refused.extend(ids),
                        _ => {}
                    }
                }
                run.report
            };
            for op in ops {
                match op {
                    Op::Start => {
                        n += 1;
                        open.push((start(&mut t, "s", n), SpanId::from_words([7, n])));
                    }
                    Op::End(i) if !open.is_empty() => {
                        let (h, id) = open.remove(i % open.len());
                        prop_assert!(t.end_span(h, 2_000));
                        ended.insert(id);
                    }
                    Op::End(_) => {}
                    Op::Flush(script, latency) => {
                        reports.push(flush(&mut t, now, &script, latency));
                        // Past any cool-down, so the next flush sends in full.
                        now += 400_000.0;
                    }
                }
            }
            for (h, id) in open.drain(..) {
                prop_assert!(t.end_span(h, 2_000));
                ended.insert(id);
            }
            for _ in 0..3 {
                let r = flush(&mut t, now, &[Reply::Status(200)], 1.0);
                now += 400_000.0;
                let done = r.pending == 0;
                reports.push(r);
                if done {
                    break;
                }
            }
            let sum = |f: fn(&FlushReport) -> u64| reports.iter().map(f).sum::<u64>();
            let last = reports.last().map_or(0, |r| r.pending);
            prop_assert_eq!(last, 0, "pending after the faults stopped");
            let once: HashSet<SpanId> = delivered.iter().copied().collect();
            prop_assert_eq!(once.len(), delivered.len(), "a span delivered twice");
            let gone: HashSet<SpanId> = refused.iter().copied().collect();
            prop_assert!(once.is_disjoint(&gone), "a refused span sent again");
            prop_assert_eq!(gone.len(), refused.len(), "a span refused twice");
            let all: HashSet<SpanId> = once.union(&gone).copied().collect();
            prop_assert_eq!(&all, &ended);
            let rejected: u64 = sum(|r| r.failed);
            prop_assert_eq!(sum(|r| r.exported) + rejected, (delivered.len() + refused.len()) as u64);
            prop_assert_eq!(sum(|r| r.dropped), 0);
            prop_assert_eq!(sum(|r| r.exported) + sum(|r| r.failed) + last, ended.len() as u64);
        }
    }
}
