// A model call read from the provider's own JSON lives twice: in the npm build, wrapOpenAI and
// wrapAnthropic hand the SDK's request and answer to logLLM (js/integrations/, js/llm.js); in
// the Rust crate, `LlmJson::openai_chat` / `anthropic_messages` (src/llm_json.rs, the `json`
// feature). Both run here on the same generated requests and answers and must record the same
// gen_ai.* attributes and the same answer text. The Rust side answers through
// examples/llm_rules.rs; the JS side is the real wrapper around a fake client whose call returns
// the generated answer, with a fake parent span that keeps what logLLM was given.
//
// `make test` runs 3 000 cases per provider with a fixed seed; `make fuzz` sets
// EDGESPAN_FUZZ_SECONDS for random seeds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { rustPipe } from './rust-pipe.mjs';
import { llmAttributes, paramKey } from '../../js/llm.js';
import { wrapOpenAI } from '../../js/integrations/openai.js';
import { wrapAnthropic } from '../../js/integrations/anthropic.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fuzzSeconds = Number(process.env.EDGESPAN_FUZZ_SECONDS) || 0;
const runs = fuzzSeconds ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: fuzzSeconds * 1000, markInterruptAsFailure: false } : { numRuns: 3_000, seed: 20261206 };

let rust;
before(() => {
  rust = rustPipe(root, ['--features', 'json', '--example', 'llm_rules'], 'llm_rules');
});
after(() => rust?.stop());

// Attributes whose value is JSON text: compared as the values they spell (key order and number
// spelling are the encoder's own).
const JSON_KEYS = ['input.messages', 'output.messages', 'system_instructions', 'tool.definitions'];

// A JS number as the core stores it (Value::from_number): an integer below 2^53 is an int.
const fromNumber = (x) => (Number.isInteger(x) && Math.abs(x) < 2 ** 53 ? { i: x } : { d: x });
// A value given as it is, as js/value.js stages it.
function given(v) {
  if (typeof v === 'string') return { s: v };
  if (typeof v === 'number') return fromNumber(v);
  if (typeof v === 'boolean') return { b: v };
  if (v === null) return { s: 'null' };
  if (Array.isArray(v)) return { a: v.map(given) };
  return { m: Object.entries(v).map(([k, x]) => [k, given(x)]) };
}
function jsTagged([key, type, v]) {
  if (JSON_KEYS.includes(key)) return { j: JSON.parse(v) };
  switch (type) {
    case 'string':
      return { s: v };
    case 'int':
      return fromNumber(Math.trunc(v));
    case 'double':
      return { d: v };
    case 'strings':
      return { a: v.map((s) => ({ s })) };
    default:
      return given(v);
  }
}
const rustTagged = ([key, v]) => (JSON_KEYS.includes(key) ? { j: JSON.parse(v.s) } : v);
// Attributes by key, the last one set winning (as on the span); -0 and 0 are one number.
const byKey = (pairs) => JSON.parse(JSON.stringify(Object.fromEntries(pairs)));

// What the wrapper records: the real wrapper, a client whose call returns `response`, a parent
// whose span keeps the fields logLLM is given.
function jsSide(provider, request, response) {
  let fields;
  const span = new Proxy({}, { get: (_, k) => (k === 'logLLM' ? (f) => void (fields = f) : () => undefined) });
  const parent = { startSpan: () => span };
  const create = () => response;
  if (provider === 'openai') {
    wrapOpenAI({ chat: { completions: { create } } }, { parent }).chat.completions.create(request);
  } else {
    wrapAnthropic({ messages: { create } }, { parent }).messages.create(request);
  }
  const { attributes, answer } = llmAttributes(fields);
  return { attributes: byKey(attributes.map((a) => [a[0], jsTagged(a)])), answer: answer ?? null };
}

async function rustSide(provider, request, response) {
  const r = await rust.ask({ provider, request, response });
  return { attributes: byKey(r.attributes.map(([k, v]) => [k, rustTagged([k, v])])), answer: r.answer ?? null };
}

// Generators. Optional keys come and go; values are mostly the shapes the APIs send, sometimes the
// wrong type, so both sides' handling of a surprise is compared too.
const opt = (arb) => fc.option(arb, { nil: undefined });
const text = fc.string({ maxLength: 12 });
const count = fc.oneof(fc.nat(100_000), fc.double({ min: -1e6, max: 1e6, noNaN: true }), text, fc.constant(null));
const odd = fc.oneof(fc.constant(null), fc.integer({ min: -5, max: 5 }), fc.boolean(), text);
const jsonish = fc.jsonValue({ maxDepth: 3 });
// Tool call arguments: JSON text (as OpenAI sends them), text that is not JSON, or a value.
const args = fc.oneof(fc.json({ maxDepth: 2 }), text, jsonish);
// Drops the keys whose value is undefined (as the SDKs' JSON has no undefined).
const record = (shape) => fc.record(shape, { requiredKeys: [] });
const params = (names) =>
  record(Object.fromEntries(names.map((n) => [n, fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.integer({ min: -5, max: 4096 }), text, fc.array(text, { maxLength: 3 }), fc.boolean(), fc.constant(null), fc.dictionary(fc.constantFrom('type', 'name'), text, { maxKeys: 2 }))])));
const tokens = (names) => record(Object.fromEntries(names.map((n) => [n, count])));

const openaiPart = fc.oneof(
  record({ type: fc.constant('text'), text: fc.oneof(text, odd) }),
  record({ type: fc.constant('image_url'), image_url: fc.oneof(record({ url: text }), text) }),
  record({ type: fc.constantFrom('input_text', 'output_text', 'refusal'), text: opt(text), content: opt(text), refusal: opt(fc.oneof(text, odd)) }),
  text,
  odd,
);
const toolCall = record({ id: text, type: fc.constant('function'), function: record({ name: fc.oneof(text, fc.constant(null)), arguments: args }), name: text, arguments: args });
const openaiMessage = fc.oneof(
  { weight: 5, arbitrary: record({ role: fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 'model', null), content: fc.oneof(text, fc.constant(null), fc.array(openaiPart, { maxLength: 3 })), name: fc.oneof(text, odd), tool_calls: fc.array(toolCall, { maxLength: 2 }), tool_call_id: text, refusal: fc.oneof(text, odd), finish_reason: fc.oneof(text, odd), stop_reason: text }) },
  { weight: 1, arbitrary: fc.oneof(text, odd, jsonish) },
);
const openaiTool = fc.oneof(record({ type: fc.constant('function'), function: record({ name: fc.oneof(text, odd), description: opt(text), parameters: jsonish }) }), record({ type: fc.oneof(text, odd), name: text, description: text, parameters: jsonish, input_schema: jsonish, inputSchema: jsonish }), odd);
const finish = fc.oneof(fc.constantFrom('stop', 'length', 'tool_calls', 'content_filter', 'function_call', ''), odd);
const openaiRequest = fc
  .tuple(record({ model: fc.oneof(text, odd), messages: fc.oneof(fc.array(openaiMessage, { maxLength: 4 }), text, odd), tools: fc.oneof(fc.array(openaiTool, { maxLength: 2 }), odd) }), params(['temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'frequency_penalty', 'presence_penalty', 'seed', 'n', 'stop', 'tool_choice', 'parallel_tool_calls', 'reasoning_effort', 'service_tier', 'user', 'logprobs']))
  .map(([a, b]) => ({ ...a, ...b }));
const openaiResponse = fc.oneof(
  { weight: 6, arbitrary: record({ id: fc.oneof(text, odd), model: fc.oneof(text, odd), choices: fc.oneof(fc.array(fc.oneof(record({ index: fc.nat(3), message: fc.oneof(openaiMessage, odd), finish_reason: finish }), odd), { maxLength: 3 }), odd), usage: fc.oneof(fc.tuple(tokens(['prompt_tokens', 'completion_tokens', 'total_tokens', 'input_tokens']), record({ prompt_tokens_details: fc.oneof(tokens(['cached_tokens']), odd), completion_tokens_details: tokens(['reasoning_tokens']) })).map(([a, b]) => ({ ...a, ...b })), odd) }) },
  { weight: 1, arbitrary: odd },
);

const anthropicSource = fc.oneof(record({ type: fc.constant('base64'), media_type: text, data: text }), record({ type: fc.constant('url'), url: text }), record({ type: fc.oneof(text, odd) }), odd);
const anthropicBlock = fc.oneof(
  record({ type: fc.constant('text'), text: fc.oneof(text, odd) }),
  record({ type: fc.constantFrom('image', 'document'), source: anthropicSource }),
  record({ type: fc.constantFrom('tool_use', 'server_tool_use'), id: text, name: text, input: jsonish }),
  record({ type: fc.constant('tool_result'), tool_use_id: text, content: fc.oneof(text, fc.array(fc.oneof(record({ type: fc.constant('text'), text }), text, odd), { maxLength: 2 }), odd) }),
  record({ type: fc.constant('thinking'), thinking: text, signature: text }),
  record({ type: fc.constant('tool-call'), toolCallId: text, toolName: text, input: jsonish, args: jsonish }),
  record({ type: fc.constant('input_image'), image_url: text }),
  odd,
);
const anthropicMessage = fc.oneof({ weight: 5, arbitrary: record({ role: fc.constantFrom('user', 'assistant', 'model'), content: fc.oneof(text, fc.array(anthropicBlock, { maxLength: 3 }), odd) }) }, { weight: 1, arbitrary: fc.oneof(text, odd) });
const anthropicTool = fc.oneof(record({ name: fc.oneof(text, odd), description: text, input_schema: jsonish, type: fc.oneof(text, odd) }), odd);
const anthropicRequest = fc
  .tuple(record({ model: fc.oneof(text, odd), system: fc.oneof(text, fc.array(fc.oneof(record({ type: fc.constant('text'), text }), text), { maxLength: 2 }), odd), messages: fc.oneof(fc.array(anthropicMessage, { maxLength: 4 }), odd), tools: fc.oneof(fc.array(anthropicTool, { maxLength: 2 }), odd) }), params(['max_tokens', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'tool_choice', 'service_tier', 'metadata']))
  .map(([a, b]) => ({ ...a, ...b }));
const anthropicResponse = fc.oneof(
  { weight: 6, arbitrary: record({ id: fc.oneof(text, odd), type: fc.constant('message'), role: fc.constant('assistant'), model: fc.oneof(text, odd), content: fc.oneof(fc.array(anthropicBlock, { maxLength: 3 }), odd), stop_reason: fc.oneof(fc.constantFrom('end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'pause_turn', 'refusal', ''), odd), usage: fc.oneof(tokens(['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens']), odd) }) },
  { weight: 1, arbitrary: odd },
);

const same = (provider, request, response) => fc.asyncProperty(request, response, async (req, res) => {
  assert.deepEqual(await rustSide(provider, req, res), jsSide(provider, req, res));
});

test('OpenAI chat: LlmJson::openai_chat records what wrapOpenAI records', async () => {
  await fc.assert(same('openai', openaiRequest, openaiResponse), runs);
});

test('Anthropic messages: LlmJson::anthropic_messages records what wrapAnthropic records', async () => {
  await fc.assert(same('anthropic', anthropicRequest, anthropicResponse), runs);
});

test('a parameter name becomes the same gen_ai.request key and type', async () => {
  const name = fc.oneof(fc.constantFrom('max_tokens', 'max_completion_tokens', 'maxOutputTokens', 'n', 'stop', 'top_k', 'frequency_penalty', 'a__b', '_x', 'x_', 'A_b', 'x_1', 'temperature'), fc.stringMatching(/^[a-zA-Z_0-9]{0,12}$/));
  await fc.assert(
    fc.asyncProperty(name, async (n) => {
      const [key, type] = paramKey(n);
      assert.deepEqual(await rust.ask({ rule: 'paramKey', name: n }), { key, type });
    }),
    runs,
  );
});

test('a realistic call is recorded in full on both sides', async () => {
  const request = { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is 2+2?' }], temperature: 0.2, max_completion_tokens: 64, stop: ['\n\n'] };
  const response = { id: 'chatcmpl-1', model: 'gpt-4o-mini-2024-07-18', choices: [{ index: 0, message: { role: 'assistant', content: '4' }, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 1, total_tokens: 13, prompt_tokens_details: { cached_tokens: 4 } } };
  const r = await rustSide('openai', request, response);
  assert.deepEqual(r, jsSide('openai', request, response));
  assert.equal(r.answer, '4');
  assert.deepEqual(r.attributes['usage.cache_read.input_tokens'], { i: 4 });
  assert.deepEqual(r.attributes['request.max_tokens'], { i: 64 });
  assert.deepEqual(r.attributes['output.messages'].j, [{ role: 'assistant', parts: [{ type: 'text', content: '4' }], finish_reason: 'stop' }]);
});
