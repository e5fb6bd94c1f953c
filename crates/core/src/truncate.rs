//! Cutting an oversized span down to size: the span always arrives, with its largest strings
//! shortened and their keys listed in `edgespan.truncated`.

use crate::prelude::*;
use crate::span::{Payload, SpanData};
use crate::value::{self, KeyValue, Value};

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

// Calls `f(text, times sent, key prefix, key)` for every string field of `span` that can be cut,
// in one fixed order: input, output, attributes, metadata, `logLLM` fields, event attributes.
fn each_string(span: &mut SpanData, f: &mut dyn FnMut(&mut String, usize, &str, &str)) {
    let log = &mut span.log;
    let (no_input, no_output) = (log.input.is_none(), log.output.is_none());
    for (p, key) in [(&mut log.input, "input"), (&mut log.output, "output")] {
        if let Some(Payload::Text(s) | Payload::Json(s)) = p {
            f(s, 1, "", key);
        }
    }
    let lists: [(&mut Vec<KeyValue>, &str); 3] = [
        (&mut span.attributes, ""),
        (&mut log.metadata, "metadata."),
        (&mut log.llm, ""),
    ];
    for (list, prefix) in lists {
        for KeyValue { key, value } in list.iter_mut() {
            if let Value::Str(s) = value {
                // A model call's messages are also its `input.value` / `output.value` when
                // nothing was logged as input or output (export/mapping.rs): one text, sent twice.
                let twice = (key == "input.messages" && no_input)
                    || (key == "output.messages" && no_output);
                f(
                    s,
                    if twice && prefix.is_empty() { 2 } else { 1 },
                    prefix,
                    key,
                );
            }
        }
    }
    for ev in span.events.iter_mut() {
        for KeyValue { key, value } in ev.attributes.iter_mut() {
            if let Value::Str(s) = value {
                f(s, 1, "event.", key);
            }
        }
    }
    for link in span.links.iter_mut() {
        for KeyValue { key, value } in link.attributes.iter_mut() {
            if let Value::Str(s) = value {
                f(s, 1, "link.", key);
            }
        }
    }
}

/// The length every field longer than it is cut to, so that the cuts save at least `excess`
/// bytes on the wire: the largest fields are cut first and end equal, a field shorter than the
/// level is not touched. Never below what a cut keeps at least.
fn level(fields: &[(usize, usize)], excess: usize) -> usize {
    let saved = |l: usize| -> usize {
        fields
            .iter()
            .map(|&(len, w)| w * len.saturating_sub(l + MARKER.len()))
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
/// is cut, and a text sent twice counts twice. A cut JSON input or output goes out as text. Cut
/// fields are listed in `edgespan.truncated`. Returns false when no field is long enough.
pub fn shrink(span: &mut SpanData, excess: usize) -> bool {
    let mut lens = Vec::new();
    each_string(span, &mut |s, w, _, _| lens.push((s.len(), w)));
    let keep = level(&lens, excess);
    let mut cut = Vec::new();
    each_string(span, &mut |s, _, prefix, key| {
        if s.len() > keep + MARKER.len() {
            let mut end = keep;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            s.truncate(end);
            s.push_str(MARKER);
            cut.push(crate::text::cat(&[prefix, key]));
        }
    });
    for key in &cut {
        note(span, key);
        // A cut JSON text is no longer JSON.
        let slot = match key.as_str() {
            "input" => &mut span.log.input,
            "output" => &mut span.log.output,
            _ => continue,
        };
        if let Some(Payload::Json(s)) = slot {
            *slot = Some(Payload::Text(core::mem::take(s)));
        }
    }
    !cut.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

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
