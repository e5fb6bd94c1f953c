//! Braintrust's native ingestion (`POST {apiUrl}/logs3`, `api_version` 2): one row per span,
//! keyed by `id` (the span id), so a re-send merges into the same row instead of duplicating it.
//!
//! Row fields (PEERS.md): `id`, `span_id`, `root_span_id` (the trace id, shared by the whole
//! trace), `span_parents`, `project_id`, `log_id: "g"`, `created` (ISO-8601), `span_attributes
//! {name, type}` (`llm` for spans with `logLLM` fields, else `task`), `input`, `output`, `metadata`
//! (the log metadata and the span's own attributes), `tags`, `error`, `metrics {start, end}` in
//! Unix seconds plus `prompt_tokens` / `completion_tokens` / `tokens`, and `_is_merge: false`.
//!
//! Open rows (opt-in, [`Encoder::with_open_rows`]): a span still open at a flush goes out once as
//! a merge row with only what cannot change (ids, parents, project, `created`, `metrics.start`)
//! and its name, so Braintrust shows it in progress; its final row is then a merge row with
//! everything (`_is_merge: true`). Braintrust deep-merges a merge row into the row with the same
//! `id`, or inserts it when there is none, so the two converge in either arrival order: an open
//! row that lands late cannot remove the end. (The exception is a name changed after the open row
//! went out, which a late open row would set back.)

use super::json;
use crate::prelude::*;
use crate::span::{Payload, Row, SpanData, StatusCode};
use crate::trace_attrs::TraceAttributes;
use crate::value::{self, Value};

const PREFIX: &[u8] = b"{\"rows\":[";
const SUFFIX: &[u8] = b"],\"api_version\":2}";

/// Encodes spans as logs3 rows for one project.
pub struct Encoder {
    project_id: String,
    open_rows: bool,
}

fn payload(o: &mut Vec<u8>, key: &str, p: &Option<Payload>) {
    let Some(p) = p else { return };
    o.extend_from_slice(b",\"");
    o.extend_from_slice(key.as_bytes());
    o.extend_from_slice(b"\":");
    match p {
        Payload::Json(j) => o.extend_from_slice(j.as_bytes()),
        Payload::Text(t) => json::string(o, t),
    }
}

fn seconds(o: &mut Vec<u8>, ns: u64) {
    json::f64(o, ns as f64 / 1e9);
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` for Unix nanoseconds.
fn iso8601(o: &mut Vec<u8>, ns: u64) {
    let ms = ns / 1_000_000;
    let (days, rem) = ((ms / 86_400_000) as i64, ms % 86_400_000);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    let two = |o: &mut Vec<u8>, v: u64| {
        o.push(b'0' + (v / 10 % 10) as u8);
        o.push(b'0' + (v % 10) as u8);
    };
    o.push(b'"');
    json::u64(o, y.max(0) as u64);
    o.push(b'-');
    two(o, m as u64);
    o.push(b'-');
    two(o, d as u64);
    o.push(b'T');
    two(o, rem / 3_600_000);
    o.push(b':');
    two(o, rem / 60_000 % 60);
    o.push(b':');
    two(o, rem / 1000 % 60);
    o.push(b'.');
    o.push(b'0' + (rem % 1000 / 100) as u8);
    two(o, rem % 100);
    o.extend_from_slice(b"Z\"");
}

fn token(s: &SpanData, llm_key: &str, metric_keys: [&str; 2]) -> Option<i64> {
    let get = |list, k| match value::get(list, k) {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    };
    get(&s.log.llm, llm_key).or_else(|| metric_keys.iter().find_map(|k| get(&s.log.metrics, k)))
}

impl Encoder {
    /// Rows for project `project_id`.
    pub fn new(project_id: &str) -> Self {
        Encoder {
            project_id: project_id.into(),
            open_rows: false,
        }
    }

    /// Also sends an open row for each span still open at a flush (see the module docs).
    pub fn with_open_rows(mut self, on: bool) -> Self {
        self.open_rows = on;
        self
    }

    /// True when this exporter wants open rows.
    pub fn open_rows(&self) -> bool {
        self.open_rows
    }

    /// Appends one row: a whole row, an open row or a completing merge row (see [`Row`]).
    pub fn span(&self, o: &mut Vec<u8>, s: &SpanData) {
        o.extend_from_slice(b"{\"id\":\"");
        s.span_id.write_hex(o);
        o.extend_from_slice(b"\",\"span_id\":\"");
        s.span_id.write_hex(o);
        o.extend_from_slice(b"\",\"root_span_id\":\"");
        s.trace_id.write_hex(o);
        o.push(b'"');
        if let Some(p) = &s.parent_span_id {
            o.extend_from_slice(b",\"span_parents\":[\"");
            p.write_hex(o);
            o.extend_from_slice(b"\"]");
        }
        o.extend_from_slice(b",\"project_id\":");
        json::string(o, &self.project_id);
        o.extend_from_slice(b",\"log_id\":\"g\",\"created\":");
        iso8601(o, s.start_ns);
        o.extend_from_slice(b",\"span_attributes\":{\"name\":");
        json::string(o, &s.name);
        if s.row == Row::Open {
            // The type is left out: `logLLM` may still make it `llm`.
            o.extend_from_slice(b"},\"metrics\":{\"start\":");
            seconds(o, s.start_ns);
            o.extend_from_slice(b"},\"_is_merge\":true}");
            return;
        }
        o.extend_from_slice(b",\"type\":\"");
        let kind = s.log.span_type.resolve(!s.log.llm.is_empty());
        o.extend_from_slice(kind.braintrust().as_bytes());
        o.extend_from_slice(b"\"}");
        payload(o, "input", &s.log.input);
        payload(o, "output", &s.log.output);
        // Metadata: the logged metadata, then the span's own attributes and the GenAI fields.
        let mut meta = TraceAttributes::braintrust_metadata(s.trace.as_deref(), &s.log.metadata);
        meta.extend(s.attributes.iter().cloned());
        for kv in &s.log.llm {
            value::set(
                &mut meta,
                &crate::text::cat(&["gen_ai.", &kv.key]),
                kv.value.clone(),
            );
        }
        if !meta.is_empty() {
            o.extend_from_slice(b",\"metadata\":");
            json::value(o, &Value::Map(meta));
        }
        let tags = TraceAttributes::all_tags(s.trace.as_deref(), &s.log.tags);
        if !tags.is_empty() {
            o.extend_from_slice(b",\"tags\":");
            json::value(o, &Value::Array(tags.into_iter().map(Value::Str).collect()));
        }
        if s.status.code == StatusCode::Error {
            o.extend_from_slice(b",\"error\":");
            json::string(
                o,
                if s.status.message.is_empty() {
                    "error"
                } else {
                    &s.status.message
                },
            );
        }
        o.extend_from_slice(b",\"metrics\":{\"start\":");
        seconds(o, s.start_ns);
        o.extend_from_slice(b",\"end\":");
        seconds(o, s.end_ns);
        let prompt = token(s, "usage.input_tokens", ["prompt_tokens", "input_tokens"]);
        let completion = token(
            s,
            "usage.output_tokens",
            ["completion_tokens", "output_tokens"],
        );
        for (k, v) in [("prompt_tokens", prompt), ("completion_tokens", completion)] {
            if let Some(v) = v {
                o.extend_from_slice(b",\"");
                o.extend_from_slice(k.as_bytes());
                o.extend_from_slice(b"\":");
                json::i64(o, v);
            }
        }
        if let (Some(p), Some(c)) = (prompt, completion) {
            o.extend_from_slice(b",\"tokens\":");
            json::i64(o, p.saturating_add(c));
        }
        o.extend_from_slice(if s.row == Row::Completes {
            b"},\"_is_merge\":true}"
        } else {
            b"},\"_is_merge\":false}"
        });
    }

    /// The bytes a body adds around its rows.
    pub fn frame(&self) -> usize {
        PREFIX.len() + SUFFIX.len()
    }

    /// `{"rows":[…],"api_version":2}` for the rows at `ranges` of `arena`.
    pub fn assemble(&self, arena: &[u8], ranges: &[(usize, usize)]) -> Vec<u8> {
        let rows: usize = ranges.iter().map(|&(a, b)| b - a + 1).sum();
        let mut o = Vec::with_capacity(self.frame() + rows);
        o.extend_from_slice(PREFIX);
        for (i, &(a, b)) in ranges.iter().enumerate() {
            if i > 0 {
                o.push(b',');
            }
            o.extend_from_slice(arena.get(a..b).unwrap_or_default());
        }
        o.extend_from_slice(SUFFIX);
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        for (ns, want) in [
            (0u64, "\"1970-01-01T00:00:00.000Z\""),
            (1_763_800_000_123_456_789, "\"2025-11-22T08:26:40.123Z\""),
            (951_782_400_000_000_000, "\"2000-02-29T00:00:00.000Z\""),
        ] {
            let mut o = Vec::new();
            iso8601(&mut o, ns);
            assert_eq!(String::from_utf8(o).unwrap(), want);
        }
    }
}
