// The Vercel AI SDK 7 (the real npm packages, pinned in tests/e2e/aisdk7) inside workerd, its
// telemetry through @ai-sdk/otel's OpenTelemetry integration over ctx.span.otelTracer(), per call,
// without nodejs_compat: generateText and streamText with a tool, generateObject and embed. Every
// span nests under the request's root with the GenAI conventions' names and attributes; no stray
// root traces.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, installTarball, startCollector, startWorker, waitFor } from './harness.mjs';
import { startFakeLLM } from './fake-llm.mjs';

const dir = join(root, 'tests', 'e2e', 'aisdk7');
let collector, fake, worker;

before(async () => {
  installTarball(dir);
  collector = await startCollector();
  fake = await startFakeLLM({ firstChunkMs: 40 });
  worker = await startWorker(dir, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, FAKE_LLM: fake.url });
});
after(() => {
  worker?.stop();
  collector?.stop();
  fake?.stop();
});

async function trace(path) {
  await collector.reset();
  const r = await fetch(`${worker.url}${path}`);
  assert.equal(r.status, 200, await r.clone().text());
  const out = await r.json();
  let spans = [];
  await waitFor(async () => {
    spans = await collector.spans();
    return spans.some((s) => s.spanId === out.rootSpanId);
  }, 30_000);
  assert.ok(spans.every((s) => s.traceId === out.traceId), `no stray traces: ${spans.map((s) => s.name).join(', ')}`);
  const by = new Map(spans.map((s) => [s.spanId, s]));
  assert.ok(spans.every((s) => s.spanId === out.rootSpanId || by.has(s.parentSpanId)), 'every parent arrived');
  return { ...out, spans };
}

function checkAgent({ spans, rootSpanId }) {
  const agent = spans.find((s) => s.name === 'invoke_agent gpt-4o-mini');
  assert.ok(agent, spans.map((s) => s.name).join(', '));
  assert.equal(agent.parentSpanId, rootSpanId, 'the agent span nests under the request root');
  assert.equal(agent.attributes['openinference.span.kind'], 'AGENT');
  const chats = spans.filter((s) => s.name === 'chat gpt-4o-mini');
  assert.equal(chats.length, 2, 'a tool round trip is two model calls');
  for (const c of chats) {
    assert.equal(c.kind, 3, 'CLIENT');
    assert.ok(spans.some((s) => s.spanId === c.parentSpanId && (s === agent || s.parentSpanId === agent.spanId)), `${c.name} nests under the agent`);
    assert.equal(c.attributes['gen_ai.request.model'], 'gpt-4o-mini');
    assert.equal(c.attributes['openinference.span.kind'], 'LLM');
    assert.equal(c.attributeTypes['gen_ai.usage.input_tokens'], 'int');
    assert.equal(typeof c.attributes['gen_ai.input.messages'], 'string');
  }
  assert.deepEqual(chats.map((c) => c.attributes['gen_ai.usage.input_tokens']).sort(), [20, 30]);
  const tool = spans.find((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool');
  assert.ok(tool, 'a tool span');
  assert.equal(tool.attributes['gen_ai.tool.name'], 'weather');
  assert.equal(tool.attributes['openinference.span.kind'], 'TOOL');
  let p = tool;
  while (p && p.spanId !== agent.spanId) p = spans.find((s) => s.spanId === p.parentSpanId);
  assert.ok(p, 'the tool span is inside the agent span');
  return { agent, chats };
}

test('generateText with a tool: invoke_agent, two chat calls and execute_tool under the request root', async () => {
  const t = await trace('/generate');
  assert.equal(t.value, 'It is 21°C in Paris.');
  checkAgent(t);
});

test('streamText with a tool: the same tree, with time to first chunk', async () => {
  const t = await trace('/stream');
  assert.equal(t.value, 'It is 21°C in Paris.');
  const { chats } = checkAgent(t);
  for (const c of chats) assert.ok(c.attributes['gen_ai.response.time_to_first_chunk'] > 0, JSON.stringify(c.attributes));
});

test('generateObject and embed nest under the request root', async () => {
  let t = await trace('/object');
  assert.deepEqual(t.value, { city: 'Paris', celsius: 21 });
  const top = t.spans.filter((s) => s.parentSpanId === t.rootSpanId);
  assert.ok(top.length >= 1, t.spans.map((s) => s.name).join(', '));
  assert.ok(t.spans.some((s) => s.kind === 3 && s.attributes['gen_ai.request.model'] === 'gpt-4o-mini'));
  t = await trace('/embed');
  assert.equal(t.value, 8);
  const emb = t.spans.find((s) => s.attributes['gen_ai.operation.name'] === 'embeddings');
  assert.ok(emb, t.spans.map((s) => `${s.name} ${JSON.stringify(s.attributes)}`).join('\n'));
  assert.equal(emb.attributes['openinference.span.kind'], 'EMBEDDING');
});

test('the call runtime context names the session and user of the whole trace (ai.settings.context.*)', async () => {
  const t = await trace('/session');
  checkAgent(t);
  for (const s of t.spans) {
    assert.equal(s.attributes['session.id'], 'conv-7', `${s.name} carries the session`);
    assert.equal(s.attributes['user.id'], 'user-7', `${s.name} carries the user`);
  }
});

// Everything the collector holds of a trace, as text: every span's attributes, events and
// resource (protobuf and JSON alike) and every logs3 row.
async function everything(traceId) {
  const spans = (await collector.spans()).filter((s) => s.traceId === traceId);
  const rows = (await collector.rows()).filter((r) => r.root_span_id === traceId);
  return { spans, rows, text: JSON.stringify([spans, rows]) };
}

async function privateTrace(which) {
  await collector.reset();
  const r = await fetch(`${worker.url}/private/${which}`);
  assert.equal(r.status, 200, await r.clone().text());
  const out = await r.json();
  assert.equal(out.value, 'It is 21°C in Paris.', 'the app gets its answer unchanged');
  let got;
  await waitFor(async () => {
    got = await everything(out.traceId);
    // Each span three times (protobuf, JSON) and as a row.
    return got.spans.length >= 12 && got.rows.length >= 6 && got.spans.some((s) => s.spanId === out.rootSpanId);
  }, 30_000);
  return { ...out, ...got };
}

test('recordInputs: false: no prompt text in any format (protobuf, JSON, logs3) from the AI SDK, log or logLLM; models, tokens and answers stay', async () => {
  const t = await privateTrace('noInputs');
  assert.ok(!t.text.includes('What is the weather'), 'no prompt anywhere');
  assert.ok(!t.text.includes('carol@example.net'), 'no tool call arguments');
  assert.ok(t.text.includes('It is 21°C in Paris.'), 'answers stay');
  const chat = t.spans.find((s) => s.name === 'chat gpt-4o-mini');
  assert.equal(chat.attributes['gen_ai.request.model'], 'gpt-4o-mini');
  assert.equal(typeof chat.attributes['gen_ai.usage.input_tokens'], 'number');
  assert.equal(chat.attributes['gen_ai.input.messages'], undefined);
});

test('a mask that replaces e-mail addresses: none left in any exported body, in any attribute or row', async () => {
  const t = await privateTrace('masked');
  assert.ok(!/@example\.(com|org|net)/.test(t.text), t.text.match(/.{40}@example\..{20}/)?.[0]);
  assert.ok(t.text.includes('<email>'), 'masked, not dropped');
  assert.ok(t.text.includes('What is the weather in Paris? Mail it to <email>'), 'the rest of the prompt stays');
});

test('a mask that throws: the fields it threw on are left out, the app is unaffected, and it is said once', async () => {
  const t = await privateTrace('throwing');
  assert.ok(!t.text.includes('bob@example.com') && !t.text.includes('What is the weather'));
  assert.equal(t.said.filter((m) => /mask option threw/.test(m)).length, 1, t.said.join('\n'));
  assert.ok(t.spans.some((s) => s.name === 'chat gpt-4o-mini'), 'the spans are still sent');
});
