// The official openai and @anthropic-ai/sdk clients and a Workers AI binding, traced through
// wrapOpenAI, wrapAnthropic and wrapWorkersAI, against a loopback fake provider. Each route makes
// its call through the wrapped client and, with ?raw=1, the same call through the unwrapped one,
// so the test can check that both give the caller the same thing. With MODE=explicit (the config
// without nodejs_compat) the wrappers get `parent: ctx.span`; otherwise they find the current span.
import { Tracer, wrapOpenAI, wrapAnthropic, wrapWorkersAI, wrapVectorize } from 'edgespan';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { FakeAI } from './fake-ai.js';
import { FakeVectorize } from './fake-vectorize.js';

const SYSTEM = 'You answer in one sentence.';
const ASK = 'What is the weather in Paris?';
const weatherTool = { type: 'function', function: { name: 'weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
const weather = (ctx, args) => ctx.span.traced('weather', () => ({ city: args.city, celsius: 21 }), { type: 'tool' });

// Reads a stream of events into an array; `stopAfter` breaks early (a client cancellation).
async function collect(stream, stopAfter = Infinity) {
  const out = [];
  for await (const ev of stream) {
    out.push(ev);
    if (out.length >= stopAfter) break;
  }
  return out;
}
const failure = async (fn) => {
  try {
    return { value: await fn() };
  } catch (e) {
    return { error: { name: e?.constructor?.name, status: e?.status, message: String(e?.message ?? e) } };
  }
};

async function readSSE(stream, stopAfter = Infinity) {
  const reader = stream.getReader();
  const dec = new TextDecoder();
  let text = '';
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += dec.decode(value, { stream: true });
    if (++n >= stopAfter) {
      await reader.cancel();
      break;
    }
  }
  return text;
}

const CASES = {
  // AI Gateway: clients told their base URL is a Gateway (the fake answers as Gateway does), and
  // the Workers AI binding's `gateway` option.
  'gateway/openai': ({ gateway }) => gateway.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: ASK }] }),
  'gateway/openai-stream': async ({ gateway }) => collect(await gateway.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: ASK }], stream: true })),
  'gateway/anthropic': ({ gateway }) => gateway.anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: ASK }] }),
  'gateway/workersai': async ({ ai }) => {
    const out = await ai.run('@cf/meta/llama-3.1-8b-instruct', { prompt: ASK }, { gateway: { id: 'my-gateway' }, extraHeaders: { 'x-mine': '1' } });
    return { out, sent: ai.gatewayHeaders ?? null };
  },
  // Vectorize
  'vectorize/query': ({ index }) => index.query([0.1, 0.2, 0.3], { topK: 2, returnMetadata: 'all', namespace: 'en', filter: { source: { $ne: 'faq' } } }),
  'vectorize/queryById': ({ index }) => index.queryById('doc-7', { topK: 3, returnValues: true }),
  'vectorize/writes': async ({ index }) => [
    await index.insert([{ id: 'n-1', values: [1, 0, 0] }, { id: 'n-2', values: [0, 1, 0] }]),
    await index.upsert([{ id: 'n-1', values: [1, 1, 0], metadata: { text: 'x' } }]),
    await index.getByIds(['doc-7', 'doc-2', 'missing']),
    await index.deleteByIds(['n-1']),
    await index.describe(),
  ],
  'vectorize/fail': ({ index }) => failure(() => index.query([1, 2])),
  // OpenAI chat completions
  'openai/chat': ({ openai }) => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: ASK }], temperature: 0.2, max_tokens: 64, seed: 7 }),
  'openai/chat-stream': async ({ openai }) => collect(await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: ASK }], stream: true })),
  'openai/chat-stream-usage': async ({ openai }) => collect(await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: ASK }], stream: true, stream_options: { include_usage: true } })),
  'openai/chat-with-response': async ({ openai }) => {
    const { data, request_id } = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: ASK }] }).withResponse();
    return { data, request_id: typeof request_id };
  },
  'openai/chat-tool': async ({ openai }, ctx) => {
    const messages = [{ role: 'user', content: ASK }];
    const first = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [weatherTool] });
    const call = first.choices[0].message.tool_calls[0];
    messages.push(first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: JSON.stringify(await weather(ctx, JSON.parse(call.function.arguments))) });
    return [first, await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [weatherTool] })];
  },
  'openai/chat-stream-tool': async ({ openai }) => collect(await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: ASK }], tools: [weatherTool], stream: true })),
  'openai/chat-429': ({ openai }) => failure(() => openai.chat.completions.create({ model: 'fail-429', messages: [{ role: 'user', content: ASK }] })),
  'openai/chat-midstream': async ({ openai }) => failure(async () => collect(await openai.chat.completions.create({ model: 'fail-midstream', messages: [{ role: 'user', content: ASK }], stream: true }))),
  'openai/chat-cancel': async ({ openai }) => collect(await openai.chat.completions.create({ model: 'slow', messages: [{ role: 'user', content: ASK }], stream: true }), 2),
  // OpenAI Responses and embeddings
  'openai/responses': ({ openai }) => openai.responses.create({ model: 'gpt-4o-mini', instructions: SYSTEM, input: ASK, max_output_tokens: 64 }),
  'openai/responses-stream': async ({ openai }) => collect(await openai.responses.create({ model: 'gpt-4o-mini', input: [{ role: 'user', content: ASK }], stream: true })),
  'openai/responses-tool': async ({ openai }, ctx) => {
    const tools = [{ type: 'function', name: 'weather', description: 'The weather in a city', parameters: weatherTool.function.parameters }];
    const first = await openai.responses.create({ model: 'gpt-4o-mini', input: ASK, tools });
    const call = first.output[0];
    const result = await weather(ctx, JSON.parse(call.arguments));
    const input = [{ role: 'user', content: ASK }, call, { type: 'function_call_output', call_id: call.call_id, output: JSON.stringify(result) }];
    return [first, await openai.responses.create({ model: 'gpt-4o-mini', input, tools })];
  },
  'openai/responses-midstream': async ({ openai }) => failure(async () => collect(await openai.responses.create({ model: 'fail-midstream', input: ASK, stream: true }))),
  'openai/responses-cancel': async ({ openai }) => collect(await openai.responses.create({ model: 'slow', input: ASK, stream: true }), 3),
  'openai/responses-429': ({ openai }) => failure(() => openai.responses.create({ model: 'fail-429', input: ASK })),
  'openai/embeddings': ({ openai }) => openai.embeddings.create({ model: 'text-embedding-3-small', input: ['Paris', 'Lyon'], dimensions: 8 }),
  // Anthropic
  'anthropic/create': ({ anthropic }) => anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, system: SYSTEM, messages: [{ role: 'user', content: ASK }], temperature: 0.5 }),
  'anthropic/create-stream': async ({ anthropic }) => collect(await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: ASK }], stream: true })),
  'anthropic/stream-helper': async ({ anthropic }) => {
    const s = anthropic.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: ASK }] });
    const texts = [];
    s.on('text', (t) => texts.push(t));
    return { message: await s.finalMessage(), texts };
  },
  'anthropic/tool': async ({ anthropic }, ctx) => {
    const tools = [{ name: 'weather', description: 'The weather in a city', input_schema: weatherTool.function.parameters }];
    const messages = [{ role: 'user', content: ASK }];
    const first = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages, tools });
    const use = first.content.find((b) => b.type === 'tool_use');
    const result = await weather(ctx, use.input);
    messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: JSON.stringify(result) }] });
    return [first, await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages, tools })];
  },
  'anthropic/stream-tool': async ({ anthropic }) => {
    const tools = [{ name: 'weather', description: 'The weather in a city', input_schema: weatherTool.function.parameters }];
    return collect(await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: ASK }], tools, stream: true }));
  },
  'anthropic/429': ({ anthropic }) => failure(() => anthropic.messages.create({ model: 'fail-429', max_tokens: 64, messages: [{ role: 'user', content: ASK }] })),
  'anthropic/midstream': async ({ anthropic }) => failure(async () => collect(await anthropic.messages.create({ model: 'fail-midstream', max_tokens: 64, messages: [{ role: 'user', content: ASK }], stream: true }))),
  'anthropic/cancel': async ({ anthropic }) => collect(await anthropic.messages.create({ model: 'slow', max_tokens: 64, messages: [{ role: 'user', content: ASK }], stream: true }), 3),
  // Workers AI
  'workersai/chat': ({ ai }) => ai.run('@cf/meta/llama-3.1-8b-instruct', { messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: ASK }], max_tokens: 64, temperature: 0.3 }),
  'workersai/stream': async ({ ai }) => readSSE(await ai.run('@cf/meta/llama-3.1-8b-instruct', { messages: [{ role: 'user', content: ASK }], stream: true })),
  'workersai/prompt': ({ ai }) => ai.run('@cf/meta/llama-3.1-8b-instruct', { prompt: ASK }),
  'workersai/tool': async ({ ai }, ctx) => {
    const tools = [{ name: 'weather', description: 'The weather in a city', parameters: weatherTool.function.parameters }];
    const messages = [{ role: 'user', content: ASK }];
    const first = await ai.run('@hf/nousresearch/hermes-2-pro-mistral-7b', { messages, tools });
    const result = await weather(ctx, first.tool_calls[0].arguments);
    messages.push({ role: 'assistant', content: '', tool_calls: first.tool_calls }, { role: 'tool', name: 'weather', content: JSON.stringify(result) });
    return [first, await ai.run('@hf/nousresearch/hermes-2-pro-mistral-7b', { messages, tools })];
  },
  'workersai/embed': ({ ai }) => ai.run('@cf/baai/bge-base-en-v1.5', { text: ['Paris', 'Lyon'] }),
  'workersai/fail': ({ ai }) => failure(() => ai.run('fail', { messages: [{ role: 'user', content: ASK }] })),
  'workersai/cancel': async ({ ai }) => readSSE(await ai.run('slow', { messages: [{ role: 'user', content: ASK }], stream: true }), 2),
};

function clients(env, wrap) {
  const openai = new OpenAI({ apiKey: 'sk-fake', baseURL: `${env.FAKE_LLM}/v1`, maxRetries: 0 });
  const anthropic = new Anthropic({ apiKey: 'sk-ant-fake', baseURL: env.FAKE_LLM, maxRetries: 0 });
  const ai = new FakeAI();
  const index = new FakeVectorize();
  const gw = { openai, anthropic };
  if (!wrap) return { openai, anthropic, ai, index, gateway: gw };
  const via = { ...wrap.options, aiGateway: true };
  return {
    openai: wrapOpenAI(openai, wrap.options),
    anthropic: wrapAnthropic(anthropic, wrap.options),
    ai: wrapWorkersAI(ai, wrap.options),
    index: wrapVectorize(index, { ...wrap.options, name: 'docs' }),
    gateway: { openai: wrapOpenAI(new OpenAI({ apiKey: 'sk-fake', baseURL: `${env.FAKE_LLM}/v1`, maxRetries: 0 }), via), anthropic: wrapAnthropic(new Anthropic({ apiKey: 'sk-ant-fake', baseURL: env.FAKE_LLM, maxRetries: 0 }), via) },
  };
}

let privateTracer;

export default Tracer.instrument(
  {
    async fetch(request, env, ctx) {
      const url = new URL(request.url);
      const name = url.pathname.slice(1);
      if (name === '__health') return new Response('ok');
      if (name === 'no-parent') {
        // Without AsyncLocalStorage a wrapper with nothing to parent on is a construction error.
        const r = await failure(() => wrapOpenAI(new OpenAI({ apiKey: 'x' })));
        return Response.json(r.error ?? { wrapped: true });
      }
      if (name === 'capture/bytes') {
        // UTF-8 bytes with '°' split across two chunks: the captured text must still be whole.
        const bytes = new TextEncoder().encode('It is 21°C in Paris.');
        const cut = bytes.indexOf(0xb0);
        const parts = [bytes.slice(0, 6), bytes.slice(6, cut), bytes.slice(cut), new Uint8Array(0)];
        const source = new ReadableStream({
          pull(c) {
            if (parts.length) c.enqueue(parts.shift());
            else c.close();
          },
        });
        const span = ctx.span.startSpan('answer stream', { type: 'llm' });
        return new Response(span.traceStream(source, { captureOutput: true }), { headers: { 'x-trace': ctx.span.traceId, 'x-root': ctx.span.spanId } });
      }
      if (name === 'capture/fn') {
        const events = [{ type: 'text-delta', delta: 'It is ' }, { type: 'tool' }, { type: 'text-delta', delta: '21°C.' }];
        const source = new ReadableStream({
          pull(c) {
            if (events.length) c.enqueue(events.shift());
            else c.close();
          },
        });
        const span = ctx.span.startSpan('events', { type: 'llm' });
        const seen = [];
        for await (const e of span.traceStream(source, { captureOutput: (e) => (e.type === 'text-delta' ? e.delta : undefined) })) seen.push(e.type);
        return Response.json({ value: seen, traceId: ctx.span.traceId, rootSpanId: ctx.span.spanId });
      }
      if (name.startsWith('private/')) {
        // A tracer that records no prompts: the same calls, their spans under its own root.
        privateTracer ??= new Tracer({ endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, serviceName: 'llm-private', recordInputs: false });
        const root = privateTracer.startTrace('private');
        const value = await CASES[name.slice('private/'.length)](clients(env, { options: { parent: root } }), { span: root });
        root.logLLM({ model: 'gpt-4o-mini', inputMessages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: ASK }] });
        ctx.waitUntil(root.finish());
        return Response.json({ value, traceId: root.traceId, rootSpanId: root.spanId });
      }
      const run = CASES[name];
      if (!run) return new Response('no such case', { status: 404 });
      const options = env.MODE === 'explicit' ? { parent: ctx.span } : undefined;
      const value = await run(clients(env, { options }), ctx);
      const raw = url.searchParams.has('raw') ? await run(clients(env, null), { span: { traced: (n, fn) => fn() } }) : undefined;
      return Response.json({ value, raw, traceId: ctx.span.traceId, rootSpanId: ctx.span.spanId });
    },
  },
  (env) => ({ endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, serviceName: 'llm-e2e', onDiagnostic: (d) => console.log('DIAG', d) }),
);
