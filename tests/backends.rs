//! Each backend's extra attributes, on top of the default mapping: golden files of the exact
//! bytes, and the values read back through the independent decoder.

mod common;

use edgespan_core::Backend;
use edgespan_core::Encoder;
use edgespan_core::{Payload, Protocol, Row, SpanData};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value;

fn encode(backend: Backend, spans: &[SpanData]) -> Vec<u8> {
    let e = Encoder::for_backend(Protocol::Json, backend, "test-svc", "webjs");
    let mut arena = Vec::new();
    let mut ranges = Vec::new();
    for s in spans {
        let a = arena.len();
        e.span(&mut arena, s);
        ranges.push((a, arena.len()));
    }
    e.assemble(&arena, &ranges)
}

fn attr(body: &[u8], key: &str) -> Option<String> {
    let req: ExportTraceServiceRequest = serde_json::from_slice(body).unwrap();
    let s = &req.resource_spans[0].scope_spans[0].spans[0];
    s.attributes.iter().find(|kv| kv.key == key).and_then(|kv| {
        match kv.value.as_ref()?.value.as_ref()? {
            any_value::Value::StringValue(v) => Some(v.clone()),
            other => Some(format!("{other:?}")),
        }
    })
}

fn golden(name: &str, body: &[u8]) {
    common::golden_json(name, body);
}

#[test]
fn braintrust_langfuse_laminar_attributes() {
    let span = common::rich_span(1);
    let bt = encode(Backend::Braintrust, std::slice::from_ref(&span));
    golden("backend_braintrust.json", &bt);
    assert_eq!(
        attr(&bt, "braintrust.input").unwrap(),
        "\"What is 2+2?\"",
        "text input as a JSON string"
    );
    assert_eq!(
        attr(&bt, "braintrust.output").unwrap(),
        "{\"answer\":4}",
        "JSON output as it is"
    );
    let meta: serde_json::Value =
        serde_json::from_str(&attr(&bt, "braintrust.metadata").unwrap()).unwrap();
    assert_eq!(meta, serde_json::json!({ "model": "gpt-4o-mini" }));
    assert_eq!(
        attr(&bt, "input.value").unwrap(),
        "What is 2+2?",
        "the default mapping stays"
    );

    let lf = encode(Backend::Langfuse, std::slice::from_ref(&span));
    golden("backend_langfuse.json", &lf);
    assert_eq!(
        attr(&lf, "langfuse.observation.input").unwrap(),
        "What is 2+2?"
    );
    assert_eq!(
        attr(&lf, "langfuse.observation.output").unwrap(),
        "{\"answer\":4}"
    );

    let lm = encode(Backend::Laminar, std::slice::from_ref(&span));
    golden("backend_laminar.json", &lm);
    assert_eq!(attr(&lm, "lmnr.span.input").unwrap(), "\"What is 2+2?\"");
    assert_eq!(attr(&lm, "lmnr.span.type").unwrap(), "LLM");
    let mut plain = span.clone();
    plain.log.llm.clear();
    plain.log.input = Some(Payload::Json("[1,2]".into()));
    let lm2 = encode(Backend::Laminar, &[plain]);
    assert_eq!(attr(&lm2, "lmnr.span.type").unwrap(), "DEFAULT");
    assert_eq!(attr(&lm2, "lmnr.span.input").unwrap(), "[1,2]");

    let otlp = encode(Backend::Otlp, &[span]);
    assert!(attr(&otlp, "braintrust.input").is_none());
}

#[test]
fn logs3_rows_golden_and_shape() {
    let mut root = common::rich_span(1);
    root.parent_span_id = None;
    let child = common::rich_span(2);
    let e = Encoder::Logs3(edgespan_core::Logs3Encoder::new("proj-1"));
    let mut arena = Vec::new();
    let mut ranges = Vec::new();
    for s in [&root, &child] {
        let a = arena.len();
        e.span(&mut arena, s);
        ranges.push((a, arena.len()));
    }
    let body = e.assemble(&arena, &ranges);
    golden("logs3_rows.json", &body);
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["api_version"], 2);
    let r = &v["rows"][1];
    assert_eq!(r["id"], r["span_id"]);
    assert_eq!(r["id"], child.span_id.to_hex());
    assert_eq!(r["root_span_id"], child.trace_id.to_hex());
    assert_eq!(r["span_parents"][0], "abababababababab");
    assert_eq!(r["log_id"], "g");
    assert_eq!(r["created"], "2025-11-22T08:26:40.123Z");
    assert_eq!(r["span_attributes"]["type"], "llm");
    assert_eq!(r["input"], "What is 2+2?");
    assert_eq!(r["output"]["answer"], 4);
    assert_eq!(r["metadata"]["model"], "gpt-4o-mini");
    assert_eq!(r["metadata"]["gen_ai.request.model"], "gpt-4o-mini");
    assert_eq!(r["metrics"]["prompt_tokens"], 812);
    assert_eq!(r["metrics"]["completion_tokens"], 3);
    assert_eq!(r["metrics"]["tokens"], 815);
    assert_eq!(
        r["metrics"]["start"].as_f64().unwrap(),
        1_763_800_000.123_456_8
    );
    assert_eq!(r["error"], "bad \u{1} thing");
    assert_eq!(r["_is_merge"], false);
    assert!(v["rows"][0].get("span_parents").is_none());
}

#[test]
fn logs3_open_row_then_merge_row_golden() {
    // The same span while open (its open row) and once ended (the merge row completing it).
    let mut ended = common::rich_span(3);
    ended.row = Row::Completes;
    let open = SpanData {
        trace_id: ended.trace_id,
        span_id: ended.span_id,
        parent_span_id: ended.parent_span_id,
        name: ended.name.clone(),
        start_ns: ended.start_ns,
        row: Row::Open,
        ..Default::default()
    };
    let e = Encoder::Logs3(edgespan_core::Logs3Encoder::new("proj-1").with_open_rows(true));
    let mut arena = Vec::new();
    let mut ranges = Vec::new();
    for s in [&open, &ended] {
        let a = arena.len();
        e.span(&mut arena, s);
        ranges.push((a, arena.len()));
    }
    let body = e.assemble(&arena, &ranges);
    golden("logs3_open_then_merge.json", &body);
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let (o, m) = (&v["rows"][0], &v["rows"][1]);
    assert_eq!(
        (&o["_is_merge"], &m["_is_merge"]),
        (&true.into(), &true.into())
    );
    assert!(o["metrics"].get("end").is_none() && m["metrics"]["end"].is_number());
    // Everything the open row says, the merge row says too, with the same value.
    for k in [
        "id",
        "span_id",
        "root_span_id",
        "span_parents",
        "project_id",
        "log_id",
        "created",
    ] {
        assert_eq!(o[k], m[k], "{k}");
    }
    assert_eq!(o["metrics"]["start"], m["metrics"]["start"]);
    assert_eq!(o["span_attributes"]["name"], m["span_attributes"]["name"]);
    assert_eq!(o.as_object().unwrap().len(), 10, "{o}");
}

#[test]
fn rust_presets_match_the_js_golden_file() {
    use edgespan_core::{BraintrustProject, Config};
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/presets.json"
    ))
    .unwrap();
    let golden: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cases = [
        (
            "braintrust",
            Config::braintrust("bt-key", BraintrustProject::Name("my app"), None),
            Backend::Braintrust,
        ),
        (
            "braintrustById",
            Config::braintrust(
                "bt-key",
                BraintrustProject::Id("p-1"),
                Some("https://bt.example/"),
            ),
            Backend::Braintrust,
        ),
        (
            "langfuse",
            Config::langfuse("pk-lf", "sk-lf", None),
            Backend::Langfuse,
        ),
        (
            "langfuseUs",
            Config::langfuse("pk-lf", "sk-lf", Some("https://us.cloud.langfuse.com")),
            Backend::Langfuse,
        ),
        (
            "laminar",
            Config::laminar("lmnr-key", None),
            Backend::Laminar,
        ),
        (
            "phoenix",
            Config::phoenix(None, Some("px-key"), Some("my app")),
            Backend::Otlp,
        ),
        (
            "phoenixLocal",
            Config::phoenix(Some("http://127.0.0.1:6006/"), None, None),
            Backend::Otlp,
        ),
    ];
    for (name, c, backend) in cases {
        let g = &golden[name];
        assert_eq!(c.endpoint, g["endpoint"].as_str().unwrap(), "{name}");
        let headers: Vec<(String, String)> = g["headers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().into()))
            .collect();
        assert_eq!(c.headers, headers, "{name}");
        assert_eq!(c.backend, backend, "{name}");
        assert!(c.validate().is_ok(), "{name}");
    }
    assert_eq!(Config::laminar("k", None).protocol, Protocol::Protobuf);
}

#[test]
fn span_types_in_every_backend_spelling_and_no_span_without_a_kind() {
    use edgespan_core::{SpanType, SPAN_TYPES};
    let want = load_span_types();
    for (name, t) in SPAN_TYPES {
        let row = &want[*name];
        let mut s = common::rich_span(1);
        s.log = Default::default();
        s.log.span_type = *t;
        let otlp = encode(Backend::Otlp, std::slice::from_ref(&s));
        assert_eq!(
            attr(&otlp, "openinference.span.kind").as_deref(),
            row["openinference"].as_str(),
            "{name}"
        );
        assert_eq!(
            attr(&otlp, "gen_ai.operation.name").as_deref(),
            row["operation"].as_str(),
            "{name}"
        );
        let bt = encode(Backend::Braintrust, std::slice::from_ref(&s));
        let bt_type = format!("{{\"type\":\"{}\"}}", row["braintrust"].as_str().unwrap());
        assert_eq!(
            attr(&bt, "braintrust.span_attributes"),
            Some(bt_type),
            "{name}"
        );
        let lf = encode(Backend::Langfuse, std::slice::from_ref(&s));
        assert_eq!(
            attr(&lf, "langfuse.observation.type").as_deref(),
            row["langfuse"].as_str(),
            "{name}"
        );
        let lm = encode(Backend::Laminar, std::slice::from_ref(&s));
        assert_eq!(
            attr(&lm, "lmnr.span.type").as_deref(),
            row["laminar"].as_str(),
            "{name}"
        );
    }
    // No type: llm with logLLM fields, chain otherwise; never without a kind.
    let mut plain = common::rich_span(1);
    plain.log = Default::default();
    assert_eq!(
        attr(
            &encode(Backend::Otlp, &[plain.clone()]),
            "openinference.span.kind"
        )
        .as_deref(),
        Some("CHAIN")
    );
    plain.log.llm.push(edgespan_core::KeyValue {
        key: "request.model".into(),
        value: "m".into(),
    });
    assert_eq!(
        attr(
            &encode(Backend::Otlp, &[plain.clone()]),
            "openinference.span.kind"
        )
        .as_deref(),
        Some("LLM")
    );
    assert_eq!(SpanType::Unset.resolve(false), SpanType::Chain);
    // A type's operation never overrides logLLM's.
    plain.log.span_type = SpanType::Tool;
    plain.log.llm.push(edgespan_core::KeyValue {
        key: "operation.name".into(),
        value: "chat".into(),
    });
    assert_eq!(
        attr(&encode(Backend::Otlp, &[plain]), "gen_ai.operation.name").as_deref(),
        Some("chat")
    );
}

#[test]
fn a_logllm_span_without_output_shows_its_messages_as_input_and_output() {
    let mut s = common::rich_span(1);
    s.log = Default::default();
    s.log.llm.push(edgespan_core::KeyValue {
        key: "output.messages".into(),
        value: r#"[{"role":"assistant","parts":[{"type":"text","content":"4"}],"finish_reason":"stop"}]"#.into(),
    });
    let body = encode(Backend::Otlp, &[s]);
    assert!(attr(&body, "output.value")
        .unwrap()
        .contains("\"content\":\"4\""));
    assert_eq!(
        attr(&body, "output.mime_type").as_deref(),
        Some("application/json")
    );
    assert_eq!(attr(&body, "input.value"), None);
}

fn load_span_types() -> serde_json::Value {
    let path = format!(
        "{}/tests/vectors/span_types.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(path).unwrap()).unwrap()
        ["types"]
        .clone()
}

/// The session, user, tags and metadata of a trace, in every spelling each backend reads
/// (edgespan_core::trace_attrs::SPELLINGS): golden files, and the values read back.
#[test]
fn trace_attributes_in_each_backends_spelling() {
    use edgespan_core::{TraceAttributes, Value};
    let mut attrs = TraceAttributes::default();
    assert!(attrs.set("sessionId", Value::Str("conv-42".into())));
    assert!(attrs.set("userId", Value::Int(7)));
    assert!(attrs.set(
        "tags",
        Value::Array(vec![Value::Str("beta".into()), Value::Str("demo".into())])
    ));
    assert!(attrs.set(
        "metadata",
        Value::Map(vec![
            edgespan_core::KeyValue::new("plan", "pro"),
            edgespan_core::KeyValue::new("model", "overridden by the span's own"),
        ])
    ));
    assert!(
        !attrs.set("sessionId", Value::Bool(true)),
        "an id is text or an integer"
    );
    assert!(
        !attrs.set("session", Value::Str("x".into())),
        "unknown names change nothing"
    );
    let mut span = common::rich_span(1);
    span.log.tags = vec!["demo".into(), "span-own".into()];
    span.trace = Some(std::rc::Rc::new(attrs));
    let tags = |body: &[u8], key: &str| attr(body, key).unwrap_or_default();
    for (backend, name) in [
        (Backend::Otlp, "otlp"),
        (Backend::Langfuse, "langfuse"),
        (Backend::Laminar, "laminar"),
        (Backend::Braintrust, "braintrust"),
    ] {
        let body = encode(backend, std::slice::from_ref(&span));
        golden(&format!("trace_attrs_{name}.json"), &body);
        // Every backend: OpenInference's and the GenAI conventions' names (MLflow reads these).
        assert_eq!(attr(&body, "session.id").unwrap(), "conv-42");
        assert_eq!(attr(&body, "gen_ai.conversation.id").unwrap(), "conv-42");
        assert_eq!(attr(&body, "user.id").unwrap(), "7");
        assert_eq!(attr(&body, "metadata.plan").unwrap(), "pro");
        assert_eq!(
            attr(&body, "metadata.model").unwrap(),
            "gpt-4o-mini",
            "the span's own metadata wins"
        );
        let all = tags(&body, "tag.tags");
        for t in ["demo", "span-own", "beta"] {
            assert!(all.contains(t), "{name}: tag.tags has {t}: {all}");
        }
    }
    let lf = encode(Backend::Langfuse, std::slice::from_ref(&span));
    assert_eq!(attr(&lf, "langfuse.session.id").unwrap(), "conv-42");
    assert_eq!(attr(&lf, "langfuse.user.id").unwrap(), "7");
    assert_eq!(attr(&lf, "langfuse.trace.metadata.plan").unwrap(), "pro");
    assert!(tags(&lf, "langfuse.trace.tags").contains("beta"));
    let lm = encode(Backend::Laminar, std::slice::from_ref(&span));
    assert_eq!(
        attr(&lm, "lmnr.association.properties.session_id").unwrap(),
        "conv-42"
    );
    assert_eq!(
        attr(&lm, "lmnr.association.properties.user_id").unwrap(),
        "7"
    );
    assert_eq!(
        attr(&lm, "lmnr.association.properties.metadata.plan").unwrap(),
        "pro"
    );
    let bt = encode(Backend::Braintrust, std::slice::from_ref(&span));
    let meta: serde_json::Value =
        serde_json::from_str(&attr(&bt, "braintrust.metadata").unwrap()).unwrap();
    assert_eq!(
        meta,
        serde_json::json!({ "plan": "pro", "model": "gpt-4o-mini", "session_id": "conv-42", "user_id": "7" })
    );
    assert!(tags(&bt, "braintrust.tags").contains("span-own"));
    // Braintrust's own rows: the row's tags and metadata.
    let logs3 = edgespan_core::Logs3Encoder::new("proj-1");
    let mut row = Vec::new();
    logs3.span(&mut row, &span);
    let row: serde_json::Value = serde_json::from_slice(&row).unwrap();
    assert_eq!(row["metadata"]["session_id"], "conv-42");
    assert_eq!(row["metadata"]["user_id"], "7");
    assert_eq!(row["metadata"]["plan"], "pro");
    assert_eq!(row["tags"], serde_json::json!(["demo", "span-own", "beta"]));
}

/// `OTEL_RESOURCE_ATTRIBUTES` (and `Config::with_resource_attribute`) on the resource, in JSON
/// and protobuf, after `service.name` and with edgespan's own `telemetry.sdk.*` kept.
#[test]
fn resource_attributes_in_every_format() {
    use prost::Message;
    let vars = [
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"),
        (
            "OTEL_RESOURCE_ATTRIBUTES",
            "deployment.environment.name=prod, service.version=1.2.3,service.name=from-resource,telemetry.sdk.name=mine,team=a%2Cb",
        ),
    ];
    let config = edgespan_core::Config::from_vars(|k| {
        vars.iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.to_string())
    })
    .unwrap()
    .with_resource_attribute("cloud.region", "eu");
    assert_eq!(
        config.service_name, "from-resource",
        "its service.name names the service when OTEL_SERVICE_NAME does not"
    );
    let span = common::rich_span(1);
    for protocol in [Protocol::Json, Protocol::Protobuf] {
        let e = Encoder::for_target(protocol, Backend::Otlp, None, &config);
        let mut arena = Vec::new();
        e.span(&mut arena, &span);
        let body = e.assemble(&arena, &[(0, arena.len())]);
        let req: ExportTraceServiceRequest = match protocol {
            Protocol::Json => serde_json::from_slice(&body).unwrap(),
            Protocol::Protobuf => ExportTraceServiceRequest::decode(&body[..]).unwrap(),
        };
        let attrs: Vec<(String, String)> = req.resource_spans[0]
            .resource
            .as_ref()
            .unwrap()
            .attributes
            .iter()
            .map(
                |kv| match kv.value.as_ref().and_then(|v| v.value.as_ref()) {
                    Some(any_value::Value::StringValue(s)) => (kv.key.clone(), s.clone()),
                    other => (kv.key.clone(), format!("{other:?}")),
                },
            )
            .collect();
        let want: Vec<(String, String)> = [
            ("service.name", "from-resource"),
            ("deployment.environment.name", "prod"),
            ("service.version", "1.2.3"),
            ("team", "a,b"),
            ("cloud.region", "eu"),
            ("telemetry.sdk.name", "edgespan"),
            ("telemetry.sdk.language", "rust"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(attrs[..want.len()], want[..], "{protocol:?}");
    }
    let bad = edgespan_core::Config::from_vars(|k| match k {
        "OTEL_EXPORTER_OTLP_ENDPOINT" => Some("http://c".into()),
        "OTEL_RESOURCE_ATTRIBUTES" => Some("a=1,oops".into()),
        _ => None,
    });
    assert!(bad
        .unwrap_err()
        .message()
        .contains("no `=` or no key: oops"));
}

/// Span links as OTLP `Span.links` in protobuf and JSON, read back by the independent decoder.
#[test]
fn links_in_both_otlp_encodings() {
    use edgespan_core::{KeyValue, Link, SpanId, TraceId};
    use prost::Message;
    let mut span = common::rich_span(1);
    let linked = Link {
        trace_id: TraceId([7; 16]),
        span_id: SpanId([9; 8]),
        trace_state: "vendor=x".into(),
        attributes: vec![KeyValue::new("link.kind", "scheduled_by")],
    };
    span.add_link(linked.clone());
    span.add_link(Link {
        trace_id: TraceId([0; 16]),
        ..linked.clone()
    });
    assert_eq!(span.links.len(), 1, "an invalid id is left out");
    let config = edgespan_core::Config::new("http://c/v1/traces");
    for protocol in [Protocol::Json, Protocol::Protobuf] {
        let e = Encoder::for_target(protocol, Backend::Otlp, None, &config);
        let mut arena = Vec::new();
        e.span(&mut arena, &span);
        let body = e.assemble(&arena, &[(0, arena.len())]);
        let req: ExportTraceServiceRequest = match protocol {
            Protocol::Json => serde_json::from_slice(&body).unwrap(),
            Protocol::Protobuf => ExportTraceServiceRequest::decode(&body[..]).unwrap(),
        };
        let s = &req.resource_spans[0].scope_spans[0].spans[0];
        assert_eq!(s.links.len(), 1, "{protocol:?}");
        let l = &s.links[0];
        assert_eq!(l.trace_id, vec![7; 16]);
        assert_eq!(l.span_id, vec![9; 8]);
        assert_eq!(l.trace_state, "vendor=x");
        assert_eq!(l.attributes[0].key, "link.kind");
    }
}
