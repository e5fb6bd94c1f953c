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
}

/// Shortens the longest string field (input, output, a string attribute or metadata entry) by
/// about `excess` bytes; returns false when no field is long enough to shrink.
pub fn shrink(span: &mut SpanData, excess: usize) -> bool {
    let payload_len = |p: &Option<Payload>| match p {
        Some(Payload::Text(s) | Payload::Json(s)) => s.len(),
        None => 0,
    };
    let str_len = |v: &Value| if let Value::Str(s) = v { s.len() } else { 0 };
    let mut best = (MARKER.len() * 2, None);
    let candidates = [
        (payload_len(&span.log.input), Field::Input),
        (payload_len(&span.log.output), Field::Output),
    ]
    .into_iter()
    .chain(
        span.attributes
            .iter()
            .enumerate()
            .map(|(i, kv)| (str_len(&kv.value), Field::Attribute(i))),
    )
    .chain(
        span.log
            .metadata
            .iter()
            .enumerate()
            .map(|(i, kv)| (str_len(&kv.value), Field::Metadata(i))),
    );
    for (len, f) in candidates {
        if len > best.0 {
            best = (len, Some(f));
        }
    }
    let (len, Some(field)) = best else {
        return false;
    };
    let keep = len.saturating_sub(excess + MARKER.len()).max(MARKER.len());
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
        Field::Attribute(i) | Field::Metadata(i) => {
            let (list, prefix) = match field {
                Field::Attribute(_) => (&mut span.attributes, ""),
                _ => (&mut span.log.metadata, "metadata."),
            };
            let Some(kv) = list.get_mut(i) else {
                return false;
            };
            if let Value::Str(s) = &mut kv.value {
                cut(s);
            }
            crate::text::cat(&[prefix, &kv.key])
        }
    };
    note(span, &key);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinks_the_longest_field_and_notes_it() {
        let mut s = SpanData::default();
        s.log.input = Some(Payload::Json("[".to_string() + &"1,".repeat(5000) + "1]"));
        s.log.output = Some(Payload::Text("short output that stays".into()));
        s.set_attribute("a", Value::Str("é".repeat(3000)));
        assert!(shrink(&mut s, 9000));
        let Some(Payload::Text(i)) = &s.log.input else {
            panic!("input should be text now")
        };
        assert!(i.len() < 1100 && i.ends_with(MARKER), "{}", i.len());
        assert!(shrink(&mut s, 5000));
        let Some(Value::Str(a)) = value::get(&s.attributes, "a") else {
            panic!()
        };
        assert!(a.ends_with(MARKER) && a.len() < 1100);
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
    fn nothing_left_to_cut() {
        let mut s = SpanData::default();
        s.set_attribute("k", Value::Int(1));
        assert!(!shrink(&mut s, 100));
    }
}
