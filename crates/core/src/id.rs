//! Trace and span identifiers, their hex form and W3C `traceparent`. Drivers draw random ids
//! (the core has no randomness source).

use crate::prelude::*;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A 16-byte trace id. Valid ids are never all-zero.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TraceId(pub [u8; 16]);

/// An 8-byte span id. Valid ids are never all-zero.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SpanId(pub [u8; 8]);

// Ids print as the lowercase hex that traceparent and every backend show: `TraceId(0af7…319c)`.
impl core::fmt::Debug for TraceId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "TraceId({})", self.to_hex())
    }
}

impl core::fmt::Debug for SpanId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "SpanId({})", self.to_hex())
    }
}

impl core::fmt::Display for TraceId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl core::fmt::Display for SpanId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl TraceId {
    /// Builds an id from four big-endian 32-bit words (how the JS layer passes random ids).
    pub fn from_words(w: [u32; 4]) -> Self {
        let mut b = [0u8; 16];
        for (i, word) in w.iter().enumerate() {
            b[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
        }
        TraceId(b)
    }
    /// True unless all bytes are zero.
    pub fn is_valid(&self) -> bool {
        self.0.iter().any(|&b| b != 0)
    }
    /// Appends the 32 lowercase hex digits to `out`.
    pub fn write_hex(&self, out: &mut Vec<u8>) {
        write_hex(&self.0, out)
    }
    /// The 32 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        hex_string(&self.0)
    }
    /// Parses exactly 32 lowercase or uppercase hex digits; all-zero is rejected.
    pub fn from_hex(s: &str) -> Option<Self> {
        let mut b = [0u8; 16];
        parse_hex(s.as_bytes(), &mut b)?;
        Some(TraceId(b)).filter(TraceId::is_valid)
    }
}

impl SpanId {
    /// Builds an id from two big-endian 32-bit words.
    pub fn from_words(w: [u32; 2]) -> Self {
        let mut b = [0u8; 8];
        b[..4].copy_from_slice(&w[0].to_be_bytes());
        b[4..].copy_from_slice(&w[1].to_be_bytes());
        SpanId(b)
    }
    /// True unless all bytes are zero.
    pub fn is_valid(&self) -> bool {
        self.0.iter().any(|&b| b != 0)
    }
    /// Appends the 16 lowercase hex digits to `out`.
    pub fn write_hex(&self, out: &mut Vec<u8>) {
        write_hex(&self.0, out)
    }
    /// The 16 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        hex_string(&self.0)
    }
    /// Parses exactly 16 hex digits; all-zero is rejected.
    pub fn from_hex(s: &str) -> Option<Self> {
        let mut b = [0u8; 8];
        parse_hex(s.as_bytes(), &mut b)?;
        Some(SpanId(b)).filter(SpanId::is_valid)
    }
}

fn write_hex(bytes: &[u8], out: &mut Vec<u8>) {
    let mut buf = [0u8; 32];
    for (pair, &b) in buf.chunks_exact_mut(2).zip(bytes) {
        pair[0] = HEX[(b >> 4) as usize];
        pair[1] = HEX[(b & 15) as usize];
    }
    out.extend_from_slice(buf.get(..bytes.len() * 2).unwrap_or(&buf));
}

fn hex_string(bytes: &[u8]) -> String {
    let mut v = Vec::with_capacity(bytes.len() * 2);
    write_hex(bytes, &mut v);
    // Only ASCII hex digits were written.
    String::from_utf8(v).unwrap_or_default()
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn parse_hex(s: &[u8], out: &mut [u8]) -> Option<()> {
    if s.len() != out.len() * 2 {
        return None;
    }
    for (o, pair) in out.iter_mut().zip(s.chunks_exact(2)) {
        *o = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(())
}

/// The remote parent named by a W3C `traceparent` header.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct TraceParent {
    /// The trace the new span joins.
    pub trace_id: TraceId,
    /// The remote parent span.
    pub parent_span_id: SpanId,
    /// The trace flags byte (bit 0: sampled).
    pub flags: u8,
}

impl TraceParent {
    /// Parses `version-traceid-parentid-flags` as the W3C Trace Context spec says: lowercase hex,
    /// version `ff` is invalid, version `00` has exactly four fields, later versions may append
    /// fields after a `-`. Invalid input gives `None`, never an error.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim_matches(|c| c == ' ' || c == '\t');
        let b = s.as_bytes();
        if b.len() < 55 || b[2] != b'-' || b[35] != b'-' || b[52] != b'-' {
            return None;
        }
        let lower_hex = b[..55]
            .iter()
            .enumerate()
            .all(|(i, c)| matches!(i, 2 | 35 | 52) || matches!(c, b'0'..=b'9' | b'a'..=b'f'));
        if !lower_hex {
            return None;
        }
        let mut version = [0u8; 1];
        parse_hex(&b[0..2], &mut version)?;
        if version[0] == 0xff || (version[0] == 0 && b.len() != 55) {
            return None;
        }
        if b.len() > 55 && b[55] != b'-' {
            return None;
        }
        let trace_id = TraceId::from_hex(s.get(3..35)?)?;
        let parent_span_id = SpanId::from_hex(s.get(36..52)?)?;
        let mut flags = [0u8; 1];
        parse_hex(&b[53..55], &mut flags)?;
        Some(TraceParent {
            trace_id,
            parent_span_id,
            flags: flags[0],
        })
    }

    /// The trace flags of a new span: its parent's flags (local or remote) unchanged, or
    /// [`TraceParent::SAMPLED`] for a new trace. Both front ends follow this rule
    /// (`tests/vectors/traceparent.json`).
    pub fn child_flags(parent_flags: Option<u8>) -> u8 {
        parent_flags.unwrap_or(Self::SAMPLED)
    }

    /// The `sampled` trace flag.
    pub const SAMPLED: u8 = 0x01;

    /// Formats `00-{trace}-{span}-{flags}` for a span of this trace.
    pub fn format(trace_id: &TraceId, span_id: &SpanId, flags: u8) -> String {
        let mut v = Vec::with_capacity(55);
        v.extend_from_slice(b"00-");
        trace_id.write_hex(&mut v);
        v.push(b'-');
        span_id.write_hex(&mut v);
        v.push(b'-');
        write_hex(&[flags], &mut v);
        String::from_utf8(v).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_big_endian() {
        let t = TraceId::from_words([0x01020304, 0x05060708, 0x090a0b0c, 0x0d0e0f10]);
        assert_eq!(t.to_hex(), "0102030405060708090a0b0c0d0e0f10");
        let s = SpanId::from_words([0xdeadbeef, 0x00000001]);
        assert_eq!(s.to_hex(), "deadbeef00000001");
    }

    #[test]
    fn hex_round_trip_and_zero_rejected() {
        let t = TraceId::from_hex("4BF92F3577B34DA6A3CE929D0E0E4736").unwrap();
        assert_eq!(t.to_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert!(TraceId::from_hex(&"0".repeat(32)).is_none());
        assert!(SpanId::from_hex(&"0".repeat(16)).is_none());
        assert!(SpanId::from_hex("00f067aa0ba902b").is_none());
        assert!(SpanId::from_hex("00f067aa0ba902bg").is_none());
    }

    #[test]
    fn traceparent_parse() {
        let tp =
            TraceParent::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").unwrap();
        assert_eq!(tp.trace_id.to_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(tp.parent_span_id.to_hex(), "00f067aa0ba902b7");
        assert_eq!(tp.flags, 1);
        assert_eq!(
            TraceParent::format(&tp.trace_id, &tp.parent_span_id, 1),
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        );
        // A future version may carry more fields.
        assert!(TraceParent::parse(
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"
        )
        .is_some());
        for bad in [
            "",
            "garbage",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x",
        ] {
            assert!(TraceParent::parse(bad).is_none(), "{bad}");
        }
    }
}
