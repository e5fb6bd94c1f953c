//! The core's rules on stdin, for the differential tests of the npm build's JS twins
//! (`tests/unit/differential.test.mjs`): one JSON request per line, one JSON answer per line.
//! Only the rule itself runs here; this file turns JSON into its arguments and its result into
//! JSON, in the shapes the test's JS side also produces.
//!
//! - `{"rule":"retryAfter","value":"…","nowMs":…}` → `{"ms":…}` (`null` when unreadable)
//! - `{"rule":"partialSuccess","hex":"…","contentType":"…"}` → `{"rejected":…,"message":"…"}`
//! - `{"rule":"traceparent","value":"…"}` → `{"parsed":null}` or `{"parsed":{traceId,parentId,flags,formatted}}`
//! - `{"rule":"sampleFlags","traceId":"…","sampling":{…},"parent":null|{flags,remote}}` → `{"flags":…}`
//! - `{"rule":"env","env":{…}}` and `{"rule":"options","options":{…}}` → `{"settings":{…}}` or `{"error":"…"}`
//! - `{"rule":"headers","value":"…"}` → `{"headers":[[k,v],…]}` or `{"error":"…"}`
//! - `{"rule":"merge","reports":[[name, report],…]}` → `{"report":{…}}`
//! - `{"rule":"httpStatus","status":N,"server":B}` gives `{"error":B}`
//! - `{"rule":"withoutCredentials","url":"…"}` → `{"url":"…"}`
//! - `{"rule":"redact","exporters":[{endpoint,headers}],"text":"…"}` → `{"text":"…"}`
//! - `{"rule":"constants"}` → the limits, defaults, marker and kinds both sides hold

use edgespan_core::{
    Backend, Compression, Config, ConfigError, ExporterReport, FlushReport, Protocol, Sampling,
    Secrets, SpanId, SpanKind, TraceId, TraceParent, Unfinished,
};
use serde_json::{json, Value};
use std::io::{BufRead, Write};

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let answer = match serde_json::from_str::<Value>(&line) {
            Ok(req) => answer(&req),
            Err(e) => json!({ "error": e.to_string() }),
        };
        if writeln!(out, "{answer}")
            .and_then(|()| out.flush())
            .is_err()
        {
            break;
        }
    }
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn answer(req: &Value) -> Value {
    match text(&req["rule"]) {
        "retryAfter" => {
            let now = req["nowMs"].as_f64().unwrap_or(0.0);
            json!({ "ms": edgespan_core::parse_retry_after(text(&req["value"]), now) })
        }
        "partialSuccess" => {
            let body = unhex(text(&req["hex"]));
            let p = edgespan_core::parse_partial(text(&req["contentType"]), &body);
            let (rejected, message) = p.map_or((0, String::new()), |p| (p.rejected, p.message));
            json!({ "rejected": rejected, "message": message })
        }
        "traceparent" => match TraceParent::parse(text(&req["value"])) {
            None => json!({ "parsed": null }),
            Some(tp) => json!({ "parsed": {
                "traceId": tp.trace_id.to_hex(),
                "parentId": tp.parent_span_id.to_hex(),
                "flags": tp.flags,
                "formatted": TraceParent::format(&tp.trace_id, &tp.parent_span_id, tp.flags),
            }}),
        },
        "sampleFlags" => {
            let trace = TraceId::from_hex(text(&req["traceId"])).unwrap_or(TraceId([0; 16]));
            let s = &req["sampling"];
            let sampling = Sampling::default()
                .with_ratio(s["ratio"].as_f64().unwrap_or(1.0))
                .with_parent_based(s["parentBased"].as_bool().unwrap_or(true));
            let parent = req["parent"].as_object().map(|p| {
                (
                    p["flags"].as_u64().unwrap_or(0) as u8,
                    p["remote"].as_bool().unwrap_or(false),
                )
            });
            json!({ "flags": sampling.flags(&trace, parent) })
        }
        "env" => {
            let env = &req["env"];
            settings(Config::from_vars(|k| env[k].as_str().map(String::from)))
        }
        "options" => settings(options(&req["options"])),
        "headers" => match edgespan_core::parse_headers(text(&req["value"])) {
            Ok(h) => json!({ "headers": h }),
            Err(e) => json!({ "error": e.message() }),
        },
        "merge" => {
            let reports = req["reports"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|p| (text(&p[0]).to_string(), report(&p[1])))
                        .collect()
                })
                .unwrap_or_default();
            json!({ "report": report_value(&edgespan_core::merge_reports(reports)) })
        }
        "httpStatus" => {
            let status = req["status"].as_u64().unwrap_or(0) as u16;
            let kind = if req["server"].as_bool() == Some(true) {
                SpanKind::Server
            } else {
                SpanKind::Client
            };
            json!({ "error": kind.http_status_is_error(status) })
        }
        "withoutCredentials" => {
            json!({ "url": edgespan_core::url_without_credentials(text(&req["url"])) })
        }
        "redact" => {
            let mut secrets = Secrets::default();
            for e in req["exporters"].as_array().into_iter().flatten() {
                for h in e["headers"].as_array().into_iter().flatten() {
                    secrets.add_header_value(text(&h[1]));
                }
                secrets.add_url(text(&e["endpoint"]));
            }
            json!({ "text": secrets.redact(text(&req["text"])) })
        }
        "constants" => {
            let kinds: Vec<Value> = [
                SpanKind::Internal,
                SpanKind::Server,
                SpanKind::Client,
                SpanKind::Producer,
                SpanKind::Consumer,
            ]
            .iter()
            .map(|&k| {
                let name = format!("{k:?}").to_lowercase();
                json!([name, k as u8, SpanKind::from_wire(k as u8) == k])
            })
            .collect();
            json!({
            "defaults": {
                "serviceName": edgespan_core::DEFAULT_SERVICE_NAME,
                "timeoutMs": edgespan_core::DEFAULT_TIMEOUT_MS,
                "maxQueueSpans": edgespan_core::DEFAULT_MAX_QUEUE_SPANS,
                "maxQueueBytes": edgespan_core::DEFAULT_MAX_QUEUE_BYTES,
                "maxBatchBytes": edgespan_core::DEFAULT_MAX_BATCH_BYTES,
                "maxConcurrentRequests": edgespan_core::DEFAULT_MAX_CONCURRENT_REQUESTS,
                "protobuf": Config::new("http://c").protocol == Protocol::Protobuf,
            },
            "maxTimeoutMs": edgespan_core::MAX_TIMEOUT_MS,
            "maxExporters": edgespan_core::MAX_EXPORTERS,
            "marker": edgespan_core::TRUNCATED_MARKER,
            "redacted": edgespan_core::REDACTED,
            "kinds": kinds,
            "inputKeys": edgespan_core::privacy::INPUT_KEYS,
            "outputKeys": edgespan_core::privacy::OUTPUT_KEYS,
            "baggageKeys": edgespan_core::trace_attrs::BAGGAGE_KEYS.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            "traceFields": edgespan_core::trace_attrs::FIELD_NAMES.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            })
        }
        other => json!({ "error": format!("unknown rule {other:?}") }),
    }
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

// An options object, as `new Tracer(options)` takes it, built with the Rust API. The generator
// only makes what the Rust API can express (u32 limits, known protocol and compression names).
fn options(o: &Value) -> Result<Config, ConfigError> {
    let mut c = Config::new(text(&o["endpoint"]));
    for h in o["headers"].as_array().into_iter().flatten() {
        c = c.with_header(text(&h[0]), text(&h[1]));
    }
    if let Some(p) = o["protocol"].as_str() {
        c = c.with_protocol(edgespan_core::parse_protocol(p)?);
    }
    if let Some(z) = o["compression"].as_str() {
        c = c.with_compression(edgespan_core::parse_compression(z)?);
    }
    if let Some(n) = o["serviceName"].as_str() {
        c = c.with_service_name(n);
    }
    let limit = |k: &str, d: u32| o[k].as_u64().map_or(d, |n| n as u32);
    let (t, qs, qb, bb, cr) = (
        limit("timeoutMs", c.timeout_ms),
        limit("maxQueueSpans", c.max_queue_spans),
        limit("maxQueueBytes", c.max_queue_bytes),
        limit("maxBatchBytes", c.max_batch_bytes),
        limit("maxConcurrentRequests", c.max_concurrent_requests),
    );
    c = c
        .with_timeout_ms(t)
        .with_max_queue_spans(qs)
        .with_max_queue_bytes(qb)
        .with_max_batch_bytes(bb)
        .with_max_concurrent_requests(cr);
    let s = &o["sampling"];
    let mut sampling = Sampling::default();
    if let Some(r) = s["ratio"].as_f64() {
        sampling.ratio = r;
    }
    sampling.keep_slower_than_ms = s["keepSlowerThanMs"].as_f64();
    if let Some(b) = s["keepErrors"].as_bool() {
        sampling.keep_errors = b;
    }
    if let Some(b) = s["parentBased"].as_bool() {
        sampling.parent_based = b;
    }
    c = c.with_sampling(sampling);
    c.validate()?;
    Ok(c)
}

fn settings(c: Result<Config, ConfigError>) -> Value {
    let c = match c {
        Ok(c) => c,
        Err(e) => return json!({ "error": e.message() }),
    };
    let exporters: Vec<Value> = c
        .exporters()
        .iter()
        .map(|e| {
            json!({
                "endpoint": e.endpoint,
                "headers": e.request_headers(),
                "format": match (&e.logs3, e.protocol) {
                    (Some(_), _) => "logs3",
                    (None, Protocol::Protobuf) => "protobuf",
                    (None, Protocol::Json) => "json",
                },
                "gzip": e.compression == Compression::Gzip,
                "backend": match e.backend {
                    Backend::Otlp => "otlp",
                    Backend::Braintrust => "braintrust",
                    Backend::Langfuse => "langfuse",
                    Backend::Laminar => "laminar",
                },
                "projectId": e.logs3.as_ref().map_or("", |l| l.project_id.as_str()),
            })
        })
        .collect();
    let resource: Vec<Value> = c
        .resource_attributes
        .iter()
        .map(|kv| match &kv.value {
            edgespan_core::Value::Str(v) => json!([kv.key, v]),
            other => json!([kv.key, format!("{other:?}")]),
        })
        .collect();
    json!({ "settings": {
        "exporters": exporters,
        "resourceAttributes": resource,
        "serviceName": c.service_name,
        "timeoutMs": c.timeout_ms,
        "maxQueueSpans": c.max_queue_spans,
        "maxQueueBytes": c.max_queue_bytes,
        "maxBatchBytes": c.max_batch_bytes,
        "maxConcurrentRequests": c.max_concurrent_requests,
        "sampling": {
            "ratio": c.sampling.ratio,
            "parentBased": c.sampling.parent_based,
            "keepErrors": c.sampling.keep_errors,
            "keepSlowerThanMs": c.sampling.keep_slower_than_ms,
        },
    }})
}

const COUNTS: [&str; 10] = [
    "exported",
    "failed",
    "dropped",
    "sampledOut",
    "retried",
    "pending",
    "openSpans",
    "openRows",
    "requests",
    "bytes",
];

fn report(v: &Value) -> FlushReport {
    let n = |k: &str| v[k].as_u64().unwrap_or(0);
    let strings = |k: &str| -> Vec<String> {
        v[k].as_array()
            .into_iter()
            .flatten()
            .map(|s| text(s).to_string())
            .collect()
    };
    let mut r = FlushReport::default();
    r.exported = n("exported");
    r.failed = n("failed");
    r.dropped = n("dropped");
    r.sampled_out = n("sampledOut");
    r.retried = n("retried");
    r.pending = n("pending");
    r.open_spans = n("openSpans");
    r.open_rows = n("openRows");
    r.requests = n("requests");
    r.bytes = n("bytes");
    r.duration_ms = v["durationMs"].as_f64().unwrap_or(0.0);
    r.errors = strings("errors");
    r.unfinished = v["unfinished"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| {
            let id = SpanId::from_hex(text(&u["spanId"])).unwrap_or(SpanId([0; 8]));
            Unfinished::new(text(&u["name"]), id, text(&u["state"]) == "incomplete")
        })
        .collect();
    r
}

fn report_value(r: &FlushReport) -> Value {
    let mut v: Value = serde_json::from_str(&edgespan_core::report_json(r)).unwrap_or_default();
    v["durationMs"] = json!(r.duration_ms);
    if !r.exporters.is_empty() {
        v["exporters"] = r.exporters.iter().map(exporter_value).collect();
    }
    debug_assert!(COUNTS.iter().all(|k| v.get(k).is_some()));
    v
}

fn exporter_value(e: &ExporterReport) -> Value {
    json!({
        "name": e.name, "exported": e.exported, "failed": e.failed, "retried": e.retried,
        "pending": e.pending, "openRows": e.open_rows, "requests": e.requests, "bytes": e.bytes,
        "errors": e.errors,
    })
}
