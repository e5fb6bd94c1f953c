//! The time source: Unix time in nanoseconds.
//!
//! On wasm the JS layer reads `performance.timeOrigin + performance.now()` (or `Date.now()`) and
//! passes milliseconds in; natively the system clock is read here. Inside deployed workerd the
//! clock only advances across I/O, so CPU-only spans show 0 ms (see the README).

/// Converts JS milliseconds (possibly fractional) to Unix nanoseconds. Negative, NaN and
/// out-of-range inputs saturate instead of panicking.
pub fn ms_to_nanos(ms: f64) -> u64 {
    let ns = ms * 1_000_000.0;
    if ns.is_nan() || ns <= 0.0 {
        0
    } else {
        ns as u64
    }
}

/// Unix time in nanoseconds from the system clock (native builds).
#[cfg(not(target_arch = "wasm32"))]
pub fn now_unix_nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ms_conversion_saturates() {
        assert_eq!(ms_to_nanos(1.5), 1_500_000);
        assert_eq!(ms_to_nanos(-3.0), 0);
        assert_eq!(ms_to_nanos(f64::NAN), 0);
        assert_eq!(ms_to_nanos(f64::INFINITY), u64::MAX);
        assert_eq!(ms_to_nanos(1_763_000_000_000.0), 1_763_000_000_000_000_000);
    }
}
