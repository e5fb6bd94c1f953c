//! An LLM-style Worker in Rust traced with edgespan: a request scope, retrieval, a model call and
//! a tool, the same trace shape as `examples/js-worker`. The scope finishes (and flushes) in
//! `ctx.wait_until`, so the isolate stays alive until delivery is done.
//!
//! `GET /multi` shows one buffer sent to two backends at once when `MULTI_BASE_URL` is set: OTLP
//! protobuf with gzip to `{MULTI_BASE_URL}/proto/v1/traces`, and Braintrust `logs3` rows with open
//! rows to `{MULTI_BASE_URL}/logs3`. It flushes twice, once while a span is still running, and
//! answers with both reports.
//!
//! `GET /chat?q=…` asks OpenAI's chat completions API at `OPENAI_BASE_URL` and records the call
//! from the request and answer JSON (`LlmJson`, the `json` feature).

use std::time::Duration;

use edgespan::{Compression, Config, FlushReport, LlmJson, LogFields, Payload, Span, Tracer};
use worker::{
    event, Context, Delay, Env, Fetch, Headers, Method, Request, RequestInit, Response, Result,
};

fn json(text: &str) -> Payload {
    Payload::Json(text.into())
}

async fn answer(parent: &Span, question: &str, fail_tool: bool) -> String {
    let agent = parent.start_span("agent.answer");
    agent.log(LogFields {
        input: Some(Payload::Text(question.into())),
        tags: vec!["demo".into()],
        ..Default::default()
    });

    let retrieve = agent.start_span("retrieve");
    Delay::from(Duration::from_millis(3)).await; // stands in for a vector search
    retrieve.log(LogFields {
        input: Some(json(
            &serde_json::json!({ "query": question, "k": 2 }).to_string(),
        )),
        output: Some(json(
            r#"[{"id":"doc-7","score":0.82},{"id":"doc-2","score":0.64}]"#,
        )),
        metadata: vec![edgespan::KeyValue {
            key: "index".into(),
            value: "docs-v3".into(),
        }],
        ..Default::default()
    });
    retrieve.end();

    let llm = agent.start_span("llm.chat");
    llm.set_attribute("gen_ai.operation.name", "chat");
    llm.set_attribute("gen_ai.request.model", "gpt-4o-mini");
    llm.log(LogFields {
        input: Some(json(
            &serde_json::json!([{ "role": "user", "content": question }]).to_string(),
        )),
        ..Default::default()
    });
    Delay::from(Duration::from_millis(8)).await; // stands in for the model API
    let reply = "Based on doc-7: edgespan buffers spans and flushes them in waitUntil.".to_string();
    llm.log(LogFields {
        output: Some(Payload::Text(reply.clone())),
        metrics: vec![
            edgespan::KeyValue {
                key: "prompt_tokens".into(),
                value: 812i64.into(),
            },
            edgespan::KeyValue {
                key: "completion_tokens".into(),
                value: 41i64.into(),
            },
        ],
        ..Default::default()
    });
    llm.end();

    let tool = agent.start_span("tool.cite");
    tool.log(LogFields {
        input: Some(json(r#"{"doc":"doc-7"}"#)),
        ..Default::default()
    });
    if fail_tool {
        tool.record_error("Error", "citation service unavailable");
    }
    tool.end();

    agent.log(LogFields {
        output: Some(Payload::Text(reply.clone())),
        ..Default::default()
    });
    agent.end();
    reply
}

fn report_json(r: &FlushReport) -> serde_json::Value {
    let exporters: Vec<serde_json::Value> = r
        .exporters
        .iter()
        .map(|e| {
            serde_json::json!({
                "name": e.name, "exported": e.exported, "failed": e.failed, "pending": e.pending,
                "openRows": e.open_rows, "requests": e.requests, "bytes": e.bytes, "errors": e.errors,
            })
        })
        .collect();
    serde_json::json!({
        "exported": r.exported, "openRows": r.open_rows, "openSpans": r.open_spans,
        "bytes": r.bytes, "errors": r.errors, "exporters": exporters,
    })
}

/// One buffer, two backends (see the crate docs).
async fn multi(env: &Env) -> Result<Response> {
    let base = env.var("MULTI_BASE_URL")?.to_string();
    let config = Config::new(format!("{base}/proto/v1/traces"))
        .with_service_name("edgespan-rust-example")
        .with_compression(Compression::Gzip)
        .with_exporter(
            Config::braintrust_logs("bt-key", "proj-1", Some(&base))
                .with_open_rows(true)
                .into(),
        );
    let t = Tracer::new(config).map_err(|e| worker::Error::RustError(e.message()))?;
    let root = t.start_span("request");
    root.log_input("What is 2+2?");
    let running = root.start_span("still.running");
    let llm = root.start_span("llm.chat");
    llm.log_output("4");
    llm.end();
    let first = t.flush().await; // llm goes out; root and still.running only as open rows
    running.end();
    root.log_output("4");
    root.end();
    let second = t.flush().await;
    let ids: Vec<String> = [&root, &running, &llm]
        .iter()
        .map(|s| s.span_id().to_hex())
        .collect();
    Response::from_json(&serde_json::json!({
        "first": report_json(&first), "second": report_json(&second), "spanIds": ids,
    }))
}

/// `tracing` spans as children of the request: `#[tracing::instrument]`, an `info_span!` inside,
/// an `err` return, and `log_llm` through `current_span()`.
#[tracing::instrument(err)]
async fn forecast(city: String) -> std::result::Result<u32, String> {
    {
        let lookup = tracing::info_span!("lookup", city = city.as_str(), hits = 0u64);
        let _entered = lookup.enter();
        tracing::info!(source = "cache", "looked up");
        lookup.record("hits", 2u64);
    }
    Delay::from(Duration::from_millis(1)).await;
    edgespan::current_span().log_llm(edgespan::LlmCall {
        provider: Some("openai"),
        model: Some("gpt-4o-mini"),
        ..Default::default()
    });
    if city == "Atlantis" {
        return Err("no such city".into());
    }
    Ok(21)
}

#[event(start)]
fn start() {
    // The tracing layer, once per isolate.
    use tracing_subscriber::prelude::*;
    let _ = tracing_subscriber::registry()
        .with(edgespan::tracing::layer())
        .try_init();
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, ctx: Context) -> Result<Response> {
    if req.path() == "/multi" {
        return multi(&env).await;
    }
    // One call: the request's SERVER span, `?` and all, finished and flushed in ctx.wait_until.
    edgespan::worker::instrument(req, env, ctx, |req, env, _ctx, root| async move {
        let url = req.url()?;
        if url.path() == "/chat" {
            let question = url
                .query_pairs()
                .find(|(k, _)| k == "q")
                .map_or_else(|| "What is 2+2?".into(), |(_, v)| v.into_owned());
            return chat(&root, &env, &question).await;
        }
        if url.path() == "/err" {
            return failing(&root).await;
        }
        if url.path() == "/tracing" {
            let city = url.query().unwrap_or("Paris").to_string();
            let reply = match forecast(city).await {
                Ok(t) => serde_json::json!({ "celsius": t }),
                Err(e) => serde_json::json!({ "error": e }),
            };
            return Response::from_json(&reply);
        }
        let question = url
            .query_pairs()
            .find(|(k, _)| k == "q")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| "Why do tracing SDKs lose spans on Workers?".into());
        let fail = url.query_pairs().any(|(k, _)| k == "fail");
        let reply = answer(&root, &question, fail).await;
        Response::from_json(&serde_json::json!({
            "answer": reply,
            "traceId": root.trace_id().to_hex(),
            "rootSpanId": root.span_id().to_hex(),
        }))
    })
    .await
}

/// A model call through the provider's HTTP API, recorded from its own JSON.
async fn chat(root: &Span, env: &Env, question: &str) -> Result<Response> {
    let base = env.var("OPENAI_BASE_URL")?.to_string();
    let request = serde_json::json!({
        "model": "gpt-4o-mini",
        "messages": [{ "role": "user", "content": question }],
        "temperature": 0.2,
    });
    let answer = root
        .traced("chat gpt-4o-mini", |llm| async move {
            let headers = Headers::new();
            headers.set("content-type", "application/json")?;
            let mut init = RequestInit::new();
            init.with_method(Method::Post)
                .with_headers(headers)
                .with_body(Some(request.to_string().into()));
            let sent = Request::new_with_init(&format!("{base}/chat/completions"), &init)?;
            let response: serde_json::Value = Fetch::Request(sent).send().await?.json().await?;
            llm.log_llm_json(&LlmJson::openai_chat(&request, &response));
            Ok::<_, worker::Error>(response)
        })
        .await?;
    Response::from_json(&answer)
}

/// A handler that fails half-way through with `?`: the span it left open ends with the scope,
/// and the root records the error.
async fn failing(root: &Span) -> Result<Response> {
    let load = root.start_span("load.profile");
    load.set_attribute("traceId", root.trace_id().to_hex());
    Delay::from(Duration::from_millis(2)).await;
    let profile: serde_json::Value = serde_json::from_str("{ not json")?;
    load.end();
    Response::from_json(&profile)
}
