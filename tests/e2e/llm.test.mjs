// wrapOpenAI, wrapAnthropic and wrapWorkersAI inside workerd, on the packed tarball, with the real
// openai and @anthropic-ai/sdk packages (pinned in tests/e2e/llm) and an object with the Workers AI
// binding's interface, against a loopback fake provider. Twice: with nodejs_compat the wrappers
// find the current span through AsyncLocalStorage; without it the Worker passes `parent: ctx.span`.
// For each integration: a plain call, a stream, a tool round trip, a provider error, a mid-stream
// error and a client cancellation; the span tree, the exact attributes and their types, the
// tokens, time to first chunk, and what the caller gets back, deep-equal to the unwrapped client's.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, installTarball, startCollector, startWorker, waitFor, pool, countById } from './harness.mjs';
import { startFakeLLM } from './fake-llm.mjs';

const dir = join(root, 'tests', 'e2e', 'llm');
let collector, fake;
const workers = {};

before(async () => {
  installTarball(dir);
  collector = await startCollector();
  fake = await startFakeLLM({ firstChunkMs: 40 });
  const vars = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, FAKE_LLM: fake.url };
  workers.current = await startWorker(dir, vars);
  workers.explicit = await startWorker(dir, { ...vars, MODE: 'explicit' }, { config: 'wrangler.noals.toml' });
});
after(() => {
  for (const w of Object.values(workers)) w?.stop();
  collector?.stop();
  fake?.stop();
});

async function trace(mode, path, { raw = true } = {}) {
  const r = await fetch(`${workers[mode].url}/${path}${raw ? '?raw=1' : ''}`);
  const body = await r.text();
  assert.equal(r.status, 200, body);
  const out = JSON.parse(body);
  let spans = [];
  await waitFor(async () => {
    spans = (await collector.spans()).filter((s) => s.traceId === out.traceId);
    return spans.some((s) => s.spanId === out.rootSpanId);
  }, 30_000);
  const clients = spans.filter((s) => s.kind === 3);
  return { ...out, spans, clients };
}

const CLIENT = 3;
// The attributes every wrapped call has, with their OTLP types.
function checkCall(s, { rootSpanId }, { name, provider, model, operation = 'chat' }) {
  assert.equal(s.name, name);
  assert.equal(s.kind, CLIENT);
  assert.equal(s.parentSpanId, rootSpanId, `${name} nests under the request root`);
  assert.equal(s.attributes['gen_ai.operation.name'], operation);
  assert.equal(s.attributes['gen_ai.provider.name'], provider);
  assert.equal(s.attributes['gen_ai.request.model'], model);
  for (const [k, t] of Object.entries(s.attributeTypes)) {
    if (/^gen_ai\.usage\./.test(k) || k === 'edgespan.stream.chunks') assert.equal(t, 'int', k);
    if (k === 'gen_ai.request.temperature' || k === 'gen_ai.response.time_to_first_chunk') assert.equal(t, 'double', k);
    if (k === 'gen_ai.response.finish_reasons') assert.equal(t, 'array', k);
    if (k.endsWith('.messages') || k === 'gen_ai.system_instructions' || k === 'gen_ai.tool.definitions') assert.equal(t, 'string', k);
  }
}
const json = (s, k) => JSON.parse(s.attributes[k]);
const only = (clients) => {
  assert.equal(clients.length, 1, clients.map((c) => c.name).join(', '));
  return clients[0];
};
const isError = (s) => s.status.code === 2;
const text = [{ type: 'text', content: 'It is 21°C in Paris.' }];
const toolCall = (id) => ({ type: 'tool_call', id, name: 'weather', arguments: { city: 'Paris' } });

for (const mode of ['current', 'explicit']) {
  describe(`${mode === 'current' ? 'nodejs_compat: the current span' : 'no nodejs_compat: parent: ctx.span'}`, () => {
    test('openai chat.completions.create: messages, params, usage, finish reasons; the value as the client returns it', async () => {
      const t = await trace(mode, 'openai/chat');
      assert.deepEqual(t.value, t.raw);
      assert.equal(t.value.choices[0].message.content, 'It is 21°C in Paris.');
      const s = only(t.clients);
      checkCall(s, t, { name: 'chat gpt-4o-mini', provider: 'openai', model: 'gpt-4o-mini' });
      assert.deepEqual(json(s, 'gen_ai.input.messages'), [
        { role: 'system', parts: [{ type: 'text', content: 'You answer in one sentence.' }] },
        { role: 'user', parts: [{ type: 'text', content: 'What is the weather in Paris?' }] },
      ]);
      assert.deepEqual(json(s, 'gen_ai.output.messages'), [{ role: 'assistant', parts: text, finish_reason: 'stop' }]);
      assert.equal(s.attributes['gen_ai.request.temperature'], 0.2);
      assert.equal(s.attributes['gen_ai.request.max_tokens'], 64);
      assert.equal(s.attributeTypes['gen_ai.request.max_tokens'], 'int');
      assert.equal(s.attributes['gen_ai.request.seed'], 7);
      assert.equal(s.attributes['gen_ai.response.id'], 'chatcmpl-fake');
      assert.equal(s.attributes['gen_ai.response.model'], 'gpt-4o-mini-2024');
      assert.deepEqual(s.attributes['gen_ai.response.finish_reasons'], ['stop']);
      assert.equal(s.attributes['gen_ai.usage.input_tokens'], 20);
      assert.equal(s.attributes['gen_ai.usage.output_tokens'], 5);
      assert.equal(s.attributes['openinference.span.kind'], 'LLM');
      assert.equal(s.status.code, 0);
    });

    test('openai chat stream: usage asked for and kept from the caller; text, tokens and time to first chunk', async () => {
      const t = await trace(mode, 'openai/chat-stream');
      assert.deepEqual(t.value, t.raw, 'the chunks the caller reads are the unwrapped client’s');
      assert.ok(t.value.every((c) => c.choices.length > 0 && !('usage' in c)));
      const asked = fake.calls.filter((c) => c.path.endsWith('/chat/completions') && c.body.stream).slice(-2);
      assert.deepEqual(asked.map((c) => c.body.stream_options), [{ include_usage: true }, undefined]);
      const s = only(t.clients);
      checkCall(s, t, { name: 'chat gpt-4o-mini', provider: 'openai', model: 'gpt-4o-mini' });
      assert.deepEqual(json(s, 'gen_ai.output.messages'), [{ role: 'assistant', parts: text, finish_reason: 'stop' }]);
      assert.equal(s.attributes['gen_ai.usage.input_tokens'], 20);
      assert.equal(s.attributes['gen_ai.usage.output_tokens'], 5);
      assert.ok(s.attributes['gen_ai.response.time_to_first_chunk'] > 0);
      assert.equal(s.attributes['edgespan.stream.chunks'], 5);
      assert.equal(s.attributes['gen_ai.response.id'], 'chatcmpl-fake');
    });

    test('openai chat stream with include_usage set by the caller: the usage chunk reaches them', async () => {
      const t = await trace(mode, 'openai/chat-stream-usage');
      assert.deepEqual(t.value, t.raw);
      assert.deepEqual(t.value.at(-1).choices, []);
      assert.equal(t.value.at(-1).usage.prompt_tokens, 20);
      assert.equal(only(t.clients).attributes['gen_ai.usage.input_tokens'], 20);
    });

    test('openai withResponse() still works through the wrapper', async () => {
      const t = await trace(mode, 'openai/chat-with-response');
      assert.deepEqual(t.value, t.raw);
      assert.equal(t.value.request_id, 'string');
      assert.equal(only(t.clients).attributes['gen_ai.usage.output_tokens'], 5);
    });

    test('openai tool round trip: two CLIENT spans and the tool span under the root; tool calls as parts; cached and reasoning tokens', async () => {
      const t = await trace(mode, 'openai/chat-tool');
      assert.deepEqual(t.value, t.raw);
      assert.equal(t.clients.length, 2);
      const [a, b] = t.clients.sort((x, y) => (BigInt(x.start) < BigInt(y.start) ? -1 : 1));
      for (const s of [a, b]) checkCall(s, t, { name: 'chat gpt-4o-mini', provider: 'openai', model: 'gpt-4o-mini' });
      assert.deepEqual(json(a, 'gen_ai.output.messages'), [{ role: 'assistant', parts: [toolCall('call_1')], finish_reason: 'tool_call' }]);
      assert.deepEqual(a.attributes['gen_ai.response.finish_reasons'], ['tool_calls']);
      assert.deepEqual(json(a, 'gen_ai.tool.definitions'), [{ type: 'function', name: 'weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }]);
      const input = json(b, 'gen_ai.input.messages');
      assert.deepEqual(input[1], { role: 'assistant', parts: [toolCall('call_1')] });
      assert.deepEqual(input[2], { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: '{"city":"Paris","celsius":21}' }] });
      assert.equal(b.attributes['gen_ai.usage.cache_read.input_tokens'], 10);
      assert.equal(b.attributes['gen_ai.usage.reasoning.output_tokens'], 3);
      const tool = t.spans.find((s) => s.name === 'weather');
      assert.equal(tool.parentSpanId, t.rootSpanId);
      assert.equal(tool.attributes['openinference.span.kind'], 'TOOL');
    });

    test('openai streamed tool call: the call put together from its chunks', async () => {
      const t = await trace(mode, 'openai/chat-stream-tool');
      assert.deepEqual(t.value, t.raw);
      const s = only(t.clients);
      assert.deepEqual(json(s, 'gen_ai.output.messages'), [{ role: 'assistant', parts: [toolCall('call_1')], finish_reason: 'tool_call' }]);
    });

    test('openai 429: ERROR with error.type, rethrown unchanged', async () => {
      const t = await trace(mode, 'openai/chat-429');
      assert.deepEqual(t.value, t.raw);
      assert.equal(t.value.error.name, 'RateLimitError');
      assert.equal(t.value.error.status, 429);
      const s = only(t.clients);
      checkCall(s, t, { name: 'chat fail-429', provider: 'openai', model: 'fail-429' });
      assert.ok(isError(s));
      assert.equal(s.attributes['error.type'], 'RateLimitError');
      assert.equal(s.attributes['http.response.status_code'], 429);
      assert.equal(s.events[0].name, 'exception');
      assert.equal(s.attributes['gen_ai.input.messages'] !== undefined, true, 'the request is still recorded');
    });

    test('openai mid-stream error: ERROR, the text so far kept', async () => {
      const t = await trace(mode, 'openai/chat-midstream');
      assert.deepEqual(t.value, t.raw);
      assert.equal(t.value.error.name, 'APIError');
      const s = only(t.clients);
      assert.ok(isError(s));
      assert.equal(s.attributes['error.type'], 'APIError');
      assert.deepEqual(json(s, 'gen_ai.output.messages')[0].parts, [{ type: 'text', content: 'It is 21°C ' }]);
    });

    test('openai client cancellation: the span ends as cancelled, not as an error', async () => {
      const t = await trace(mode, 'openai/chat-cancel');
      assert.deepEqual(t.value, t.raw);
      assert.equal(t.value.length, 2);
      const s = only(t.clients);
      assert.equal(s.attributes['edgespan.stream.cancelled'], true);
      assert.equal(s.status.code, 0);
      assert.deepEqual(json(s, 'gen_ai.output.messages')[0].parts, [{ type: 'text', content: 'w0 w1 ' }]);
    });

    test('openai responses.create: instructions, input, output items, usage with details', async () => {
      const t = await trace(mode, 'openai/responses');
      assert.deepEqual(t.value, t.raw);
      const s = only(t.clients);
      checkCall(s, t, { name: 'chat gpt-4o-mini', provider: 'openai', model: 'gpt-4o-mini' });
      assert.deepEqual(json(s, 'gen_ai.system_instructions'), [{ type: 'text', content: 'You answer in one sentence.' }]);
      assert.deepEqual(json(s, 'gen_ai.input.messages'), [{ role: 'user', parts: [{ type: 'text', content: 'What is the weather in Paris?' }] }]);
      assert.deepEqual(json(s, 'gen_ai.output.messages'), [{ role: 'assistant', parts: text, finish_reason: 'stop' }]);
      assert.equal(s.attributes['gen_ai.request.max_tokens'], 64);
      assert.equal(s.attributes['gen_ai.response.id'], 'resp_fake');
      assert.equal(s.attributes['gen_ai.usage.input_tokens'], 20);
      assert.equal(s.attributes['gen_ai.usage.cache_read.input_tokens'], 5);
      assert.equal(s.attributes['gen_ai.usage.reasoning.output_tokens'], 2);
    });

    test('openai responses stream, tool round trip, mid-stream error, cancellation, 429', async () => {
      let t = await trace(mode, 'openai/responses-stream');
      assert.deepEqual(t.value, t.raw);
      let s = only(t.clients);
      assert.deepEqual(json(s, 'gen_ai.output.messages'), [{ role: 'assistant', parts: text, finish_reason: 'stop' }]);
      assert.ok(s.attributes['gen_ai.response.time_to_first_chunk'] > 0);
      assert.equal(s.attributes['gen_ai.usage.output_tokens'], 6);

      t = await trace(mode, 'openai/responses-tool');
      assert.deepEqual(t.value, t.raw);
      const [a, b] = t.clients.sort((x, y) => (BigInt(x.start) < BigInt(y.start) ? -1 : 1));
      assert.deepEqual(json(a, 'gen_ai.output.messages'), [{ role: 'assistant', parts: [toolCall('call_1')], finish_reason: 'tool_call' }]);
      assert.deepEqual(json(b, 'gen_ai.input.messages').slice(1), [
        { role: 'assistant', parts: [toolCall('call_1')] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: '{"city":"Paris","celsius":21}' }] },
      ]);

      t = await trace(mode, 'openai/responses-midstream');
      assert.deepEqual(t.value, t.raw);
      s = only(t.clients);
      assert.ok(isError(s));
      assert.deepEqual(json(s, 'gen_ai.output.messages')[0].parts, [{ type: 'text', content: 'It is 21°C ' }]);

      t = await trace(mode, 'openai/responses-cancel');
      assert.deepEqual(t.value, t.raw);
      s = only(t.clients);
      assert.equal(s.attributes['edgespan.stream.cancelled'], true);

      t = await trace(mode, 'openai/responses-429');
      assert.deepEqual(t.value, t.raw);
      s = only(t.clients);
      assert.ok(isError(s));
      assert.equal(s.attributes['error.type'], 'RateLimitError');
    });

    test('openai embeddings.create: an embeddings span with its dimension count and tokens', async () => {
      const t = await trace(mode, 'openai/embeddings');
      assert.deepEqual(t.value, t.raw);
      const s = only(t.clients);
      checkCall(s, t, { name: 'embeddings text-embedding-3-small', provider: 'openai', model: 'text-embedding-3-small', operation: 'embeddings' });
      assert.equal(s.attributes['gen_ai.embeddings.dimension.count'], 8);
      assert.equal(s.attributes['gen_ai.usage.input_tokens'], 8);
      assert.equal(s.attributes['gen_ai.response.model'], 'text-embedding-3-small-v2');
      assert.equal(s.attributes['openinference.span.kind'], 'EMBEDDING');
    });

    test('anthropic messages.create: system, content blocks, stop reason, cached input counted in', async () => {
      const t = await trace(mode, 'anthropic/create');
      assert.deepEqual(t.value, t.raw);
      const s = only(t.clients);
      checkCall(s, t, { name: 'chat claude-sonnet-4-5', provider: 'anthropic', model: 'claude-sonnet-4-5' });
      assert.deepEqual(json(s, 'gen_ai.system_instructions'), [{ type: 'text', content: 'You answer in one sentence.' }]);
      assert.deepEqual(json(s, 'gen_ai.output.messages'), [{ role: 'assistant', parts: text, finish_reason: 'stop' }]);
      assert.deepEqual(s.attributes['gen_ai.response.finish_reasons'], ['end_turn']);
      assert.equal(s.attributes['gen_ai.response.id'], 'msg_fake');
      assert.equal(s.attributes['gen_ai.response.model'], 'claude-sonnet-4-5-20250101');
      assert.equal(s.attributes['gen_ai.usage.input_tokens'], 112);
      assert.equal(s.attributes['gen_ai.usage.cache_read.input_tokens'], 100);
      assert.equal(s.attributes['gen_ai.usage.output_tokens'], 7);
      assert.equal(s.attributes['gen_ai.request.max_tokens'], 64);
      assert.equal(s.attributes['gen_ai.request.temperature'], 0.5);
    });

    test('anthropic streams: create({ stream }) and messages.stream(), each traced once', async () => {
      let t = await trace(mode, 'anthropic/create-stream');
      assert.deepEqual(t.value, t.raw);
      let s = only(t.clients);
      assert.deepEqual(json(s, 'gen_ai.output.messages'), [{ role: 'assistant', parts: text, finish_reason: 'stop' }]);
      assert.equal(s.attributes['gen_ai.usage.output_tokens'], 7);
      assert.equal(s.attributes['gen_ai.usage.input_tokens'], 112);
      assert.ok(s.attributes['gen_ai.response.time_to_first_chunk'] > 0);

      t = await trace(mode, 'anthropic/stream-helper');
      assert.deepEqual(t.value, t.raw);
      assert.equal(t.value.texts.join(''), 'It is 21°C in Paris.');
      s = only(t.clients);
      checkCall(s, t, { name: 'chat claude-sonnet-4-5', provider: 'anthropic', model: 'claude-sonnet-4-5' });
      assert.deepEqual(json(s, 'gen_ai.output.messages'), [{ role: 'assistant', parts: text, finish_reason: 'stop' }]);
    });

    test('anthropic tool round trip (and streamed), 429, mid-stream error, cancellation', async () => {
      let t = await trace(mode, 'anthropic/tool');
      assert.deepEqual(t.value, t.raw);
      const [a, b] = t.clients.sort((x, y) => (BigInt(x.start) < BigInt(y.start) ? -1 : 1));
      assert.deepEqual(json(a, 'gen_ai.output.messages'), [{ role: 'assistant', parts: [toolCall('toolu_1')], finish_reason: 'tool_call' }]);
      assert.deepEqual(json(a, 'gen_ai.tool.definitions')[0].name, 'weather');
      assert.deepEqual(json(b, 'gen_ai.input.messages')[2], { role: 'user', parts: [{ type: 'tool_call_response', id: 'toolu_1', response: '{"city":"Paris","celsius":21}' }] });
      assert.equal(t.spans.find((s) => s.name === 'weather').parentSpanId, t.rootSpanId);

      t = await trace(mode, 'anthropic/stream-tool');
      assert.deepEqual(t.value, t.raw);
      assert.deepEqual(json(only(t.clients), 'gen_ai.output.messages'), [{ role: 'assistant', parts: [toolCall('toolu_1')], finish_reason: 'tool_call' }]);

      t = await trace(mode, 'anthropic/429');
      assert.deepEqual(t.value, t.raw);
      assert.equal(t.value.error.name, 'RateLimitError');
      let s = only(t.clients);
      assert.ok(isError(s));
      assert.equal(s.attributes['error.type'], 'RateLimitError');
      assert.equal(s.attributes['http.response.status_code'], 429);

      t = await trace(mode, 'anthropic/midstream');
      assert.deepEqual(t.value, t.raw);
      s = only(t.clients);
      assert.ok(isError(s));
      assert.deepEqual(json(s, 'gen_ai.output.messages')[0].parts, [{ type: 'text', content: 'It is 21°C ' }]);

      t = await trace(mode, 'anthropic/cancel');
      assert.deepEqual(t.value, t.raw);
      s = only(t.clients);
      assert.equal(s.attributes['edgespan.stream.cancelled'], true);
      assert.equal(s.status.code, 0);
    });

    test('workers ai run: chat, prompt, streamed SSE, tool call, embeddings, error, cancellation', async () => {
      let t = await trace(mode, 'workersai/chat');
      assert.deepEqual(t.value, t.raw);
      let s = only(t.clients);
      checkCall(s, t, { name: 'chat @cf/meta/llama-3.1-8b-instruct', provider: 'cloudflare.workers_ai', model: '@cf/meta/llama-3.1-8b-instruct' });
      assert.deepEqual(json(s, 'gen_ai.output.messages'), [{ role: 'assistant', parts: text, finish_reason: 'stop' }]);
      assert.equal(s.attributes['gen_ai.usage.input_tokens'], 11);
      assert.equal(s.attributes['gen_ai.usage.output_tokens'], 4);
      assert.equal(s.attributes['gen_ai.request.temperature'], 0.3);

      t = await trace(mode, 'workersai/prompt');
      assert.deepEqual(t.value, t.raw);
      s = only(t.clients);
      checkCall(s, t, { name: 'text_completion @cf/meta/llama-3.1-8b-instruct', provider: 'cloudflare.workers_ai', model: '@cf/meta/llama-3.1-8b-instruct', operation: 'text_completion' });

      t = await trace(mode, 'workersai/stream');
      assert.equal(t.value, t.raw, 'the SSE bytes pass through unchanged');
      s = only(t.clients);
      assert.deepEqual(json(s, 'gen_ai.output.messages'), [{ role: 'assistant', parts: text, finish_reason: 'stop' }]);
      assert.equal(s.attributes['gen_ai.usage.output_tokens'], 4);
      assert.ok(s.attributes['gen_ai.response.time_to_first_chunk'] > 0);

      t = await trace(mode, 'workersai/tool');
      assert.deepEqual(t.value, t.raw);
      const [a] = t.clients.sort((x, y) => (BigInt(x.start) < BigInt(y.start) ? -1 : 1));
      assert.deepEqual(json(a, 'gen_ai.output.messages'), [{ role: 'assistant', parts: [{ type: 'tool_call', name: 'weather', arguments: { city: 'Paris' } }], finish_reason: 'tool_call' }]);

      t = await trace(mode, 'workersai/embed');
      assert.deepEqual(t.value, t.raw);
      s = only(t.clients);
      checkCall(s, t, { name: 'embeddings @cf/baai/bge-base-en-v1.5', provider: 'cloudflare.workers_ai', model: '@cf/baai/bge-base-en-v1.5', operation: 'embeddings' });
      assert.equal(s.attributes['gen_ai.embeddings.dimension.count'], 4);
      assert.equal(s.attributes['openinference.span.kind'], 'EMBEDDING');

      t = await trace(mode, 'workersai/fail');
      assert.deepEqual(t.value, t.raw);
      s = only(t.clients);
      assert.ok(isError(s));
      assert.match(s.events[0].attributes['exception.message'], /Capacity temporarily exceeded/);

      t = await trace(mode, 'workersai/cancel');
      assert.equal(t.value, t.raw);
      s = only(t.clients);
      assert.equal(s.attributes['edgespan.stream.cancelled'], true);
      assert.deepEqual(json(s, 'gen_ai.output.messages')[0].parts, [{ type: 'text', content: 'w0 w1 ' }], 'what the reader read');
    });
  });
}

test('traceStream({ captureOutput }): UTF-8 split across chunks, and a function over event chunks', async () => {
  const r = await fetch(`${workers.explicit.url}/capture/bytes`);
  assert.equal(await r.text(), 'It is 21°C in Paris.', 'the body passes through unchanged');
  const traceId = r.headers.get('x-trace');
  let spans = [];
  await waitFor(async () => {
    spans = (await collector.spans()).filter((s) => s.traceId === traceId);
    return spans.some((s) => s.spanId === r.headers.get('x-root'));
  }, 30_000);
  const s = spans.find((x) => x.name === 'answer stream');
  assert.equal(s.attributes['output.value'], 'It is 21°C in Paris.');
  assert.equal(s.attributes['edgespan.stream.chunks'], 4);
  const t = await trace('explicit', 'capture/fn', { raw: false });
  assert.deepEqual(t.value, ['text-delta', 'tool', 'text-delta']);
  assert.equal(t.spans.find((x) => x.name === 'events').attributes['output.value'], 'It is 21°C.');
});

test('without AsyncLocalStorage, a wrapper with nothing to parent on is a clear error at construction', async () => {
  const r = await (await fetch(`${workers.explicit.url}/no-parent`)).json();
  assert.equal(r.name, 'TypeError');
  assert.match(r.message, /wrapOpenAI\(client\) needs \{ parent \}.*nodejs_compat/);
  const ok = await (await fetch(`${workers.current.url}/no-parent`)).json();
  assert.deepEqual(ok, { wrapped: true });
});

test('200 requests at concurrency 20 through a wrapped streaming client: every span arrives exactly once', async () => {
  await collector.reset();
  const roots = [];
  await pool(200, 20, async (i) => {
    const mode = i % 2 ? 'current' : 'explicit';
    const r = await fetch(`${workers[mode].url}/openai/chat-stream`);
    const out = await r.json();
    roots.push(out);
  });
  let spans = [];
  await waitFor(async () => {
    spans = await collector.spans();
    return spans.length >= 400;
  }, 60_000);
  const counts = countById(spans);
  assert.equal(spans.length, 400);
  assert.ok([...counts.values()].every((n) => n === 1), 'no span twice');
  const byTrace = new Map();
  for (const s of spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
  assert.equal(byTrace.size, 200);
  for (const { traceId, rootSpanId } of roots) {
    const [call] = byTrace.get(traceId).filter((s) => s.kind === CLIENT);
    assert.equal(call.parentSpanId, rootSpanId);
    assert.equal(call.attributes['gen_ai.usage.output_tokens'], 5);
  }
});

test('recordInputs: false: wrapped openai and Anthropic calls (plain, streamed, with a tool round trip) and logLLM send no prompt text; answers, models and tokens stay', async () => {
  for (const c of ['openai/chat', 'openai/chat-stream', 'openai/chat-tool', 'openai/responses', 'anthropic/create', 'anthropic/create-stream']) {
    const t = await trace('current', `private/${c}`, { raw: false });
    const text = JSON.stringify(t.spans);
    assert.ok(!text.includes('What is the weather in Paris') && !text.includes('You answer in one sentence'), `${c}: no prompt anywhere`);
    assert.ok(!text.includes('"city"') || !text.includes('gen_ai.tool.call.arguments'), `${c}: no tool arguments`);
    const call = t.clients[0];
    assert.ok(call, `${c}: the call's span`);
    assert.equal(call.attributes['gen_ai.input.messages'], undefined, c);
    assert.equal(typeof call.attributes['gen_ai.request.model'], 'string', c);
    assert.equal(typeof call.attributes['gen_ai.usage.input_tokens'], 'number', c);
    assert.ok(text.includes('21°C') || text.includes('weather'), `${c}: the answer stays`);
  }
});

test('wrapVectorize: query and queryById are retriever spans with their documents; writes are CLIENT spans with counts; every answer is the binding\'s own', async () => {
  const q = await trace('current', 'vectorize/query');
  assert.deepEqual(q.value, q.raw, 'the caller gets what the binding returned');
  const [query] = q.clients;
  assert.equal(query.name, 'query docs');
  assert.equal(query.parentSpanId, q.rootSpanId);
  const a = query.attributes;
  assert.equal(a['openinference.span.kind'], 'RETRIEVER');
  assert.equal(a['db.system.name'], 'cloudflare.vectorize');
  assert.equal(a['db.collection.name'], 'docs');
  assert.equal(a['db.vector.query.top_k'], 2);
  assert.equal(a['db.namespace'], 'en');
  assert.equal(a['cloudflare.vectorize.filter'], '{"source":{"$ne":"faq"}}');
  assert.equal(a['cloudflare.vectorize.query.dimensions'], 3);
  assert.equal(a['db.response.returned_rows'], 2);
  assert.equal(a['retrieval.documents.0.document.id'], 'doc-7');
  assert.equal(a['retrieval.documents.0.document.score'], 0.9);
  assert.equal(a['retrieval.documents.0.document.content'], 'edgespan buffers spans and flushes them in waitUntil.');
  assert.deepEqual(JSON.parse(a['retrieval.documents.1.document.metadata']), { text: 'Workers isolates have no background threads.', source: 'blog' });
  assert.equal(a['retrieval.documents.2.document.id'], undefined);

  const byId = await trace('explicit', 'vectorize/queryById');
  assert.deepEqual(byId.value, byId.raw);
  assert.equal(byId.clients[0].name, 'queryById docs');
  assert.equal(byId.clients[0].attributes['input.value'], 'doc-7');
  assert.equal(byId.clients[0].attributes['db.response.returned_rows'], 3);
  assert.equal(byId.clients[0].attributes['retrieval.documents.2.document.id'], 'doc-9');

  const w = await trace('current', 'vectorize/writes');
  assert.deepEqual(w.value, w.raw);
  const by = Object.fromEntries(w.clients.map((s) => [s.name, s.attributes]));
  assert.deepEqual(Object.keys(by).sort(), ['deleteByIds docs', 'getByIds docs', 'insert docs', 'upsert docs'], 'describe() is the binding\'s own, untraced');
  assert.equal(by['insert docs']['db.operation.batch.size'], 2);
  assert.equal(by['insert docs']['cloudflare.vectorize.mutation_id'], 'm-1');
  assert.equal(by['getByIds docs']['db.response.returned_rows'], 2);
  assert.equal(by['deleteByIds docs']['cloudflare.vectorize.count'], 1);
  assert.ok(w.clients.every((s) => s.attributes['openinference.span.kind'] !== 'RETRIEVER'));

  const f = await trace('current', 'vectorize/fail');
  assert.deepEqual(f.value, f.raw, 'the error reaches the caller unchanged');
  assert.match(f.value.error.message, /VECTOR_QUERY_ERROR/);
  assert.equal(f.clients[0].status.code, 2);
});

test('AI Gateway: wrapped clients with aiGateway send the span\'s ids in cf-aig-otel-* headers and record Gateway\'s log id; without it no such header reaches a provider', async () => {
  for (const [path, apiPath] of [['gateway/openai', '/chat/completions'], ['gateway/openai-stream', '/chat/completions'], ['gateway/anthropic', '/messages']]) {
    const before = fake.calls.length;
    const t = await trace('current', path);
    const call = t.clients[0];
    const sent = fake.calls.slice(before).filter((c) => c.path.endsWith(apiPath) && c.headers['cf-aig-otel-trace-id']);
    assert.equal(sent.length, 1, `${path}: one request through the gateway`);
    assert.equal(sent[0].headers['cf-aig-otel-trace-id'], call.traceId, path);
    assert.equal(sent[0].headers['cf-aig-otel-parent-span-id'], call.spanId, `${path}: the LLM span is Gateway's parent`);
    assert.match(call.attributes['cloudflare.ai_gateway.log_id'], /^aig-log-\d+$/, path);
    assert.deepEqual(t.value.choices ?? t.value.content ?? t.value.length, t.raw.choices ?? t.raw.content ?? t.raw.length, `${path}: the caller gets the same answer`);
  }
  const w = await trace('current', 'gateway/workersai');
  const run = w.clients[0];
  assert.deepEqual(w.value.sent, { 'x-mine': '1', 'cf-aig-otel-trace-id': run.traceId, 'cf-aig-otel-parent-span-id': run.spanId }, 'the caller\'s extraHeaders kept');
  assert.equal(run.attributes['cloudflare.ai_gateway.log_id'], 'aig-log-binding-my-gateway');
  // Every other call of this file went straight to the provider: no Gateway header left the Worker.
  const leaked = fake.calls.filter((c) => c.headers['cf-aig-otel-trace-id']);
  assert.equal(leaked.length, 3, 'only the three gateway calls carried the headers');
});
