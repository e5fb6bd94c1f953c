//! Retry decisions as pure functions of plain values (OTLP/HTTP spec, PEERS.md).

/// What to do with an HTTP answer.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Class {
    /// 2xx: delivered (a `partialSuccess` may still reject some spans; those are not retried).
    Success,
    /// 429, 502, 503, 504: try again after a backoff or the server's `Retry-After`.
    Retry,
    /// 413: the body was too large; split the batch and try the halves.
    TooLarge,
    /// Every other status: not retried; the spans count as failed.
    Fail,
}

/// Classifies an HTTP status. Network errors and per-attempt timeouts are retried too; they have
/// no status and are handled by the flush directly.
pub fn classify(status: u16) -> Class {
    match status {
        200..=299 => Class::Success,
        429 | 502 | 503 | 504 => Class::Retry,
        413 => Class::TooLarge,
        _ => Class::Fail,
    }
}

/// First retry delay before jitter.
pub const BACKOFF_BASE_MS: f64 = 500.0;
/// Longest delay between attempts before jitter.
pub const BACKOFF_CAP_MS: f64 = 8_000.0;

/// Exponential backoff with ±20% jitter: `base × 2^retry`, capped. `retry` counts from 0 for the
/// first retry; `unit` is a uniform random number in [0, 1).
pub fn backoff_ms(retry: u32, unit: f64) -> f64 {
    let exp = BACKOFF_BASE_MS * f64::from(1u32 << retry.min(16));
    let d = if exp > BACKOFF_CAP_MS {
        BACKOFF_CAP_MS
    } else {
        exp
    };
    let unit = if (0.0..1.0).contains(&unit) {
        unit
    } else {
        0.5
    };
    d * (0.8 + 0.4 * unit)
}

/// The longest `Retry-After` taken, in seconds (a year); longer ones, however many digits, are this.
pub const MAX_RETRY_AFTER_S: u64 = 86_400 * 365;

/// Parses a `Retry-After` value into a delay in ms from `now_ms` (Unix ms): either delta-seconds
/// or an HTTP date (IMF-fixdate, RFC 850 or asctime). Dates in the past give 0. Garbage gives
/// `None`, and the caller falls back to its own backoff.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    if v.bytes().all(|c| c.is_ascii_digit()) {
        // All digits: only an overflow fails to parse, and a delay that long is the cap.
        let secs = v.parse::<u64>().unwrap_or(u64::MAX);
        return Some(secs.min(MAX_RETRY_AFTER_S) as f64 * 1000.0);
    }
    let at = parse_http_date(v)?;
    let d = at as f64 * 1000.0 - now_ms;
    Some(if d > 0.0 { d } else { 0.0 })
}

/// Parses an HTTP date to Unix seconds. Accepts the three forms of RFC 9110 §5.6.7, leniently:
/// it needs a month name, a day, a year and `hh:mm:ss` in GMT (the asctime form, which names no
/// zone, is read as GMT too; any other zone is refused). `js/rules/answer.js` has the same rule,
/// checked against this one by generated cases (`tests/unit/differential.test.mjs`).
pub fn parse_http_date(s: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let (mut day, mut month, mut year, mut time) = (None, None, None, None);
    for tok in s.split([' ', ',', '-']).filter(|t| !t.is_empty()) {
        if tok.contains(':') {
            // hh:mm:ss, each part one or two digits (no sign).
            let mut p = tok.split(':').map(|x| {
                let ok = (1..=2).contains(&x.len()) && x.bytes().all(|c| c.is_ascii_digit());
                ok.then(|| x.parse::<i64>().ok()).flatten()
            });
            let (h, m, sec) = (p.next()??, p.next()??, p.next()??);
            if p.next().is_some() || h > 23 || m > 59 || sec > 60 {
                return None;
            }
            time = Some(h * 3600 + m * 60 + sec);
        } else if tok.bytes().all(|c| c.is_ascii_digit()) {
            let n: i64 = tok.parse().ok()?;
            if day.is_none() && tok.len() <= 2 {
                day = Some(n);
            } else if tok.len() == 4 {
                year = Some(n);
            } else if tok.len() == 2 {
                // RFC 850 two-digit year: the spec says to read it as the nearest such year.
                year = Some(if n < 70 { 2000 + n } else { 1900 + n });
            } else {
                return None;
            }
        } else if tok.len() >= 3 {
            let lower = tok.to_ascii_lowercase();
            if let Some(i) = MONTHS
                .iter()
                .position(|m| lower.starts_with(m) && tok.len() == 3)
            {
                month = Some(i as i64 + 1);
            } else if lower != "gmt" && lower != "utc" && !is_weekday(&lower) {
                return None;
            }
        } else {
            return None;
        }
    }
    let (d, m, y, t) = (day?, month?, year?, time?);
    if !(1..=31).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 + t)
}

fn is_weekday(s: &str) -> bool {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .any(|w| s.starts_with(w))
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_table() {
        for (status, class) in [
            (200, Class::Success),
            (202, Class::Success),
            (204, Class::Success),
            (400, Class::Fail),
            (401, Class::Fail),
            (403, Class::Fail),
            (404, Class::Fail),
            (408, Class::Fail),
            (413, Class::TooLarge),
            (429, Class::Retry),
            (500, Class::Fail),
            (501, Class::Fail),
            (502, Class::Retry),
            (503, Class::Retry),
            (504, Class::Retry),
            (301, Class::Fail),
            (0, Class::Fail),
        ] {
            assert_eq!(classify(status), class, "{status}");
        }
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("1", 0.0), Some(1000.0));
        assert_eq!(parse_retry_after(" 120 ", 0.0), Some(120_000.0));
        // 1994-11-06T08:49:37Z = 784111777 s.
        let now = 784_111_777_000.0 - 5_000.0;
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(parse_retry_after(form, now), Some(5_000.0), "{form}");
        }
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 9e12),
            Some(0.0)
        );
        for garbage in [
            "",
            "soon",
            "-1",
            "1.5",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "12:00:00",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 06 Nov 1994 08:+9:37 GMT",
        ] {
            assert_eq!(parse_retry_after(garbage, 0.0), None, "{garbage:?}");
        }
        // Delta-seconds of any length wait at most a year.
        assert_eq!(
            parse_retry_after("99999999999999999999999", 0.0),
            Some(MAX_RETRY_AFTER_S as f64 * 1000.0)
        );
    }

    #[test]
    fn http_date_epoch() {
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Sat, 29 Feb 2020 12:00:00 GMT"),
            Some(1_582_977_600)
        );
    }

    #[test]
    fn backoff_grows_with_bounded_jitter() {
        assert_eq!(backoff_ms(0, 0.5), 500.0);
        assert_eq!(backoff_ms(1, 0.5), 1000.0);
        assert_eq!(backoff_ms(30, 0.5), BACKOFF_CAP_MS);
        for r in 0..20 {
            for u in [0.0, 0.25, 0.999, f64::NAN, 7.0] {
                let d = backoff_ms(r, u);
                assert!((400.0..=BACKOFF_CAP_MS * 1.2).contains(&d), "{r} {u} {d}");
            }
        }
    }
}
