//! Cutting an oversized span down to size: the span always arrives, with its largest strings
//! shortened and their keys listed in `edgespan.truncated`.

use crate::prelude::*;
use crate::span::{Payload, SpanData};
use crate::value::{self, Value};

/// Appended to every cut string.
pub const MARKER: &str = "…[truncated]";
/// The attribute that lists the keys of cut fields.
pub const ATTRIBUTE: &str = "edgespan.truncated";

/// Records that `key` was cut, in the span's `edgespan.truncated` string array.
pub fn note(span: &mut SpanData, key: &str) {
    let mut keys = match value::get(&span.attributes, ATTRIBUTE) {
        Some(Value::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    if !keys.iter().any(|k| matches!(k, Value::Str(s) if s == key)) {
        keys.push(Value::Str(key.into()));
    }
    span.set_attribute(ATTRIBUTE, Value::Array(keys));
}

#[derive(Clone, Copy)]
enum Field {
    Input,
    Output,
    Attribute(usize),
    Metadata(usize),
    Llm(usize),
    Event(usize, usize),
}

// Every string field of `span` that can be cut: its length in bytes, how many times it goes out
// on the wire, and where it is.
fn fields(span: &SpanData) -> Vec<(usize, usize, Field)> {
    let payload_len = |p: &Option<Payload>| match p {
        Some(Payload::Text(s) | Payload::Json(s)) => s.len(),
        None => 0,
    };
    let str_len = |v: &Value| if let Value::Str(s) = v { s.len() } else { 0 };
    let log = &span.log;
    let mut out =
        Vec::with_capacity(2 + span.attributes.len() + log.metadata.len() + log.llm.len());
    out.push((payload_len(&log.input), 1, Field::Input));
    out.push((payload_len(&log.output), 1, Field::Output));
    out.extend(
        span.attributes
            .iter()
            .enumerate()
            .map(|(i, kv)| (str_len(&kv.value), 1, Field::Attribute(i))),
    );
    out.extend(
        log.metadata
            .iter()
            .enumerate()
            .map(|(i, kv)| (str_len(&kv.value), 1, Field::Metadata(i))),
    );
    // A model call's messages are also its `input.value` / `output.value` when nothing was
    // logged as input or output (export/mapping.rs): one text, sent twice.
    out.extend(log.llm.iter().enumerate().map(|(i, kv)| {
        let twice = (kv.key == "input.messages" && log.input.is_none())
            || (kv.key == "output.messages" && log.output.is_none());
        (str_len(&kv.value), if twice { 2 } else { 1 }, Field::Llm(i))
    }));
    for (e, ev) in span.events.iter().enumerate() {
        out.extend(
            ev.attributes
                .iter()
                .enumerate()
                .map(|(i, kv)| (str_len(&kv.value), 1, Field::Event(e, i))),
        );
    }
    out
}

/// The length every field longer than it is cut to, so that the cuts save at least `excess`
/// bytes on the wire: the largest fields are cut first and end equal, a field shorter than the
/// level is not touched. Never below what a cut keeps at least.
fn level(fields: &[(usize, usize, Field)], excess: usize) -> usize {
    let saved = |l: usize| -> usize {
        fields
            .iter()
            .map(|&(len, w, _)| w * len.saturating_sub(l + MARKER.len()))
            .sum()
    };
    let (mut lo, mut hi) = (MARKER.len(), fields.iter().map(|f| f.0).max().unwrap_or(0));
    // The highest level that still saves enough: saved() falls as the level rises.
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if saved(mid) >= excess {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

/// Shortens the longest string fields (input, output, string attributes, metadata, `logLLM`
/// fields, event attributes) so that together they save about `excess` bytes on the wire: every
/// field longer than one level is cut to it, so a short answer keeps its text while a long prompt
/// is cut, and a text sent twice counts twice. Cut fields are listed in `edgespan.truncated`.
/// Returns false when no field is long enough to shrink.
pub fn shrink(span: &mut SpanData, excess: usize) -> bool {
    let all = fields(span);
    let keep = level(&all, excess);
    let mut any = false;
    for &(len, _, field) in &all {
        if len > keep + MARKER.len() {
            cut_field(span, field, keep);
            any = true;
        }
    }
    any
}

// Cuts one field to `keep` bytes (at a char boundary) plus the marker, and notes it.
fn cut_field(span: &mut SpanData, field: Field, keep: usize) {
    let cut = |s: &mut String| {
        let mut end = keep.min(s.len());
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s.push_str(MARKER);
    };
    let key = match field {
        Field::Input | Field::Output => {
            let (slot, key) = match field {
                Field::Input => (&mut span.log.input, "input"),
                _ => (&mut span.log.output, "output"),
            };
            // A cut JSON text is no longer JSON: it goes out as text.
            if let Some(Payload::Text(mut s) | Payload::Json(mut s)) = slot.take() {
                cut(&mut s);
                *slot = Some(Payload::Text(s));
            }
            key.to_string()
        }
        Field::Attribute(i) | Field::Metadata(i) | Field::Llm(i) | Field::Event(_, i) => {
            let (list, prefix) = match field {
                Field::Attribute(_) => (&mut span.attributes, ""),
                Field::Metadata(_) => (&mut span.log.metadata, "metadata."),
                Field::Llm(_) => (&mut span.log.llm, ""),
                Field::Event(e, _) => match span.events.get_mut(e) {
                    Some(ev) => (&mut ev.attributes, "event."),
                    None => return,
                },
                _ => return,
            };
            let Some(kv) = list.get_mut(i) else {
                return;
            };
            if let Value::Str(s) = &mut kv.value {
                cut(s);
            }
            crate::text::cat(&[prefix, &kv.key])
        }
    };
    note(span, &key);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::KeyValue;

    #[test]
    fn cuts_the_longest_fields_to_one_level_and_notes_them() {
        let mut s = SpanData::default();
        s.log.input = Some(Payload::Json("[".to_string() + &"1,".repeat(5000) + "1]"));
        s.log.output = Some(Payload::Text("short output that stays".into()));
        s.set_attribute("a", Value::Str("é".repeat(3000)));
        assert!(shrink(&mut s, 9000));
        let Some(Payload::Text(i)) = &s.log.input else {
            panic!("input should be text now")
        };
        let Some(Value::Str(a)) = value::get(&s.attributes, "a") else {
            panic!()
        };
        assert!(i.ends_with(MARKER) && a.ends_with(MARKER));
        // 10 002 and 6 000 bytes, 9 000 to save: both end at one level (a at a char boundary).
        assert!(i.len().abs_diff(a.len()) <= 1, "{} {}", i.len(), a.len());
        assert!(10_002 + 6_000 - i.len() - a.len() >= 9_000);
        assert_eq!(
            value::get(&s.attributes, ATTRIBUTE),
            Some(&Value::Array(vec![
                Value::Str("input".into()),
                Value::Str("a".into())
            ]))
        );
        assert_eq!(
            s.log.output,
            Some(Payload::Text("short output that stays".into()))
        );
    }

    #[test]
    fn a_text_sent_twice_is_cut_half_as_much() {
        let mut s = SpanData::default();
        s.log.llm.push(KeyValue {
            key: "input.messages".into(),
            value: Value::Str("m".repeat(10_000)),
        });
        assert!(shrink(&mut s, 4_000));
        let Some(Value::Str(m)) = value::get(&s.log.llm, "input.messages") else {
            panic!()
        };
        assert_eq!(m.len(), 10_000 - 2_000);
    }

    #[test]
    fn nothing_left_to_cut() {
        let mut s = SpanData::default();
        s.set_attribute("k", Value::Int(1));
        assert!(!shrink(&mut s, 100));
    }
}
