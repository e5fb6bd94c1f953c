//! The npm package's wasm exports: the only `#[wasm_bindgen]` surface.
//!
//! A low-level binding for the hand-written JS layer (`js/tracer.js`), not the public API. The
//! exports are free functions over numbers and strings, and tracers live in a registry indexed by
//! a small integer, so the generated glue stays tiny and no call pays for a class wrapper or a
//! borrow flag. Nothing here panics: unknown tracer ids, stale span handles and unknown flush ids
//! are ignored.

mod registry;
mod runtime;

use crate::prelude::*;
use wasm_bindgen::prelude::*;

use crate::config::{Config, Protocol};
use crate::export::encoder::Encoder;
use crate::export::mapping::Backend;
use crate::flush::{Answer, FlushJob, Step};
use crate::id::{SpanId, TraceId};
use crate::span::{Event, Payload, SpanData, SpanKind, Status, StatusCode};
use crate::tracer::{Handle, Parent, SpanStart, TracerCore};
use crate::value::{self, KeyValue, Value};
use registry::{with, Core};

const MAX_STAGED: usize = 4096;

/// A value under construction on the stage (arrays and maps are built bottom-up).
pub(crate) enum Staged {
    Val(Value),
    Key(String),
}

fn count(x: f64) -> u32 {
    // The JS layer has validated every limit; this only keeps a bad call from misbehaving.
    if x >= 1.0 && x <= u32::MAX as f64 {
        x as u32
    } else {
        1
    }
}

/// Registers a tracer and returns its id. The JS layer (`js/config.js`) has already validated
/// the configuration, including the endpoint and headers, which only it uses. `kind`, `backend`
/// and `project_id` describe its first exporter, as in `add_exporter`.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn create(
    service_name: &str,
    kind: u8,
    backend: u8,
    project_id: &str,
    timeout_ms: f64,
    max_queue_spans: f64,
    max_queue_bytes: f64,
    max_batch_bytes: f64,
    max_concurrent_requests: f64,
    seed: f64,
) -> u32 {
    let mut c = Config::new("");
    c.service_name = service_name.into();
    c.sdk_language = "webjs";
    c.protocol = if kind == 1 {
        Protocol::Json
    } else {
        Protocol::Protobuf
    };
    c.backend = backend_of(backend);
    c.timeout_ms = count(timeout_ms);
    c.max_queue_spans = count(max_queue_spans);
    c.max_queue_bytes = count(max_queue_bytes);
    c.max_batch_bytes = count(max_batch_bytes);
    c.max_concurrent_requests = count(max_concurrent_requests);
    let mut t = TracerCore::new(c, seed as u64);
    if let Some(e) = logs3(kind, project_id) {
        t.replace_exporter(0, e);
    }
    registry::insert(t)
}

/// Forgets a tracer (called by the JS layer's FinalizationRegistry).
#[wasm_bindgen]
pub fn destroy(c: u32) {
    registry::remove(c);
}

/// Starts a span; returns its handle (0 when not recorded). `kind` is the OTLP number (1-5).
/// `parent` is 0 (none: `t*` is a new trace id), 1 (local parent `p*` in trace `t*`) or 2
/// (remote parent). `scope` is the request scope it belongs to (0: none).
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn start(
    c: u32,
    name: &str,
    kind: u8,
    t0: u32,
    t1: u32,
    t2: u32,
    t3: u32,
    s0: u32,
    s1: u32,
    parent: u8,
    p0: u32,
    p1: u32,
    flags: u8,
    scope: u32,
    now_ms: f64,
) -> f64 {
    with(c, |core| {
        let trace_id = TraceId::from_words([t0, t1, t2, t3]);
        let parent = (parent != 0).then(|| Parent {
            trace_id,
            span_id: SpanId::from_words([p0, p1]),
            remote: parent == 2,
            flags,
        });
        let span_id = SpanId::from_words([s0, s1]);
        let start_ns = crate::clock::ms_to_nanos(now_ms);
        let new = SpanStart {
            name,
            kind: SpanKind::from_wire(kind),
            trace_id,
            span_id,
            parent,
            scope,
            start_ns,
        };
        core.t.start_span(new).0 as f64
    })
}

/// Ends a span: 0 when it had already ended, 1 when it went to the buffer, 2 when the buffer was
/// full and it was dropped.
#[wasm_bindgen]
pub fn end(c: u32, h: f64, now_ms: f64) -> u8 {
    with(c, |core| {
        let before = core.t.dropped();
        if !core
            .t
            .end_span(Handle(h as u64), crate::clock::ms_to_nanos(now_ms))
        {
            0
        } else if core.t.dropped() > before {
            2
        } else {
            1
        }
    })
}

/// Bytes of linear memory the wasm instance holds (for memory measurements).
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65_536) as f64
}

/// Ends the open spans of request scope `scope` as incomplete; returns how many there were.
#[wasm_bindgen]
pub fn end_scope(c: u32, scope: u32, reason: &str, now_ms: f64) -> u32 {
    with(c, |core| {
        core.t
            .end_scope(scope, reason, crate::clock::ms_to_nanos(now_ms)) as u32
    })
}

/// Ends every open span as incomplete (status ERROR, `edgespan.incomplete = true`).
#[wasm_bindgen]
pub fn end_all_open(c: u32, reason: &str, now_ms: f64) -> u32 {
    with(c, |core| {
        core.t
            .end_all_open(reason, crate::clock::ms_to_nanos(now_ms)) as u32
    })
}

fn span(core: &mut Core, h: f64) -> Option<&mut SpanData> {
    core.t.span_mut(Handle(h as u64))
}

/// Targets of `set_str` / `set_val`.
const ATTRIBUTE: u8 = 0;
const METADATA: u8 = 1;
const METRIC: u8 = 2;
const EVENT: u8 = 3;
const LLM: u8 = 4;

fn put(core: &mut Core, h: f64, target: u8, key: &str, v: Value) {
    let Some(s) = span(core, h) else { return };
    let list = match target {
        ATTRIBUTE => &mut s.attributes,
        METADATA => &mut s.log.metadata,
        METRIC => &mut s.log.metrics,
        LLM => &mut s.log.llm,
        EVENT => match s.events.last_mut() {
            Some(e) => &mut e.attributes,
            None => return,
        },
        _ => return,
    };
    value::set(list, key, v);
}

/// Sets a string on a span: an attribute (`target` 0), metadata entry (1), metric (2) or
/// attribute of the last event (3), or a `logLLM` field (4).
#[wasm_bindgen]
pub fn set_str(c: u32, h: f64, target: u8, key: &str, v: String) {
    with(c, |core| put(core, h, target, key, Value::Str(v)))
}

/// Sets a number (`kind` 0; integral values become ints), a boolean (`kind` 1, `n` ≠ 0), the
/// value built on the stage (`kind` 2), or a number that stays a double (`kind` 3).
#[wasm_bindgen]
pub fn set_val(c: u32, h: f64, target: u8, key: &str, kind: u8, n: f64) {
    with(c, |core| {
        let v = match kind {
            0 => Value::from_number(n),
            1 => Value::Bool(n != 0.0),
            3 => Value::Double(n),
            _ => match core.stage.pop() {
                Some(Staged::Val(v)) => v,
                _ => Value::Str("[unserializable]".into()),
            },
        };
        core.stage.clear();
        put(core, h, target, key, v)
    })
}

fn stage_push(core: &mut Core, s: Staged) {
    if core.stage.len() < MAX_STAGED {
        core.stage.push(s);
    }
}

/// Stages text: a string (`kind` 0), a map key (1), or a BigInt's decimal text (2; an int when
/// it fits in i64, else the text).
#[wasm_bindgen]
pub fn v_text(c: u32, kind: u8, s: &str) {
    with(c, |core| {
        let item = match kind {
            1 => Staged::Key(s.into()),
            2 => Staged::Val(
                s.parse::<i64>()
                    .map_or_else(|_| Value::Str(s.into()), Value::Int),
            ),
            _ => Staged::Val(Value::Str(s.into())),
        };
        stage_push(core, item)
    })
}

/// Stages a number (`kind` 0) or a boolean (`kind` 1).
#[wasm_bindgen]
pub fn v_val(c: u32, kind: u8, n: f64) {
    with(c, |core| {
        let v = if kind == 1 {
            Value::Bool(n != 0.0)
        } else {
            Value::from_number(n)
        };
        stage_push(core, Staged::Val(v))
    })
}

/// Replaces the last `n` staged values by an array (`kind` 0), or the last `n` key/value pairs
/// by a map (`kind` 1).
#[wasm_bindgen]
pub fn v_group(c: u32, kind: u8, n: u32) {
    with(c, |core| {
        let width = if kind == 1 { 2 } else { 1 };
        let at = core.stage.len().saturating_sub(width * n as usize);
        let mut key: Option<String> = None;
        let mut items: Vec<Value> = Vec::new();
        let mut kvs: Vec<KeyValue> = Vec::new();
        for s in core.stage.drain(at..) {
            match (s, key.take()) {
                (Staged::Key(k), _) => key = Some(k),
                (Staged::Val(v), Some(k)) => value::set(&mut kvs, &k, v),
                (Staged::Val(v), None) => items.push(v),
            }
        }
        let v = if kind == 1 {
            Value::Map(kvs)
        } else {
            Value::Array(items)
        };
        stage_push(core, Staged::Val(v))
    })
}

/// One-string span operations: 0/1 input as text/JSON, 2/3 output as text/JSON, 4 add a tag,
/// 5 note a truncated key (`edgespan.truncated`), 6 rename, 7 add an event named `s` (its
/// attributes follow with target 3), 8 status OK, 9 status ERROR with message `s`, 10 status
/// unset, 11 set the kind by name, 12 rename when the span has no name yet.
#[wasm_bindgen]
pub fn span_text(c: u32, h: f64, op: u8, s: String, now_ms: f64) {
    with(c, |core| {
        let Some(span) = span(core, h) else { return };
        match op {
            0..=3 => {
                let p = if op % 2 == 1 {
                    Payload::Json(s)
                } else {
                    Payload::Text(s)
                };
                if op < 2 {
                    span.log.input = Some(p);
                } else {
                    span.log.output = Some(p);
                }
            }
            4 if !span.log.tags.contains(&s) => span.log.tags.push(s),
            5 => crate::truncate::note(span, &s),
            6 => span.name = s,
            7 => span.events.push(Event {
                name: s,
                time_ns: crate::clock::ms_to_nanos(now_ms),
                attributes: Vec::new(),
            }),
            8 => {
                span.status = Status {
                    code: StatusCode::Ok,
                    message: String::new(),
                }
            }
            9 => {
                span.status = Status {
                    code: StatusCode::Error,
                    message: s,
                }
            }
            10 => span.status = Status::default(),
            11 => span.kind = SpanKind::parse(&s),
            12 if span.name.is_empty() => span.name = s,
            _ => {}
        }
    })
}

/// Records an error: an `exception` event and status ERROR.
#[wasm_bindgen]
pub fn record_error(c: u32, h: f64, kind: &str, message: &str, stack: &str, now_ms: f64) {
    with(c, |core| {
        if let Some(s) = span(core, h) {
            s.record_error(kind, message, stack, crate::clock::ms_to_nanos(now_ms));
        }
    })
}

/// Takes the flush snapshot; returns one job id per exporter, in exporter order.
#[wasm_bindgen]
pub fn flush_begin(c: u32, now_ms: f64) -> Vec<u32> {
    with(c, |core| {
        let jobs = core.t.begin_flush_all(now_ms);
        let mut ids = Vec::with_capacity(jobs.len());
        for job in jobs {
            let id = match core.jobs.iter().position(Option::is_none) {
                Some(i) => {
                    core.jobs[i] = Some(job);
                    i
                }
                None => {
                    core.jobs.push(Some(job));
                    core.jobs.len() - 1
                }
            };
            ids.push(id as u32);
        }
        ids
    })
}

/// Adds an exporter: `kind` 0 OTLP protobuf, 1 OTLP JSON, 2 Braintrust logs3 (for project
/// `project_id`), 3 logs3 with open rows; `backend` as in `create`. Returns its index.
#[wasm_bindgen]
pub fn add_exporter(c: u32, kind: u8, backend: u8, project_id: &str) -> u32 {
    with(c, |core| {
        let cfg = core.t.config();
        let encoder = match logs3(kind, project_id) {
            Some(e) => e,
            None => Encoder::for_backend(
                if kind == 1 {
                    Protocol::Json
                } else {
                    Protocol::Protobuf
                },
                backend_of(backend),
                &cfg.service_name,
                cfg.sdk_language,
            ),
        };
        core.t.add_exporter(encoder) as u32
    })
}

/// The logs3 encoder for `kind` 2 (3: with open rows), or None for an OTLP kind.
fn logs3(kind: u8, project_id: &str) -> Option<Encoder> {
    (kind >= 2).then(|| {
        Encoder::Logs3(crate::export::logs3::Encoder::new(project_id).with_open_rows(kind == 3))
    })
}

fn backend_of(n: u8) -> Backend {
    match n {
        1 => Backend::Braintrust,
        2 => Backend::Langfuse,
        3 => Backend::Laminar,
        _ => Backend::Otlp,
    }
}

fn job(core: &mut Core, id: u32) -> Option<&mut FlushJob> {
    core.jobs.get_mut(id as usize)?.as_mut()
}

/// Next step: 0 done, 1 send (`step_batch`, timeout `step_ms`), 2 wait (`step_ms`, or -1 for
/// "until an answer"), 3 the job has nothing to send at all.
#[wasm_bindgen]
pub fn flush_poll(c: u32, id: u32, now_ms: f64) -> u8 {
    with(c, |core| {
        let Some(j) = job(core, id) else { return 0 };
        if j.is_empty() {
            return 3;
        }
        match j.poll(now_ms) {
            Step::Done => 0,
            Step::Send { batch, timeout_ms } => {
                registry::set_step(batch, timeout_ms);
                1
            }
            Step::Wait { ms } => {
                registry::set_step(0, ms.unwrap_or(-1.0));
                2
            }
        }
    })
}

/// The batch of the last send step.
#[wasm_bindgen]
pub fn step_batch() -> u32 {
    registry::step().0
}

/// The duration of the last step, in ms.
#[wasm_bindgen]
pub fn step_ms() -> f64 {
    registry::step().1
}

/// Where a batch's request body is in wasm memory; its length is then `step_batch()`. The JS layer
/// copies it out at once, before any other call (nothing is copied on the wasm side).
#[wasm_bindgen]
pub fn flush_body(c: u32, id: u32, batch: u32) -> u32 {
    let (at, len) = with(c, |core| {
        job(core, id).map_or((0, 0), |j| {
            let b = j.body(batch);
            (b.as_ptr() as u32, b.len() as u32)
        })
    });
    registry::set_step(len, 0.0);
    at
}

/// Counts the bytes that went on the wire for one attempt.
#[wasm_bindgen]
pub fn flush_sent(c: u32, id: u32, bytes: f64) {
    with(c, |core| {
        if let Some(j) = job(core, id) {
            j.on_sent_bytes(bytes as u64);
        }
    })
}

/// Feeds back an HTTP answer: `retry_after_ms` < 0 when absent or unreadable; `text` is the
/// partial-success message for a 2xx and the start of the body otherwise.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn flush_response(
    c: u32,
    id: u32,
    batch: u32,
    status: u16,
    retry_after_ms: f64,
    rejected: f64,
    text: &str,
    now_ms: f64,
) {
    with(c, |core| {
        let Some(j) = core.jobs.get_mut(id as usize).and_then(Option::as_mut) else {
            return;
        };
        let answer = Answer {
            status,
            retry_after_ms: (retry_after_ms >= 0.0).then_some(retry_after_ms),
            rejected: if rejected > 0.0 { rejected as u64 } else { 0 },
            text,
        };
        j.on_response(core.t.encoder(j.exporter()), batch, &answer, now_ms);
    })
}

/// Feeds back a network error or a per-attempt timeout.
#[wasm_bindgen]
pub fn flush_error(c: u32, id: u32, batch: u32, timed_out: bool, message: &str, now_ms: f64) {
    with(c, |core| {
        if let Some(j) = job(core, id) {
            j.on_network_error(batch, timed_out, message, now_ms);
        }
    })
}

/// Ends the job: requeues what is pending and returns the report as JSON.
#[wasm_bindgen]
pub fn flush_finish(c: u32, id: u32, now_ms: f64) -> String {
    with(c, |core| {
        match core.jobs.get_mut(id as usize).and_then(Option::take) {
            Some(j) => core.t.finish_flush(j, now_ms).to_json(),
            None => crate::FlushReport::default().to_json(),
        }
    })
}
