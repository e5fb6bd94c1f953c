//! Renders received spans as indented trees, one per trace, with durations and key attributes.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

const KEY_PREFIXES: &[&str] = &[
    "gen_ai.",
    "http.",
    "url.",
    "input.value",
    "output.value",
    "metadata.",
    "edgespan.",
];

fn short(v: &Value, max: usize) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let s = s.replace('\n', "⏎");
    if s.chars().count() > max {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    } else {
        s
    }
}

fn line(span: &Value) -> String {
    let name = span["name"].as_str().unwrap_or("?");
    let kind = ["", "internal", "server", "client", "producer", "consumer"]
        .get(span["kind"].as_u64().unwrap_or(0) as usize)
        .copied()
        .unwrap_or("");
    let ms = span["durationMs"].as_f64().unwrap_or(0.0);
    let mut out = format!("{name} [{kind}] {ms:.1} ms");
    match span["status"]["code"].as_u64() {
        Some(2) => out.push_str(&format!(
            " ERROR({})",
            short(&span["status"]["message"], 60)
        )),
        Some(1) => out.push_str(" OK"),
        _ => {}
    }
    let mut shown = 0;
    if let Some(attrs) = span["attributes"].as_object() {
        for (k, v) in attrs {
            // The sequence number is on every span; it would crowd out the informative keys.
            if shown < 5 && k != "edgespan.seq" && KEY_PREFIXES.iter().any(|p| k.starts_with(p)) {
                out.push_str(&format!("  {k}={}", short(v, 40)));
                shown += 1;
            }
        }
    }
    if let Some(events) = span["events"].as_array() {
        for e in events {
            out.push_str(&format!("  !{}", e["name"].as_str().unwrap_or("event")));
        }
    }
    out
}

/// The text of every trace in `spans`, in order of first appearance.
pub fn render(spans: &[Value]) -> String {
    let mut by_trace: BTreeMap<usize, (String, Vec<&Value>)> = BTreeMap::new();
    let mut order: HashMap<String, usize> = HashMap::new();
    for s in spans {
        let t = s["traceId"].as_str().unwrap_or("").to_string();
        let n = order.len();
        let i = *order.entry(t.clone()).or_insert(n);
        by_trace
            .entry(i)
            .or_insert_with(|| (t, Vec::new()))
            .1
            .push(s);
    }
    let mut out = String::new();
    for (_, (trace, list)) in by_trace {
        out.push_str(&format!("trace {trace} ({} spans)\n", list.len()));
        let ids: HashSet<&str> = list.iter().filter_map(|s| s["spanId"].as_str()).collect();
        let mut children: HashMap<&str, Vec<&Value>> = HashMap::new();
        let mut roots = Vec::new();
        for s in &list {
            match s["parentSpanId"].as_str() {
                Some(p) if ids.contains(p) => children.entry(p).or_default().push(s),
                _ => roots.push(*s),
            }
        }
        let by_start = |a: &&Value, b: &&Value| {
            let k = |v: &Value| {
                v["start"]
                    .as_str()
                    .and_then(|s| s.parse::<u64>().ok())
                    .unwrap_or(0)
            };
            k(a).cmp(&k(b))
        };
        roots.sort_by(by_start);
        for v in children.values_mut() {
            v.sort_by(by_start);
        }
        fn walk(out: &mut String, s: &Value, depth: usize, children: &HashMap<&str, Vec<&Value>>) {
            out.push_str(&"  ".repeat(depth + 1));
            out.push_str(&line(s));
            out.push('\n');
            if let Some(kids) = s["spanId"].as_str().and_then(|id| children.get(id)) {
                for k in kids {
                    walk(out, k, depth + 1, children);
                }
            }
        }
        for r in roots {
            walk(&mut out, r, 0, &children);
        }
    }
    out
}
