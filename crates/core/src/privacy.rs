//! What a span records of an app's prompts and answers, and how `recordInputs: false` /
//! `recordOutputs: false` keep them out.
//!
//! [`INPUT_KEYS`] and [`OUTPUT_KEYS`] are every attribute through which a prompt or an answer
//! reaches a backend: `log`'s input and output, the GenAI messages of `logLLM` and of the
//! OpenTelemetry bridge, tool call arguments and results, the AI SDK's `ai.*` prompt and response
//! attributes, and the backends' own input and output keys. [`scrub`] removes them from a span
//! when it ends, before it is buffered, so nothing of them is ever encoded. The npm build's
//! `mask` option (and `Tracer::with_mask` in Rust) passes the text of the same fields through the
//! user's function before it is recorded (`js/rules/privacy.js` holds the JS copy of these
//! tables; the differential test compares them).

use crate::span::SpanData;

/// Attributes that carry what went into a model, a tool or a span: the prompt.
pub const INPUT_KEYS: &[&str] = &[
    "input.value",
    "gen_ai.input.messages",
    "gen_ai.system_instructions",
    "gen_ai.prompt",
    "gen_ai.tool.call.arguments",
    "ai.prompt",
    "ai.prompt.messages",
    "ai.toolCall.args",
    "ai.value",
    "ai.values",
    "langfuse.observation.input",
    "lmnr.span.input",
    "braintrust.input",
];

/// Attributes that carry what came out: the answer.
pub const OUTPUT_KEYS: &[&str] = &[
    "output.value",
    "gen_ai.output.messages",
    "gen_ai.completion",
    "gen_ai.tool.call.result",
    "ai.response.text",
    "ai.response.object",
    "ai.response.toolCalls",
    "ai.response.reasoning",
    "ai.toolCall.result",
    "langfuse.observation.output",
    "lmnr.span.output",
    "braintrust.output",
];

/// Which of a prompt and an answer the field `key` carries, if either (`input` and `output` are
/// `log`'s own fields).
pub fn carries(key: &str) -> Option<Field> {
    if key == "input" || INPUT_KEYS.contains(&key) {
        Some(Field::Input)
    } else if key == "output" || OUTPUT_KEYS.contains(&key) {
        Some(Field::Output)
    } else {
        None
    }
}

/// A prompt or an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// What went in.
    Input,
    /// What came out.
    Output,
}

/// Removes the inputs (unless `inputs`) and the outputs (unless `outputs`) from `span`: `log`'s
/// input or output, the `logLLM` messages and system instructions, and every attribute (on the
/// span and on its events) named in [`INPUT_KEYS`] / [`OUTPUT_KEYS`]. Everything else stays:
/// model, token counts, timing, status.
pub fn scrub(span: &mut SpanData, inputs: bool, outputs: bool) {
    if inputs && outputs {
        return;
    }
    let kept = |key: &str| match carries(key) {
        Some(Field::Input) => inputs,
        Some(Field::Output) => outputs,
        None => true,
    };
    if !inputs {
        span.log.input = None;
    }
    if !outputs {
        span.log.output = None;
    }
    // logLLM's fields are kept without their `gen_ai.` prefix.
    span.log
        .llm
        .retain(|kv| kept(&crate::text::cat(&["gen_ai.", &kv.key])));
    span.attributes.retain(|kv| kept(&kv.key));
    for e in &mut span.events {
        e.attributes.retain(|kv| kept(&kv.key));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;
    use crate::span::Payload;
    use crate::value::{KeyValue, Value};

    #[test]
    fn scrub_keeps_what_is_not_a_prompt_or_an_answer() {
        let mut s = SpanData::default();
        s.log.input = Some(Payload::Text("my e-mail is a@b.c".into()));
        s.log.output = Some(Payload::Text("hi".into()));
        s.log.llm = vec![
            KeyValue::new("input.messages", "[]"),
            KeyValue::new("output.messages", "[]"),
            KeyValue::new("request.model", "m"),
            KeyValue::new("usage.input_tokens", 3i64),
        ];
        s.attributes = vec![
            KeyValue::new("ai.prompt", "p"),
            KeyValue::new("ai.response.text", "r"),
            KeyValue::new("http.route", "/"),
        ];
        let mut only_outputs = s.clone();
        scrub(&mut only_outputs, false, true);
        assert!(only_outputs.log.input.is_none() && only_outputs.log.output.is_some());
        let keys = |s: &SpanData| -> Vec<String> {
            s.log
                .llm
                .iter()
                .chain(&s.attributes)
                .map(|kv| kv.key.clone())
                .collect()
        };
        assert_eq!(
            keys(&only_outputs),
            [
                "output.messages",
                "request.model",
                "usage.input_tokens",
                "ai.response.text",
                "http.route"
            ]
        );
        scrub(&mut s, false, false);
        assert_eq!(
            keys(&s),
            ["request.model", "usage.input_tokens", "http.route"]
        );
        assert_eq!(s.log.llm[1].value, Value::Int(3));
    }
}
