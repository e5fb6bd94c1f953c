//! One flush as a sans-I/O state machine: batches → send orders → answers → report.
//!
//! The flush never performs I/O itself. A driver (the JS layer's `fetch` loop, a Rust async
//! driver, or a scripted test) asks [`FlushJob::poll`] what to do next, carries it out, and feeds
//! back what happened with [`FlushJob::on_response`] or [`FlushJob::on_network_error`]. Every
//! decision (batching, retry, backoff, deadline, accounting) is made here, so it is tested
//! natively and is the same for every runtime.

use crate::prelude::*;

use crate::export::encoder::Encoder;
use crate::export::json;
use crate::export::retry::{self, Class};
use crate::span::{Row, SpanData};

/// Most attempts for one batch, whatever the deadline leaves.
pub const MAX_ATTEMPTS: u32 = 8;
/// Longest a single attempt may take, so one hung connection cannot use the whole deadline.
pub const MAX_ATTEMPT_MS: f64 = 10_000.0;
/// A retry is only scheduled if it would start at least this long before the deadline.
pub const MIN_ATTEMPT_MS: f64 = 250.0;
/// Longest a probe may take: the one attempt of a flush made while its exporter is cooling down
/// after an outage.
pub const PROBE_TIMEOUT_MS: f64 = 2_000.0;
const MAX_ERRORS: usize = 10;

/// At most this many unfinished spans are named in a report.
pub const MAX_UNFINISHED: usize = 10;

/// A span named in a report because it was not ended by its own code.
#[derive(Clone, PartialEq, Debug)]
#[non_exhaustive]
pub struct Unfinished {
    /// The span's name.
    pub name: String,
    /// Its id.
    pub span_id: crate::id::SpanId,
    /// True when a scope finish or shutdown ended it as incomplete; false when still open.
    pub incomplete: bool,
}

impl Unfinished {
    /// A span still open (or, with `incomplete`, ended by its scope as incomplete), for drivers
    /// and their tests.
    pub fn new(name: impl Into<String>, span_id: crate::id::SpanId, incomplete: bool) -> Self {
        Unfinished {
            name: name.into(),
            span_id,
            incomplete,
        }
    }
}

/// What one flush did. Field names match the JS `FlushReport`.
#[derive(Clone, PartialEq, Debug, Default)]
#[non_exhaustive]
pub struct FlushReport {
    /// Spans the collector accepted.
    pub exported: u64,
    /// Spans refused for good (a non-retryable status, or rejected by `partialSuccess`).
    pub failed: u64,
    /// Spans dropped since the previous flush because the buffer was full.
    pub dropped: u64,
    /// Spans not exported since the previous flush because sampling left their trace out (never
    /// encoded).
    pub sampled_out: u64,
    /// Requests sent again after a retryable failure.
    pub retried: u64,
    /// Spans still undelivered at the deadline, back in the buffer for the next flush.
    pub pending: u64,
    /// Spans still open when the flush started (never exported by a plain flush).
    pub open_spans: u64,
    /// Open rows delivered (Braintrust `logs3` with open rows on): spans shown in progress. They
    /// are not counted in `exported`, `failed` or `pending`, which count spans.
    pub open_rows: u64,
    /// HTTP requests started.
    pub requests: u64,
    /// Body bytes sent, as they went on the wire (after compression).
    pub bytes: u64,
    /// Wall time from the call to the report, in ms.
    pub duration_ms: f64,
    /// One line per problem, at most ten.
    pub errors: Vec<String>,
    /// Up to ten spans their code did not end: ended as incomplete since the last flush, or
    /// still open. Use it to find a missing `end()`.
    pub unfinished: Vec<Unfinished>,
    /// With several exporters: each one's own counts, in exporter order (empty with one).
    pub exporters: Vec<ExporterReport>,
}

/// One exporter's part of a flush (see [`merge_reports`]).
#[derive(Clone, PartialEq, Debug, Default)]
#[non_exhaustive]
pub struct ExporterReport {
    /// How the report names the exporter: `otlp <url>` or `logs3 <url>`.
    pub name: String,
    /// As in [`FlushReport`].
    pub exported: u64,
    /// As in [`FlushReport`].
    pub failed: u64,
    /// As in [`FlushReport`].
    pub retried: u64,
    /// As in [`FlushReport`].
    pub pending: u64,
    /// As in [`FlushReport`].
    pub open_rows: u64,
    /// As in [`FlushReport`].
    pub requests: u64,
    /// As in [`FlushReport`].
    pub bytes: u64,
    /// This exporter's error lines, unprefixed.
    pub errors: Vec<String>,
}

/// One line for a log: `exported 3, failed 0, dropped 0, pending 0 (2 requests, 1234 bytes, 12 ms)`,
/// then `; sampled out N` and `; open N` when not zero, then each error after `: `.
impl core::fmt::Display for FlushReport {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "exported {}, failed {}, dropped {}, pending {} ({} requests, {} bytes, {} ms)",
            self.exported,
            self.failed,
            self.dropped,
            self.pending,
            self.requests,
            self.bytes,
            self.duration_ms.max(0.0) as u64
        )?;
        if self.sampled_out > 0 {
            write!(f, "; sampled out {}", self.sampled_out)?;
        }
        if self.open_spans > 0 {
            write!(f, "; open {}", self.open_spans)?;
        }
        for (i, e) in self.errors.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            f.write_str(e)?;
        }
        Ok(())
    }
}

/// One report for a flush to several exporters, for drivers (the npm build's `mergeReports` does
/// the same): per-exporter counts summed, error lines prefixed with the exporter's name, each
/// exporter's own numbers in `exporters`. The tracer-wide counts (dropped, open spans,
/// unfinished) come from the first report. One report comes back unchanged.
pub fn merge_reports(mut reports: Vec<(String, FlushReport)>) -> FlushReport {
    if reports.len() <= 1 {
        return reports.pop().map(|(_, r)| r).unwrap_or_default();
    }
    let first = &reports[0].1;
    let mut out = FlushReport {
        dropped: first.dropped,
        sampled_out: first.sampled_out,
        open_spans: first.open_spans,
        unfinished: first.unfinished.clone(),
        duration_ms: first.duration_ms,
        ..Default::default()
    };
    for (name, r) in reports {
        out.exported += r.exported;
        out.failed += r.failed;
        out.retried += r.retried;
        out.pending += r.pending;
        out.open_rows += r.open_rows;
        out.requests += r.requests;
        out.bytes += r.bytes;
        for e in &r.errors {
            out.errors.push(crate::text::cat(&[name.as_str(), ": ", e]));
        }
        out.exporters.push(ExporterReport {
            name,
            exported: r.exported,
            failed: r.failed,
            retried: r.retried,
            pending: r.pending,
            open_rows: r.open_rows,
            requests: r.requests,
            bytes: r.bytes,
            errors: r.errors,
        });
    }
    out
}

impl FlushReport {
    /// True when this flush lost nothing and met no problem: nothing failed, was dropped or is
    /// still pending, and no error was reported. (Spans left out by sampling are not a problem.)
    pub fn is_ok(&self) -> bool {
        self.failed == 0 && self.dropped == 0 && self.pending == 0 && self.errors.is_empty()
    }

    pub(crate) fn error(&mut self, parts: &[&str]) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(crate::text::cat(parts));
        }
    }
}

/// A report as a JSON object with the npm package's field names, for the npm build's driver;
/// `durationMs` is filled in by the caller as an integer number of ms.
pub fn report_json(r: &FlushReport) -> String {
    let mut o = Vec::with_capacity(160);
    for (i, (k, v)) in [
        ("exported", r.exported),
        ("failed", r.failed),
        ("dropped", r.dropped),
        ("sampledOut", r.sampled_out),
        ("retried", r.retried),
        ("pending", r.pending),
        ("openSpans", r.open_spans),
        ("openRows", r.open_rows),
        ("requests", r.requests),
        ("bytes", r.bytes),
        ("durationMs", r.duration_ms.max(0.0) as u64),
    ]
    .into_iter()
    .enumerate()
    {
        o.push(if i == 0 { b'{' } else { b',' });
        json::string(&mut o, k);
        o.push(b':');
        json::u64(&mut o, v);
    }
    o.extend_from_slice(b",\"errors\":[");
    for (i, e) in r.errors.iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        json::string(&mut o, e);
    }
    o.extend_from_slice(b"],\"unfinished\":[");
    for (i, u) in r.unfinished.iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        o.extend_from_slice(b"{\"name\":");
        json::string(&mut o, &u.name);
        o.extend_from_slice(b",\"spanId\":\"");
        u.span_id.write_hex(&mut o);
        o.extend_from_slice(if u.incomplete {
            b"\",\"state\":\"incomplete\"}"
        } else {
            b"\",\"state\":\"open\"}"
        });
    }
    o.extend_from_slice(b"]}");
    String::from_utf8(o).unwrap_or_default()
}

/// An HTTP answer, as a driver read it.
#[derive(Clone, Copy, PartialEq, Debug, Default)]
pub struct Answer<'a> {
    /// The status code.
    pub status: u16,
    /// The delay the server asked for with `Retry-After`, if it sent a readable one.
    pub retry_after_ms: Option<f64>,
    /// For a 2xx: `partialSuccess.rejectedSpans` (0 when absent).
    pub rejected: u64,
    /// For a 2xx: `partialSuccess.errorMessage`; otherwise the start of the body. Used in the
    /// report's error lines.
    pub text: &'a str,
}

impl<'a> Answer<'a> {
    /// Reads a raw answer with the shared rules: `Retry-After` (seconds or HTTP date) and, for a
    /// 2xx, the OTLP `partialSuccess` in the format `content_type` names (protobuf or JSON).
    /// `scratch` holds the decoded error message.
    pub fn read(
        status: u16,
        retry_after: &str,
        content_type: &str,
        body: &'a [u8],
        now_ms: f64,
        scratch: &'a mut String,
    ) -> Answer<'a> {
        let retry_after_ms = crate::export::retry::parse_retry_after(retry_after, now_ms);
        if !(200..300).contains(&status) {
            let text = match core::str::from_utf8(body) {
                Ok(t) => t,
                // Keep the readable start of a body cut inside a character.
                Err(e) => core::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or(""),
            };
            return Answer {
                status,
                retry_after_ms,
                rejected: 0,
                text,
            };
        }
        let p = crate::export::partial::parse(content_type, body).unwrap_or_default();
        *scratch = p.message;
        Answer {
            status,
            retry_after_ms,
            rejected: p.rejected,
            text: scratch,
        }
    }
}

/// What the driver should do next.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Step {
    /// POST batch `batch`'s body ([`FlushJob::body`]) with a per-attempt timeout, then report the
    /// answer. Poll again right away: more sends may follow.
    Send {
        /// Which batch.
        batch: u32,
        /// Abort the attempt after this many ms and report it as a timeout.
        timeout_ms: f64,
    },
    /// Nothing to start now. Wait until a request in flight answers, or `ms` pass (when `Some`),
    /// then poll again.
    Wait {
        /// How long to wait at most; `None` means "until an answer arrives".
        ms: Option<f64>,
    },
    /// Everything is settled: call `Tracer::finish_flush`.
    Done,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum State {
    Ready { at_ms: f64 },
    InFlight,
    Settled,
    Pending,
}

struct Batch {
    spans: Vec<SpanData>,
    body: Vec<u8>,
    state: State,
    attempts: u32,
    last_error: String,
}

/// One flush in progress. Owns its snapshot of spans; nothing else can send them.
pub struct FlushJob {
    exporter: usize,
    batches: Vec<Batch>,
    start_ms: f64,
    deadline_ms: f64,
    in_flight: u32,
    max_in_flight: u32,
    rng: u64,
    report: FlushReport,
    /// Cooling down after an outage: one attempt (a probe) until the exporter answers.
    probe: bool,
    /// The probe got no answer: nothing more is sent.
    probe_failed: bool,
    /// Some attempt got an HTTP answer (any status).
    answered: bool,
    /// Some attempt failed on the network or timed out.
    unreachable: bool,
}

impl FlushJob {
    /// Plans a flush of `spans`: batches of at most `max_batch_bytes` body bytes (a lone span
    /// larger than that goes alone), due before `now_ms + timeout_ms`.
    pub fn new(
        encoder: &Encoder,
        spans: Vec<SpanData>,
        now_ms: f64,
        timeout_ms: f64,
        max_batch_bytes: usize,
        max_in_flight: u32,
        seed: u64,
    ) -> FlushJob {
        let mut job = FlushJob {
            exporter: 0,
            batches: Vec::new(),
            start_ms: now_ms,
            deadline_ms: now_ms + timeout_ms,
            in_flight: 0,
            max_in_flight: max_in_flight.max(1),
            rng: seed | 1,
            report: FlushReport::default(),
            probe: false,
            probe_failed: false,
            answered: false,
            unreachable: false,
        };
        job.plan(encoder, spans, max_batch_bytes, now_ms);
        job
    }

    fn plan(&mut self, encoder: &Encoder, mut spans: Vec<SpanData>, max: usize, at_ms: f64) {
        // Encode every span once, into one arena.
        let frame = encoder.frame();
        let mut arena = Vec::new();
        let mut ranges = Vec::with_capacity(spans.len());
        let mut kept = Vec::with_capacity(spans.len());
        for mut s in spans.drain(..) {
            let start = arena.len();
            encoder.span(&mut arena, &s);
            // A span too large for any request is cut down until it fits (its largest strings
            // shortened, their keys in `edgespan.truncated`): it still arrives.
            for _ in 0..40 {
                let size = frame + encoder.per_span(arena.len() - start);
                if size <= max {
                    break;
                }
                if !crate::truncate::shrink(&mut s, size - max) {
                    break;
                }
                arena.truncate(start);
                encoder.span(&mut arena, &s);
            }
            let size = frame + encoder.per_span(arena.len() - start);
            if size > max {
                // Nothing is left to cut (thousands of attributes, or a name alone over the
                // limit): no request may be larger than `max`, so this span is not sent, and the
                // report says so.
                arena.truncate(start);
                self.report.failed += 1;
                self.report.errors.push(crate::text::cat(&[
                    "a span too large for maxBatchBytes even when cut down was not sent: ",
                    cut_name(&s.name),
                ]));
                continue;
            }
            ranges.push((start, arena.len()));
            kept.push(s);
        }
        spans = kept;
        // Cut consecutive spans into requests of at most `max` bytes, then assemble each.
        let mut first = 0;
        let mut size = frame;
        let mut cuts = Vec::new();
        for (i, &(a, b)) in ranges.iter().enumerate() {
            let add = encoder.per_span(b - a);
            if i > first && size + add > max {
                cuts.push(i);
                first = i;
                size = frame;
            }
            size += add;
        }
        cuts.push(ranges.len());
        let mut from = 0;
        for to in cuts {
            if to == from {
                continue;
            }
            let body = encoder.assemble(&arena, &ranges[from..to]);
            let members: Vec<SpanData> = spans.drain(..to - from).collect();
            self.push_batch(members, body, at_ms);
            from = to;
        }
    }

    fn push_batch(&mut self, spans: Vec<SpanData>, body: Vec<u8>, at_ms: f64) {
        self.batches.push(Batch {
            spans,
            body,
            state: State::Ready { at_ms },
            attempts: 0,
            last_error: String::new(),
        });
    }

    /// Which of the tracer's exporters this job sends to.
    pub fn exporter(&self) -> usize {
        self.exporter
    }

    /// Sets which exporter this job sends to.
    pub fn set_exporter(&mut self, i: usize) {
        self.exporter = i;
    }

    /// Records what the tracer knew when the snapshot was taken.
    pub fn note_start(&mut self, dropped: u64, open_spans: u64, unfinished: Vec<Unfinished>) {
        self.report.dropped = dropped;
        self.report.open_spans = open_spans;
        self.report.unfinished = unfinished;
    }

    /// Spans sampling left out since the last flush (tracer-wide, on the first exporter's job).
    pub fn note_sampled_out(&mut self, n: u64) {
        self.report.sampled_out = n;
    }

    /// Makes this flush a probe: its exporter was unreachable recently, so it makes one attempt
    /// (of at most [`PROBE_TIMEOUT_MS`]) and, if that gets no answer, keeps every span pending
    /// instead of waiting out its deadline. An answer ends the probe and the flush goes on as
    /// usual.
    pub fn set_probe(&mut self) {
        self.probe = true;
    }

    /// Whether some attempt got an HTTP answer, and whether some failed on the network or timed
    /// out: what the tracer learns about its exporter's reachability.
    pub fn reachability(&self) -> (bool, bool) {
        (self.answered, self.unreachable)
    }

    /// True when the snapshot was empty: nothing will be sent.
    pub fn is_empty(&self) -> bool {
        self.batches.is_empty()
    }

    /// When the flush started (ms, the driver's clock).
    pub fn start_ms(&self) -> f64 {
        self.start_ms
    }

    /// When the flush must be over (ms).
    pub fn deadline_ms(&self) -> f64 {
        self.deadline_ms
    }

    /// The request body of `batch` (empty for an unknown batch).
    pub fn body(&self, batch: u32) -> &[u8] {
        self.batches.get(batch as usize).map_or(&[], |b| &b.body)
    }

    /// Decides the next step at time `now_ms`.
    pub fn poll(&mut self, now_ms: f64) -> Step {
        if self.probe && self.in_flight > 0 {
            return Step::Wait { ms: None }; // nothing else goes until the probe is answered
        }
        // A failed probe ends the flush: everything not sent stays pending.
        let past_deadline = now_ms >= self.deadline_ms || self.probe_failed;
        let mut next_at: Option<f64> = None;
        for (i, b) in self.batches.iter_mut().enumerate() {
            let State::Ready { at_ms } = b.state else {
                continue;
            };
            if past_deadline {
                b.state = State::Pending;
                continue;
            }
            if at_ms <= now_ms && self.in_flight < self.max_in_flight {
                b.state = State::InFlight;
                b.attempts += 1;
                self.in_flight += 1;
                self.report.requests += 1;
                if b.attempts > 1 {
                    self.report.retried += 1;
                }
                let left = self.deadline_ms - now_ms;
                let cap = if self.probe {
                    PROBE_TIMEOUT_MS
                } else {
                    MAX_ATTEMPT_MS
                };
                let timeout_ms = if left < cap { left } else { cap };
                return Step::Send {
                    batch: i as u32,
                    timeout_ms,
                };
            }
            if at_ms > now_ms {
                next_at = Some(next_at.map_or(at_ms, |n: f64| n.min(at_ms)));
            }
        }
        if self.in_flight == 0 && next_at.is_none() {
            return Step::Done;
        }
        match next_at {
            Some(at) => Step::Wait {
                ms: Some((at.min(self.deadline_ms) - now_ms).max(0.0)),
            },
            None => Step::Wait { ms: None },
        }
    }

    /// Adds the bytes actually sent for an attempt (after compression, if any).
    pub fn on_sent_bytes(&mut self, bytes: u64) {
        self.report.bytes += bytes;
    }

    /// Feeds back an HTTP answer for `batch`.
    pub fn on_response(&mut self, encoder: &Encoder, batch: u32, answer: &Answer<'_>, now_ms: f64) {
        if self
            .batches
            .get(batch as usize)
            .is_some_and(|b| b.state == State::InFlight)
        {
            self.answered = true;
            self.probe = false;
        }
        let text = snippet(answer.text);
        let Some(b) = self.take_in_flight(batch) else {
            return;
        };
        let open = open_rows(&b.spans);
        let n = b.spans.len() as u64 - open;
        let status_text = json::u64_text(answer.status as u64);
        match retry::classify(answer.status) {
            Class::Success => {
                let rejected = answer.rejected.min(n);
                self.report.exported += n - rejected;
                self.report.failed += rejected;
                self.report.open_rows += open;
                if rejected == 0 && !answer.text.is_empty() {
                    // OTLP: a message without rejected spans is a warning from the collector.
                    self.report.error(&["collector warning: ", text]);
                } else if rejected > 0 {
                    let r = json::u64_text(rejected);
                    self.report.error(&[
                        "partial success: ",
                        &r,
                        " spans rejected by the collector: ",
                        text,
                    ]);
                }
                self.batches[batch as usize].state = State::Settled;
            }
            Class::TooLarge if b.spans.len() > 1 => {
                // Replace the batch by its two halves, each sent as one request.
                let b = &mut self.batches[batch as usize];
                b.state = State::Settled;
                b.body = Vec::new();
                let mut first = core::mem::take(&mut b.spans);
                let second = first.split_off(first.len() / 2);
                self.plan(encoder, first, usize::MAX, now_ms);
                self.plan(encoder, second, usize::MAX, now_ms);
            }
            Class::Retry => {
                self.schedule_retry(
                    batch,
                    now_ms,
                    answer.retry_after_ms,
                    &["HTTP ", &status_text],
                );
            }
            Class::TooLarge | Class::Fail => {
                self.report.failed += n;
                let count = json::u64_text(n);
                let rows = if open > 0 {
                    crate::text::cat(&[" spans and ", &json::u64_text(open), " open rows failed: "])
                } else {
                    " spans failed: ".into()
                };
                self.report.error(&[
                    "HTTP ",
                    &status_text,
                    " (not retried): ",
                    &count,
                    &rows,
                    text,
                ]);
                let b = &mut self.batches[batch as usize];
                b.state = State::Settled;
                b.spans = Vec::new();
            }
        }
    }

    /// Feeds back a network error or a per-attempt timeout for `batch`; both are retried.
    pub fn on_network_error(&mut self, batch: u32, timed_out: bool, message: &str, now_ms: f64) {
        if self.take_in_flight(batch).is_none() {
            return;
        }
        self.unreachable = true;
        let what = if timed_out {
            "attempt timed out"
        } else {
            "network error: "
        };
        let msg = if timed_out { "" } else { snippet(message) };
        self.schedule_retry(batch, now_ms, None, &[what, msg]);
    }

    fn take_in_flight(&mut self, batch: u32) -> Option<&Batch> {
        let b = self.batches.get_mut(batch as usize)?;
        if b.state != State::InFlight {
            return None;
        }
        self.in_flight -= 1;
        Some(b)
    }

    fn schedule_retry(&mut self, batch: u32, now_ms: f64, server_wait: Option<f64>, why: &[&str]) {
        let unit = self.next_unit();
        let deadline = self.deadline_ms;
        let probe_failed = self.probe;
        self.probe_failed |= probe_failed;
        let b = &mut self.batches[batch as usize];
        b.last_error = crate::text::cat(why);
        if probe_failed {
            b.state = State::Pending;
            return;
        }
        let wait = server_wait.unwrap_or_else(|| retry::backoff_ms(b.attempts - 1, unit));
        let at = now_ms + wait;
        if b.attempts < MAX_ATTEMPTS && at + MIN_ATTEMPT_MS <= deadline {
            b.state = State::Ready { at_ms: at };
        } else {
            b.state = State::Pending;
        }
    }

    fn next_unit(&mut self) -> f64 {
        // xorshift64*: jitter only, not security.
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        (x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Ends the flush: returns the report so far and the spans to put back in the buffer
    /// (everything not delivered and not failed for good).
    pub fn finish(mut self, now_ms: f64) -> (FlushReport, Vec<SpanData>) {
        let mut back = Vec::new();
        let mut reasons: Vec<String> = Vec::new();
        for b in self.batches.iter_mut() {
            if matches!(b.state, State::Settled) {
                continue;
            }
            self.report.pending += b.spans.len() as u64 - open_rows(&b.spans);
            if !b.last_error.is_empty() && !reasons.contains(&b.last_error) {
                reasons.push(core::mem::take(&mut b.last_error));
            }
            back.append(&mut b.spans);
        }
        let spans = back.len() as u64 - open_rows(&back);
        if spans > 0 {
            let n = json::u64_text(spans);
            let why = if reasons.is_empty() {
                "deadline reached".to_string()
            } else {
                crate::text::join(&reasons, "; ")
            };
            self.report
                .error(&[&n, " spans pending (kept for the next flush): ", &why]);
        }
        self.report.duration_ms = now_ms - self.start_ms;
        (self.report, back)
    }
}

/// How many of `spans` are open rows (previews of open spans, not spans).
fn open_rows(spans: &[SpanData]) -> u64 {
    spans.iter().filter(|s| s.row == Row::Open).count() as u64
}

/// At most the first 200 bytes of a message, cut at a character boundary.
fn snippet(s: &str) -> &str {
    let mut end = s.len().min(200);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

// The first 60 bytes or so of a span name, for an error line (cut at a char boundary).
fn cut_name(name: &str) -> &str {
    let mut end = name.len().min(60);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name.get(..end).unwrap_or("")
}
