//! The shared vectors under `tests/vectors/`, run against the Rust side of each rule. The Node
//! side runs the same files (`tests/unit/vectors.test.mjs`), so the two copies cannot drift.

use edgespan_core::llm::{FieldType, DEFAULT_OPERATION, DOUBLE_PARAMS, INT_PARAMS, LLM_FIELDS};
use edgespan_core::{parse_partial, parse_retry_after, TraceParent};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = format!("{}/tests/vectors/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn retry_after() {
    for c in load("answers")["retryAfter"].as_array().unwrap() {
        let v = c["value"].as_str().unwrap();
        let got = parse_retry_after(v, c["nowMs"].as_f64().unwrap());
        assert_eq!(got, c["ms"].as_f64(), "Retry-After {v:?}");
    }
}

#[test]
fn partial_success() {
    for c in load("answers")["partialSuccess"].as_array().unwrap() {
        let body = match c["text"].as_str() {
            Some(t) => t.as_bytes().to_vec(),
            None => hex(c["hex"].as_str().unwrap()),
        };
        let p = parse_partial(c["contentType"].as_str().unwrap(), &body).unwrap_or_default();
        assert_eq!(p.rejected, c["rejected"].as_u64().unwrap(), "{c}");
        assert_eq!(p.message, c["message"].as_str().unwrap(), "{c}");
    }
}

#[test]
fn traceparent_parsing() {
    for c in load("traceparent")["parse"].as_array().unwrap() {
        let v = c["value"].as_str().unwrap();
        let got = TraceParent::parse(v);
        if c["valid"] == Value::Bool(false) {
            assert!(got.is_none(), "{v:?} must be refused");
            continue;
        }
        let tp = got.unwrap_or_else(|| panic!("{v:?} must parse"));
        assert_eq!(tp.trace_id.to_hex(), c["traceId"].as_str().unwrap());
        assert_eq!(tp.parent_span_id.to_hex(), c["parentId"].as_str().unwrap());
        assert_eq!(format!("{:02x}", tp.flags), c["flags"].as_str().unwrap());
    }
}

#[test]
fn traceparent_flag_inheritance() {
    for c in load("traceparent")["inherit"].as_array().unwrap() {
        let parent = c["parent"].as_str().and_then(TraceParent::parse);
        let flags = TraceParent::child_flags(parent.map(|p| p.flags));
        assert_eq!(format!("{flags:02x}"), c["flags"].as_str().unwrap(), "{c}");
    }
}

#[test]
fn llm_field_table() {
    let v = load("llm");
    let fields: Vec<(String, String, String)> = LLM_FIELDS
        .iter()
        .map(|(n, k, t)| {
            let t = match t {
                FieldType::Str => "string",
                FieldType::Int => "int",
                FieldType::Double => "double",
                FieldType::Messages => "messages",
                FieldType::Strings => "strings",
                FieldType::Json => "json",
            };
            (n.to_string(), k.to_string(), t.to_string())
        })
        .collect();
    let want: Vec<(String, String, String)> = serde_json::from_value(v["fields"].clone()).unwrap();
    assert_eq!(fields, want);
    let strings = |k: &str| -> Vec<String> { serde_json::from_value(v[k].clone()).unwrap() };
    assert_eq!(DOUBLE_PARAMS, strings("doubleParams"));
    assert_eq!(INT_PARAMS, strings("intParams"));
    assert_eq!(DEFAULT_OPERATION, v["defaultOperation"].as_str().unwrap());
}

#[test]
fn redaction() {
    let v = load("redact");
    let mut s = edgespan_core::Secrets::default();
    for h in v["headers"].as_array().unwrap() {
        s.add_header_value(h.as_str().unwrap());
    }
    for u in v["urls"].as_array().unwrap() {
        s.add_url(u.as_str().unwrap());
    }
    for c in v["cases"].as_array().unwrap() {
        assert_eq!(
            s.redact(c["text"].as_str().unwrap()),
            c["redacted"].as_str().unwrap()
        );
    }
    for pair in v["withoutCredentials"].as_array().unwrap() {
        let url = pair[0].as_str().unwrap();
        assert_eq!(
            edgespan_core::url_without_credentials(url),
            pair[1].as_str().unwrap()
        );
    }
}

#[test]
fn span_type_names() {
    let v = load("span_types");
    let names: Vec<&str> = edgespan_core::SPAN_TYPES.iter().map(|(n, _)| *n).collect();
    let want: Vec<String> = serde_json::from_value(v["order"].clone()).unwrap();
    assert_eq!(names, want);
    for (n, t) in edgespan_core::SPAN_TYPES {
        assert_eq!(edgespan_core::SpanType::parse(n), Some(*t));
    }
    assert_eq!(edgespan_core::SpanType::parse("bogus"), None);
}
