//! Random trace and span ids for the Rust API: the operating system's randomness natively,
//! `crypto.getRandomValues` on wasm.

use edgespan_core::{SpanId, TraceId};

/// Fills `out` with random bytes from the operating system.
#[cfg(not(target_arch = "wasm32"))]
pub fn random_bytes(out: &mut [u8]) {
    // getrandom only fails when the OS has no entropy source; fall back to a time-derived value
    // rather than panicking, and keep the result non-zero.
    if getrandom::fill(out).is_err() {
        let mut x = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
            | 1;
        for b in out.iter_mut() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x as u8;
        }
    }
}

/// Fills `out` with random bytes from `crypto.getRandomValues`.
#[cfg(target_arch = "wasm32")]
pub fn random_bytes(out: &mut [u8]) {
    use wasm_bindgen::prelude::wasm_bindgen;
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues)]
        fn get_random_values(buf: &mut [u8]);
    }
    // getRandomValues takes at most 65 536 bytes at once.
    for chunk in out.chunks_mut(65_536) {
        get_random_values(chunk);
    }
}

/// A fresh valid trace id.
pub fn new_trace_id() -> TraceId {
    loop {
        let mut b = [0u8; 16];
        random_bytes(&mut b);
        let id = TraceId(b);
        if id.is_valid() {
            return id;
        }
    }
}

/// A fresh valid span id.
pub fn new_span_id() -> SpanId {
    loop {
        let mut b = [0u8; 8];
        random_bytes(&mut b);
        let id = SpanId(b);
        if id.is_valid() {
            return id;
        }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod wasm_tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn random_bytes_past_the_64_kib_chunk() {
        let mut big = vec![0u8; 100_000];
        super::random_bytes(&mut big);
        assert!(big[65_536..].iter().filter(|&&b| b == 0).count() < 1_000);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_valid_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..10_000 {
            let t = new_trace_id();
            let s = new_span_id();
            assert!(t.is_valid() && s.is_valid());
            assert_eq!(t.to_hex().len(), 32);
            assert_eq!(s.to_hex().len(), 16);
            assert!(seen.insert(s.0), "span id repeated");
        }
    }
}
