//! Reads an OTLP export response's `partialSuccess` (`rejectedSpans`, `errorMessage`), in JSON or
//! protobuf, whichever the collector answered in.
//!
//! A tiny JSON reader and a tiny protobuf walker rather than libraries: they skip what they do
//! not need, and never fail loudly. A body it cannot read counts as full success, which is what
//! a 2xx means without a readable `partialSuccess`.

use crate::prelude::*;

/// Spans the collector rejected, and its message.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct PartialSuccess {
    /// `rejectedSpans` (0 when absent).
    pub rejected: u64,
    /// `errorMessage` (empty when absent).
    pub message: String,
}

/// Longest `errorMessage` kept, in characters (the JS driver keeps the same).
pub const MAX_MESSAGE_CHARS: usize = 200;

/// Parses a 2xx body by its `Content-Type`: protobuf when it names `protobuf`, JSON otherwise.
pub fn parse(content_type: &str, body: &[u8]) -> Option<PartialSuccess> {
    let mut p = if content_type.contains("protobuf") {
        parse_proto(body)
    } else {
        parse_json(body)
    }?;
    if let Some((at, _)) = p.message.char_indices().nth(MAX_MESSAGE_CHARS) {
        p.message.truncate(at);
    }
    Some(p)
}

/// Parses a protobuf `ExportTraceServiceResponse`: `partial_success` (field 1) holding
/// `rejected_spans` (1, varint) and `error_message` (2, string). `None` when the body is not
/// readable or has no `partial_success`.
pub fn parse_proto(body: &[u8]) -> Option<PartialSuccess> {
    let mut top = Proto { b: body, i: 0 };
    let mut found = None;
    while let Some((field, v)) = top.field()? {
        if let (1, ProtoValue::Bytes(inner)) = (field, v) {
            found = Some(inner);
        }
    }
    let mut m = Proto { b: found?, i: 0 };
    let mut p = PartialSuccess::default();
    while let Some((field, v)) = m.field()? {
        match (field, v) {
            (1, ProtoValue::Varint(n)) => p.rejected = n,
            (2, ProtoValue::Bytes(t)) => {
                p.message = String::from_utf8_lossy(t).into_owned();
            }
            _ => {}
        }
    }
    Some(p)
}

enum ProtoValue<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Fixed,
}

struct Proto<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Proto<'a> {
    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let x = *self.b.get(self.i)?;
            self.i += 1;
            v |= u64::from(x & 0x7f) << shift;
            if x < 0x80 {
                return Some(v);
            }
        }
        None
    }

    /// The next field, `Some(None)` at the end of the message, `None` when malformed.
    #[allow(clippy::option_option)]
    fn field(&mut self) -> Option<Option<(u64, ProtoValue<'a>)>> {
        if self.i >= self.b.len() {
            return Some(None);
        }
        let key = self.varint()?;
        let v = match key & 7 {
            0 => ProtoValue::Varint(self.varint()?),
            2 => {
                let len = usize::try_from(self.varint()?).ok()?;
                let end = self.i.checked_add(len)?;
                let bytes = self.b.get(self.i..end)?;
                self.i = end;
                ProtoValue::Bytes(bytes)
            }
            1 | 5 => {
                let end = self.i + if key & 7 == 1 { 8 } else { 4 };
                self.b.get(self.i..end)?;
                self.i = end;
                ProtoValue::Fixed
            }
            _ => return None,
        };
        Some(Some((key >> 3, v)))
    }
}

/// Parses a JSON body; `None` when there is no readable `partialSuccess` object.
pub fn parse_json(body: &[u8]) -> Option<PartialSuccess> {
    let mut r = Reader { b: body, i: 0 };
    r.ws();
    r.eat(b'{')?;
    loop {
        r.ws();
        if r.eat(b'}').is_some() {
            return None;
        }
        let key = r.string()?;
        r.ws();
        r.eat(b':')?;
        r.ws();
        if key == "partialSuccess" || key == "partial_success" {
            return r.partial();
        }
        r.skip_value(0)?;
        r.ws();
        r.eat(b',')?;
    }
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    fn partial(&mut self) -> Option<PartialSuccess> {
        let mut p = PartialSuccess::default();
        self.eat(b'{')?;
        loop {
            self.ws();
            if self.eat(b'}').is_some() {
                return Some(p);
            }
            let key = self.string()?;
            self.ws();
            self.eat(b':')?;
            self.ws();
            match key.as_str() {
                "rejectedSpans" | "rejected_spans" => p.rejected = self.integer()?,
                "errorMessage" | "error_message" => p.message = self.string()?,
                _ => self.skip_value(0)?,
            }
            self.ws();
            if self.eat(b',').is_none() {
                self.eat(b'}')?;
                return Some(p);
            }
        }
    }

    // An int64 as OTLP JSON writes it: a number or a decimal string.
    fn integer(&mut self) -> Option<u64> {
        let quoted = self.eat(b'"').is_some();
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        let digits = core::str::from_utf8(&self.b[start..self.i]).ok()?;
        let n = digits.parse::<u64>().ok()?;
        if quoted {
            self.eat(b'"')?;
        }
        Some(n)
    }

    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut out = Vec::new();
        loop {
            let c = self.peek()?;
            self.i += 1;
            match c {
                b'"' => return Some(String::from_utf8_lossy(&out).into_owned()),
                b'\\' => {
                    let e = self.peek()?;
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'u' => {
                            let hex = self.b.get(self.i..self.i + 4)?;
                            self.i += 4;
                            let code =
                                u32::from_str_radix(core::str::from_utf8(hex).ok()?, 16).ok()?;
                            let ch = char::from_u32(code).unwrap_or('\u{fffd}');
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
    }

    fn skip_value(&mut self, depth: u32) -> Option<()> {
        if depth > 64 {
            return None;
        }
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.i += 1;
                self.ws();
                if self.eat(close).is_some() {
                    return Some(());
                }
                loop {
                    self.ws();
                    if open == b'{' {
                        self.string()?;
                        self.ws();
                        self.eat(b':')?;
                        self.ws();
                    }
                    self.skip_value(depth + 1)?;
                    self.ws();
                    if self.eat(close).is_some() {
                        return Some(());
                    }
                    self.eat(b',')?;
                }
            }
            _ => {
                let start = self.i;
                while matches!(
                    self.peek(),
                    Some(b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'E')
                ) {
                    self.i += 1;
                }
                (self.i > start).then_some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_partial_success() {
        let p = parse_json(
            br#"{"partialSuccess":{"rejectedSpans":"3","errorMessage":"bad \"span\" \u00e9"}}"#,
        );
        assert_eq!(
            p,
            Some(PartialSuccess {
                rejected: 3,
                message: "bad \"span\" é".into()
            })
        );
        let p = parse_json(
            br#" { "other": [1, {"a": null}, true, -1.5e3], "partialSuccess" : { "x": {}, "rejectedSpans" : 2 } } "#,
        );
        assert_eq!(
            p,
            Some(PartialSuccess {
                rejected: 2,
                message: String::new()
            })
        );
        assert_eq!(
            parse_json(br#"{"partialSuccess":{}}"#),
            Some(PartialSuccess::default())
        );
    }

    #[test]
    fn unreadable_bodies_are_none() {
        for body in [
            &b""[..],
            b"{}",
            b"not json",
            b"{\"partialSuccess\":",
            b"[1,2]",
            b"\x00\xff",
        ] {
            assert_eq!(parse_json(body), None);
        }
    }
}
