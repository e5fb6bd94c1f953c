//! Time as the core sees it: Unix nanoseconds, converted exactly from the milliseconds a driver
//! reads.
//!
//! The core reads no clock. The npm build's JS layer reads `performance.timeOrigin +
//! performance.now()` (or `Date.now()`) and passes milliseconds in; the Rust API reads its
//! transport's clock. Inside deployed workerd the clock only advances across I/O, so CPU-only
//! spans show 0 ms (see docs/delivery.md).

/// Converts Unix milliseconds (possibly fractional) to Unix nanoseconds, exactly for whole
/// milliseconds: `1796108471941.0` becomes `1796108471941000000`, not the nearest double of the
/// product. The fraction is rounded to the nearest nanosecond. Negative and NaN inputs give 0,
/// too-large ones saturate; nothing panics.
pub fn ms_to_nanos(ms: f64) -> u64 {
    if ms.is_nan() || ms <= 0.0 {
        return 0;
    }
    // u64 nanoseconds end in the year 2554; past that (or at infinity) saturate.
    if ms >= 18_446_744_073_709.0 {
        return u64::MAX;
    }
    // Whole milliseconds are exact in an f64 up to 2^53, far beyond any clock value; only the
    // fraction goes through floating point, where it has sub-nanosecond resolution.
    let whole = ms as u64; // truncates; ms > 0 and in range
    let frac_ns = ((ms - whole as f64) * 1_000_000.0 + 0.5) as u64;
    (whole * 1_000_000).saturating_add(frac_ns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ms_conversion_is_exact_and_saturates() {
        assert_eq!(ms_to_nanos(1.5), 1_500_000);
        assert_eq!(ms_to_nanos(-3.0), 0);
        assert_eq!(ms_to_nanos(f64::NAN), 0);
        assert_eq!(ms_to_nanos(f64::INFINITY), u64::MAX);
        assert_eq!(ms_to_nanos(1e300), u64::MAX);
        assert_eq!(ms_to_nanos(1_763_000_000_000.0), 1_763_000_000_000_000_000);
        // The value workerd produced through an f64 product: ...940999936.
        assert_eq!(ms_to_nanos(1_796_108_471_941.0), 1_796_108_471_941_000_000);
        // A sub-millisecond reading keeps microseconds.
        assert_eq!(ms_to_nanos(1_796_108_471_941.25), 1_796_108_471_941_250_000);
        assert_eq!(ms_to_nanos(0.000_001), 1);
    }

    #[test]
    fn every_whole_millisecond_of_a_range_is_exact() {
        let base = 1_796_108_471_000u64;
        for i in 0..100_000u64 {
            let ms = base + i * 7;
            assert_eq!(ms_to_nanos(ms as f64), ms * 1_000_000);
        }
    }
}
