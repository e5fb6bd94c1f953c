// The Vercel AI SDK 6 (the real npm package, pinned in tests/e2e/aisdk) inside workerd, traced
// through ctx.span.otelTracer() without nodejs_compat: generateText and streamText with a tool
// against a loopback fake of the OpenAI API. Every AI SDK span nests under the request's root,
// with its kind, the GenAI attributes and, for the stream, time to first chunk.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, installTarball, startCollector, startWorker, waitFor } from './harness.mjs';
import { startFakeLLM as startFakeOpenAI } from './fake-llm.mjs';

const dir = join(root, 'tests', 'e2e', 'aisdk');
let collector, fake, worker, alsWorker;

before(async () => {
  installTarball(dir);
  collector = await startCollector();
  fake = await startFakeOpenAI({ firstChunkMs: 40 });
  worker = await startWorker(dir, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, FAKE_OPENAI: fake.url });
  alsWorker = await startWorker(dir, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, FAKE_OPENAI: fake.url, ALS: '1' }, { config: 'wrangler.als.toml' });
});
after(() => {
  worker?.stop();
  alsWorker?.stop();
  collector?.stop();
  fake?.stop();
});
beforeEach(() => collector.reset());

async function trace(path, w = worker) {
  const r = await fetch(`${w.url}${path}`);
  assert.equal(r.status, 200, await r.clone().text());
  const out = await r.json();
  let spans = [];
  await waitFor(async () => {
    spans = (await collector.spans()).filter((s) => s.traceId === out.traceId);
    // The root ends last; its arrival means the scope finished and flushed.
    return spans.some((s) => s.spanId === out.rootSpanId);
  }, 30_000);
  return { ...out, spans };
}

// `toolUnder`: what the tool call nests under. In generateText the tool runs after the model call
// that asked for it has ended (under the call's top span); in streamText it runs while that
// model call's stream is still open (under its doStream span, as its timing says).
function checkTree({ spans, rootSpanId }, top, inner, toolUnder = 'top') {
  const by = new Map(spans.map((s) => [s.spanId, s]));
  const names = spans.map((s) => s.name).sort();
  assert.ok(names.includes(top) && names.includes(inner) && names.includes('ai.toolCall'), names.join(', '));
  const topSpan = spans.find((s) => s.name === top);
  assert.equal(topSpan.parentSpanId, rootSpanId, `${top} nests under the request root`);
  for (const s of spans.filter((x) => x.name === inner)) {
    assert.equal(s.parentSpanId, topSpan.spanId, `${s.name} nests under ${top}`);
  }
  const toolCall = spans.find((x) => x.name === 'ai.toolCall');
  const firstCall = spans.filter((x) => x.name === inner).sort((a, b) => (BigInt(a.start) < BigInt(b.start) ? -1 : 1))[0];
  const toolParent = toolUnder === 'top' ? topSpan : firstCall;
  assert.equal(toolCall.parentSpanId, toolParent.spanId, `ai.toolCall nests under ${toolParent.name}`);
  assert.ok(BigInt(toolCall.start) >= BigInt(toolParent.start) && BigInt(toolCall.end) <= BigInt(toolParent.end), 'inside its parent');
  assert.equal(new Set(spans.map((s) => s.spanId)).size, spans.length, 'each span once');
  assert.ok(spans.every((s) => by.has(s.parentSpanId) || s.spanId === rootSpanId), 'no stray parents');
  const calls = spans.filter((s) => s.name === inner);
  assert.equal(calls.length, 2, 'a tool round trip is two model calls');
  for (const c of calls) {
    assert.equal(c.attributes['openinference.span.kind'], 'LLM');
    assert.equal(c.attributes['gen_ai.request.model'], 'gpt-4o-mini');
    assert.equal(typeof c.attributes['gen_ai.usage.input_tokens'], 'number');
  }
  assert.deepEqual(calls.map((c) => c.attributes['gen_ai.usage.input_tokens']).sort(), [20, 30]);
  const toolSpan = spans.find((s) => s.name === 'ai.toolCall');
  assert.equal(toolSpan.attributes['openinference.span.kind'], 'TOOL');
  assert.equal(toolSpan.attributes['ai.toolCall.name'], 'weather');
  assert.equal(topSpan.attributes['openinference.span.kind'], 'CHAIN');
  return { calls, topSpan };
}

test('AI SDK 6 generateText with a tool: every span nests under the request root', async () => {
  const t = await trace('/generate');
  assert.equal(t.text, 'It is 21°C in Paris.');
  checkTree(t, 'ai.generateText', 'ai.generateText.doGenerate');
  // No stray root traces: everything the call produced is in the request's trace.
  const all = await collector.spans();
  assert.deepEqual([...new Set(all.map((s) => s.traceId))], [t.traceId]);
});

test('AI SDK 6 streamText with a tool: nested, with time to first chunk above zero', async () => {
  const t = await trace('/stream');
  assert.equal(t.text, 'It is 21°C in Paris.');
  const { calls } = checkTree(t, 'ai.streamText', 'ai.streamText.doStream', 'model call');
  for (const c of calls) {
    // The fake waits 40 ms before its first chunk, and workerd's clock advances across I/O.
    assert.ok(c.attributes['gen_ai.response.time_to_first_chunk'] > 0, JSON.stringify(c.attributes));
  }
  assert.ok(fake.calls.some((c) => c.body.stream === true));
});

// With nodejs_compat and otelContextManager() registered, the AI SDK's own context.with() nests
// its spans; code inside a tool sees the tool span as current.
for (const [path, top, inner] of [
  ['/generate', 'ai.generateText', 'ai.generateText.doGenerate'],
  ['/stream', 'ai.streamText', 'ai.streamText.doStream'],
]) {
  test(`AI SDK 6 ${top} with nodejs_compat and otelContextManager(): exact nesting, a wrapped call inside the tool under its span`, async () => {
    const t = await trace(path, alsWorker);
    assert.equal(t.registered, true, 'the context manager was taken');
    assert.equal(t.text, 'It is 21°C in Paris.');
    const topSpan = t.spans.find((s) => s.name === top);
    assert.equal(topSpan.parentSpanId, t.rootSpanId);
    for (const s of t.spans.filter((x) => x.name === inner)) assert.equal(s.parentSpanId, topSpan.spanId);
    const toolCall = t.spans.find((s) => s.name === 'ai.toolCall');
    const inside = t.spans.find((s) => s.name === 'text_completion @cf/meta/llama-3.1-8b-instruct');
    assert.ok(inside, t.spans.map((s) => s.name).join(', '));
    assert.equal(inside.parentSpanId, toolCall.spanId, 'the wrapped call in the tool nests under ai.toolCall');
    assert.equal(inside.attributes['gen_ai.usage.input_tokens'], 3);
    const by = new Map(t.spans.map((s) => [s.spanId, s]));
    assert.ok(t.spans.every((s) => s.spanId === t.rootSpanId || by.has(s.parentSpanId)), 'no stray parents');
  });
}
