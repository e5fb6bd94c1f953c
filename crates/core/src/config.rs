//! Tracer configuration: defaults, validation, and the standard OTLP environment variables.

use crate::prelude::*;
use crate::redact::{RedactedHeaders, RedactedUrl};
use crate::value::{KeyValue, Value};

/// Default flush deadline: below the 30 s that `ctx.waitUntil` gets.
pub const DEFAULT_TIMEOUT_MS: u32 = 25_000;
/// Longest flush deadline accepted (10 minutes).
pub const MAX_TIMEOUT_MS: u32 = 10 * 60 * 1000;
/// Default cap on buffered (ended, unsent) spans; beyond it new spans are dropped and counted.
pub const DEFAULT_MAX_QUEUE_SPANS: u32 = 2048;
/// Default cap on the estimated bytes of buffered spans.
pub const DEFAULT_MAX_QUEUE_BYTES: u32 = 8 * 1024 * 1024;
/// Default cap on one request body before compression.
pub const DEFAULT_MAX_BATCH_BYTES: u32 = 1024 * 1024;
/// Default number of export requests one flush runs at once (Cloudflare allows 6 open
/// connections per invocation).
pub const DEFAULT_MAX_CONCURRENT_REQUESTS: u32 = 6;
/// Service name used when none is configured (the OTel convention).
pub const DEFAULT_SERVICE_NAME: &str = "unknown_service";

pub use crate::wire::{Compression, Logs3Target, Protocol};

/// Why a configuration was refused. Each variant says what to fix. More variants may come in a
/// minor release.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// No endpoint was given: set `endpoint`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or
    /// `OTEL_EXPORTER_OTLP_ENDPOINT`.
    MissingEndpoint,
    /// The endpoint is not an absolute `http://` or `https://` URL.
    InvalidEndpoint(String),
    /// The protocol is not one edgespan knows.
    UnknownProtocol(String),
    /// The compression is neither `gzip` nor `none`.
    UnknownCompression(String),
    /// A header name or value cannot be sent (bad characters, or a malformed
    /// `OTEL_EXPORTER_OTLP_HEADERS` entry).
    InvalidHeader(String),
    /// A numeric limit is not an integer from 1 to `max`: `name` is the option (or variable),
    /// `got` the value given.
    InvalidLimit {
        /// The option or environment variable.
        name: &'static str,
        /// The largest value accepted.
        max: u32,
        /// The value given, as text.
        got: String,
    },
    /// A `logs3` exporter has no project id.
    MissingProjectId,
    /// More than [`MAX_EXPORTERS`] (8) exporters were configured; the payload is how many.
    TooManyExporters(usize),
    /// A sampling setting cannot be used: an unknown `OTEL_TRACES_SAMPLER`, or a ratio or
    /// threshold out of range (the payload says which).
    InvalidSampling(String),
    /// A backend's own variables are set, but not all that it needs (the payload says which).
    IncompleteEnv(&'static str),
    /// An `OTEL_RESOURCE_ATTRIBUTES` entry is not `key=value` (the payload names the entry by
    /// what looks like its key).
    InvalidResourceAttributes(String),
}

impl ConfigError {
    /// The message shown to the user (the JS layer throws it as an `Error`).
    pub fn message(&self) -> String {
        let (head, detail): (&str, &str) = match self {
            ConfigError::MissingEndpoint => (
                "edgespan: no endpoint configured; pass `endpoint` (the full OTLP traces URL) or set OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT",
                "",
            ),
            ConfigError::InvalidEndpoint(u) => {
                // Quoted without its credentials: the message may be logged.
                let mut m =
                    String::from("edgespan: endpoint must be an absolute http:// or https:// URL, got: ");
                m.push_str(truncate_chars(&crate::redact::url_without_credentials(u), 200));
                return m;
            }
            ConfigError::UnknownProtocol(p) => (
                "edgespan: unknown protocol (expected \"json\", \"protobuf\", or OTEL_EXPORTER_OTLP_PROTOCOL=http/json or http/protobuf; Workers have no gRPC): ",
                p,
            ),
            ConfigError::UnknownCompression(c) => {
                ("edgespan: unknown compression (expected \"gzip\" or \"none\"): ", c)
            }
            ConfigError::InvalidHeader(h) => ("edgespan: invalid header: ", h),
            ConfigError::InvalidLimit { name, max, got } => {
                let mut m = String::from("edgespan: ");
                m.push_str(name);
                m.push_str(" must be an integer from 1 to ");
                m.push_str(&crate::export::json::u64_text(*max as u64));
                m.push_str(", got: ");
                m.push_str(truncate_chars(got, 200));
                return m;
            }
            ConfigError::MissingProjectId => ("edgespan: the logs3 format needs `projectId`", ""),
            ConfigError::InvalidSampling(why) => ("edgespan: invalid sampling: ", why),
            ConfigError::IncompleteEnv(why) => ("edgespan: ", why),
            ConfigError::InvalidResourceAttributes(entry) => (
                "edgespan: OTEL_RESOURCE_ATTRIBUTES takes key=value,key2=value2; this entry has no `=` or no key: ",
                entry,
            ),
            ConfigError::TooManyExporters(n) => {
                let mut m = String::from("edgespan: option `exporters` must list 1 to 8 destinations, got: ");
                m.push_str(&crate::export::json::u64_text(*n as u64));
                return m;
            }
        };
        let mut m = String::with_capacity(head.len() + detail.len() + 2);
        m.push_str(head);
        // Never echo an unbounded user string into an error message.
        m.push_str(truncate_chars(detail, 200));
        m
    }
}

impl core::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for ConfigError {}

fn truncate_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

/// Everything a tracer needs to know. Build with [`Config::new`] and the `with_*` setters; the
/// tracer validates it once, at construction.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Config {
    /// The full OTLP traces URL (`…/v1/traces`). No default.
    pub endpoint: String,
    /// Extra request headers, e.g. authentication. Env: `OTEL_EXPORTER_OTLP_HEADERS`.
    pub headers: Vec<(String, String)>,
    /// `service.name`. Default [`DEFAULT_SERVICE_NAME`] (`unknown_service`). Env: `OTEL_SERVICE_NAME`.
    pub service_name: String,
    /// Default protobuf. Env: `OTEL_EXPORTER_OTLP_PROTOCOL`.
    pub protocol: Protocol,
    /// Default none. Env: `OTEL_EXPORTER_OTLP_COMPRESSION`.
    pub compression: Compression,
    /// The flush deadline in ms. Default [`DEFAULT_TIMEOUT_MS`] (25 000 ms). Env: `OTEL_EXPORTER_OTLP_TIMEOUT`.
    pub timeout_ms: u32,
    /// Default [`DEFAULT_MAX_QUEUE_SPANS`] (2 048).
    pub max_queue_spans: u32,
    /// Default [`DEFAULT_MAX_QUEUE_BYTES`] (8 MiB).
    pub max_queue_bytes: u32,
    /// Default [`DEFAULT_MAX_BATCH_BYTES`] (1 MiB).
    pub max_batch_bytes: u32,
    /// Default [`DEFAULT_MAX_CONCURRENT_REQUESTS`] (6).
    pub max_concurrent_requests: u32,
    /// `telemetry.sdk.language`. Default `rust` (the npm package sets `webjs`); the tracer sends
    /// what is here.
    pub sdk_language: &'static str,
    /// Extra attributes for a backend (set by the presets). Default: none.
    pub backend: crate::wire::Backend,
    /// Send Braintrust `logs3` rows instead of OTLP (set by [`Config::braintrust_logs`]).
    /// Default: OTLP.
    pub logs3: Option<Logs3Target>,
    /// Further exporters fed from the same buffer, each with its own report (at most 7 more).
    /// Default: none.
    pub more_exporters: Vec<Exporter>,
    /// Head sampling and the keep rules of request scopes. Default: keep everything. Env:
    /// `OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG`.
    pub sampling: crate::sampling::Sampling,
    /// More resource attributes (`deployment.environment.name`, `service.version`, …), after
    /// `service.name`; edgespan's own `telemetry.sdk.*` stay. Default: none. Env:
    /// `OTEL_RESOURCE_ATTRIBUTES`.
    pub resource_attributes: Vec<KeyValue>,
    /// Record prompts (`log`'s input, the GenAI input messages and system instructions, tool call
    /// arguments; see `crate::privacy`). Default true.
    pub record_inputs: bool,
    /// Record answers (`log`'s output, the GenAI output messages, tool call results). Default true.
    pub record_outputs: bool,
}

/// One destination of a tracer's spans: what [`Config`]'s own endpoint fields describe for the
/// first exporter, and each of [`Config::more_exporters`] for the others.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Exporter {
    /// The URL (OTLP: the full `…/v1/traces`; logs3: `…/logs3`).
    pub endpoint: String,
    /// Request headers besides the content type.
    pub headers: Vec<(String, String)>,
    /// OTLP encoding (ignored for logs3, which is JSON).
    pub protocol: Protocol,
    /// Body compression.
    pub compression: Compression,
    /// OTLP attribute mapping.
    pub backend: crate::wire::Backend,
    /// `Some` for Braintrust `logs3` rows instead of OTLP.
    pub logs3: Option<Logs3Target>,
}

// Header values and URL credentials print masked: a `{:?}` of a configuration must not put a
// key in a log.
impl core::fmt::Debug for Exporter {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Exporter")
            .field("endpoint", &RedactedUrl(&self.endpoint))
            .field("headers", &RedactedHeaders(&self.headers))
            .field("protocol", &self.protocol)
            .field("compression", &self.compression)
            .field("backend", &self.backend)
            .field("logs3", &self.logs3)
            .finish()
    }
}

impl core::fmt::Debug for Config {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Config")
            .field("endpoint", &RedactedUrl(&self.endpoint))
            .field("headers", &RedactedHeaders(&self.headers))
            .field("service_name", &self.service_name)
            .field("protocol", &self.protocol)
            .field("compression", &self.compression)
            .field("timeout_ms", &self.timeout_ms)
            .field("max_queue_spans", &self.max_queue_spans)
            .field("max_queue_bytes", &self.max_queue_bytes)
            .field("max_batch_bytes", &self.max_batch_bytes)
            .field("max_concurrent_requests", &self.max_concurrent_requests)
            .field("sdk_language", &self.sdk_language)
            .field("backend", &self.backend)
            .field("logs3", &self.logs3)
            .field("more_exporters", &self.more_exporters)
            .field("sampling", &self.sampling)
            .finish()
    }
}

impl Exporter {
    /// The `Content-Type` of this exporter's requests.
    pub fn content_type(&self) -> &'static str {
        if self.logs3.is_none() && self.protocol == Protocol::Protobuf {
            "application/x-protobuf"
        } else {
            "application/json"
        }
    }

    /// The headers of this exporter's requests: `content-type`, `content-encoding: gzip` when
    /// compressed, then the user's. Names are lowercased, and a name given again replaces the
    /// earlier value where it stood, so each name is sent once (the npm build's
    /// `requestHeaders` follows the same rule).
    pub fn request_headers(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::with_capacity(self.headers.len() + 2);
        let mut put = |k: &str, v: &str| {
            let k = k.to_ascii_lowercase();
            match out.iter_mut().find(|(n, _)| *n == k) {
                Some(slot) => slot.1 = v.into(),
                None => out.push((k, v.into())),
            }
        };
        put("content-type", self.content_type());
        if self.compression == Compression::Gzip {
            put("content-encoding", "gzip");
        }
        for (k, v) in &self.headers {
            put(k, v);
        }
        out
    }

    /// Checks the endpoint and the headers.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.endpoint.trim().is_empty() {
            return Err(ConfigError::MissingEndpoint);
        }
        if !valid_http_url(&self.endpoint) {
            return Err(ConfigError::InvalidEndpoint(self.endpoint.clone()));
        }
        for (k, v) in &self.headers {
            if !valid_header_name(k) || !valid_header_value(v) {
                return Err(ConfigError::InvalidHeader(k.clone()));
            }
        }
        if let Some(l) = &self.logs3 {
            if l.project_id.trim().is_empty() {
                return Err(ConfigError::MissingProjectId);
            }
        }
        Ok(())
    }
}

impl From<Config> for Exporter {
    /// The first exporter of `config` (a preset, say), to add to another configuration.
    fn from(c: Config) -> Exporter {
        c.first_exporter()
    }
}

/// At most this many exporters per tracer.
pub const MAX_EXPORTERS: usize = 8;

impl Config {
    /// A configuration with every default and the given endpoint.
    pub fn new(endpoint: impl Into<String>) -> Self {
        Config {
            endpoint: endpoint.into(),
            headers: Vec::new(),
            service_name: DEFAULT_SERVICE_NAME.into(),
            protocol: Protocol::Protobuf,
            compression: Compression::None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_queue_spans: DEFAULT_MAX_QUEUE_SPANS,
            max_queue_bytes: DEFAULT_MAX_QUEUE_BYTES,
            max_batch_bytes: DEFAULT_MAX_BATCH_BYTES,
            max_concurrent_requests: DEFAULT_MAX_CONCURRENT_REQUESTS,
            sdk_language: "rust",
            backend: crate::wire::Backend::Otlp,
            logs3: None,
            more_exporters: Vec::new(),
            sampling: crate::sampling::Sampling::default(),
            resource_attributes: Vec::new(),
            record_inputs: true,
            record_outputs: true,
        }
    }

    /// The exporter the configuration's own endpoint fields describe.
    pub fn first_exporter(&self) -> Exporter {
        Exporter {
            endpoint: self.endpoint.clone(),
            headers: self.headers.clone(),
            protocol: self.protocol,
            compression: self.compression,
            backend: self.backend,
            logs3: self.logs3.clone(),
        }
    }

    /// Every exporter, the first one first.
    pub fn exporters(&self) -> Vec<Exporter> {
        let mut all = Vec::with_capacity(1 + self.more_exporters.len());
        all.push(self.first_exporter());
        all.extend(self.more_exporters.iter().cloned());
        all
    }

    /// Adds an exporter fed from the same buffer (`Config::braintrust(…).into()`, say). Default:
    /// none. At most [`MAX_EXPORTERS`] (8) in all.
    pub fn with_exporter(mut self, e: Exporter) -> Self {
        self.more_exporters.push(e);
        self
    }

    /// For a `logs3` configuration, also sends open rows (see [`Logs3Target::open_rows`]).
    pub fn with_open_rows(mut self, on: bool) -> Self {
        if let Some(l) = &mut self.logs3 {
            l.open_rows = on;
        }
        self
    }

    /// Adds a request header (authentication, say). Default: none. Env: `OTEL_EXPORTER_OTLP_HEADERS`.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
    /// Sets `service.name`. Default [`DEFAULT_SERVICE_NAME`] (`unknown_service`). Env: `OTEL_SERVICE_NAME`.
    pub fn with_service_name(mut self, name: impl Into<String>) -> Self {
        self.service_name = name.into();
        self
    }
    /// Whether prompts are recorded (default true): `false` keeps `log`'s input, the GenAI input
    /// messages, system instructions and tool call arguments out of every span, which keep their
    /// model, token counts, timing and status.
    pub fn with_record_inputs(mut self, on: bool) -> Self {
        self.record_inputs = on;
        self
    }
    /// Whether answers are recorded (default true): `false` keeps `log`'s output, the GenAI output
    /// messages and tool call results out of every span.
    pub fn with_record_outputs(mut self, on: bool) -> Self {
        self.record_outputs = on;
        self
    }
    /// Adds a resource attribute (`deployment.environment.name`, `service.version`, …); a later
    /// value of a key wins. `service.name` and `telemetry.sdk.*` are edgespan's own and ignored
    /// here. Env: `OTEL_RESOURCE_ATTRIBUTES`.
    pub fn with_resource_attribute(
        mut self,
        key: impl Into<String>,
        value: impl Into<Value>,
    ) -> Self {
        let key = key.into();
        if !is_own_resource_key(&key) {
            crate::value::set(&mut self.resource_attributes, &key, value.into());
        }
        self
    }
    /// Sets the wire encoding. Default protobuf. Env: `OTEL_EXPORTER_OTLP_PROTOCOL`.
    pub fn with_protocol(mut self, p: Protocol) -> Self {
        self.protocol = p;
        self
    }
    /// Sets the compression. Default none. Env: `OTEL_EXPORTER_OTLP_COMPRESSION`.
    pub fn with_compression(mut self, c: Compression) -> Self {
        self.compression = c;
        self
    }
    /// Sets head sampling and the keep rules of request scopes (see [`crate::Sampling`]).
    /// Default: keep everything. Env: `OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG`.
    pub fn with_sampling(mut self, sampling: crate::sampling::Sampling) -> Self {
        self.sampling = sampling;
        self
    }

    /// Sets the flush deadline in milliseconds. Default [`DEFAULT_TIMEOUT_MS`] (25 000 ms). Env:
    /// `OTEL_EXPORTER_OTLP_TIMEOUT`.
    pub fn with_timeout_ms(mut self, ms: u32) -> Self {
        self.timeout_ms = ms;
        self
    }
    /// Sets the buffer's span cap. Default [`DEFAULT_MAX_QUEUE_SPANS`] (2 048). No env variable.
    pub fn with_max_queue_spans(mut self, n: u32) -> Self {
        self.max_queue_spans = n;
        self
    }
    /// Sets the buffer's byte cap. Default [`DEFAULT_MAX_QUEUE_BYTES`] (8 MiB). No env variable.
    pub fn with_max_queue_bytes(mut self, n: u32) -> Self {
        self.max_queue_bytes = n;
        self
    }
    /// Sets the per-request body cap. Default [`DEFAULT_MAX_BATCH_BYTES`] (1 MiB). No env variable.
    pub fn with_max_batch_bytes(mut self, n: u32) -> Self {
        self.max_batch_bytes = n;
        self
    }
    /// Sets how many requests one flush runs at once. Default
    /// [`DEFAULT_MAX_CONCURRENT_REQUESTS`] (6). No env variable.
    pub fn with_max_concurrent_requests(mut self, n: u32) -> Self {
        self.max_concurrent_requests = n;
        self
    }

    /// Checks every field; the first problem found is returned.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.first_exporter().validate()?;
        for e in &self.more_exporters {
            e.validate()?;
        }
        if self.more_exporters.len() + 1 > MAX_EXPORTERS {
            return Err(ConfigError::TooManyExporters(self.more_exporters.len() + 1));
        }
        for (v, name, max) in [
            (self.timeout_ms, "timeoutMs", MAX_TIMEOUT_MS),
            (self.max_queue_spans, "maxQueueSpans", 1 << 24),
            (self.max_queue_bytes, "maxQueueBytes (bytes)", u32::MAX),
            (self.max_batch_bytes, "maxBatchBytes", 1 << 30),
            (self.max_concurrent_requests, "maxConcurrentRequests", 64),
        ] {
            if v == 0 || v > max {
                let got = crate::export::json::u64_text(v as u64);
                return Err(ConfigError::InvalidLimit { name, max, got });
            }
        }
        self.sampling.validate()
    }
}

/// Parses a protocol name: `json` / `http/json` or `protobuf` / `http/protobuf`.
pub fn parse_protocol(s: &str) -> Result<Protocol, ConfigError> {
    match s.trim() {
        "json" | "http/json" => Ok(Protocol::Json),
        "protobuf" | "http/protobuf" => Ok(Protocol::Protobuf),
        other => Err(ConfigError::UnknownProtocol(other.into())),
    }
}

/// Parses `gzip` or `none`.
pub fn parse_compression(s: &str) -> Result<Compression, ConfigError> {
    match s.trim() {
        "gzip" => Ok(Compression::Gzip),
        "none" | "" => Ok(Compression::None),
        other => Err(ConfigError::UnknownCompression(other.into())),
    }
}

/// The standard OTLP variables, as read from a Workers `env` or the process environment.
#[derive(Clone, Default, Debug)]
#[non_exhaustive]
pub struct EnvVars {
    /// `OTEL_EXPORTER_OTLP_ENDPOINT` (gets `/v1/traces` appended).
    pub endpoint: Option<String>,
    /// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is; wins over `endpoint`).
    pub traces_endpoint: Option<String>,
    /// `OTEL_EXPORTER_OTLP_HEADERS`: `k=v,k2=v2`, URL-encoded.
    pub headers: Option<String>,
    /// `OTEL_EXPORTER_OTLP_PROTOCOL`.
    pub protocol: Option<String>,
    /// `OTEL_EXPORTER_OTLP_COMPRESSION`.
    pub compression: Option<String>,
    /// `OTEL_EXPORTER_OTLP_TIMEOUT` in milliseconds.
    pub timeout: Option<String>,
    /// `OTEL_SERVICE_NAME`.
    pub service_name: Option<String>,
    /// `OTEL_TRACES_SAMPLER`: `always_on`, `always_off`, `traceidratio`, `parentbased_always_on`
    /// (the default), `parentbased_always_off`, `parentbased_traceidratio`.
    pub sampler: Option<String>,
    /// `OTEL_TRACES_SAMPLER_ARG`: the ratio of the `traceidratio` samplers, 0 to 1.
    pub sampler_arg: Option<String>,
    /// `OTEL_RESOURCE_ATTRIBUTES`: `key=value,key2=value2`, percent-encoded; its `service.name`
    /// is the service name when `OTEL_SERVICE_NAME` is not set.
    pub resource_attributes: Option<String>,
}

impl Config {
    /// Builds a configuration from the standard variables (see [`EnvVars`]). Empty values count
    /// as unset. The result is validated.
    pub fn from_env(env: &EnvVars) -> Result<Config, ConfigError> {
        let endpoint = match (set(&env.traces_endpoint), set(&env.endpoint)) {
            (Some(t), _) => t.to_string(),
            (None, Some(base)) => {
                let mut u = base.to_string();
                if !u.ends_with('/') {
                    u.push('/');
                }
                u.push_str("v1/traces");
                u
            }
            (None, None) => return Err(ConfigError::MissingEndpoint),
        };
        // The endpoint is checked first: it is what the user most needs to hear about.
        if !valid_http_url(&endpoint) {
            return Err(ConfigError::InvalidEndpoint(endpoint));
        }
        let mut c = Config::new(endpoint);
        if let Some(h) = set(&env.headers) {
            c.headers = parse_headers(h)?;
        }
        if let Some(p) = set(&env.protocol) {
            c.protocol = parse_protocol(p)?;
        }
        if let Some(z) = set(&env.compression) {
            c.compression = parse_compression(z)?;
        }
        if let Some(t) = set(&env.timeout) {
            c.timeout_ms = t
                .parse()
                .ok()
                .filter(|&ms| ms > 0 && ms <= MAX_TIMEOUT_MS)
                .ok_or_else(|| ConfigError::InvalidLimit {
                    name: "OTEL_EXPORTER_OTLP_TIMEOUT",
                    max: MAX_TIMEOUT_MS,
                    got: t.into(),
                })?;
        }
        if let Some(s) = set(&env.service_name) {
            c.service_name = s.into();
        }
        if let Some(name) = set(&env.sampler) {
            c.sampling = crate::sampling::Sampling::from_env(name, set(&env.sampler_arg))?;
        }
        c.apply_resource_env(env)?;
        c.validate()?;
        Ok(c)
    }

    /// `OTEL_RESOURCE_ATTRIBUTES` applied: its attributes, and its `service.name` as the service
    /// name when `OTEL_SERVICE_NAME` is not set.
    pub(crate) fn apply_resource_env(&mut self, env: &EnvVars) -> Result<(), ConfigError> {
        let Some(list) = set(&env.resource_attributes) else {
            return Ok(());
        };
        for (k, v) in parse_resource_attributes(list)? {
            if k == "service.name" {
                if set(&env.service_name).is_none() && !v.is_empty() {
                    self.service_name = v;
                }
            } else if !is_own_resource_key(&k) {
                crate::value::set(&mut self.resource_attributes, &k, Value::Str(v));
            }
        }
        Ok(())
    }
}

/// Resource keys edgespan writes itself.
fn is_own_resource_key(k: &str) -> bool {
    k == "service.name" || k.starts_with("telemetry.sdk.")
}

/// Parses `OTEL_RESOURCE_ATTRIBUTES`: comma-separated `key=value` pairs, each side
/// percent-decoded and trimmed. Empty entries are skipped; an entry without `=` or with an empty
/// key is an error.
pub fn parse_resource_attributes(s: &str) -> Result<Vec<(String, String)>, ConfigError> {
    let mut out = Vec::new();
    for entry in s.split(',') {
        if entry.trim().is_empty() {
            continue;
        }
        // Named by what looks like its key, never echoed whole.
        let bad = || {
            let name = entry
                .trim()
                .split([':', ' ', '\t', '='])
                .next()
                .unwrap_or("");
            ConfigError::InvalidResourceAttributes(truncate_chars(name, 40).into())
        };
        let (k, v) = entry.split_once('=').ok_or_else(bad)?;
        let (k, v) = (percent_decode(k.trim()), percent_decode(v.trim()));
        if k.is_empty() {
            return Err(bad());
        }
        out.push((k, v));
    }
    Ok(out)
}

fn set(o: &Option<String>) -> Option<&str> {
    o.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

// What an OTEL_EXPORTER_OTLP_HEADERS entry without `=` is said with, after its name.
const NO_EQUALS: &str =
    " (no `=` in this entry, whose value is not shown: the form is name=value,name2=value2)";

/// Parses `OTEL_EXPORTER_OTLP_HEADERS`: comma-separated `key=value` pairs, each side
/// percent-decoded and trimmed. Empty entries are skipped; an entry without `=` is an error,
/// named by what looks like its name (its value, usually a credential, is never echoed).
pub fn parse_headers(s: &str) -> Result<Vec<(String, String)>, ConfigError> {
    let mut out = Vec::new();
    for entry in s.split(',') {
        if entry.trim().is_empty() {
            continue;
        }
        // An entry without `=` is named by what looks like its name, never echoed whole: it is
        // most often `name: value` with a credential as the value.
        let (k, v) = entry.split_once('=').ok_or_else(|| {
            let name = entry.trim().split([':', ' ', '\t']).next().unwrap_or("");
            ConfigError::InvalidHeader(crate::text::cat(&[name, NO_EQUALS]))
        })?;
        let (k, v) = (percent_decode(k.trim()), percent_decode(v.trim()));
        if !valid_header_name(&k) || !valid_header_value(&v) {
            return Err(ConfigError::InvalidHeader(k));
        }
        out.push((k, v));
    }
    Ok(out)
}

pub(crate) fn percent_decode(s: &str) -> String {
    String::from_utf8_lossy(&percent_decode_bytes(s)).into_owned()
}

/// `%XX` escapes decoded; anything else (a lone `%` included) kept as it is.
pub(crate) fn percent_decode_bytes(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn valid_header_name(k: &str) -> bool {
    !k.is_empty()
        && k.bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c))
}

fn valid_header_value(v: &str) -> bool {
    v.bytes().all(|c| c == b'\t' || (c >= 0x20 && c != 0x7f))
}

fn valid_http_url(u: &str) -> bool {
    let b = u.as_bytes();
    let Some(rest) = b
        .strip_prefix(b"https://")
        .or_else(|| b.strip_prefix(b"http://"))
    else {
        return false;
    };
    let end = rest
        .iter()
        .position(|c| matches!(c, b'/' | b'?' | b'#' | b'\\'))
        .unwrap_or(rest.len());
    let authority = rest.get(..end).unwrap_or_default();
    let host = match authority.iter().rposition(|&c| c == b'@') {
        Some(i) => authority.get(i + 1..).unwrap_or_default(),
        None => authority,
    };
    // An IPv6 literal is bracketed; the port, if any, follows the last ':' outside brackets.
    let split = match host.iter().rposition(|&c| c == b':' || c == b']') {
        Some(i) if host.get(i) == Some(&b':') => i,
        _ => host.len(),
    };
    let (hostname, port) = (
        host.get(..split).unwrap_or_default(),
        host.get(split..).unwrap_or_default(),
    );
    let digits = port.get(1..).unwrap_or_default();
    let port_ok = port.is_empty()
        || (!digits.is_empty()
            && digits.len() <= 5
            && digits.iter().all(u8::is_ascii_digit)
            && digits.iter().fold(0u32, |n, d| n * 10 + (d - b'0') as u32) <= 65_535);
    let hostname_ok = match hostname {
        [b'[', inner @ .., b']'] => ipv6_ok(inner),
        _ => {
            !hostname.is_empty()
                && hostname
                    .iter()
                    .all(|&c| c.is_ascii_alphanumeric() || b".-_".contains(&c))
                && (!ends_in_number(hostname) || ipv4_ok(hostname))
        }
    };
    hostname_ok && port_ok && b.iter().all(|&c| c > 0x20 && c != 0x7f)
}

// The host rules of the WHATWG URL standard (what `fetch` applies) for the hosts edgespan takes:
// a name whose last label is a number is an IPv4 address and must be a valid one.
fn ends_in_number(host: &[u8]) -> bool {
    let host = host
        .strip_suffix(b".")
        .filter(|h| !h.is_empty())
        .unwrap_or(host);
    let last = host.rsplit(|&c| c == b'.').next().unwrap_or_default();
    !last.is_empty() && (last.iter().all(u8::is_ascii_digit) || ipv4_number(last).is_some())
}

// One part of an IPv4 address: decimal, 0x hex, or octal with a leading 0.
fn ipv4_number(part: &[u8]) -> Option<u64> {
    let (digits, radix) = match part {
        [] => return None,
        [b'0', b'x' | b'X', rest @ ..] => (rest, 16),
        [b'0', rest @ ..] if !rest.is_empty() => (rest, 8),
        _ => (part, 10),
    };
    digits.iter().try_fold(0u64, |n, &c| {
        let d = (c as char).to_digit(radix)?;
        Some(n.saturating_mul(radix as u64).saturating_add(d as u64))
    })
}

fn ipv4_ok(host: &[u8]) -> bool {
    let host = host.strip_suffix(b".").unwrap_or(host);
    let parts: Vec<&[u8]> = host.split(|&c| c == b'.').collect();
    if parts.len() > 4 {
        return false;
    }
    let Some(numbers) = parts
        .iter()
        .map(|p| ipv4_number(p))
        .collect::<Option<Vec<u64>>>()
    else {
        return false;
    };
    let (last, rest) = numbers.split_last().unwrap_or((&0, &[]));
    rest.iter().all(|&n| n <= 255) && *last < 1u64 << (8 * (5 - numbers.len()))
}

// An IPv6 address inside brackets, as the WHATWG URL standard parses it.
fn ipv6_ok(s: &[u8]) -> bool {
    let (mut i, mut pieces, mut compressed) = (0, 0, false);
    let at = |i: usize| s.get(i).copied();
    if at(0) == Some(b':') {
        if at(1) != Some(b':') {
            return false;
        }
        i = 2;
        pieces = 1;
        compressed = true;
    }
    while i < s.len() {
        if pieces == 8 {
            return false;
        }
        if at(i) == Some(b':') {
            if compressed {
                return false;
            }
            i += 1;
            pieces += 1;
            compressed = true;
            continue;
        }
        let start = i;
        while i - start < 4 && at(i).is_some_and(|c| c.is_ascii_hexdigit()) {
            i += 1;
        }
        match at(i) {
            Some(b'.') => {
                // An IPv4 address in the last two pieces: four decimal numbers up to 255, no
                // leading zeros.
                if i == start || pieces > 6 {
                    return false;
                }
                let v4 = &s[start..];
                let parts: Vec<&[u8]> = v4.split(|&c| c == b'.').collect();
                let ok = parts.len() == 4
                    && parts.iter().all(|p| {
                        !p.is_empty()
                            && p.iter().all(u8::is_ascii_digit)
                            && (p.len() == 1 || p[0] != b'0')
                            && p.len() <= 3
                            && p.iter().fold(0u32, |n, &d| n * 10 + (d - b'0') as u32) <= 255
                    });
                return ok && (compressed || pieces + 2 == 8);
            }
            Some(b':') => {
                i += 1;
                if i == s.len() {
                    return false;
                }
            }
            Some(_) => return false,
            None => {}
        }
        pieces += 1;
    }
    compressed || pieces == 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in [
            "http://127.0.0.1:4318/v1/traces",
            "https://api.braintrust.dev/otel/v1/traces",
            "https://[::1]:4318/v1/traces",
            "http://collector/v1/traces?x=1",
        ] {
            assert!(valid_http_url(ok), "{ok}");
        }
        for bad in [
            "",
            "localhost:4318",
            "ftp://x/y",
            "http://",
            "http:///v1/traces",
            "http://exa mple.com/",
            "http://host:port/",
            "http://host:/",
            "not a url",
        ] {
            assert!(!valid_http_url(bad), "{bad}");
        }
    }

    #[test]
    fn validation_messages() {
        let e = Config::new("").validate().unwrap_err();
        assert_eq!(e, ConfigError::MissingEndpoint);
        assert!(e.message().contains("no endpoint configured"));
        let e = Config::new("nope").validate().unwrap_err();
        assert_eq!(
            e.message(),
            "edgespan: endpoint must be an absolute http:// or https:// URL, got: nope"
        );
        let e = Config::new("http://x/v1/traces")
            .with_max_concurrent_requests(0)
            .validate();
        assert_eq!(
            e,
            Err(ConfigError::InvalidLimit {
                name: "maxConcurrentRequests",
                max: 64,
                got: "0".into()
            })
        );
        assert_eq!(
            e.unwrap_err().message(),
            "edgespan: maxConcurrentRequests must be an integer from 1 to 64, got: 0"
        );
        let e = Config::new("http://x/v1/traces")
            .with_header("bad name", "v")
            .validate();
        assert!(matches!(e, Err(ConfigError::InvalidHeader(_))));
        assert_eq!(
            parse_protocol("grpc").unwrap_err().message(),
            "edgespan: unknown protocol (expected \"json\", \"protobuf\", or OTEL_EXPORTER_OTLP_PROTOCOL=http/json or http/protobuf; Workers have no gRPC): grpc"
        );
        let long = "x".repeat(10_000);
        assert!(ConfigError::InvalidEndpoint(long).message().len() < 300);
    }

    #[test]
    fn env_endpoint_rules() {
        let env = EnvVars {
            endpoint: Some("http://c:4318".into()),
            ..Default::default()
        };
        assert_eq!(
            Config::from_env(&env).unwrap().endpoint,
            "http://c:4318/v1/traces"
        );
        let env = EnvVars {
            endpoint: Some("http://c:4318/base/".into()),
            ..Default::default()
        };
        assert_eq!(
            Config::from_env(&env).unwrap().endpoint,
            "http://c:4318/base/v1/traces"
        );
        let env = EnvVars {
            endpoint: Some("http://ignored".into()),
            traces_endpoint: Some("https://t.example/custom".into()),
            ..Default::default()
        };
        assert_eq!(
            Config::from_env(&env).unwrap().endpoint,
            "https://t.example/custom"
        );
        assert_eq!(
            Config::from_env(&EnvVars::default()),
            Err(ConfigError::MissingEndpoint)
        );
    }

    #[test]
    fn env_other_variables() {
        let env = EnvVars {
            endpoint: Some("http://c".into()),
            headers: Some(
                "Authorization=Bearer%20abc, x-bt-parent=project_name%3Amy%20app,,".into(),
            ),
            protocol: Some("http/json".into()),
            compression: Some("gzip".into()),
            timeout: Some("5000".into()),
            service_name: Some("svc".into()),
            ..Default::default()
        };
        let c = Config::from_env(&env).unwrap();
        assert_eq!(
            c.headers,
            vec![
                ("Authorization".into(), "Bearer abc".into()),
                ("x-bt-parent".into(), "project_name:my app".into())
            ]
        );
        assert_eq!(c.compression, Compression::Gzip);
        assert_eq!(c.timeout_ms, 5000);
        assert_eq!(c.service_name, "svc");
        let bad = EnvVars {
            headers: Some("novalue".into()),
            ..env.clone()
        };
        assert!(matches!(
            Config::from_env(&bad),
            Err(ConfigError::InvalidHeader(_))
        ));
        let bad = EnvVars {
            protocol: Some("grpc".into()),
            ..env.clone()
        };
        assert!(matches!(
            Config::from_env(&bad),
            Err(ConfigError::UnknownProtocol(_))
        ));
        let bad = EnvVars {
            compression: Some("br".into()),
            ..env.clone()
        };
        assert!(matches!(
            Config::from_env(&bad),
            Err(ConfigError::UnknownCompression(_))
        ));
        let bad = EnvVars {
            timeout: Some("soon".into()),
            ..env
        };
        assert!(matches!(
            Config::from_env(&bad),
            Err(ConfigError::InvalidLimit { .. })
        ));
    }

    #[test]
    fn percent_decoding_is_lenient() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%e2%82%ac"), "€");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
    }
}
