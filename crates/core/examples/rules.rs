//! The core's rules on stdin, for the differential tests of the npm build's JS twins
//! (`tests/unit/differential.test.mjs`): one JSON request per line, one JSON answer per line.
//!
//! `{"rule":"retryAfter","value":"…","nowMs":…}` → `{"ms":…}` (`null` when unreadable).

use std::io::{BufRead, Write};

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let answer = match serde_json::from_str::<serde_json::Value>(&line) {
            Ok(req) => answer(&req),
            Err(e) => serde_json::json!({ "error": e.to_string() }),
        };
        if writeln!(out, "{answer}")
            .and_then(|()| out.flush())
            .is_err()
        {
            break;
        }
    }
}

fn answer(req: &serde_json::Value) -> serde_json::Value {
    match req["rule"].as_str() {
        Some("retryAfter") => {
            let value = req["value"].as_str().unwrap_or_default();
            let now = req["nowMs"].as_f64().unwrap_or(0.0);
            serde_json::json!({ "ms": edgespan_core::parse_retry_after(value, now) })
        }
        other => serde_json::json!({ "error": format!("unknown rule {other:?}") }),
    }
}
