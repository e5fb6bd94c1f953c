// logLLM takes the SDKs' own objects: OpenAI chat and Responses, Anthropic, Workers AI and AI SDK
// shapes become GenAI messages, usage and parameters; what cannot be used is a problem to report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { llmAttributes, toMessage, usageOf, toTool } from '../../js/llm.js';

const attrs = (fields) => {
  const r = llmAttributes(fields);
  return { ...r, by: Object.fromEntries(r.attributes.map(([k, t, v]) => [k, [t, t === 'json' ? JSON.parse(v) : v]])) };
};

test('OpenAI chat: null content with tool_calls, tool results, choices with finish_reason', () => {
  const { by, problems, answer } = attrs({
    provider: 'openai',
    model: 'gpt-4o-mini',
    inputMessages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image_url', image_url: { url: 'https://x/i.png' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '21°C' },
    ],
    outputMessages: [{ index: 0, message: { role: 'assistant', content: 'It is 21°C.', refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 2 } },
    params: { temperature: 0.2, max_completion_tokens: 100, tool_choice: 'auto' },
    toolDefinitions: [{ type: 'function', function: { name: 'weather', description: 'Weather by city', parameters: { type: 'object' } } }],
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(by['input.messages'][1], [
    { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
    { role: 'user', parts: [{ type: 'text', content: 'Weather?' }, { type: 'uri', modality: 'image', uri: 'https://x/i.png' }] },
    { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: '21°C' }] },
  ]);
  assert.deepEqual(by['output.messages'][1], [{ role: 'assistant', parts: [{ type: 'text', content: 'It is 21°C.' }], finish_reason: 'stop' }]);
  assert.deepEqual(by['response.finish_reasons'], ['strings', ['stop']], 'derived from the output messages');
  assert.deepEqual(by['usage.input_tokens'], ['int', 20]);
  assert.deepEqual(by['usage.output_tokens'], ['int', 5]);
  assert.deepEqual(by['usage.cache_read.input_tokens'], ['int', 4]);
  assert.deepEqual(by['usage.reasoning.output_tokens'], ['int', 2]);
  assert.deepEqual(by['request.temperature'], ['double', 0.2]);
  assert.deepEqual(by['request.max_tokens'], ['int', 100]);
  assert.deepEqual(by['request.tool_choice'], ['value', 'auto']);
  assert.deepEqual(by['tool.definitions'][1], [{ type: 'function', name: 'weather', description: 'Weather by city', parameters: { type: 'object' } }]);
  assert.equal(answer, 'It is 21°C.');
});

test('Anthropic: content blocks, tool_use and tool_result, stop_reason, cached input counted in', () => {
  const { by, problems } = attrs({
    provider: 'anthropic',
    systemInstructions: 'Be brief.',
    inputMessages: [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 's' }, { type: 'tool_use', id: 'tu_1', name: 'weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu_1', content: [{ type: 'text', text: '21°C' }] }] },
    ],
    outputMessages: [{ id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Warm.' }], stop_reason: 'end_turn' }],
    usage: { input_tokens: 10, output_tokens: 3, cache_read_input_tokens: 100, cache_creation_input_tokens: 7, cache_creation: null, service_tier: 'standard' },
    toolDefinitions: [{ name: 'weather', description: 'd', input_schema: { type: 'object' } }],
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(by['system_instructions'][1], [{ type: 'text', content: 'Be brief.' }]);
  assert.deepEqual(by['input.messages'][1][1].parts, [{ type: 'reasoning', content: 'hmm' }, { type: 'tool_call', id: 'tu_1', name: 'weather', arguments: { city: 'Paris' } }]);
  assert.deepEqual(by['input.messages'][1][2].parts, [{ type: 'tool_call_response', id: 'tu_1', response: '21°C' }]);
  assert.deepEqual(by['output.messages'][1], [{ role: 'assistant', parts: [{ type: 'text', content: 'Warm.' }], finish_reason: 'stop' }]);
  assert.deepEqual(by['response.finish_reasons'], ['strings', ['stop']]);
  assert.deepEqual(by['usage.input_tokens'], ['int', 117], 'input_tokens + cache read + cache creation');
  assert.deepEqual(by['usage.cache_read.input_tokens'], ['int', 100]);
  assert.deepEqual(by['usage.cache_creation.input_tokens'], ['int', 7]);
  assert.deepEqual(by['tool.definitions'][1], [{ type: 'function', name: 'weather', description: 'd', parameters: { type: 'object' } }]);
});

test('near misses are reported, never dropped silently', () => {
  const { by, problems } = attrs({
    model: 'm',
    input: 'hi',
    usage: { prompt_tokens: 5, completion_tokens: '3', tokens: 9 },
    params: { temperature: '0.7', top_k: 5 },
  });
  assert.deepEqual(by['usage.input_tokens'], ['int', 5]);
  assert.equal(by['usage.output_tokens'], undefined);
  assert.equal(by['request.temperature'], undefined);
  assert.deepEqual(by['request.top_k'], ['int', 5]);
  const text = Object.fromEntries(problems);
  assert.match(text['llm.input'], /logLLM\(\{ input \}\) ignored: not a logLLM field; did you mean `inputMessages`\?/);
  assert.match(text['llm.usage'], /completion_tokens \(string\), tokens/);
  assert.match(text['llm.params.temperature'], /params\.temperature ignored: it must be a finite number, got "0\.7"/);
});

test('finishReasons given apart are put on the output messages; strings are turns', () => {
  const { by } = attrs({ inputMessages: 'hello', outputMessages: ['a', 'b'], finishReasons: ['length', 'tool_calls'] });
  assert.deepEqual(by['input.messages'][1], [{ role: 'user', parts: [{ type: 'text', content: 'hello' }] }]);
  assert.deepEqual(by['output.messages'][1].map((m) => [m.role, m.finish_reason]), [['assistant', 'length'], ['assistant', 'tool_call']]);
  assert.deepEqual(by['response.finish_reasons'], ['strings', ['length', 'tool_calls']], 'the provider values as given');
});

test('usage forms: Responses, Workers AI, AI SDK; hostile values', () => {
  assert.deepEqual(usageOf({ input_tokens: 3, output_tokens: 4, input_tokens_details: { cached_tokens: 1 }, output_tokens_details: { reasoning_tokens: 2 }, total_tokens: 7 }).usage, { inputTokens: 3, outputTokens: 4, cachedTokens: 1, reasoningTokens: 2 });
  assert.deepEqual(usageOf({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }), { usage: { inputTokens: 1, outputTokens: 2 }, bad: [] });
  assert.deepEqual(usageOf({ inputTokens: 1, outputTokens: 2, totalTokens: 3, cachedInputTokens: 0 }).usage, { inputTokens: 1, outputTokens: 2, cachedTokens: 0 });
  const hostile = new Proxy({}, { ownKeys() { throw new Error('no'); } });
  assert.deepEqual(usageOf(hostile), { usage: {}, bad: [] });
  assert.equal(toMessage(7), 7);
  assert.deepEqual(toTool({ type: 'function', name: 'f', parameters: {} }), { type: 'function', name: 'f', parameters: {} });
  assert.equal(llmAttributes({ outputMessages: null }).answer, undefined);
});
