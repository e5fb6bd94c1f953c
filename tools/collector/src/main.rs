//! edgespan-collector: a loopback OTLP/HTTP trace collector for the demo and the tests.
//!
//! It decodes what it receives with `opentelemetry-proto` (prost for protobuf, its serde mapping
//! for JSON), so it checks edgespan's encoders instead of sharing code with them. It listens on
//! 127.0.0.1 only and exits by itself after `--max-seconds`.
//!
//! Endpoints:
//! - `POST …/v1/traces`: OTLP/HTTP JSON or protobuf, optionally `Content-Encoding: gzip`. Answers
//!   200 `{}`, or the next scripted fault.
//! - `POST …/logs3`: Braintrust's native ingestion, `{"rows": […], "api_version": 2}`; rows are
//!   kept as received (`GET /rows`) and applied as Braintrust documents it (`GET /merged`: one row
//!   per id; a row with `_is_merge: true` is deep-merged into the row with its id, or inserted
//!   when there is none; any other row replaces it).
//! - `GET /spans`: every span received, flattened to JSON (one object per span record).
//! - `GET /requests`: one line of JSON per export request (status answered, spans, bytes).
//! - `GET /tree`: received traces as indented trees with durations and key attributes.
//! - `POST /faults`: script answers for the next export requests, one per line:
//!   `<status> [retry-after=<value>] [delay-ms=<n>] [partial=<rejected>] [drop]` (`_` in a
//!   retry-after value stands for a space; `drop` hangs up without answering or recording). A line
//!   `default <status> …` applies whenever no scripted answer is left.
//! - `POST /auth`: emulate backends' auth checks, one rule per line:
//!   `<path suffix> <Authorization value> [x-bt-parent=<value>]`; an export to a path with that
//!   suffix (the longest matching rule applies) without exactly those headers gets 401.
//! - `GET /stats`: `{ "maxInFlight": n }`, the most export requests seen at once.
//! - `POST /reset`: forget spans, requests and faults. `POST /quit`: exit. `GET /health`.

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTracePartialSuccess, ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::{any_value, AnyValue, KeyValue};
use prost::Message;
use serde_json::{json, Map, Value};

mod tree;

#[derive(Default, Clone)]
struct Fault {
    status: u16,
    retry_after: Option<String>,
    delay_ms: u64,
    partial: u64,
    /// Hang up after the delay without answering or recording anything.
    drop: bool,
}

#[derive(Default)]
struct State {
    spans: Vec<Value>,
    /// Braintrust logs3 rows, as received.
    rows: Vec<Value>,
    /// The logs3 table after applying every row, in order of first arrival.
    merged: Vec<Value>,
    requests: Vec<Value>,
    faults: VecDeque<Fault>,
    /// Applies when no scripted fault is left (`default …` line).
    default_fault: Option<Fault>,
    in_flight: usize,
    max_in_flight: usize,
    /// Backend emulation: (path suffix, required Authorization, required x-bt-parent).
    auth: Vec<(String, String, Option<String>)>,
    /// Bumped by `/reset`, so requests from before a reset do not count as in flight after it.
    generation: u64,
}

type Shared = Arc<Mutex<State>>;

static START: std::sync::LazyLock<Instant> = std::sync::LazyLock::new(Instant::now);

fn main() {
    let mut port = 0u16;
    let mut max_seconds = 900u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => port = args.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            "--max-seconds" => {
                max_seconds = args.next().and_then(|v| v.parse().ok()).unwrap_or(900)
            }
            _ => {
                eprintln!("usage: edgespan-collector [--port N] [--max-seconds N]");
                std::process::exit(2);
            }
        }
    }
    let listener = match TcpListener::bind(("127.0.0.1", port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("collector: cannot listen on 127.0.0.1:{port}: {e}");
            std::process::exit(1);
        }
    };
    let addr = listener.local_addr().expect("bound socket has an address");
    println!("listening on http://{addr}");
    let _ = std::io::stdout().flush();

    // A bounded lifetime: the collector never outlives a test run that forgot it.
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(max_seconds));
        eprintln!("collector: --max-seconds reached, exiting");
        std::process::exit(0);
    });

    let state: Shared = Arc::default();
    std::sync::LazyLock::force(&START);
    for conn in listener.incoming() {
        let Ok(stream) = conn else { continue };
        let state = state.clone();
        std::thread::spawn(move || {
            let _ = serve(stream, &state);
        });
    }
}

struct Request {
    method: String,
    path: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

fn read_request(r: &mut BufReader<TcpStream>) -> std::io::Result<Option<Request>> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = HashMap::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let mut body = Vec::new();
    if headers
        .get("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)
                .unwrap_or(0);
            if size == 0 {
                // Trailers, then the blank line.
                loop {
                    line.clear();
                    if r.read_line(&mut line)? == 0 || line.trim().is_empty() {
                        break;
                    }
                }
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            r.read_exact(&mut body[start..])?;
            line.clear();
            r.read_line(&mut line)?;
        }
    } else if let Some(n) = headers
        .get("content-length")
        .and_then(|v| v.parse::<usize>().ok())
    {
        body.resize(n, 0);
        r.read_exact(&mut body)?;
    }
    Ok(Some(Request {
        method,
        path,
        headers,
        body,
    }))
}

fn respond(
    w: &mut TcpStream,
    status: u16,
    ctype: &str,
    extra: &[(&str, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: {ctype}\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    w.write_all(head.as_bytes())?;
    w.write_all(body)?;
    w.flush()
}

fn serve(stream: TcpStream, state: &Shared) -> std::io::Result<()> {
    let mut w = stream.try_clone()?;
    let mut r = BufReader::new(stream);
    while let Some(req) = read_request(&mut r)? {
        let path = req.path.split('?').next().unwrap_or("").to_string();
        match (req.method.as_str(), path.as_str()) {
            ("POST", p) if p.ends_with("/v1/traces") || p.ends_with("/logs3") => {
                export(&mut w, state, &req)?
            }
            ("GET", "/merged") => {
                let body = serde_json::to_vec(&state.lock().unwrap().merged).unwrap_or_default();
                respond(&mut w, 200, "application/json", &[], &body)?;
            }
            ("GET", "/rows") => {
                let body = serde_json::to_vec(&state.lock().unwrap().rows).unwrap_or_default();
                respond(&mut w, 200, "application/json", &[], &body)?;
            }
            ("GET", "/spans") => {
                let body = serde_json::to_vec(&state.lock().unwrap().spans).unwrap_or_default();
                respond(&mut w, 200, "application/json", &[], &body)?;
            }
            ("GET", "/requests") => {
                let body = serde_json::to_vec(&state.lock().unwrap().requests).unwrap_or_default();
                respond(&mut w, 200, "application/json", &[], &body)?;
            }
            ("GET", "/tree") => {
                let text = tree::render(&state.lock().unwrap().spans);
                respond(
                    &mut w,
                    200,
                    "text/plain; charset=utf-8",
                    &[],
                    text.as_bytes(),
                )?;
            }
            ("POST", "/faults") => {
                let text = String::from_utf8_lossy(&req.body).to_string();
                let mut s = state.lock().unwrap();
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    match line.trim().strip_prefix("default ") {
                        Some(rest) => s.default_fault = Some(parse_fault(rest)),
                        None => s.faults.push_back(parse_fault(line)),
                    }
                }
                respond(&mut w, 200, "text/plain", &[], b"ok")?;
            }
            ("POST", "/auth") => {
                let text = String::from_utf8_lossy(&req.body).to_string();
                let mut s = state.lock().unwrap();
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    let mut parts = line.trim().splitn(2, ' ');
                    let suffix = parts.next().unwrap_or("").to_string();
                    let rest = parts.next().unwrap_or("").trim();
                    let (auth, parent) = match rest.rsplit_once(" x-bt-parent=") {
                        Some((a, p)) => (a.to_string(), Some(p.to_string())),
                        None => (rest.to_string(), None),
                    };
                    s.auth.push((suffix, auth, parent));
                }
                respond(&mut w, 200, "text/plain", &[], b"ok")?;
            }
            ("POST", "/reset") => {
                let mut s = state.lock().unwrap();
                let generation = s.generation + 1;
                *s = State {
                    generation,
                    ..State::default()
                };
                respond(&mut w, 200, "text/plain", &[], b"ok")?;
            }
            ("POST", "/quit") => {
                respond(&mut w, 200, "text/plain", &[], b"bye")?;
                std::process::exit(0);
            }
            ("GET", "/stats") => {
                let body =
                    json!({ "maxInFlight": state.lock().unwrap().max_in_flight }).to_string();
                respond(&mut w, 200, "application/json", &[], body.as_bytes())?;
            }
            ("GET", "/health") => respond(&mut w, 200, "text/plain", &[], b"ok")?,
            _ => respond(&mut w, 404, "text/plain", &[], b"not found")?,
        }
    }
    Ok(())
}

fn parse_fault(line: &str) -> Fault {
    let mut f = Fault {
        status: 200,
        ..Default::default()
    };
    for (i, tok) in line.split_whitespace().enumerate() {
        if i == 0 {
            f.status = tok.parse().unwrap_or(200);
        } else if let Some(v) = tok.strip_prefix("retry-after=") {
            f.retry_after = Some(v.replace('_', " "));
        } else if let Some(v) = tok.strip_prefix("delay-ms=") {
            f.delay_ms = v.parse().unwrap_or(0);
        } else if let Some(v) = tok.strip_prefix("partial=") {
            f.partial = v.parse().unwrap_or(0);
        } else if tok == "drop" {
            f.drop = true;
        }
    }
    f
}

fn export(w: &mut TcpStream, state: &Shared, req: &Request) -> std::io::Result<()> {
    let generation = {
        let mut s = state.lock().unwrap();
        s.in_flight += 1;
        s.max_in_flight = s.max_in_flight.max(s.in_flight);
        s.generation
    };
    let result = answer_export(w, state, req);
    let mut s = state.lock().unwrap();
    if s.generation == generation {
        s.in_flight -= 1;
    }
    drop(s);
    result
}

fn answer_export(w: &mut TcpStream, state: &Shared, req: &Request) -> std::io::Result<()> {
    let ctype = req.headers.get("content-type").cloned().unwrap_or_default();
    let encoding = req
        .headers
        .get("content-encoding")
        .cloned()
        .unwrap_or_default();
    let fault = {
        let mut s = state.lock().unwrap();
        s.faults.pop_front().or_else(|| s.default_fault.clone())
    };
    if let Some(f) = &fault {
        std::thread::sleep(Duration::from_millis(f.delay_ms));
        if f.drop {
            eprintln!("collector: hung up without answering (scripted)");
            let _ = w.shutdown(std::net::Shutdown::Both);
            return Err(std::io::Error::other("scripted hang-up"));
        }
    }
    let path = req.path.split('?').next().unwrap_or("");
    let denied = {
        let s = state.lock().unwrap();
        let rule = s
            .auth
            .iter()
            .filter(|(suffix, _, _)| path.ends_with(suffix.as_str()))
            .max_by_key(|(suffix, _, _)| suffix.len());
        rule.is_some_and(|(_, auth, parent)| {
            req.headers.get("authorization") != Some(auth)
                || parent
                    .as_ref()
                    .is_some_and(|p| req.headers.get("x-bt-parent") != Some(p))
        })
    };
    let logs3 = path.ends_with("/logs3");
    let mut rows = Vec::new();
    let decoded = if denied {
        // Like some real backends, echo the credential it was given: the SDK must redact it.
        Err(format!(
            "unauthorized: invalid api key: {}",
            req.headers
                .get("authorization")
                .map_or("(none)", String::as_str)
        ))
    } else if logs3 {
        decode_rows(&req.body, &encoding).map(|r| {
            rows = r;
            ExportTraceServiceRequest::default()
        })
    } else {
        decode(&req.body, &ctype, &encoding)
    };
    let (status, spans, error) = match (&fault, decoded) {
        (_, Err(e)) if denied => (401, Vec::new(), Some(e)),
        (_, Err(e)) => (400, Vec::new(), Some(e)),
        (Some(f), Ok(_)) if !(200..300).contains(&f.status) => (f.status, Vec::new(), None),
        (_, Ok(r)) => (200, flatten(&r), None),
    };
    let accepted = if logs3 && status == 200 {
        rows.len()
    } else {
        spans.len()
    };
    {
        let mut s = state.lock().unwrap();
        if status == 200 {
            for r in &rows {
                apply_row(&mut s.merged, r);
            }
            s.rows.append(&mut rows);
        }
        let index = s.requests.len();
        s.requests.push(json!({
            "index": index,
            "at": START.elapsed().as_secs_f64() * 1000.0,
            "status": status,
            "spans": accepted,
            "bytes": req.body.len(),
            "contentType": ctype,
            "contentEncoding": encoding,
            "path": path,
            "error": error,
            "headers": req.headers,
        }));
        for mut sp in spans {
            sp["request"] = json!(index);
            s.spans.push(sp);
        }
    }
    if status == 200 {
        eprintln!(
            "collector: {accepted} spans in {} bytes{}",
            req.body.len(),
            if encoding.is_empty() { "" } else { " (gzip)" }
        );
    } else {
        eprintln!(
            "collector: answered {status}{}",
            error
                .as_deref()
                .map(|e| format!(": {e}"))
                .unwrap_or_default()
        );
    }
    let mut extra = Vec::new();
    if let Some(ra) = fault.as_ref().and_then(|f| f.retry_after.clone()) {
        extra.push(("retry-after", ra));
    }
    let partial = fault.as_ref().map_or(0, |f| f.partial);
    let message = "rejected by the test collector";
    if ctype.starts_with("application/x-protobuf") && status == 200 {
        // Answer in kind: an ExportTraceServiceResponse, empty unless partial.
        let response = ExportTraceServiceResponse {
            partial_success: (partial > 0).then(|| ExportTracePartialSuccess {
                rejected_spans: partial as i64,
                error_message: message.into(),
            }),
        };
        return respond(
            w,
            status,
            "application/x-protobuf",
            &extra,
            &response.encode_to_vec(),
        );
    }
    let body = if status == 400 || status == 401 {
        json!({ "error": error }).to_string()
    } else if partial > 0 {
        json!({ "partialSuccess": { "rejectedSpans": partial.to_string(), "errorMessage": message } }).to_string()
    } else {
        "{}".to_string()
    };
    respond(w, status, "application/json", &extra, body.as_bytes())
}

/// The body as sent, gunzipped when `Content-Encoding: gzip`.
fn gunzip_if(body: &[u8], encoding: &str) -> Result<Vec<u8>, String> {
    if encoding.eq_ignore_ascii_case("gzip") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(body)
            .read_to_end(&mut out)
            .map_err(|e| format!("bad gzip: {e}"))?;
        Ok(out)
    } else if encoding.is_empty() || encoding.eq_ignore_ascii_case("identity") {
        Ok(body.to_vec())
    } else {
        Err(format!("unsupported content-encoding {encoding}"))
    }
}

/// Applies one logs3 row to the table the way Braintrust documents `_is_merge`.
fn apply_row(table: &mut Vec<Value>, row: &Value) {
    fn deep_merge(into: &mut Value, from: &Value) {
        match (into, from) {
            (Value::Object(a), Value::Object(b)) => {
                for (k, v) in b {
                    deep_merge(a.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
            (a, b) => *a = b.clone(),
        }
    }
    let mut row = row.clone();
    let is_merge = row
        .as_object_mut()
        .and_then(|o| o.remove("_is_merge"))
        .is_some_and(|m| m == json!(true));
    match table.iter_mut().find(|r| r["id"] == row["id"]) {
        Some(old) if is_merge => deep_merge(old, &row),
        Some(old) => *old = row,
        None => table.push(row),
    }
}

fn decode_rows(body: &[u8], encoding: &str) -> Result<Vec<Value>, String> {
    let raw = gunzip_if(body, encoding)?;
    let v: Value = serde_json::from_slice(&raw).map_err(|e| format!("bad logs3 JSON: {e}"))?;
    if v["api_version"] != json!(2) {
        return Err("logs3: api_version must be 2".into());
    }
    let rows = v["rows"].as_array().ok_or("logs3: no rows")?;
    for r in rows {
        for k in [
            "id",
            "span_id",
            "root_span_id",
            "project_id",
            "log_id",
            "created",
        ] {
            if !r[k].is_string() {
                return Err(format!("logs3: row without {k}"));
            }
        }
    }
    Ok(rows.clone())
}

fn decode(body: &[u8], ctype: &str, encoding: &str) -> Result<ExportTraceServiceRequest, String> {
    let raw = gunzip_if(body, encoding)?;
    if ctype.starts_with("application/x-protobuf") || ctype.starts_with("application/protobuf") {
        ExportTraceServiceRequest::decode(raw.as_slice()).map_err(|e| format!("bad protobuf: {e}"))
    } else if ctype.starts_with("application/json") {
        serde_json::from_slice(&raw).map_err(|e| format!("bad OTLP JSON: {e}"))
    } else {
        Err(format!("unsupported content-type {ctype:?}"))
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn any_to_json(v: &AnyValue) -> Value {
    match &v.value {
        Some(any_value::Value::StringValue(s)) => json!(s),
        Some(any_value::Value::BoolValue(b)) => json!(b),
        Some(any_value::Value::IntValue(i)) => json!(i),
        Some(any_value::Value::DoubleValue(d)) if d.is_finite() => json!(d),
        // Spelled as JS spells them, so tests read the same text whatever the wire format.
        Some(any_value::Value::DoubleValue(d)) => json!(if d.is_nan() {
            "NaN"
        } else if *d > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }),
        Some(any_value::Value::ArrayValue(a)) => {
            Value::Array(a.values.iter().map(any_to_json).collect())
        }
        Some(any_value::Value::KvlistValue(kv)) => Value::Object(attrs(&kv.values)),
        Some(any_value::Value::BytesValue(b)) => json!(hex(b)),
        Some(_) | None => Value::Null,
    }
}

fn type_name(v: &AnyValue) -> &'static str {
    match &v.value {
        Some(any_value::Value::StringValue(_)) => "string",
        Some(any_value::Value::BoolValue(_)) => "bool",
        Some(any_value::Value::IntValue(_)) => "int",
        Some(any_value::Value::DoubleValue(_)) => "double",
        Some(any_value::Value::ArrayValue(_)) => "array",
        Some(any_value::Value::KvlistValue(_)) => "map",
        Some(any_value::Value::BytesValue(_)) => "bytes",
        _ => "empty",
    }
}

/// The OTLP type of each attribute (JSON numbers cannot tell an int from a double).
fn attr_types(list: &[KeyValue]) -> Map<String, Value> {
    list.iter()
        .map(|kv| {
            (
                kv.key.clone(),
                json!(kv.value.as_ref().map_or("empty", type_name)),
            )
        })
        .collect()
}

fn attrs(list: &[KeyValue]) -> Map<String, Value> {
    list.iter()
        .map(|kv| {
            (
                kv.key.clone(),
                kv.value.as_ref().map(any_to_json).unwrap_or(Value::Null),
            )
        })
        .collect()
}

/// One JSON object per span, with the resource and scope inlined.
fn flatten(r: &ExportTraceServiceRequest) -> Vec<Value> {
    let mut out = Vec::new();
    for rs in &r.resource_spans {
        let resource = rs
            .resource
            .as_ref()
            .map(|r| attrs(&r.attributes))
            .unwrap_or_default();
        for ss in &rs.scope_spans {
            let scope = ss
                .scope
                .as_ref()
                .map(|s| json!({ "name": s.name, "version": s.version }));
            for s in &ss.spans {
                let events: Vec<Value> = s
                    .events
                    .iter()
                    .map(|e| json!({ "name": e.name, "time": e.time_unix_nano.to_string(), "attributes": attrs(&e.attributes) }))
                    .collect();
                let links: Vec<Value> = s
                    .links
                    .iter()
                    .map(|l| json!({ "traceId": hex(&l.trace_id), "spanId": hex(&l.span_id), "traceState": l.trace_state, "attributes": attrs(&l.attributes) }))
                    .collect();
                out.push(json!({
                    "traceId": hex(&s.trace_id),
                    "spanId": hex(&s.span_id),
                    "parentSpanId": if s.parent_span_id.is_empty() { Value::Null } else { json!(hex(&s.parent_span_id)) },
                    "name": s.name,
                    "kind": s.kind,
                    "flags": s.flags,
                    "start": s.start_time_unix_nano.to_string(),
                    "end": s.end_time_unix_nano.to_string(),
                    "durationMs": (s.end_time_unix_nano.saturating_sub(s.start_time_unix_nano)) as f64 / 1e6,
                    "attributes": attrs(&s.attributes),
                    "attributeTypes": attr_types(&s.attributes),
                    "events": events,
                    "links": links,
                    "status": s.status.as_ref().map(|st| json!({ "code": st.code, "message": st.message })).unwrap_or(json!({ "code": 0, "message": "" })),
                    "resource": resource,
                    "scope": scope,
                }));
            }
        }
    }
    out
}
