//! The tracer's state: open spans, the buffer of ended ones, and flush bookkeeping.
//!
//! Everything here is synchronous and pure: times and ids come in as arguments, and a flush is
//! handed out as a [`FlushJob`] for a driver to run. The JS layer and the Rust API are thin
//! shells around this type.

use crate::prelude::*;

use crate::buffer::Buffer;
use crate::config::Config;
use crate::export::encoder::Encoder;
use crate::flush::{FlushJob, FlushReport, Unfinished, MAX_UNFINISHED};
use crate::id::{SpanId, TraceId};
use crate::span::{Row, SpanData, SpanKind, StatusCode};
use crate::trace_attrs::TraceAttributes;
use crate::value::{KeyValue, Value};
use alloc::rc::Rc;

/// Most spans open at once, whatever the configuration; beyond it new spans are not recorded and
/// count as dropped.
pub const MAX_OPEN_SPANS: usize = 1 << 16;

/// How many spans may be open at once: four times the buffer's span cap (at least 1024, at most
/// [`MAX_OPEN_SPANS`]), so that spans nobody ends cannot grow memory without bound.
pub fn open_span_cap(max_queue_spans: u32) -> usize {
    (max_queue_spans as usize)
        .saturating_mul(4)
        .clamp(1024, MAX_OPEN_SPANS)
}
const IDX_BITS: u32 = 24;
const GEN_MASK: u64 = (1 << 29) - 1;

/// Refers to an open span. Stale handles (the span ended, or was never recorded) are ignored by
/// every operation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Handle(pub u64);

impl Handle {
    /// A handle that refers to nothing (a span that was not recorded).
    pub const NONE: Handle = Handle(0);
}

struct Slot {
    gen: u64,
    scope: u32,
    span: Option<SpanData>,
}

impl Slot {
    /// The open row of the span here: what cannot change, plus the name.
    fn open_row(span: &SpanData) -> SpanData {
        SpanData {
            trace_id: span.trace_id,
            span_id: span.span_id,
            parent_span_id: span.parent_span_id,
            parent_is_remote: span.parent_is_remote,
            trace_flags: span.trace_flags,
            name: span.name.clone(),
            kind: span.kind,
            start_ns: span.start_ns,
            seq: span.seq,
            row: Row::Open,
            ..Default::default()
        }
    }
}

/// Where a new span sits in its trace.
#[derive(Clone, Copy, Debug)]
pub struct Parent {
    /// The trace to join.
    pub trace_id: TraceId,
    /// The parent span.
    pub span_id: SpanId,
    /// True when the parent came from another process (a `traceparent` header).
    pub remote: bool,
    /// W3C trace flags inherited from the parent.
    pub flags: u8,
}

/// What [`TracerCore::start_span`] needs to know.
#[derive(Clone, Copy, Debug)]
pub struct SpanStart<'a> {
    /// The span name.
    pub name: &'a str,
    /// The span kind.
    pub kind: SpanKind,
    /// A fresh trace id, used when there is no parent.
    pub trace_id: TraceId,
    /// A fresh span id.
    pub span_id: SpanId,
    /// The parent, if any (its trace is joined).
    pub parent: Option<Parent>,
    /// The request scope (0: none).
    pub scope: u32,
    /// Unix nanoseconds.
    pub start_ns: u64,
}

/// The first cool-down after an exporter was found unreachable.
pub const COOL_DOWN_FIRST_MS: f64 = 10_000.0;
/// The longest cool-down: it doubles while the outage lasts, up to this.
pub const COOL_DOWN_MAX_MS: f64 = 300_000.0;

/// An exporter found unreachable (network errors or timeouts, no HTTP answer): until `until_ms`,
/// each flush to it is a probe (see [`FlushJob::set_probe`]).
#[derive(Clone, Copy, Debug)]
struct Outage {
    until_ms: f64,
    window_ms: f64,
}

/// The tracer core. Not thread-safe and not meant to be: one per isolate.
pub struct TracerCore {
    config: Config,
    exporters: Vec<Encoder>,
    slots: Vec<Slot>,
    free: Vec<u32>,
    open: usize,
    buffer: Buffer,
    rng: u64,
    next_seq: u64,
    unfinished: Vec<Unfinished>,
    /// Per exporter: the outage it is cooling down from, if any.
    outages: Vec<Option<Outage>>,
    /// Ended spans of request scopes whose head decision left them out, with their scope: held
    /// until the scope finishes, when the keep rules decide (see `crate::sampling`).
    held: Vec<(u32, SpanData)>,
    /// Spans left out by sampling since the last flush.
    sampled_out: u64,
    /// The attributes of the traces they were set on, the latest [`MAX_TRACES`].
    traces: Vec<(TraceId, Rc<TraceAttributes>)>,
}

/// How many traces' attributes a tracer remembers for spans still to come (the oldest is
/// forgotten first). A Worker isolate runs a handful of requests at once.
pub const MAX_TRACES: usize = 256;

impl TracerCore {
    /// A tracer for a validated `config`, with an exporter for each of [`Config::exporters`].
    /// `seed` feeds retry jitter only.
    pub fn new(config: Config, seed: u64) -> Self {
        let encoder = |protocol, backend, logs3: &Option<crate::config::Logs3Target>| {
            let logs3 = logs3.as_ref().map(|l| (l.project_id.as_str(), l.open_rows));
            Encoder::for_target(protocol, backend, logs3, &config)
        };
        let mut exporters = Vec::from([encoder(config.protocol, config.backend, &config.logs3)]);
        for e in config
            .more_exporters
            .iter()
            .take(crate::config::MAX_EXPORTERS - 1)
        {
            exporters.push(encoder(e.protocol, e.backend, &e.logs3));
        }
        let buffer = Buffer::new(
            config.max_queue_spans as usize,
            config.max_queue_bytes as usize,
        );
        let mut t = TracerCore {
            config,
            exporters,
            slots: Vec::new(),
            free: Vec::new(),
            open: 0,
            buffer,
            rng: seed | 1,
            next_seq: 0,
            unfinished: Vec::new(),
            held: Vec::new(),
            sampled_out: 0,
            traces: Vec::new(),
            outages: Vec::new(),
        };
        t.outages = t.exporters.iter().map(|_| None).collect();
        t.buffer.set_exporters(t.exporters.len());
        t
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Starts a span. With `parent` it joins that trace; without, `trace_id` starts a new one.
    /// `scope` groups the spans of one request scope (0: none) so that finishing the scope can end
    /// exactly its own open spans. Every span gets the next per-tracer sequence number
    /// (`edgespan.seq`). Returns [`Handle::NONE`] (and counts a drop) when too many spans are open
    /// or an id is invalid.
    pub fn start_span(&mut self, new: SpanStart<'_>) -> Handle {
        let SpanStart {
            name,
            kind,
            trace_id,
            span_id,
            parent,
            scope,
            start_ns,
        } = new;
        let (trace_id, parent_span_id, parent_is_remote) = match parent {
            Some(p) => (p.trace_id, Some(p.span_id), p.remote),
            None => (trace_id, None, false),
        };
        // The head decision (crate::sampling): inherited, or made here on the trace id.
        let trace_flags = self
            .config
            .sampling
            .flags(&trace_id, parent.map(|p| (p.flags, p.remote)));
        if self.open >= open_span_cap(self.config.max_queue_spans)
            || !trace_id.is_valid()
            || !span_id.is_valid()
        {
            self.buffer_drop();
            return Handle::NONE;
        }
        let span = SpanData {
            trace_id,
            span_id,
            parent_span_id,
            parent_is_remote,
            trace_flags,
            name: name.into(),
            kind,
            start_ns,
            seq: self.next_seq,
            trace: self.trace_attributes(&trace_id),
            ..Default::default()
        };
        self.next_seq += 1;
        let idx = match self.free.pop() {
            Some(i) => i as usize,
            None => {
                self.slots.push(Slot {
                    gen: 0,
                    scope: 0,
                    span: None,
                });
                self.slots.len() - 1
            }
        };
        let slot = &mut self.slots[idx];
        slot.gen = (slot.gen % GEN_MASK) + 1;
        slot.scope = scope;
        slot.span = Some(span);
        self.open += 1;
        Handle((slot.gen << IDX_BITS) | idx as u64)
    }

    fn buffer_drop(&mut self) {
        // Counted like a buffer overflow: the span is lost and the next report says so.
        self.buffer.count_drop();
    }

    fn slot_of(&self, h: Handle) -> Option<usize> {
        let idx = (h.0 & ((1 << IDX_BITS) - 1)) as usize;
        let slot = self.slots.get(idx)?;
        (h.0 >> IDX_BITS == slot.gen && slot.span.is_some()).then_some(idx)
    }

    /// The attributes set on `trace_id`, if any.
    pub fn trace_attributes(&self, trace_id: &TraceId) -> Option<Rc<TraceAttributes>> {
        self.traces
            .iter()
            .rev()
            .find(|(t, _)| t == trace_id)
            .map(|(_, a)| a.clone())
    }

    /// Adds `attrs` to the attributes of trace `trace_id` (ids replaced, tags added, metadata
    /// merged) and applies them to every span of that trace the tracer holds, open, buffered or
    /// held by sampling, and to every span of it started later. Spans already handed to a flush
    /// keep what they had.
    pub fn set_trace_attributes(&mut self, trace_id: TraceId, attrs: &TraceAttributes) {
        if attrs.is_empty() || !trace_id.is_valid() {
            return;
        }
        let mut merged = TraceAttributes::default();
        if let Some(i) = self.traces.iter().position(|(t, _)| *t == trace_id) {
            merged = (*self.traces.remove(i).1).clone();
        }
        merged.merge(attrs);
        let shared = Rc::new(merged);
        if self.traces.len() >= MAX_TRACES {
            self.traces.remove(0);
        }
        self.traces.push((trace_id, shared.clone()));
        let stamp = |s: &mut SpanData| {
            if s.trace_id == trace_id {
                s.trace = Some(shared.clone());
            }
        };
        for slot in &mut self.slots {
            if let Some(s) = &mut slot.span {
                stamp(s);
            }
        }
        for (_, s) in &mut self.held {
            stamp(s);
        }
        self.buffer.for_each_mut(stamp);
    }

    /// Sets whether prompts and answers are recorded (see [`Config::with_record_inputs`]).
    pub fn set_recording(&mut self, inputs: bool, outputs: bool) {
        self.config.record_inputs = inputs;
        self.config.record_outputs = outputs;
    }

    /// Adds a resource attribute for the exporters added after it (the npm build sets them
    /// before its exporters); see [`Config::with_resource_attribute`].
    pub fn add_resource_attribute(&mut self, key: &str, value: Value) {
        self.config = core::mem::replace(&mut self.config, Config::new(""))
            .with_resource_attribute(key, value);
    }

    /// The open span behind `h`, for reading or changing it.
    pub fn span_mut(&mut self, h: Handle) -> Option<&mut SpanData> {
        let idx = self.slot_of(h)?;
        self.slots[idx].span.as_mut()
    }

    /// Ends the span at `end_ns` and moves it to the buffer. False when `h` is stale (already
    /// ended): ending twice is a no-op.
    pub fn end_span(&mut self, h: Handle, end_ns: u64) -> bool {
        let Some(idx) = self.slot_of(h) else {
            return false;
        };
        let Some(mut span) = self.slots[idx].span.take() else {
            return false;
        };
        self.free.push(idx as u32);
        self.open -= 1;
        span.finish(end_ns);
        let scope = self.slots[idx].scope;
        self.ended(scope, span);
        true
    }

    /// Forgets an open span without exporting it (a root that recorded nothing worth a trace of
    /// its own); returns false when `h` is not open.
    pub fn discard_span(&mut self, h: Handle) -> bool {
        let Some(idx) = self.slot_of(h) else {
            return false;
        };
        if self.slots[idx].span.take().is_none() {
            return false;
        }
        self.free.push(idx as u32);
        self.open -= 1;
        true
    }

    /// Where an ended span goes: the buffer when its trace is sampled; otherwise held for its
    /// scope's keep rules (bounded by `max_queue_spans`), or left out and counted.
    fn ended(&mut self, scope: u32, mut span: SpanData) {
        // Prompts and answers the configuration keeps out leave before the span is buffered.
        crate::privacy::scrub(
            &mut span,
            self.config.record_inputs,
            self.config.record_outputs,
        );
        if span.trace_flags & crate::id::TraceParent::SAMPLED != 0 {
            self.buffer.push(span);
        } else if scope != 0
            && self.config.sampling.has_keep_rules()
            && self.held.len() < self.config.max_queue_spans as usize
        {
            self.held.push((scope, span));
        } else {
            self.sampled_out += 1;
        }
    }

    /// A finished scope's held spans: exported (as sampled, the root saying why) when a keep
    /// rule fires, else left out.
    fn decide_scope(&mut self, scope: u32) {
        if !self.held.iter().any(|(s, _)| *s == scope) {
            return;
        }
        let mut spans = Vec::new();
        let mut i = 0;
        while i < self.held.len() {
            if self.held[i].0 == scope {
                spans.push(self.held.swap_remove(i).1);
            } else {
                i += 1;
            }
        }
        let rules = self.config.sampling;
        let root = spans
            .iter()
            .enumerate()
            .min_by_key(|(_, s)| s.seq)
            .map(|(i, _)| i);
        let error = rules.keep_errors && spans.iter().any(|s| s.status.code == StatusCode::Error);
        let slow = match (rules.keep_slower_than_ms, root) {
            (Some(ms), Some(r)) => {
                let s = &spans[r];
                (s.end_ns.saturating_sub(s.start_ns) as f64) / 1e6 > ms
            }
            _ => false,
        };
        if !(error || slow) {
            self.sampled_out += spans.len() as u64;
            return;
        }
        let why = if error { "error" } else { "slow" };
        for (i, mut s) in spans.into_iter().enumerate() {
            s.trace_flags |= crate::id::TraceParent::SAMPLED;
            if Some(i) == root {
                s.attributes.push(KeyValue {
                    key: "edgespan.sampling.kept".into(),
                    value: Value::Str(why.into()),
                });
            }
            self.buffer.push(s);
        }
    }

    /// Ends every open span as incomplete (see [`SpanData::mark_incomplete`]) at `end_ns` and
    /// buffers them; returns how many there were. Used by shutdown, so no trace stays
    /// "in progress".
    pub fn end_all_open(&mut self, reason: &str, end_ns: u64) -> usize {
        self.end_open_where(Some(reason), end_ns, |_| true)
    }

    /// Ends the open spans of request scope `scope` (not 0) as incomplete; spans of other scopes
    /// are not touched. Returns how many there were.
    pub fn end_scope(&mut self, scope: u32, reason: &str, end_ns: u64) -> usize {
        self.finish_scope(scope, Some(reason), end_ns)
    }

    /// Ends the open spans of request scope `scope` (not 0) as cancelled, because what the scope
    /// served went away (a client that disconnected): attribute `edgespan.cancelled = true`, the
    /// status and everything else they recorded kept, and not listed as unfinished (their code
    /// did not forget them). Returns how many there were.
    pub fn cancel_scope(&mut self, scope: u32, end_ns: u64) -> usize {
        self.finish_scope(scope, None, end_ns)
    }

    fn finish_scope(&mut self, scope: u32, incomplete: Option<&str>, end_ns: u64) -> usize {
        if scope == 0 {
            return 0;
        }
        let n = self.end_open_where(incomplete, end_ns, |s| s == scope);
        self.decide_scope(scope);
        n
    }

    // Ends the open spans whose scope `pick` takes: as incomplete with the reason given, else as
    // cancelled.
    fn end_open_where(
        &mut self,
        incomplete: Option<&str>,
        end_ns: u64,
        pick: impl Fn(u32) -> bool,
    ) -> usize {
        let mut n = 0;
        for idx in 0..self.slots.len() {
            if !pick(self.slots[idx].scope) {
                continue;
            }
            if let Some(mut span) = self.slots[idx].span.take() {
                self.free.push(idx as u32);
                self.open -= 1;
                match incomplete {
                    Some(reason) => {
                        span.mark_incomplete(reason);
                        if self.unfinished.len() < MAX_UNFINISHED {
                            self.unfinished.push(Unfinished {
                                name: span.name.clone(),
                                span_id: span.span_id,
                                incomplete: true,
                            });
                        }
                    }
                    None => span.set_attribute("edgespan.cancelled", Value::Bool(true)),
                }
                span.finish(end_ns);
                let scope = self.slots[idx].scope;
                self.ended(scope, span);
                n += 1;
            }
        }
        n
    }

    /// Spans started and not yet ended.
    pub fn open_spans(&self) -> usize {
        self.open
    }

    /// Spans dropped since the last flush began (buffer full, or too many open).
    pub fn dropped(&self) -> u64 {
        self.buffer.dropped()
    }

    /// Ended spans waiting for a flush.
    pub fn buffered_spans(&self) -> usize {
        self.buffer.len()
    }

    /// Adds an exporter (up to 8 in all); spans ended from now on are sent to every exporter.
    /// Returns its index.
    pub fn add_exporter(&mut self, encoder: Encoder) -> usize {
        if self.exporters.len() < crate::config::MAX_EXPORTERS {
            self.exporters.push(encoder);
            self.outages.push(None);
            self.buffer.set_exporters(self.exporters.len());
        }
        self.exporters.len() - 1
    }

    /// Replaces the encoder of exporter `i` (an out-of-range `i` is ignored).
    pub fn replace_exporter(&mut self, i: usize, encoder: Encoder) {
        if let Some(e) = self.exporters.get_mut(i) {
            *e = encoder;
        }
    }

    /// How many exporters the tracer sends to.
    pub fn exporters(&self) -> usize {
        self.exporters.len()
    }

    /// Takes the snapshot for a flush started at `now_ms`: every span ended so far, for the
    /// first exporter. (With several exporters use [`TracerCore::begin_flush_all`].)
    pub fn begin_flush(&mut self, now_ms: f64) -> FlushJob {
        self.queue_open_rows();
        let timeout_ms = self.config.timeout_ms as f64;
        self.begin_flush_for(0, now_ms, timeout_ms)
    }

    /// One flush job per exporter, all from the same snapshot. The first carries the tracer-wide
    /// counts (dropped, open and unfinished spans).
    pub fn begin_flush_all(&mut self, now_ms: f64) -> Vec<FlushJob> {
        self.begin_flush_all_within(now_ms, f64::INFINITY)
    }

    /// [`TracerCore::begin_flush_all`] with this flush's deadline at most `within_ms` from `now_ms`
    /// (the tracer's `timeout_ms` when that is shorter, or when `within_ms` is not a number of ms
    /// from 0 up). A platform that must answer by a time (Lambda's remaining time) flushes within
    /// it; what the deadline leaves undelivered stays buffered for the next flush.
    pub fn begin_flush_all_within(&mut self, now_ms: f64, within_ms: f64) -> Vec<FlushJob> {
        self.queue_open_rows();
        let timeout_ms = self.flush_timeout_ms(within_ms);
        (0..self.exporters.len())
            .map(|i| self.begin_flush_for(i, now_ms, timeout_ms))
            .collect()
    }

    /// The deadline of a flush asked to finish within `within_ms`: never past the tracer's own.
    pub fn flush_timeout_ms(&self, within_ms: f64) -> f64 {
        let own = self.config.timeout_ms as f64;
        if within_ms >= 0.0 && within_ms < own {
            within_ms
        } else {
            own
        }
    }

    /// Buffers an open row, once, for each span still open, for the exporters that want open
    /// rows; such a span's final row then completes it as a merge row. A row the buffer has no
    /// room for is tried again at the next flush.
    fn queue_open_rows(&mut self) {
        let mut mask = 0u8;
        for (i, e) in self.exporters.iter().enumerate() {
            if matches!(e, Encoder::Logs3(l) if l.open_rows()) {
                mask |= 1 << i;
            }
        }
        if mask == 0 {
            return;
        }
        for slot in self.slots.iter_mut() {
            let Some(span) = slot.span.as_mut() else {
                continue;
            };
            if span.row == Row::Whole && self.buffer.push_for(Slot::open_row(span), mask) {
                span.row = Row::Completes;
            }
        }
    }

    fn begin_flush_for(&mut self, exporter: usize, now_ms: f64, timeout_ms: f64) -> FlushJob {
        let mut spans = self.buffer.take(exporter);
        if spans.iter().any(|s| s.row == Row::Open) {
            // An open row kept from an earlier flush is stale once its span has ended: the final
            // row (buffered or already sent) says everything it would.
            let slots = &self.slots;
            spans.retain(|s| {
                s.row != Row::Open
                    || slots
                        .iter()
                        .any(|o| o.span.as_ref().is_some_and(|o| o.span_id == s.span_id))
            });
        }
        self.rng = self
            .rng
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let encoder = &self.exporters[exporter.min(self.exporters.len() - 1)];
        let mut job = FlushJob::new(
            encoder,
            spans,
            now_ms,
            timeout_ms,
            self.config.max_batch_bytes as usize,
            // Exporters share the connection cap (Cloudflare's 6 per invocation): split it.
            (self.config.max_concurrent_requests / self.exporters.len() as u32).max(1),
            self.rng,
        );
        job.set_exporter(exporter);
        if self
            .outages
            .get(exporter)
            .copied()
            .flatten()
            .is_some_and(|o| now_ms < o.until_ms)
        {
            job.set_probe();
        }
        if exporter == 0 {
            // Name what was left unfinished: spans ended as incomplete since the last flush, then
            // spans still open, at most ten in all.
            let mut unfinished = core::mem::take(&mut self.unfinished);
            for s in self.slots.iter().filter_map(|s| s.span.as_ref()) {
                if unfinished.len() >= MAX_UNFINISHED {
                    break;
                }
                unfinished.push(Unfinished {
                    name: s.name.clone(),
                    span_id: s.span_id,
                    incomplete: false,
                });
            }
            job.note_start(self.buffer.take_dropped(), self.open as u64, unfinished);
            job.note_sampled_out(core::mem::take(&mut self.sampled_out));
        }
        job
    }

    /// Finishes a job: undelivered spans go back to the buffer for its exporter (drops beyond
    /// the buffer's limits are added to the report), and the report comes back.
    pub fn finish_flush(&mut self, job: FlushJob, now_ms: f64) -> FlushReport {
        let exporter = job.exporter();
        let (answered, unreachable) = job.reachability();
        let (mut report, back) = job.finish(now_ms);
        if let Some(slot) = self.outages.get_mut(exporter) {
            if answered {
                *slot = None; // the first answer ends an outage
            } else if unreachable {
                let window_ms = slot.map_or(COOL_DOWN_FIRST_MS, |o| {
                    (o.window_ms * 2.0).min(COOL_DOWN_MAX_MS)
                });
                *slot = Some(Outage {
                    until_ms: now_ms + window_ms,
                    window_ms,
                });
                let secs = crate::export::json::u64_text((window_ms / 1000.0) as u64);
                report.error(&[
                    "exporter unreachable: cooling down for ",
                    &secs,
                    " s; until it answers, each flush makes one attempt and keeps its spans pending",
                ]);
            }
        }
        let lost = self.buffer.requeue(back, exporter);
        if lost > 0 {
            report.pending -= lost.min(report.pending);
            report.dropped += lost;
        }
        report
    }

    /// The encoder of exporter `i` (for re-encoding, e.g. when a batch is split).
    pub fn encoder(&self, i: usize) -> &Encoder {
        &self.exporters[i.min(self.exporters.len() - 1)]
    }
}
