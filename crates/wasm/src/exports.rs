//! The exports themselves (see the crate docs). Argument lists stay short: ids, limits and
//! answers travel through the scratch numbers, step details through the step registers.

use alloc::string::String;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

use crate::registry::{self, with, Core};
use edgespan_core::abi::{self, scratch};
use edgespan_core::{
    ms_to_nanos, note_truncated, set_value, Answer, Backend, Config, Encoder, Event, FlushJob,
    FlushReport, Handle, KeyValue, Link, Parent, Payload, Protocol, Sampling, SpanData, SpanId,
    SpanKind, SpanStart, SpanType, Status, StatusCode, Step, TraceAttributes, TraceId, TracerCore,
    Value,
};

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

/// Where JS writes the scratch numbers (`abi::scratch` says which slot is which).
#[wasm_bindgen]
pub fn scratch() -> u32 {
    registry::scratch_at()
}

/// Scratch slot `i` (`at` + `i`) as a number.
fn slot(at: u8, i: usize) -> f64 {
    registry::scratch_slot(at as usize + i)
}

/// Scratch slot `i` as a 32-bit word (an id word).
fn word(at: u8, i: usize) -> u32 {
    slot(at, i) as u32
}

/// Registers a tracer and returns its id. The JS layer (`js/config.js`) has already validated
/// the configuration, including the endpoint and headers, which only it uses. Its exporters are
/// then set with `add_exporter` (the first replaces the default OTLP protobuf one). The limits
/// are in the scratch numbers (`abi::scratch::TIMEOUT_MS` and on); `seed` seeds the retry jitter.
#[wasm_bindgen]
pub fn create(service_name: &str, seed: f64) -> u32 {
    let mut c = Config::new("");
    c.service_name = service_name.into();
    c.sdk_language = "webjs";
    let limit = |at: u8| count(slot(at, 0));
    c.timeout_ms = limit(scratch::TIMEOUT_MS);
    c.max_queue_spans = limit(scratch::MAX_QUEUE_SPANS);
    c.max_queue_bytes = limit(scratch::MAX_QUEUE_BYTES);
    c.max_batch_bytes = limit(scratch::MAX_BATCH_BYTES);
    c.max_concurrent_requests = limit(scratch::MAX_CONCURRENT_REQUESTS);
    // Sampling: the ratio, its rule bits, and the slow-root threshold (< 0: none).
    let rules = slot(scratch::SAMPLING_RULES, 0) as u32;
    let slower = slot(scratch::KEEP_SLOWER_THAN_MS, 0);
    c.sampling = Sampling::default()
        .with_ratio(slot(scratch::SAMPLING_RATIO, 0).clamp(0.0, 1.0))
        .with_parent_based(rules & abi::sampling::PARENT_BASED as u32 != 0)
        .with_keep_errors(rules & abi::sampling::KEEP_ERRORS as u32 != 0);
    c.sampling.keep_slower_than_ms = (slower >= 0.0).then_some(slower);
    registry::insert(TracerCore::new(c, seed as u64))
}

/// Adds a link from span `h` to the span whose ids are in the scratch words (`abi::scratch::TRACE`
/// and `SPAN`), with its `tracestate`; its attributes follow with target `LINK` when it was
/// added (true).
#[wasm_bindgen]
pub fn span_link(c: u32, h: f64, trace_state: String) -> bool {
    let t = |i| word(scratch::TRACE, i);
    let trace_id = TraceId::from_words([t(0), t(1), t(2), t(3)]);
    let span_id = SpanId::from_words([word(scratch::SPAN, 0), word(scratch::SPAN, 1)]);
    with(c, |core| {
        span(core, h).is_some_and(|s| {
            s.add_link(Link {
                trace_id,
                span_id,
                trace_state,
                attributes: Vec::new(),
            })
        })
    })
}

/// Sets whether prompts and answers are recorded (the `recordInputs` / `recordOutputs` options).
#[wasm_bindgen]
pub fn set_recording(c: u32, inputs: bool, outputs: bool) {
    with(c, |core| core.t.set_recording(inputs, outputs))
}

/// Forgets a tracer (called by the JS layer's FinalizationRegistry).
#[wasm_bindgen]
pub fn destroy(c: u32) {
    registry::remove(c);
}

/// Adds an exporter in `format` (`abi::format`) with attribute mapping `backend`
/// (`abi::backend`); for logs3, rows go to `project_id` and `open_rows` turns on rows for spans
/// still open. Returns its index.
#[wasm_bindgen]
pub fn add_exporter(c: u32, format: u8, backend: u8, project_id: &str, open_rows: bool) -> u32 {
    with(c, |core| {
        let cfg = core.t.config();
        let protocol = if format == abi::format::OTLP_JSON {
            Protocol::Json
        } else {
            Protocol::Protobuf
        };
        let logs3 = (format == abi::format::LOGS3).then_some((project_id, open_rows));
        let encoder = Encoder::for_target(protocol, backend_of(backend), logs3, cfg);
        core.exporters += 1;
        if core.exporters == 1 {
            core.t.replace_exporter(0, encoder);
            0
        } else {
            core.t.add_exporter(encoder) as u32
        }
    })
}

fn backend_of(n: u8) -> Backend {
    match n {
        abi::backend::BRAINTRUST => Backend::Braintrust,
        abi::backend::LANGFUSE => Backend::Langfuse,
        abi::backend::LAMINAR => Backend::Laminar,
        _ => Backend::Otlp,
    }
}

/// Starts a span with the ids in the scratch words; returns its handle (0 when not recorded).
/// `kind` is the OTLP number (1-5); `parent` is an `abi::parent`; `scope` the request scope it
/// belongs to (0: none).
#[wasm_bindgen]
pub fn start(c: u32, name: &str, kind: u8, parent: u8, flags: u8, scope: u32, now_ms: f64) -> f64 {
    let t = |i| word(scratch::TRACE, i);
    let trace_id = TraceId::from_words([t(0), t(1), t(2), t(3)]);
    let span_id = SpanId::from_words([word(scratch::SPAN, 0), word(scratch::SPAN, 1)]);
    let parent_id = SpanId::from_words([word(scratch::PARENT, 0), word(scratch::PARENT, 1)]);
    with(c, |core| {
        let parent = (parent != abi::parent::NONE).then_some(Parent {
            trace_id,
            span_id: parent_id,
            remote: parent == abi::parent::REMOTE,
            flags,
        });
        let new = SpanStart {
            name,
            kind: SpanKind::from_wire(kind),
            trace_id,
            span_id,
            parent,
            scope,
            start_ns: ms_to_nanos(now_ms),
        };
        core.t.start_span(new).0 as f64
    })
}

/// Ends a span; returns an `abi::end`.
#[wasm_bindgen]
pub fn end(c: u32, h: f64, now_ms: f64) -> u8 {
    with(c, |core| {
        let before = core.t.dropped();
        if !core.t.end_span(Handle(h as u64), ms_to_nanos(now_ms)) {
            abi::end::ALREADY
        } else if core.t.dropped() > before {
            abi::end::DROPPED
        } else {
            abi::end::BUFFERED
        }
    })
}

/// Bytes of linear memory the wasm instance holds (for memory measurements).
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65_536) as f64
}

/// Ends the open spans of request scope `scope`, as incomplete with `reason`, or as cancelled when
/// `cancelled` (what the scope served went away); returns how many there were.
#[wasm_bindgen]
pub fn end_scope(c: u32, scope: u32, reason: &str, now_ms: f64, cancelled: bool) -> u32 {
    with(c, |core| {
        let t = ms_to_nanos(now_ms);
        (if cancelled {
            core.t.cancel_scope(scope, t)
        } else {
            core.t.end_scope(scope, reason, t)
        }) as u32
    })
}

/// Forgets open span `h` without exporting it; returns 1 when it was open.
#[wasm_bindgen]
pub fn discard(c: u32, h: f64) -> u32 {
    with(c, |core| core.t.discard_span(Handle(h as u64)) as u32)
}

/// Ends every open span as incomplete (status ERROR, `edgespan.incomplete = true`).
#[wasm_bindgen]
pub fn end_all_open(c: u32, reason: &str, now_ms: f64) -> u32 {
    with(c, |core| {
        core.t.end_all_open(reason, ms_to_nanos(now_ms)) as u32
    })
}

fn span(core: &mut Core, h: f64) -> Option<&mut SpanData> {
    core.t.span_mut(Handle(h as u64))
}

fn put(core: &mut Core, h: f64, target: u8, key: &str, v: Value) {
    if target == abi::target::RESOURCE {
        core.t.add_resource_attribute(key, v);
        return;
    }
    let Some(s) = span(core, h) else { return };
    if target == abi::target::TRACE {
        let trace_id = s.trace_id;
        let mut attrs = TraceAttributes::default();
        if attrs.set(key, v) {
            core.t.set_trace_attributes(trace_id, &attrs);
        }
        return;
    }
    let list = match target {
        abi::target::ATTRIBUTE => &mut s.attributes,
        abi::target::METADATA => &mut s.log.metadata,
        abi::target::METRIC => &mut s.log.metrics,
        abi::target::LLM => &mut s.log.llm,
        abi::target::EVENT => match s.events.last_mut() {
            Some(e) => &mut e.attributes,
            None => return,
        },
        abi::target::LINK => match s.links.last_mut() {
            Some(l) => &mut l.attributes,
            None => return,
        },
        _ => return,
    };
    set_value(list, key, v);
}

/// Sets a string on a span, at `target` (`abi::target`).
#[wasm_bindgen]
pub fn set_str(c: u32, h: f64, target: u8, key: &str, v: String) {
    with(c, |core| put(core, h, target, key, Value::Str(v)))
}

/// Sets a number, a boolean or the staged value, as `kind` (`abi::number`) says.
#[wasm_bindgen]
pub fn set_val(c: u32, h: f64, target: u8, key: &str, kind: u8, n: f64) {
    with(c, |core| {
        let v = match kind {
            abi::number::NUMBER => Value::from_number(n),
            abi::number::BOOL => Value::Bool(n != 0.0),
            abi::number::DOUBLE => Value::Double(n),
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

/// Stages text, as `kind` (`abi::stage_text`) says.
#[wasm_bindgen]
pub fn v_text(c: u32, kind: u8, s: &str) {
    with(c, |core| {
        let item = match kind {
            abi::stage_text::KEY => Staged::Key(s.into()),
            abi::stage_text::BIGINT => Staged::Val(
                s.parse::<i64>()
                    .map_or_else(|_| Value::Str(s.into()), Value::Int),
            ),
            _ => Staged::Val(Value::Str(s.into())),
        };
        stage_push(core, item)
    })
}

/// Stages a number or a boolean (`abi::stage_val`).
#[wasm_bindgen]
pub fn v_val(c: u32, kind: u8, n: f64) {
    with(c, |core| {
        let v = if kind == abi::stage_val::BOOL {
            Value::Bool(n != 0.0)
        } else {
            Value::from_number(n)
        };
        stage_push(core, Staged::Val(v))
    })
}

/// Replaces the last `n` staged values by an array, or the last `n` key/value pairs by a map
/// (`abi::group`).
#[wasm_bindgen]
pub fn v_group(c: u32, kind: u8, n: u32) {
    with(c, |core| {
        let map = kind == abi::group::MAP;
        let width = if map { 2 } else { 1 };
        let at = core.stage.len().saturating_sub(width * n as usize);
        let mut key: Option<String> = None;
        let mut items: Vec<Value> = Vec::new();
        let mut kvs: Vec<KeyValue> = Vec::new();
        for s in core.stage.drain(at..) {
            match (s, key.take()) {
                (Staged::Key(k), _) => key = Some(k),
                (Staged::Val(v), Some(k)) => set_value(&mut kvs, &k, v),
                (Staged::Val(v), None) => items.push(v),
            }
        }
        let v = if map {
            Value::Map(kvs)
        } else {
            Value::Array(items)
        };
        stage_push(core, Staged::Val(v))
    })
}

/// The `baggage` header for a call made from span `h`: its trace's session and user, then the
/// entries of `existing` (the request's own header) under other keys; empty for none.
#[wasm_bindgen]
pub fn trace_baggage(c: u32, h: f64, existing: &str) -> String {
    with(c, |core| {
        let trace = span(core, h).map(|s| s.trace_id);
        let attrs = trace.and_then(|t| core.t.trace_attributes(&t));
        TraceAttributes::baggage(attrs.as_deref(), existing)
    })
}

/// Applies the session and user of an incoming `baggage` header to span `h`'s trace.
#[wasm_bindgen]
pub fn apply_baggage(c: u32, h: f64, header: &str) {
    with(c, |core| {
        let attrs = TraceAttributes::from_baggage(header);
        if let Some(t) = span(core, h).map(|s| s.trace_id) {
            core.t.set_trace_attributes(t, &attrs);
        }
    })
}

/// One-string span operations (`abi::text`).
#[wasm_bindgen]
pub fn span_text(c: u32, h: f64, op: u8, s: String, now_ms: f64) {
    use abi::text;
    with(c, |core| {
        let Some(span) = span(core, h) else { return };
        match op {
            text::INPUT_TEXT => span.log.input = Some(Payload::Text(s)),
            text::INPUT_JSON => span.log.input = Some(Payload::Json(s)),
            text::OUTPUT_TEXT => span.log.output = Some(Payload::Text(s)),
            text::OUTPUT_JSON => span.log.output = Some(Payload::Json(s)),
            text::TAG if !span.log.tags.contains(&s) => span.log.tags.push(s),
            text::TRUNCATED => note_truncated(span, &s),
            text::RENAME => span.name = s,
            text::EVENT => span.events.push(Event {
                name: s,
                time_ns: ms_to_nanos(now_ms),
                attributes: Vec::new(),
            }),
            text::STATUS_OK => {
                span.status = Status {
                    code: StatusCode::Ok,
                    message: String::new(),
                }
            }
            text::STATUS_ERROR => {
                span.status = Status {
                    code: StatusCode::Error,
                    message: s,
                }
            }
            text::STATUS_UNSET => span.status = Status::default(),
            text::KIND => span.kind = SpanKind::parse(&s),
            text::NAME_IF_EMPTY if span.name.is_empty() => span.name = s,
            text::OUTPUT_TEXT_IF_EMPTY if span.log.output.is_none() => {
                span.log.output = Some(Payload::Text(s))
            }
            text::TYPE => {
                if let Some(t) = SpanType::parse(&s) {
                    span.log.span_type = t;
                }
            }
            _ => {}
        }
    })
}

/// Records an error: an `exception` event and status ERROR.
#[wasm_bindgen]
pub fn record_error(c: u32, h: f64, kind: &str, message: &str, stack: &str, now_ms: f64) {
    with(c, |core| {
        if let Some(s) = span(core, h) {
            s.record_error(kind, message, stack, ms_to_nanos(now_ms));
        }
    })
}

/// Takes the flush snapshot; returns one job id per exporter, in exporter order. The flush is due
/// within `within_ms` (or the tracer's timeout when shorter; a negative value: the timeout).
#[wasm_bindgen]
pub fn flush_begin(c: u32, now_ms: f64, within_ms: f64) -> Vec<u32> {
    with(c, |core| {
        let jobs = core.t.begin_flush_all_within(now_ms, within_ms);
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

fn job(core: &mut Core, id: u32) -> Option<&mut FlushJob> {
    core.jobs.get_mut(id as usize)?.as_mut()
}

/// The next step of job `id` (`abi::step`); its batch and duration go to the step registers
/// (`step_batch`, `step_ms`: -1 for "until an answer").
#[wasm_bindgen]
pub fn flush_poll(c: u32, id: u32, now_ms: f64) -> u8 {
    with(c, |core| {
        let Some(j) = job(core, id) else {
            return abi::step::DONE;
        };
        if j.is_empty() {
            return abi::step::EMPTY;
        }
        let mut regs = registry::step();
        let step = match j.poll(now_ms) {
            Step::Done => abi::step::DONE,
            Step::Send { batch, timeout_ms } => {
                regs.batch = batch;
                regs.ms = timeout_ms;
                abi::step::SEND
            }
            Step::Wait { ms } => {
                regs.batch = 0;
                regs.ms = ms.unwrap_or(abi::NONE);
                abi::step::WAIT
            }
        };
        registry::set_step(regs);
        step
    })
}

/// The batch of the last send step.
#[wasm_bindgen]
pub fn step_batch() -> u32 {
    registry::step().batch
}

/// The duration of the last step, in ms.
#[wasm_bindgen]
pub fn step_ms() -> f64 {
    registry::step().ms
}

/// The length of the body of the last `flush_body`.
#[wasm_bindgen]
pub fn body_len() -> u32 {
    registry::step().body_len
}

/// Where a batch's request body is in wasm memory; its length is then `body_len()`. The JS layer
/// copies it out at once, before any other call (nothing is copied on the wasm side).
#[wasm_bindgen]
pub fn flush_body(c: u32, id: u32, batch: u32) -> u32 {
    let (at, len) = with(c, |core| {
        job(core, id).map_or((0, 0), |j| {
            let b = j.body(batch);
            (b.as_ptr() as u32, b.len() as u32)
        })
    });
    let mut regs = registry::step();
    regs.body_len = len;
    registry::set_step(regs);
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

/// Feeds back an HTTP answer, read by the JS driver with the rules pinned by
/// `tests/vectors/answers.json`: status, retryAfterMs (< 0 when absent or unreadable) and
/// rejectedSpans are in the scratch numbers (`abi::scratch::STATUS` and on); `text` is the
/// partial-success message for a 2xx and the start of the body otherwise.
#[wasm_bindgen]
pub fn flush_response(c: u32, id: u32, batch: u32, text: &str, now_ms: f64) {
    let at = |i: u8| slot(i, 0);
    let (status, retry_after_ms, rejected) = (
        at(scratch::STATUS),
        at(scratch::RETRY_AFTER_MS),
        at(scratch::REJECTED),
    );
    with(c, |core| {
        let Some(j) = core.jobs.get_mut(id as usize).and_then(Option::as_mut) else {
            return;
        };
        let answer = Answer {
            status: if (0.0..=999.0).contains(&status) {
                status as u16
            } else {
                0
            },
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
            Some(j) => edgespan_core::report_json(&core.t.finish_flush(j, now_ms)),
            None => edgespan_core::report_json(&FlushReport::default()),
        }
    })
}
