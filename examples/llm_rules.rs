//! `LlmJson` on stdin, for the differential test of the npm build's wrapOpenAI and wrapAnthropic
//! (`tests/unit/differential-llm.test.mjs`): one JSON request per line, one JSON answer per line.
//!
//! `{"provider":"openai"|"anthropic","request":…,"response":…}` →
//! `{"attributes":[[key, value],…],"answer":…}`, each value tagged by its type: `{"s":…}`,
//! `{"i":…}`, `{"d":…}`, `{"b":…}`, `{"a":[…]}`, `{"m":[[key, value],…]}`.
//! `{"rule":"paramKey","name":"…"}` → `{"key":"…","type":"double"|"int"|null}`.

use edgespan::{LlmJson, Value};
use edgespan_core::llm::{param_key, ParamType};
use serde_json::{json, Value as Json};
use std::io::{BufRead, Write};

fn tagged(v: &Value) -> Json {
    match v {
        Value::Str(s) => json!({ "s": s }),
        Value::Int(n) => json!({ "i": n }),
        Value::Double(x) => json!({ "d": x }),
        Value::Bool(b) => json!({ "b": b }),
        Value::Array(items) => json!({ "a": items.iter().map(tagged).collect::<Vec<_>>() }),
        Value::Map(kvs) => {
            json!({ "m": kvs.iter().map(|kv| json!([kv.key, tagged(&kv.value)])).collect::<Vec<_>>() })
        }
    }
}

fn answer(req: &Json) -> Json {
    if req["rule"] == "paramKey" {
        let (key, ty) = param_key(req["name"].as_str().unwrap_or_default());
        let ty = match ty {
            ParamType::Double => json!("double"),
            ParamType::Int => json!("int"),
            ParamType::AsGiven => json!(null),
        };
        return json!({ "key": key, "type": ty });
    }
    let call = match req["provider"].as_str() {
        Some("anthropic") => LlmJson::anthropic_messages(&req["request"], &req["response"]),
        _ => LlmJson::openai_chat(&req["request"], &req["response"]),
    };
    let attributes: Vec<Json> = call
        .attributes()
        .iter()
        .map(|kv| json!([kv.key, tagged(&kv.value)]))
        .collect();
    json!({ "attributes": attributes, "answer": call.answer })
}

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let reply = match serde_json::from_str::<Json>(&line) {
            Ok(req) => answer(&req),
            Err(e) => json!({ "error": e.to_string() }),
        };
        if writeln!(out, "{reply}").and_then(|()| out.flush()).is_err() {
            break;
        }
    }
}
