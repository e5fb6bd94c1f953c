//! The numbers that cross the npm build's JS↔wasm boundary, in one table.
//!
//! `crates/wasm` matches on these constants and `js/abi.js` exports the same names; the native
//! test `tests/abi.rs` renders [`TABLE`] as JavaScript and fails when `js/abi.js` differs (run it
//! with `UPDATE_ABI=1` to rewrite the file). A number is never written as a literal on either
//! side.

macro_rules! abi {
    ($($(#[$doc:meta])* $group:ident { $($(#[$cdoc:meta])* $name:ident = $v:expr),* $(,)? })*) => {
        $(
            $(#[$doc])*
            pub mod $group {
                $($(#[$cdoc])* pub const $name: u8 = $v;)*
            }
        )*
        /// Every constant as `(group, name, value)`, in declaration order, for the JS check.
        pub const TABLE: &[(&str, &str, u8)] = &[
            $($((stringify!($group), stringify!($name), $group::$name),)*)*
        ];
    };
}

abi! {
    /// Where `set_str` / `set_val` put a value.
    target {
        /// A span attribute.
        ATTRIBUTE = 0,
        /// A `log({ metadata })` entry.
        METADATA = 1,
        /// A `log({ metrics })` entry.
        METRIC = 2,
        /// An attribute of the span's last event.
        EVENT = 3,
        /// A `logLLM` field (key without the `gen_ai.` prefix).
        LLM = 4,
        /// A trace attribute of the span's trace, by its `setTraceAttributes` name
        /// (`crate::trace_attrs::FIELD_NAMES`).
        TRACE = 5,
        /// A resource attribute of the tracer (the handle is ignored); set before its exporters.
        RESOURCE = 6,
        /// An attribute of the span's last link.
        LINK = 7,
    }
    /// How `set_val` reads its number argument.
    number {
        /// A JS number: integral values become ints, others doubles.
        NUMBER = 0,
        /// A boolean (`n` ≠ 0).
        BOOL = 1,
        /// The value built on the stage (the number is ignored).
        STAGED = 2,
        /// A number that stays a double even when integral.
        DOUBLE = 3,
    }
    /// What `v_text` stages.
    stage_text {
        /// A string value.
        STRING = 0,
        /// A map key (its value follows).
        KEY = 1,
        /// A BigInt's decimal text: an int when it fits in i64, else the text.
        BIGINT = 2,
    }
    /// What `v_val` stages.
    stage_val {
        /// A number.
        NUMBER = 0,
        /// A boolean.
        BOOL = 1,
    }
    /// What `v_group` builds from the staged items.
    group {
        /// An array of the last `n` values.
        ARRAY = 0,
        /// A map of the last `n` key/value pairs.
        MAP = 1,
    }
    /// One-string span operations of `span_text`.
    text {
        /// `log({ input })` as text.
        INPUT_TEXT = 0,
        /// `log({ input })` as JSON text.
        INPUT_JSON = 1,
        /// `log({ output })` as text.
        OUTPUT_TEXT = 2,
        /// `log({ output })` as JSON text.
        OUTPUT_JSON = 3,
        /// Add a tag (once).
        TAG = 4,
        /// Note a key cut by the JS layer (`edgespan.truncated`).
        TRUNCATED = 5,
        /// Rename the span.
        RENAME = 6,
        /// Add an event with this name (its attributes follow with target `EVENT`).
        EVENT = 7,
        /// Status OK (the text is ignored).
        STATUS_OK = 8,
        /// Status ERROR with this message.
        STATUS_ERROR = 9,
        /// Status UNSET (the text is ignored).
        STATUS_UNSET = 10,
        /// Set the kind by name (`client`, `server`, …).
        KIND = 11,
        /// Rename only when the span has no name yet.
        NAME_IF_EMPTY = 12,
        /// Set the span type by name (`llm`, `tool`, …; see `SpanType`).
        TYPE = 13,
        /// `log({ output })` as text, only when the span has no output yet (the answer of a
        /// `logLLM` call).
        OUTPUT_TEXT_IF_EMPTY = 14,
    }
    /// How `start` relates a new span to the parent ids in the scratch words.
    parent {
        /// No parent: the trace id words are a new trace.
        NONE = 0,
        /// A local parent span.
        LOCAL = 1,
        /// A remote parent from a `traceparent`.
        REMOTE = 2,
    }
    /// What `end` did.
    end {
        /// The span had already ended (or was not recorded).
        ALREADY = 0,
        /// The span went to the buffer.
        BUFFERED = 1,
        /// The buffer was full and the span was dropped.
        DROPPED = 2,
    }
    /// An exporter's wire format (`create`, `add_exporter`).
    format {
        /// OTLP/HTTP protobuf.
        OTLP_PROTOBUF = 0,
        /// OTLP/HTTP JSON.
        OTLP_JSON = 1,
        /// Braintrust `logs3` rows.
        LOGS3 = 2,
    }
    /// The attribute mapping of an OTLP exporter.
    backend {
        /// Plain OTLP with the GenAI conventions.
        OTLP = 0,
        /// Braintrust's OTLP ingestion.
        BRAINTRUST = 1,
        /// Langfuse.
        LANGFUSE = 2,
        /// Laminar.
        LAMINAR = 3,
    }
    /// Span kinds, as `start` takes them ([`crate::SpanKind`]'s OTLP numbers).
    kind {
        /// Work inside the app (the default).
        INTERNAL = 1,
        /// A request the app handles.
        SERVER = 2,
        /// A request the app makes.
        CLIENT = 3,
        /// A message the app sends.
        PRODUCER = 4,
        /// A message the app receives.
        CONSUMER = 5,
    }
    /// The ids that mean "none".
    none {
        /// `create` made no tracer; no tracer has this id.
        TRACER = 0,
        /// `start` recorded no span (dropped, or the tracer is off).
        HANDLE = 0,
        /// `start`: the span belongs to no request scope.
        SCOPE = 0,
    }
    /// What `flush_poll` asks the driver to do; details are in the step registers.
    step {
        /// The job is done.
        DONE = 0,
        /// Send batch `step_batch()` with timeout `step_ms()`.
        SEND = 1,
        /// Wait `step_ms()` ms, or until an answer when it is negative.
        WAIT = 2,
        /// The job had nothing to send at all.
        EMPTY = 3,
    }
    /// Bits of the sampling rules number `create` reads from the scratch (`LIMITS` + 6).
    sampling {
        /// A span continuing a remote trace keeps the caller's decision.
        PARENT_BASED = 1,
        /// Keep a request scope's trace when any span is in ERROR.
        KEEP_ERRORS = 2,
    }
    /// Indices of the scratch numbers (`scratch()`, eight f64 in wasm memory), through which
    /// calls receive what would otherwise be long argument lists. JS writes them right before
    /// the call that reads them.
    scratch {
        /// `start`: the trace id, four 32-bit words.
        TRACE = 0,
        /// `start`: the span id, two words.
        SPAN = 4,
        /// `start`: the parent span id, two words.
        PARENT = 6,
        /// `create`: the flush deadline in ms.
        TIMEOUT_MS = 0,
        /// `create`: maxQueueSpans.
        MAX_QUEUE_SPANS = 1,
        /// `create`: maxQueueBytes.
        MAX_QUEUE_BYTES = 2,
        /// `create`: maxBatchBytes.
        MAX_BATCH_BYTES = 3,
        /// `create`: maxConcurrentRequests.
        MAX_CONCURRENT_REQUESTS = 4,
        /// `create`: the head-sampling ratio.
        SAMPLING_RATIO = 5,
        /// `create`: the `SAMPLING` bits.
        SAMPLING_RULES = 6,
        /// `create`: keepSlowerThanMs, or [`NONE`](crate::abi::NONE) (any number < 0).
        KEEP_SLOWER_THAN_MS = 7,
        /// `flush_response`: the HTTP status.
        STATUS = 0,
        /// `flush_response`: retryAfterMs, or [`NONE`](crate::abi::NONE) (any number < 0) when absent or unreadable.
        RETRY_AFTER_MS = 1,
        /// `flush_response`: partialSuccess.rejectedSpans.
        REJECTED = 2,
        /// Number of slots.
        LEN = 8,
    }
}

/// A scratch number that means "none" (the core reads any number < 0 so).
pub const NONE: f64 = -1.0;
