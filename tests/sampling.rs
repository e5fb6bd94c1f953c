//! Sampling in the core: the head decision against the shared vectors, and request scopes whose
//! keep rules decide at the end (errors, slow roots), with `sampled_out` in the report and
//! sampled-out spans never reaching the buffer.

mod common;

use common::{config, tracer};
use edgespan_core::{
    head_sampled, Handle, Parent, Sampling, SpanId, SpanKind, SpanStart, StatusCode, TraceId,
    TracerCore,
};
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/sampling.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn head_decision_vectors() {
    let v = vectors();
    for c in v["headSampled"].as_array().unwrap() {
        let id = TraceId::from_hex(c[0].as_str().unwrap()).unwrap();
        assert_eq!(
            head_sampled(&id, c[1].as_f64().unwrap()),
            c[2].as_bool().unwrap(),
            "{c}"
        );
    }
    for c in v["flags"].as_array().unwrap() {
        let s = Sampling::default()
            .with_ratio(c[3].as_f64().unwrap())
            .with_parent_based(c[2].as_bool().unwrap());
        let id = TraceId::from_hex(c[4].as_str().unwrap()).unwrap();
        let parent = c[0].as_u64().map(|f| (f as u8, c[1].as_bool().unwrap()));
        assert_eq!(s.flags(&id, parent) as u64, c[5].as_u64().unwrap(), "{c}");
    }
}

#[test]
fn ratio_holds_over_many_traces() {
    let mut kept = 0;
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..20_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut b = [0u8; 16];
        b[8..].copy_from_slice(&x.to_be_bytes());
        b[0] = 1;
        kept += head_sampled(&TraceId(b), 0.25) as u32;
    }
    assert!((4_700..=5_300).contains(&kept), "{kept} of 20000 at 0.25");
}

fn sampling(ratio: f64, keep_errors: bool, slower: Option<f64>) -> TracerCore {
    let mut c = config();
    c.sampling = Sampling::default()
        .with_ratio(ratio)
        .with_keep_errors(keep_errors);
    c.sampling.keep_slower_than_ms = slower;
    tracer(c)
}

fn start(t: &mut TracerCore, n: u32, parent: Option<Parent>, scope: u32, start_ms: u64) -> Handle {
    t.start_span(SpanStart {
        name: "s",
        kind: SpanKind::Internal,
        trace_id: TraceId::from_words([1, 2, 3, n]),
        span_id: SpanId::from_words([7, n]),
        parent,
        scope,
        start_ns: start_ms * 1_000_000,
    })
}

fn child_of(t: &mut TracerCore, root: Handle) -> Option<Parent> {
    let s = t.span_mut(root)?;
    Some(Parent {
        trace_id: s.trace_id,
        span_id: s.span_id,
        remote: false,
        flags: s.trace_flags,
    })
}

#[test]
fn unsampled_scopes_are_left_out_and_counted() {
    let mut t = sampling(0.0, false, None);
    let root = start(&mut t, 1, None, 1, 0);
    let p = child_of(&mut t, root);
    let child = start(&mut t, 2, p, 1, 1);
    assert!(t.end_span(child, 2_000_000));
    assert!(t.end_span(root, 3_000_000));
    assert_eq!(t.end_scope(1, "left open", 3_000_000), 0);
    assert_eq!(t.buffered_spans(), 0, "never buffered, so never encoded");
    let job = t.begin_flush(0.0);
    let report = t.finish_flush(job, 0.0);
    assert_eq!(report.sampled_out, 2);
    assert_eq!(report.exported, 0);
    let again = t.begin_flush(0.0);
    assert_eq!(t.finish_flush(again, 0.0).sampled_out, 0, "counted once");
}

#[test]
fn keep_errors_keeps_the_whole_trace_and_says_why() {
    let mut t = sampling(0.0, true, None);
    let root = start(&mut t, 1, None, 1, 0);
    let p = child_of(&mut t, root);
    let child = start(&mut t, 2, p, 1, 1);
    t.span_mut(child).unwrap().status.code = StatusCode::Error;
    assert!(t.end_span(child, 2_000_000));
    start(&mut t, 3, p, 1, 1); // left open: ended as incomplete, and kept too
    assert!(t.end_span(root, 3_000_000));
    assert_eq!(t.buffered_spans(), 0, "held until the scope finishes");
    assert_eq!(t.end_scope(1, "left open", 3_000_000), 1);
    assert_eq!(t.buffered_spans(), 3);
    // An unsampled scope without errors, in the same tracer, is still left out.
    let quiet = start(&mut t, 9, None, 2, 0);
    assert!(t.end_span(quiet, 1_000_000));
    t.end_scope(2, "", 1_000_000);
    assert_eq!(t.buffered_spans(), 3);
}

#[test]
fn keep_slower_than_keeps_slow_roots_only() {
    let mut t = sampling(0.0, false, Some(100.0));
    let fast = start(&mut t, 1, None, 1, 0);
    assert!(t.end_span(fast, 50_000_000));
    t.end_scope(1, "", 50_000_000);
    let slow = start(&mut t, 2, None, 2, 0);
    assert!(t.end_span(slow, 150_000_000));
    t.end_scope(2, "", 150_000_000);
    assert_eq!(t.buffered_spans(), 1);
    let report = {
        let job = t.begin_flush(0.0);
        t.finish_flush(job, 0.0)
    };
    assert_eq!(report.sampled_out, 1);
}

#[test]
fn an_incoming_unsampled_flag_is_honoured_and_sampled_parents_win_over_the_ratio() {
    let mut t = sampling(1.0, false, None);
    let remote = Parent {
        trace_id: TraceId::from_words([5, 5, 5, 5]),
        span_id: SpanId::from_words([5, 5]),
        remote: true,
        flags: 0,
    };
    let h = start(&mut t, 1, Some(remote), 0, 0);
    assert_eq!(t.span_mut(h).unwrap().trace_flags, 0);
    assert!(t.end_span(h, 1));
    assert_eq!(t.buffered_spans(), 0);
    let mut z = sampling(0.0, false, None);
    let h = start(&mut z, 1, Some(Parent { flags: 1, ..remote }), 0, 0);
    assert!(z.end_span(h, 1));
    assert_eq!(z.buffered_spans(), 1);
}
