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
