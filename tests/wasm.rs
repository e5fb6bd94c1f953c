//! wasm-bindgen-test in Node: the `worker` feature's fetch transport, the wasm clock and the wasm
//! random ids, on the real JS globals (`fetch`, `setTimeout`, `Date`, `crypto`).
#![cfg(all(target_arch = "wasm32", feature = "worker"))]

use edgespan::worker::WorkerTransport;
use edgespan::{HttpRequest, Transport, TransportError};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn span_ids_come_from_crypto_and_are_valid() {
    let tracer =
        edgespan::Tracer::new(edgespan::Config::new("http://127.0.0.1:9/v1/traces")).unwrap();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..2000 {
        let s = tracer.start_span("x");
        assert!(s.trace_id().is_valid() && s.span_id().is_valid());
        assert!(seen.insert(s.span_id().0));
    }
}

#[wasm_bindgen_test]
async fn clock_and_sleep() {
    let t = WorkerTransport;
    let a = t.now_ms();
    assert!(a > 1.7e12, "Unix ms from Date.now: {a}");
    t.sleep(30.0).await;
    let b = t.now_ms();
    assert!(b - a >= 25.0, "slept {} ms", b - a);
}

#[wasm_bindgen_test]
async fn fetch_to_a_closed_port_is_a_network_error() {
    let t = WorkerTransport;
    let r = t
        .send(
            HttpRequest::new("http://127.0.0.1:9/v1/traces", b"{}".to_vec())
                .with_header("content-type", "application/json")
                .with_timeout_ms(5_000.0),
        )
        .await;
    assert!(matches!(r, Err(TransportError::Network(_))), "{r:?}");
}
