//! A small JSON writer into a byte buffer: escaped strings, integers, doubles.
//!
//! Hand-written instead of serde_json to keep `core::fmt` out of the wasm (see SIZE.md).

use crate::prelude::*;

/// Appends `s` as a JSON string literal, quotes included.
pub fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    raw_escaped(out, s);
    out.push(b'"');
}

// For each byte: 0 when it goes out as is, else the letter after the backslash (`u` for the
// \u00XX form). One table lookup per byte keeps the common no-escape path tight.
const ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = b'u';
        c += 1;
    }
    t[b'\n' as usize] = b'n';
    t[b'\r' as usize] = b'r';
    t[b'\t' as usize] = b't';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Appends the escaped content of `s` without quotes.
pub fn raw_escaped(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let b = s.as_bytes();
    out.reserve(b.len());
    let mut run = 0;
    for (i, &c) in b.iter().enumerate() {
        let e = ESCAPE[c as usize];
        if e == 0 {
            continue;
        }
        out.extend_from_slice(&b[run..i]);
        if e == b'u' {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(c >> 4) as usize],
                HEX[(c & 15) as usize],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', e]);
        }
        run = i + 1;
    }
    out.extend_from_slice(&b[run..]);
}

/// Appends an unsigned integer in decimal.
pub fn u64(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Appends a signed integer in decimal.
pub fn i64(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    u64(out, v.unsigned_abs());
}

/// Appends an unsigned integer as a quoted decimal string (OTLP JSON's spelling of 64-bit ints).
pub fn u64_string(out: &mut Vec<u8>, v: u64) {
    out.push(b'"');
    u64(out, v);
    out.push(b'"');
}

/// Appends a double. Finite values print as the shortest text that round-trips; NaN and the
/// infinities print as the strings `"NaN"`, `"Infinity"` and `"-Infinity"` (proto3 JSON).
pub fn f64(out: &mut Vec<u8>, v: f64) {
    if v.is_nan() {
        out.extend_from_slice(b"\"NaN\"");
    } else if v.is_infinite() {
        out.extend_from_slice(if v > 0.0 {
            b"\"Infinity\""
        } else {
            b"\"-Infinity\""
        });
    } else {
        crate::float::write_shortest(out, v);
    }
}

/// Appends a value as plain JSON: maps as objects, arrays as arrays, non-finite doubles as `null`.
pub fn value(out: &mut Vec<u8>, v: &crate::value::Value) {
    use crate::value::Value;
    match v {
        Value::Str(s) => string(out, s),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Int(i) => i64(out, *i),
        Value::Double(d) if d.is_finite() => f64(out, *d),
        Value::Double(_) => out.extend_from_slice(b"null"),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                value(out, item);
            }
            out.push(b']');
        }
        Value::Map(kvs) => {
            out.push(b'{');
            for (i, kv) in kvs.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                string(out, &kv.key);
                out.push(b':');
                value(out, &kv.value);
            }
            out.push(b'}');
        }
    }
}

/// Decimal text of an unsigned integer (for messages).
pub fn u64_text(v: u64) -> String {
    let mut out = Vec::with_capacity(20);
    u64(&mut out, v);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: impl Fn(&mut Vec<u8>)) -> String {
        let mut v = Vec::new();
        f(&mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn escapes_match_serde_json() {
        for input in [
            "plain",
            "q\"b\\n\nr\rt\t",
            "\u{0}\u{1f}\u{7f}",
            "é😀\u{2028}",
            "",
        ] {
            let ours = s(|o| string(o, input));
            assert_eq!(ours, serde_json::to_string(input).unwrap());
            let back: String = serde_json::from_str(&ours).unwrap();
            assert_eq!(back, input);
        }
    }

    #[test]
    fn integers() {
        assert_eq!(s(|o| u64(o, 0)), "0");
        assert_eq!(s(|o| u64(o, u64::MAX)), "18446744073709551615");
        assert_eq!(s(|o| i64(o, i64::MIN)), "-9223372036854775808");
        assert_eq!(s(|o| u64_string(o, 42)), "\"42\"");
    }

    #[test]
    fn doubles() {
        assert_eq!(s(|o| f64(o, 0.2)), "0.2");
        assert_eq!(s(|o| f64(o, f64::NAN)), "\"NaN\"");
        assert_eq!(s(|o| f64(o, f64::NEG_INFINITY)), "\"-Infinity\"");
        for x in [
            0.1,
            -2.5e-300,
            1e300,
            123456.789,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            let t = s(|o| f64(o, x));
            assert_eq!(t.parse::<f64>().unwrap(), x, "{t}");
            let _: serde_json::Value = serde_json::from_str(&t).unwrap();
        }
    }
}
