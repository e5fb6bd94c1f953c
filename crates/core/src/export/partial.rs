//! Reads an OTLP export response's `partialSuccess` (`rejectedSpans`, `errorMessage`), in JSON or
//! protobuf, whichever the collector answered in.
//!
//! A tiny JSON reader and a tiny protobuf walker rather than libraries: they skip what they do
//! not need, and never fail loudly. A body it cannot read counts as full success, which is what
//! a 2xx means without a readable `partialSuccess`.

use crate::prelude::*;

/// Spans the collector rejected, and its message.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
#[non_exhaustive]
pub struct PartialSuccess {
    /// `rejectedSpans` (0 when absent).
    pub rejected: u64,
    /// `errorMessage` (empty when absent).
    pub message: String,
}

/// Longest `errorMessage` kept, in characters (the JS driver keeps the same).
pub const MAX_MESSAGE_CHARS: usize = 200;

/// The largest `rejectedSpans` read (2^53 − 1, the largest count a JS number holds exactly);
/// a larger one is read as this.
pub const MAX_REJECTED: u64 = (1 << 53) - 1;

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
    p.rejected = p.rejected.min(MAX_REJECTED);
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
            // The tenth byte holds bit 63 only: more saturates rather than wrapping.
            v |= if shift == 63 && x & 0x7e != 0 {
                u64::MAX
            } else {
                u64::from(x & 0x7f) << shift
            };
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

/// Parses a JSON body; `None` when the body is not one valid JSON object, or it has no
/// `partialSuccess` object. The rule the npm build's JS twin follows with `JSON.parse`:
/// - the key `partialSuccess` or `partial_success` (the first when both are there and not
///   `null`); a key given twice counts its last value;
/// - in it, `rejectedSpans` / `rejected_spans` and `errorMessage` / `error_message` alike;
/// - `rejectedSpans` is a JSON number or a string of digits (OTLP's int64) holding a whole number
///   ≥ 0, at most [`MAX_REJECTED`]; anything else counts as 0;
/// - `errorMessage` is a string (anything else counts as empty); an unpaired surrogate escape is
///   read as U+FFFD.
pub fn parse_json(body: &[u8]) -> Option<PartialSuccess> {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let mut r = Reader { b: body, i: 0 };
    let (mut camel, mut snake) = (Field::Absent, Field::Absent);
    r.object(|r, key| {
        match key.as_str() {
            "partialSuccess" => camel = r.partial()?,
            "partial_success" => snake = r.partial()?,
            _ => r.skip_value()?,
        }
        Some(())
    })?;
    r.ws();
    if r.i != r.b.len() {
        return None;
    }
    match (camel, snake) {
        (Field::Object(p), _) => Some(p),
        (Field::Other, _) => Some(PartialSuccess::default()),
        (Field::Absent, Field::Object(p)) => Some(p),
        (Field::Absent, Field::Other) => Some(PartialSuccess::default()),
        (Field::Absent, Field::Absent) => None,
    }
}

// A JSON value where an object is expected: absent (or `null`), an object, or something else.
enum Field<T> {
    Absent,
    Object(T),
    Other,
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
    fn word(&mut self, w: &[u8]) -> bool {
        let hit = self.b.get(self.i..self.i + w.len()) == Some(w);
        if hit {
            self.i += w.len();
        }
        hit
    }

    // `{ "key": value, … }`, calling `each` with the reader at each value.
    fn object(&mut self, mut each: impl FnMut(&mut Self, String) -> Option<()>) -> Option<()> {
        self.ws();
        self.eat(b'{')?;
        self.ws();
        if self.eat(b'}').is_some() {
            return Some(());
        }
        loop {
            self.ws();
            let key = self.string()?;
            self.ws();
            self.eat(b':')?;
            self.ws();
            each(self, key)?;
            self.ws();
            if self.eat(b'}').is_some() {
                return Some(());
            }
            self.eat(b',')?;
        }
    }

    fn partial(&mut self) -> Option<Field<PartialSuccess>> {
        match self.peek()? {
            b'{' => {}
            b'n' if self.word(b"null") => return Some(Field::Absent),
            _ => return self.skip_value().map(|()| Field::Other),
        }
        let (mut n, mut n_snake) = (None, None);
        let (mut m, mut m_snake) = (None, None);
        self.object(|r, key| {
            match key.as_str() {
                "rejectedSpans" => n = r.count()?,
                "rejected_spans" => n_snake = r.count()?,
                "errorMessage" => m = r.text()?,
                "error_message" => m_snake = r.text()?,
                _ => r.skip_value()?,
            }
            Some(())
        })?;
        Some(Field::Object(PartialSuccess {
            rejected: n.or(n_snake).unwrap_or(0),
            message: m.or(m_snake).unwrap_or_default(),
        }))
    }

    // A count: `Some(None)` for `null` (absent), `Some(Some(0))` for what is not a count.
    #[allow(clippy::option_option)]
    fn count(&mut self) -> Option<Option<u64>> {
        let value = match self.peek()? {
            b'n' if self.word(b"null") => return Some(None),
            b'"' => {
                let s = self.string()?;
                if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
                    return Some(Some(0));
                }
                s.parse::<f64>().ok()?
            }
            b'-' | b'0'..=b'9' => {
                let start = self.i;
                self.number()?;
                core::str::from_utf8(&self.b[start..self.i])
                    .ok()?
                    .parse::<f64>()
                    .ok()?
            }
            _ => return self.skip_value().map(|()| Some(0)),
        };
        Some(Some(if value >= MAX_REJECTED as f64 {
            MAX_REJECTED
        } else if value >= 0.0 && (value as u64) as f64 == value {
            value as u64
        } else {
            0
        }))
    }

    // A message: `Some(None)` for `null` (absent), `Some(Some(""))` for what is not a string.
    #[allow(clippy::option_option)]
    fn text(&mut self) -> Option<Option<String>> {
        match self.peek()? {
            b'"' => self.string().map(Some),
            b'n' if self.word(b"null") => Some(None),
            _ => self.skip_value().map(|()| Some(String::new())),
        }
    }

    // A JSON number, as its grammar has it.
    fn number(&mut self) -> Option<()> {
        let digits = |r: &mut Self| {
            let start = r.i;
            while matches!(r.peek(), Some(b'0'..=b'9')) {
                r.i += 1;
            }
            (r.i > start).then_some(())
        };
        self.eat(b'-');
        if self.eat(b'0').is_none() {
            matches!(self.peek(), Some(b'1'..=b'9')).then_some(())?;
            digits(self)?;
        }
        if self.eat(b'.').is_some() {
            digits(self)?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            digits(self)?;
        }
        Some(())
    }

    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut out = Vec::new();
        // A high surrogate escape waiting for its low half.
        let mut high: Option<u32> = None;
        let push = |out: &mut Vec<u8>, c: u32| {
            let ch = char::from_u32(c).unwrap_or('\u{fffd}');
            out.extend_from_slice(ch.encode_utf8(&mut [0u8; 4]).as_bytes());
        };
        loop {
            let c = self.peek()?;
            self.i += 1;
            let unit = if c == b'\\' {
                let e = self.peek()?;
                self.i += 1;
                match e {
                    b'u' => {
                        let hex = core::str::from_utf8(self.b.get(self.i..self.i + 4)?).ok()?;
                        if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                            return None;
                        }
                        self.i += 4;
                        Some(u32::from_str_radix(hex, 16).ok()?)
                    }
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => None,
                    _ => return None,
                }
            } else {
                None
            };
            match (high.take(), unit) {
                (Some(h), Some(l @ 0xdc00..=0xdfff)) => {
                    push(&mut out, 0x10000 + ((h - 0xd800) << 10) + (l - 0xdc00));
                    continue;
                }
                (Some(_), _) => push(&mut out, 0xfffd),
                (None, _) => {}
            }
            match unit {
                Some(u @ 0xd800..=0xdbff) => high = Some(u),
                Some(u) => push(&mut out, u),
                None if c == b'\\' => out.push(match self.b[self.i - 1] {
                    b'b' => 8,
                    b'f' => 12,
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    other => other,
                }),
                None if c == b'"' => return Some(String::from_utf8_lossy(&out).into_owned()),
                None if c < 0x20 => return None,
                None => out.push(c),
            }
        }
    }

    // Skips one JSON value, however deeply nested (no recursion: a stack of what is open).
    fn skip_value(&mut self) -> Option<()> {
        let mut open: Vec<u8> = Vec::new();
        loop {
            self.ws();
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    let c = self.b[self.i];
                    self.i += 1;
                    self.ws();
                    let close = if c == b'{' { b'}' } else { b']' };
                    if self.eat(close).is_none() {
                        open.push(close);
                        if c == b'{' {
                            self.key()?;
                        }
                        continue;
                    }
                }
                b't' if self.word(b"true") => {}
                b'f' if self.word(b"false") => {}
                b'n' if self.word(b"null") => {}
                _ => self.number()?,
            }
            // After a value: close what ends here, or go on to the next item.
            loop {
                let Some(&close) = open.last() else {
                    return Some(());
                };
                self.ws();
                if self.eat(close).is_some() {
                    open.pop();
                    continue;
                }
                self.eat(b',')?;
                if close == b'}' {
                    self.key()?;
                }
                break;
            }
        }
    }

    fn key(&mut self) -> Option<()> {
        self.ws();
        self.string()?;
        self.ws();
        self.eat(b':')
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
