//! An [`LlmCall`] filled from the provider's own JSON: the request body sent to OpenAI's chat
//! completions or Anthropic's messages API and the answer it returned, as `serde_json::Value`s.
//! Messages, tool definitions, usage and parameters become the GenAI forms `log_llm` records, the
//! same way the npm package's `wrapOpenAI` and `wrapAnthropic` record them (the differential tests
//! compare the two on generated requests and answers).

use crate::span::{LlmCall, Span};
use edgespan_core::{KeyValue, Value};
use serde_json::{Map, Value as Json};

/// The request parameters recorded from an OpenAI chat completions request.
const OPENAI_CHAT_PARAMS: &[&str] = &[
    "temperature",
    "top_p",
    "max_tokens",
    "max_completion_tokens",
    "frequency_penalty",
    "presence_penalty",
    "seed",
    "n",
    "stop",
    "tool_choice",
    "parallel_tool_calls",
    "reasoning_effort",
    "service_tier",
];
/// The request parameters recorded from an Anthropic messages request.
const ANTHROPIC_PARAMS: &[&str] = &[
    "max_tokens",
    "temperature",
    "top_p",
    "top_k",
    "stop_sequences",
    "tool_choice",
    "service_tier",
];

/// Provider finish reasons in the GenAI form of an output message's `finish_reason`.
const FINISH: &[(&str, &str)] = &[
    ("tool_calls", "tool_call"),
    ("function_call", "tool_call"),
    ("tool_use", "tool_call"),
    ("end_turn", "stop"),
    ("stop_sequence", "stop"),
    ("max_tokens", "length"),
    ("pause_turn", "stop"),
    ("refusal", "content_filter"),
];

/// What one model call sent and got back, in the forms [`Span::log_llm`] records; give it to
/// [`Span::log_llm_json`].
///
/// ```
/// # use edgespan::{LlmJson, Tracer};
/// # let span = Tracer::off("an example").start_span("llm.chat");
/// let request = serde_json::json!({
///     "model": "gpt-4o-mini",
///     "messages": [{ "role": "user", "content": "What is 2+2?" }],
///     "temperature": 0.2,
/// });
/// let response = serde_json::json!({
///     "id": "chatcmpl-1",
///     "model": "gpt-4o-mini-2024-07-18",
///     "choices": [{ "index": 0, "message": { "role": "assistant", "content": "4" }, "finish_reason": "stop" }],
///     "usage": { "prompt_tokens": 12, "completion_tokens": 1, "total_tokens": 13 },
/// });
/// span.log_llm_json(&LlmJson::openai_chat(&request, &response));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct LlmJson {
    /// `gen_ai.provider.name`.
    pub provider: Option<String>,
    /// `gen_ai.operation.name`.
    pub operation: Option<String>,
    /// `gen_ai.request.model`.
    pub model: Option<String>,
    /// `gen_ai.input.messages`, JSON text.
    pub input_messages_json: Option<String>,
    /// `gen_ai.output.messages`, JSON text.
    pub output_messages_json: Option<String>,
    /// `gen_ai.system_instructions`, JSON text.
    pub system_instructions_json: Option<String>,
    /// `gen_ai.tool.definitions`, JSON text.
    pub tool_definitions_json: Option<String>,
    /// Token counts: input (cached input included), output, cache read, cache creation, reasoning.
    pub input_tokens: Option<i64>,
    /// See `input_tokens`.
    pub output_tokens: Option<i64>,
    /// See `input_tokens`.
    pub cached_tokens: Option<i64>,
    /// See `input_tokens`.
    pub cache_creation_tokens: Option<i64>,
    /// See `input_tokens`.
    pub reasoning_tokens: Option<i64>,
    /// `gen_ai.response.id`.
    pub response_id: Option<String>,
    /// `gen_ai.response.model`.
    pub response_model: Option<String>,
    /// `gen_ai.response.finish_reasons`, as the provider spells them.
    pub finish_reasons: Vec<String>,
    /// The request's parameters by the provider's names (`max_tokens`, `stop`, …).
    pub params: Vec<KeyValue>,
    /// The text of the answer, which becomes the span's output unless one was logged.
    pub answer: Option<String>,
}

impl Span {
    /// Logs a model call read from the provider's JSON (see [`LlmJson`]), as [`Span::log_llm`]
    /// does.
    pub fn log_llm_json(&self, call: &LlmJson) {
        call.with_call(|c| self.log_llm(c));
    }
}

impl LlmJson {
    /// An OpenAI chat completions call: the request body (`model`, `messages`, `tools`, the
    /// sampling parameters) and the answer (`choices`, `usage`, `id`, `model`). Pass
    /// `&Value::Null` as the answer when the call failed.
    pub fn openai_chat(request: &Json, response: &Json) -> LlmJson {
        let mut out = LlmJson::request("openai", request, OPENAI_CHAT_PARAMS);
        let choices = response.get("choices");
        // The choices' finish reasons as given: JavaScript's truthy ones.
        let raw: Vec<&Json> = match choices {
            Some(Json::Array(list)) => list
                .iter()
                .filter_map(|c| c.get("finish_reason"))
                .filter(|v| truthy(v))
                .collect(),
            _ => Vec::new(),
        };
        out.finish_reasons = raw.iter().map(|v| js_string(Some(v))).collect();
        out.answer_fields(
            response,
            choices.and_then(|c| to_messages(c, "assistant")),
            &raw,
        );
        out
    }

    /// An Anthropic messages call: the request body (`model`, `system`, `messages`, `tools`, the
    /// sampling parameters) and the answer Message (`content`, `stop_reason`, `usage`, `id`,
    /// `model`). Pass `&Value::Null` as the answer when the call failed.
    pub fn anthropic_messages(request: &Json, response: &Json) -> LlmJson {
        let mut out = LlmJson::request("anthropic", request, ANTHROPIC_PARAMS);
        if let Some(sys) = request.get("system").filter(|v| !v.is_null()) {
            let parts = match sys {
                Json::String(_) => Json::Array(vec![to_part(sys)]),
                Json::Array(list) => Json::Array(list.iter().map(to_part).collect()),
                other => other.clone(),
            };
            out.system_instructions_json = Some(parts.to_string());
        }
        if response.is_object() {
            let stop: Vec<&Json> = response
                .get("stop_reason")
                .filter(|v| v.is_string())
                .into_iter()
                .collect();
            out.finish_reasons = stop.iter().map(|v| js_string(Some(v))).collect();
            out.answer_fields(
                response,
                Some(vec![to_message(response, "assistant")]),
                &stop,
            );
        }
        out
    }

    /// The attributes [`Span::log_llm_json`] records for this call (see [`LlmCall::attributes`]).
    pub fn attributes(&self) -> Vec<KeyValue> {
        self.with_call(|c| c.attributes())
    }

    /// `f` with this call as an [`LlmCall`].
    fn with_call<R>(&self, f: impl FnOnce(LlmCall<'_>) -> R) -> R {
        let reasons: Vec<&str> = self.finish_reasons.iter().map(String::as_str).collect();
        f(LlmCall {
            provider: self.provider.as_deref(),
            operation: self.operation.as_deref(),
            model: self.model.as_deref(),
            input_messages_json: self.input_messages_json.as_deref(),
            output_messages_json: self.output_messages_json.as_deref(),
            system_instructions_json: self.system_instructions_json.as_deref(),
            tool_definitions_json: self.tool_definitions_json.as_deref(),
            input_tokens: self.input_tokens,
            output_tokens: self.output_tokens,
            cached_tokens: self.cached_tokens,
            cache_creation_tokens: self.cache_creation_tokens,
            reasoning_tokens: self.reasoning_tokens,
            response_id: self.response_id.as_deref(),
            response_model: self.response_model.as_deref(),
            finish_reasons: &reasons,
            params: &self.params,
            answer: self.answer.as_deref(),
            ..LlmCall::default()
        })
    }

    /// What both providers' requests share: model, messages, tools, parameters.
    fn request(provider: &str, request: &Json, params: &[&str]) -> LlmJson {
        let mut out = LlmJson {
            provider: Some(provider.into()),
            operation: Some("chat".into()),
            model: string_field(request, "model"),
            ..LlmJson::default()
        };
        if let Some(list) = request.get("messages").and_then(|m| to_messages(m, "user")) {
            out.input_messages_json = Some(Json::Array(list).to_string());
        }
        match request.get("tools") {
            Some(Json::Array(list)) => {
                let tools: Vec<Json> = list.iter().map(to_tool).collect();
                out.tool_definitions_json = Some(Json::Array(tools).to_string());
            }
            Some(v) if !v.is_null() => out.tool_definitions_json = Some(v.to_string()),
            _ => {}
        }
        if let Json::Object(body) = request {
            for (k, v) in body {
                if params.contains(&k.as_str()) && !v.is_null() {
                    out.params.push(KeyValue::new(k.as_str(), to_value(v, 0)));
                }
            }
        }
        out
    }

    /// The answer's usage, id, model and messages (in the GenAI form), and its text; `reasons` are
    /// the finish reasons as the provider gave them.
    fn answer_fields(&mut self, response: &Json, output: Option<Vec<Json>>, reasons: &[&Json]) {
        self.response_id = string_field(response, "id");
        self.response_model = string_field(response, "model");
        self.usage(response.get("usage"));
        let Some(mut output) = output else { return };
        if self.finish_reasons.is_empty() {
            // No finish reasons given: the ones the output messages carry.
            self.finish_reasons = output
                .iter()
                .filter_map(|m| m.get("finish_reason").and_then(Json::as_str))
                .map(String::from)
                .collect();
        } else if self.finish_reasons.len() == output.len() {
            // Each output message carries its finish reason, as the GenAI conventions require.
            for (m, r) in output.iter_mut().zip(reasons) {
                if let (Json::Object(m), Json::String(r)) = (m, r) {
                    let why = finish_reason(r);
                    if !m.contains_key("finish_reason") && !why.is_empty() {
                        m.insert("finish_reason".into(), why.into());
                    }
                }
            }
        }
        self.answer = answer_text(&output);
        self.output_messages_json = Some(Json::Array(output).to_string());
    }

    /// Usage from OpenAI's or Anthropic's usage object. Anthropic counts cached input apart from
    /// `input_tokens`; GenAI's input tokens include it.
    fn usage(&mut self, u: Option<&Json>) {
        let Some(u @ Json::Object(_)) = u else { return };
        // The first of `paths` that holds a value: a number, or nothing when it holds another type.
        let first = |paths: &[&[&str]]| -> Option<f64> {
            for path in paths {
                let mut v = Some(u);
                for k in *path {
                    v = v.and_then(|o| o.get(*k));
                }
                match v {
                    None | Some(Json::Null) => continue,
                    Some(v) => return v.as_f64(),
                }
            }
            None
        };
        let mut input = first(&[
            &["inputTokens"],
            &["input_tokens"],
            &["prompt_tokens"],
            &["promptTokens"],
        ]);
        let output = first(&[
            &["outputTokens"],
            &["output_tokens"],
            &["completion_tokens"],
            &["completionTokens"],
        ]);
        let cached = first(&[
            &["cachedTokens"],
            &["cache_read_input_tokens"],
            &["prompt_tokens_details", "cached_tokens"],
            &["input_tokens_details", "cached_tokens"],
            &["cachedInputTokens"],
        ]);
        let created = first(&[&["cacheCreationTokens"], &["cache_creation_input_tokens"]]);
        let reasoning = first(&[
            &["reasoningTokens"],
            &["completion_tokens_details", "reasoning_tokens"],
            &["output_tokens_details", "reasoning_tokens"],
        ]);
        let number = |k: &str| u.get(k).and_then(Json::as_f64);
        let (read, made) = (
            number("cache_read_input_tokens"),
            number("cache_creation_input_tokens"),
        );
        if (read.is_some() || made.is_some()) && input.is_some() && number("input_tokens") == input
        {
            input = input.map(|n| n + (read.unwrap_or(0.0) + made.unwrap_or(0.0)));
        }
        let int = |x: Option<f64>| x.map(|x| x.trunc() as i64);
        self.input_tokens = int(input);
        self.output_tokens = int(output);
        self.cached_tokens = int(cached);
        self.cache_creation_tokens = int(created);
        self.reasoning_tokens = int(reasoning);
    }
}

/// A provider finish reason as GenAI names it; other values pass through.
fn finish_reason(r: &str) -> &str {
    FINISH.iter().find(|(k, _)| *k == r).map_or(r, |(_, v)| v)
}

/// JavaScript's truthiness of a JSON value.
fn truthy(v: &Json) -> bool {
    match v {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Json::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// A value as JavaScript's `String(v)` spells it (`undefined` for a missing one).
fn js_string(v: Option<&Json>) -> String {
    match v {
        None => "undefined".into(),
        Some(Json::String(s)) => s.clone(),
        Some(Json::Array(items)) => items
            .iter()
            .map(|i| {
                if i.is_null() {
                    String::new()
                } else {
                    js_string(Some(i))
                }
            })
            .collect::<Vec<_>>()
            .join(","),
        Some(Json::Object(_)) => "[object Object]".into(),
        Some(other) => other.to_string(),
    }
}

/// `o[k]` as a string when it is neither missing nor null.
fn string_field(o: &Json, k: &str) -> Option<String> {
    o.get(k)
        .filter(|v| !v.is_null())
        .map(|v| js_string(Some(v)))
}

/// A JSON value as an attribute value, the way the npm package records one it is given.
fn to_value(v: &Json, depth: usize) -> Value {
    const MAX_DEPTH: usize = 8;
    const MAX_ITEMS: usize = 1000;
    match v {
        Json::Null => Value::Str("null".into()),
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::from_number(n.as_f64().unwrap_or(f64::NAN)),
        Json::String(s) => Value::Str(s.clone()),
        _ if depth >= MAX_DEPTH => Value::Str("[MaxDepth]".into()),
        Json::Array(items) => Value::Array(
            items
                .iter()
                .take(MAX_ITEMS)
                .map(|i| to_value(i, depth + 1))
                .collect(),
        ),
        Json::Object(m) => Value::Map(
            m.iter()
                .take(MAX_ITEMS)
                .map(|(k, i)| KeyValue::new(k.as_str(), to_value(i, depth + 1)))
                .collect(),
        ),
    }
}

/// A new object from `(key, value)` pairs, leaving out the missing ones.
fn object<const N: usize>(pairs: [(&str, Option<Json>); N]) -> Json {
    let mut m = Map::new();
    for (k, v) in pairs {
        if let Some(v) = v {
            m.insert(k.into(), v);
        }
    }
    Json::Object(m)
}

fn text_part(content: &str) -> Json {
    object([
        ("type", Some("text".into())),
        ("content", Some(content.into())),
    ])
}

/// A tool's `arguments` as a value: JSON text is parsed, anything else kept.
fn parse_args(a: &Json) -> Json {
    match a {
        Json::String(s) => serde_json::from_str(s).unwrap_or_else(|_| a.clone()),
        other => other.clone(),
    }
}

/// The text of content that may be a string or text parts (a tool result, say).
fn text_of(content: &Json) -> Json {
    let Json::Array(list) = content else {
        return content.clone();
    };
    let texts: Vec<&str> = list
        .iter()
        .filter_map(|p| match p {
            Json::String(s) => Some(s.as_str()),
            p => p.get("text").and_then(Json::as_str),
        })
        .collect();
    if texts.len() == list.len() {
        Json::String(texts.concat())
    } else {
        content.clone()
    }
}

/// `p[k]` when present (null included), cloned.
fn field(p: &Json, k: &str) -> Option<Json> {
    p.get(k).cloned()
}

/// `p[a] ?? p[b]`: the first that is neither missing nor null.
fn either(p: &Json, a: &str, b: &str) -> Option<Json> {
    p.get(a)
        .filter(|v| !v.is_null())
        .or_else(|| p.get(b))
        .cloned()
}

/// One content part in the GenAI form: text, tool_call, tool_call_response, reasoning, uri,
/// blob; other parts are kept as they are.
fn to_part(p: &Json) -> Json {
    if let Json::String(s) = p {
        return text_part(s);
    }
    let kind = p.get("type").and_then(Json::as_str).unwrap_or_default();
    let s = |v: &str| Some(Json::from(v));
    match kind {
        "text" | "input_text" | "output_text" => match either(p, "text", "content") {
            Some(Json::String(t)) => text_part(&t),
            _ => p.clone(),
        },
        "refusal" => object([
            ("type", s("refusal")),
            ("content", Some(js_string(p.get("refusal")).into())),
        ]),
        "tool_use" | "server_tool_use" => object([
            ("type", s("tool_call")),
            ("id", field(p, "id")),
            ("name", field(p, "name")),
            ("arguments", field(p, "input")),
        ]),
        "tool-call" => object([
            ("type", s("tool_call")),
            ("id", field(p, "toolCallId")),
            ("name", field(p, "toolName")),
            ("arguments", either(p, "input", "args")),
        ]),
        "tool_result" => object([
            ("type", s("tool_call_response")),
            ("id", field(p, "tool_use_id")),
            ("response", p.get("content").map(text_of)),
        ]),
        "thinking" => object([("type", s("reasoning")), ("content", field(p, "thinking"))]),
        "image_url" => {
            let uri = match p.get("image_url") {
                Some(u @ Json::String(_)) => Some(u.clone()),
                Some(u) => u.get("url").cloned(),
                None => None,
            };
            object([("type", s("uri")), ("modality", s("image")), ("uri", uri)])
        }
        "input_image" => object([
            ("type", s("uri")),
            ("modality", s("image")),
            ("uri", field(p, "image_url")),
        ]),
        "image" | "document" => {
            let src = p.get("source").unwrap_or(&Json::Null);
            let modality = s(kind);
            match src.get("type").and_then(Json::as_str) {
                Some("base64") => object([
                    ("type", s("blob")),
                    ("modality", modality),
                    ("mime_type", field(src, "media_type")),
                    ("content", field(src, "data")),
                ]),
                Some("url") => object([
                    ("type", s("uri")),
                    ("modality", modality),
                    ("uri", field(src, "url")),
                ]),
                _ => p.clone(),
            }
        }
        _ => p.clone(),
    }
}

/// An OpenAI `tool_calls` entry as a GenAI tool_call part.
fn tool_call_part(tc: &Json) -> Json {
    let f = tc.get("function").unwrap_or(&Json::Null);
    object([
        ("type", Some("tool_call".into())),
        ("id", field(tc, "id")),
        (
            "name",
            f.get("name")
                .filter(|v| !v.is_null())
                .or_else(|| tc.get("name"))
                .cloned(),
        ),
        (
            "arguments",
            f.get("arguments")
                .filter(|v| !v.is_null())
                .or_else(|| tc.get("arguments"))
                .map(parse_args),
        ),
    ])
}

/// A chat message in the GenAI form `{ role, parts, name?, finish_reason? }`: OpenAI chat messages
/// and choices, Anthropic messages, a bare string (a `role` turn). Anything else is kept.
fn to_message(m: &Json, role: &str) -> Json {
    let obj = match m {
        Json::String(s) => {
            return object([
                ("role", Some(role.into())),
                ("parts", Some(Json::Array(vec![text_part(s)]))),
            ])
        }
        Json::Object(o) => o,
        other => return other.clone(),
    };
    // A choice: its message, with the choice's finish reason.
    if let (Some(inner @ (Json::Object(_) | Json::Array(_))), Some(why)) =
        (obj.get("message"), obj.get("finish_reason"))
    {
        let out = to_message(inner, "assistant");
        let why = why.as_str().map(finish_reason).unwrap_or_default();
        if why.is_empty() {
            return out;
        }
        let mut o = match out {
            Json::Object(o) => o,
            // A list where the message belongs: its items under their indexes, as JavaScript's
            // object spread makes them.
            Json::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            other => return other,
        };
        o.insert("finish_reason".into(), why.into());
        return Json::Object(o);
    }
    let given = obj.get("parts");
    let content = obj.get("content");
    let tool_calls = obj.get("tool_calls");
    if !matches!(given, Some(Json::Array(_))) && content.is_none() && tool_calls.is_none() {
        return m.clone();
    }
    let r = obj.get("role").filter(|r| !r.is_null());
    let parts = if let Some(given @ Json::Array(_)) = given {
        given.clone()
    } else if r.and_then(Json::as_str) == Some("tool") && obj.contains_key("tool_call_id") {
        Json::Array(vec![object([
            ("type", Some("tool_call_response".into())),
            ("id", field(m, "tool_call_id")),
            ("response", content.map(text_of)),
        ])])
    } else {
        let mut parts = match content {
            Some(Json::String(s)) => vec![text_part(s)],
            Some(Json::Array(list)) => list.iter().map(to_part).collect(),
            _ => Vec::new(),
        };
        if let Some(Json::String(refusal)) = obj.get("refusal") {
            parts.push(object([
                ("type", Some("refusal".into())),
                ("content", Some(refusal.as_str().into())),
            ]));
        }
        if let Some(Json::Array(list)) = tool_calls {
            parts.extend(list.iter().map(tool_call_part));
        }
        Json::Array(parts)
    };
    let role = match r {
        Some(Json::String(s)) if s == "model" => "assistant".into(),
        Some(r) => r.clone(),
        None => role.into(),
    };
    let mut out = Map::new();
    out.insert("role".into(), role);
    out.insert("parts".into(), parts);
    if let Some(name @ Json::String(_)) = obj.get("name") {
        out.insert("name".into(), name.clone());
    }
    let why = obj
        .get("finish_reason")
        .filter(|v| !v.is_null())
        .or_else(|| obj.get("stop_reason"));
    if let Some(Json::String(why)) = why {
        let why = finish_reason(why);
        if !why.is_empty() {
            out.insert("finish_reason".into(), why.into());
        }
    }
    Json::Object(out)
}

/// Messages (an array, or one string) in the GenAI form.
fn to_messages(v: &Json, role: &str) -> Option<Vec<Json>> {
    match v {
        Json::String(_) => Some(vec![to_message(v, role)]),
        Json::Array(list) => Some(list.iter().map(|m| to_message(m, role)).collect()),
        _ => None,
    }
}

/// A tool definition in the GenAI form `{ type, name, description?, parameters? }`.
fn to_tool(t: &Json) -> Json {
    if !t.is_object() {
        return t.clone();
    }
    let f = t.get("function").filter(|f| f.is_object() || f.is_array());
    let src = f.unwrap_or(t);
    let Some(name @ Json::String(_)) = src.get("name") else {
        return t.clone();
    };
    let kind = match f {
        Some(_) => Json::from("function"),
        None => t
            .get("type")
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or_else(|| "function".into()),
    };
    let parameters = src
        .get("parameters")
        .filter(|v| !v.is_null())
        .or_else(|| src.get("input_schema").filter(|v| !v.is_null()))
        .or_else(|| src.get("inputSchema"));
    object([
        ("type", Some(kind)),
        ("name", Some(name.clone())),
        ("description", field(src, "description")),
        ("parameters", parameters.cloned()),
    ])
}

/// The text parts of output messages, joined; `None` when they have none.
fn answer_text(list: &[Json]) -> Option<String> {
    let texts: Vec<&str> = list
        .iter()
        .filter_map(|m| m.get("parts").and_then(Json::as_array))
        .flatten()
        .filter(|p| p.get("type").and_then(Json::as_str) == Some("text"))
        .filter_map(|p| p.get("content").and_then(Json::as_str))
        .collect();
    (!texts.is_empty()).then(|| texts.join("\n"))
}
