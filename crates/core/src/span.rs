//! The span model: what a span holds while open and after it ends.
//!
//! A [`SpanData`] is plain owned data. The tracer keeps open spans in its registry and moves
//! each into the buffer when it ends; exporters read it and never mutate it.

use crate::prelude::*;

use crate::id::{SpanId, TraceId};
use crate::trace_attrs::TraceAttributes;
use crate::value::{self, KeyValue, Value};
use alloc::rc::Rc;

/// OTLP span kind (the integers are the wire values).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[repr(u8)]
pub enum SpanKind {
    /// Internal work (the default).
    #[default]
    Internal = 1,
    /// Handles a remote request.
    Server = 2,
    /// Calls a remote service (an LLM API, say).
    Client = 3,
    /// Hands a message to a queue.
    Producer = 4,
    /// Takes a message from a queue.
    Consumer = 5,
}

impl SpanKind {
    /// Whether an HTTP response with `status` makes a span of this kind an error, as the HTTP
    /// semantic conventions say: from 500 for a SERVER span (a 4xx is the caller's mistake), from
    /// 400 for any other (a CLIENT span's call failed). Such a span gets status ERROR and
    /// `error.type` set to the status code. The npm build's `statusIsError` follows the same rule.
    pub fn http_status_is_error(self, status: u16) -> bool {
        status >= if self == SpanKind::Server { 500 } else { 400 }
    }

    /// The kind with OTLP number `n`; anything outside 2-5 is `Internal`.
    pub fn from_wire(n: u8) -> SpanKind {
        match n {
            2 => SpanKind::Server,
            3 => SpanKind::Client,
            4 => SpanKind::Producer,
            5 => SpanKind::Consumer,
            _ => SpanKind::Internal,
        }
    }

    /// Parses the lowercase names `internal`, `server`, `client`, `producer`, `consumer`;
    /// anything else is `Internal`.
    pub fn parse(s: &str) -> SpanKind {
        match s {
            "server" => SpanKind::Server,
            "client" => SpanKind::Client,
            "producer" => SpanKind::Producer,
            "consumer" => SpanKind::Consumer,
            _ => SpanKind::Internal,
        }
    }
}

/// OTLP status code (the integers are the wire values).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[repr(u8)]
pub enum StatusCode {
    /// Not set (the default).
    #[default]
    Unset = 0,
    /// Explicitly successful.
    Ok = 1,
    /// Failed.
    Error = 2,
}

/// A span's status.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Status {
    /// The code.
    pub code: StatusCode,
    /// A message, only meaningful with `Error`.
    pub message: String,
}

/// A timestamped event inside a span (an `exception`, say).
#[derive(Clone, PartialEq, Debug)]
pub struct Event {
    /// Event name.
    pub name: String,
    /// Unix nanoseconds.
    pub time_ns: u64,
    /// Event attributes.
    pub attributes: Vec<KeyValue>,
}

/// A link from a span to another span, of this trace or another (the request that scheduled a
/// job, the HTTP request an MCP call arrived in): OTLP `Span.links`.
#[derive(Clone, PartialEq, Debug)]
pub struct Link {
    /// The linked span's trace.
    pub trace_id: TraceId,
    /// The linked span.
    pub span_id: SpanId,
    /// Its W3C `tracestate`, if known (empty when not).
    pub trace_state: String,
    /// Attributes of the link.
    pub attributes: Vec<KeyValue>,
}

impl Link {
    /// Adds an attribute to the link.
    pub fn with_attribute(mut self, key: impl Into<String>, value: impl Into<Value>) -> Link {
        value::set(&mut self.attributes, &key.into(), value.into());
        self
    }
}

/// At most this many links per span; more are left out.
pub const MAX_LINKS: usize = 128;

/// An input or output payload as the user logged it.
#[derive(Clone, PartialEq, Debug)]
pub enum Payload {
    /// A plain string, kept verbatim (`text/plain`).
    Text(String),
    /// JSON text of a structured value (`application/json`).
    Json(String),
}

impl Payload {
    fn len(&self) -> usize {
        match self {
            Payload::Text(s) | Payload::Json(s) => s.len(),
        }
    }
}

impl From<&str> for Payload {
    /// Text.
    fn from(s: &str) -> Payload {
        Payload::Text(s.into())
    }
}

impl From<String> for Payload {
    /// Text.
    fn from(s: String) -> Payload {
        Payload::Text(s)
    }
}

impl From<&String> for Payload {
    /// Text.
    fn from(s: &String) -> Payload {
        Payload::Text(s.clone())
    }
}

/// What `span.log(...)` recorded. It stays typed here; each exporter maps it to its own attribute
/// names when it encodes (see `export::mapping`).
#[derive(Clone, PartialEq, Debug, Default)]
pub struct LogFields {
    /// The last logged input.
    pub input: Option<Payload>,
    /// The last logged output.
    pub output: Option<Payload>,
    /// Metadata entries, merged by key across calls.
    pub metadata: Vec<KeyValue>,
    /// Metrics (token counts and the like), merged by key across calls.
    pub metrics: Vec<KeyValue>,
    /// Tags, without repeats.
    pub tags: Vec<String>,
    /// What `logLLM` recorded, typed, keyed by the GenAI attribute name without its `gen_ai.`
    /// prefix (`request.model`, `usage.input_tokens`, …).
    pub llm: Vec<KeyValue>,
    /// What the span is (`llm`, `tool`, …); see `SpanType` for each backend's spelling.
    pub span_type: crate::span_type::SpanType,
}

impl LogFields {
    /// True when nothing was logged.
    pub fn is_empty(&self) -> bool {
        self.input.is_none()
            && self.output.is_none()
            && self.metadata.is_empty()
            && self.metrics.is_empty()
            && self.tags.is_empty()
            && self.llm.is_empty()
    }

    fn approx_bytes(&self) -> usize {
        self.input.as_ref().map_or(0, Payload::len)
            + self.output.as_ref().map_or(0, Payload::len)
            + value::approx_bytes(&self.metadata)
            + value::approx_bytes(&self.metrics)
            + self.tags.iter().map(|t| t.len() + 8).sum::<usize>()
            + value::approx_bytes(&self.llm)
    }
}

/// How a span goes out as a Braintrust `logs3` row; other formats ignore it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Row {
    /// No earlier row: one complete row (`_is_merge: false`).
    #[default]
    Whole,
    /// A snapshot of a span still open: its open row, without `metrics.end`.
    Open,
    /// An ended span whose open row went out earlier: a complete merge row that finishes it.
    Completes,
}

/// Everything known about one span.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct SpanData {
    /// The trace it belongs to.
    pub trace_id: TraceId,
    /// Its own id.
    pub span_id: SpanId,
    /// Its parent, if any.
    pub parent_span_id: Option<SpanId>,
    /// True when the parent came from another process (a `traceparent`).
    pub parent_is_remote: bool,
    /// W3C trace flags (bit 0: sampled). edgespan records every span.
    pub trace_flags: u8,
    /// The span name.
    pub name: String,
    /// The span kind.
    pub kind: SpanKind,
    /// Unix nanoseconds.
    pub start_ns: u64,
    /// Unix nanoseconds; 0 while open, ≥ `start_ns` once ended.
    pub end_ns: u64,
    /// Attributes set directly on the span.
    pub attributes: Vec<KeyValue>,
    /// Events, in the order added.
    pub events: Vec<Event>,
    /// The status.
    pub status: Status,
    /// What `log` recorded.
    pub log: LogFields,
    /// Per-tracer start order (`edgespan.seq`): recovers order when timestamps tie, as they do
    /// in workerd, whose clock stands still during CPU work.
    pub seq: u64,
    /// How the span appears as a `logs3` row.
    pub row: Row,
    /// Its trace's attributes (session, user, tags, metadata), shared by the trace's spans.
    pub trace: Option<Rc<TraceAttributes>>,
    /// Links to other spans, at most [`MAX_LINKS`].
    pub links: Vec<Link>,
}

impl SpanData {
    /// Sets an attribute, replacing an earlier value of the same key.
    pub fn set_attribute(&mut self, key: &str, value: Value) {
        value::set(&mut self.attributes, key, value);
    }

    /// Records an error: an `exception` event with `exception.type`, `exception.message` and
    /// `exception.stacktrace` (each only when non-empty), and status ERROR with the message.
    pub fn record_error(&mut self, kind: &str, message: &str, stack: &str, time_ns: u64) {
        let mut attributes = Vec::new();
        for (k, v) in [
            ("exception.type", kind),
            ("exception.message", message),
            ("exception.stacktrace", stack),
        ] {
            if !v.is_empty() {
                attributes.push(KeyValue {
                    key: k.into(),
                    value: Value::Str(v.into()),
                });
            }
        }
        self.events.push(Event {
            name: "exception".into(),
            time_ns,
            attributes,
        });
        self.status = Status {
            code: StatusCode::Error,
            message: if message.is_empty() {
                kind.into()
            } else {
                message.into()
            },
        };
    }

    /// Marks a span that something other than its own `end()` had to end: attribute
    /// `edgespan.incomplete = true` and status ERROR with `reason` (an error already recorded
    /// keeps its message).
    pub fn mark_incomplete(&mut self, reason: &str) {
        self.set_attribute("edgespan.incomplete", Value::Bool(true));
        if self.status.code != StatusCode::Error {
            self.status = Status {
                code: StatusCode::Error,
                message: reason.into(),
            };
        }
    }

    /// Ends the span at `end_ns`, clamped so that end ≥ start as OTLP requires.
    pub fn finish(&mut self, end_ns: u64) {
        self.end_ns = end_ns.max(self.start_ns);
    }

    /// An estimate of the span's size in bytes (memory and wire), for the buffer's byte limit
    /// and batch planning.
    pub fn approx_bytes(&self) -> usize {
        200 + self.name.len()
            + value::approx_bytes(&self.attributes)
            + self
                .events
                .iter()
                .map(|e| 48 + e.name.len() + value::approx_bytes(&e.attributes))
                .sum::<usize>()
            + self.status.message.len()
            + self.log.approx_bytes()
            + self
                .links
                .iter()
                .map(|l| 40 + l.trace_state.len() + value::approx_bytes(&l.attributes))
                .sum::<usize>()
    }

    /// Adds a link; false (and left out) past [`MAX_LINKS`] or for an invalid id.
    pub fn add_link(&mut self, link: Link) -> bool {
        let ok =
            self.links.len() < MAX_LINKS && link.trace_id.is_valid() && link.span_id.is_valid();
        if ok {
            self.links.push(link);
        }
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_error_sets_event_and_status() {
        let mut s = SpanData::default();
        s.record_error("TypeError", "boom", "at f (x.js:1)", 7);
        assert_eq!(s.status.code, StatusCode::Error);
        assert_eq!(s.status.message, "boom");
        assert_eq!(s.events[0].name, "exception");
        assert_eq!(s.events[0].time_ns, 7);
        assert_eq!(s.events[0].attributes.len(), 3);
        let mut t = SpanData::default();
        t.record_error("Error", "", "", 1);
        assert_eq!(t.status.message, "Error");
        assert_eq!(t.events[0].attributes.len(), 1);
    }

    #[test]
    fn end_never_precedes_start() {
        let mut s = SpanData {
            start_ns: 100,
            ..Default::default()
        };
        s.finish(50);
        assert_eq!(s.end_ns, 100);
    }

    #[test]
    fn kinds_parse() {
        assert_eq!(SpanKind::parse("client"), SpanKind::Client);
        assert_eq!(SpanKind::parse("CLIENT"), SpanKind::Internal);
        assert_eq!(SpanKind::Consumer as u8, 5);
    }
}
