// The Rust example Worker (workers-rs, built by worker-build with local binaries) in workerd:
// 200 requests at concurrency 20, and the loopback collector receives every span exactly once,
// in the same trace shape as the JS example.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { root, startCollector, startWorker, waitFor, pool, countById, workerBuildEnv, freePort } from './harness.mjs';

const dir = join(root, 'examples', 'rust-worker');
let collector, multi, worker, openai;

// A loopback OpenAI: chat completions answered as the API answers them, with the request kept.
function fakeOpenAI() {
  const asked = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      asked.push({ path: req.url, body: JSON.parse(body) });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: 'chatcmpl-7', object: 'chat.completion', model: 'gpt-4o-mini-2024-07-18', choices: [{ index: 0, message: { role: 'assistant', content: 'It is 4.', refusal: null }, finish_reason: 'stop' }], usage: { prompt_tokens: 14, completion_tokens: 4, total_tokens: 18, prompt_tokens_details: { cached_tokens: 0 } } }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/v1`, asked, stop: () => server.close() })));
}

before(async () => {
  collector = await startCollector();
  multi = await startCollector();
  openai = await fakeOpenAI();
  // The first start builds the Worker (cargo, wasm-bindgen, esbuild, wasm-opt): allow for it.
  worker = await startWorker(dir, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, MULTI_BASE_URL: multi.url, OPENAI_BASE_URL: openai.url }, { env: workerBuildEnv(), readyMs: 900_000 });
});
after(() => {
  worker?.stop();
  collector?.stop();
  multi?.stop();
  openai?.stop();
});

test('Rust Worker: one buffer to OTLP protobuf with gzip and to Braintrust logs3 with open rows, per-exporter reports', async () => {
  await fetch(`${multi.url}/auth`, { method: 'POST', body: '/logs3 Bearer bt-key' });
  const r = await fetch(`${worker.url}/multi`);
  assert.equal(r.status, 200);
  const { first, second, spanIds } = await r.json();
  const [rootId, runningId, llmId] = spanIds;
  assert.deepEqual(first.exporters.map((e) => e.name), [`otlp ${multi.url}/proto/v1/traces`, `logs3 ${multi.url}/logs3`]);
  // First flush: the ended llm span to both; the two running spans as open rows to logs3 only.
  assert.deepEqual(first.exporters.map((e) => [e.exported, e.openRows, e.errors]), [[1, 0, []], [1, 2, []]]);
  assert.equal(first.openSpans, 2);
  assert.deepEqual(second.exporters.map((e) => [e.exported, e.openRows, e.errors]), [[2, 0, []], [2, 0, []]]);
  const log = await multi.requests();
  const proto = log.filter((q) => q.path === '/proto/v1/traces');
  assert.equal(proto.length, 2);
  assert.ok(proto.every((q) => q.contentEncoding === 'gzip' && q.status === 200), JSON.stringify(proto));
  // bytes in the report are what went on the wire: the compressed bodies.
  assert.equal(first.exporters[0].bytes + second.exporters[0].bytes, proto.reduce((n, q) => n + q.bytes, 0));
  const spans = await multi.spans();
  assert.deepEqual(spans.map((s) => s.spanId).sort(), [...spanIds].sort(), 'each span once over OTLP, decoded from gzip');
  const merged = await (await fetch(`${multi.url}/merged`)).json();
  assert.deepEqual(merged.map((m) => m.id).sort(), [...spanIds].sort());
  for (const m of merged) assert.ok(m.metrics.end, `row ${m.id} is complete`);
  const root = merged.find((m) => m.id === rootId);
  assert.equal(root.output, '4');
  assert.equal(merged.find((m) => m.id === llmId).span_parents[0], rootId);
  assert.equal(merged.find((m) => m.id === runningId).span_parents[0], rootId);
});

test('Rust Worker: 200 requests at concurrency 20, every span exactly once, same shape as the JS example', async () => {
  const replies = await pool(200, 20, async (i) => {
    const r = await fetch(`${worker.url}/?q=question+${i}${i % 10 === 0 ? '&fail=1' : ''}`);
    assert.equal(r.status, 200);
    return r.json();
  });
  const traces = new Set(replies.map((r) => r.traceId));
  assert.equal(traces.size, 200);
  let spans = [];
  await waitFor(async () => {
    spans = (await collector.spans()).filter((s) => traces.has(s.traceId));
    return spans.length >= 1000;
  }, 60_000);
  const counts = countById(spans);
  assert.equal(counts.size, 1000, 'five spans per request');
  assert.ok([...counts.values()].every((n) => n === 1), 'no span twice');
  const byTrace = new Map();
  for (const s of spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
  for (const r of replies.slice(0, 20)) {
    const t = byTrace.get(r.traceId);
    const names = t.map((s) => s.name).sort();
    assert.deepEqual(names, ['GET', 'agent.answer', 'llm.chat', 'retrieve', 'tool.cite']);
    const rootSpan = t.find((s) => s.spanId === r.rootSpanId);
    assert.equal(rootSpan.kind, 2);
    assert.equal(rootSpan.attributes['http.request.method'], 'GET');
    assert.equal(rootSpan.attributes['http.response.status_code'], 200);
    assert.equal(rootSpan.resource['telemetry.sdk.language'], 'rust');
    assert.equal(rootSpan.resource['service.name'], 'edgespan-rust-example');
    const agent = t.find((s) => s.name === 'agent.answer');
    assert.equal(agent.parentSpanId, rootSpan.spanId);
    for (const n of ['retrieve', 'llm.chat', 'tool.cite']) assert.equal(t.find((s) => s.name === n).parentSpanId, agent.spanId);
    const llm = t.find((s) => s.name === 'llm.chat');
    assert.equal(llm.attributes['gen_ai.usage.input_tokens'], 812);
    assert.ok(t.every((s) => s.attributes['edgespan.incomplete'] === undefined));
  }
  const failed = byTrace.get(replies[0].traceId).find((s) => s.name === 'tool.cite');
  assert.equal(failed.status.code, 2);
});

test('Rust Worker: a handler that fails through `?` inside instrument still exports its trace, the root in ERROR and the span it left open ended', async () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const r = await fetch(`${worker.url}/err`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
  assert.equal(r.status, 500, 'the error reaches the runtime unchanged');
  await r.arrayBuffer();
  let spans = [];
  await waitFor(async () => {
    spans = (await collector.spans()).filter((s) => s.traceId === traceId);
    return spans.length >= 2;
  }, 30_000);
  const rootSpan = spans.find((s) => s.parentSpanId === '00f067aa0ba902b7');
  assert.ok(rootSpan, JSON.stringify(spans));
  assert.equal(rootSpan.kind, 2);
  assert.equal(rootSpan.status.code, 2);
  assert.equal(rootSpan.attributes['error.type'], 'worker::Error');
  assert.ok(rootSpan.events.some((e) => e.name === 'exception'));
  const load = spans.find((s) => s.name === 'load.profile');
  assert.equal(load.parentSpanId, rootSpan.spanId);
  assert.equal(load.attributes['edgespan.incomplete'], true, 'the span the `?` skipped is ended by its scope');
});

test('Rust Worker: #[tracing::instrument] functions, an info_span! and an err return nest under the request root; log_llm through current_span() lands on the function', async () => {
  const ids = [];
  for (const city of ['Paris', 'Atlantis']) {
    const traceId = city === 'Paris' ? '5bf92f3577b34da6a3ce929d0e0e4736' : '6bf92f3577b34da6a3ce929d0e0e4736';
    ids.push(traceId);
    const r = await fetch(`${worker.url}/tracing?${city}`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    assert.equal(r.status, 200);
    await r.json();
  }
  let spans = [];
  await waitFor(async () => {
    spans = (await collector.spans()).filter((s) => ids.includes(s.traceId));
    return spans.length >= 6;
  }, 30_000);
  for (const traceId of ids) {
    const t = spans.filter((s) => s.traceId === traceId);
    const rootSpan = t.find((s) => s.parentSpanId === '00f067aa0ba902b7');
    const forecast = t.find((s) => s.name === 'forecast');
    const lookup = t.find((s) => s.name === 'lookup');
    assert.ok(rootSpan && forecast && lookup, JSON.stringify(t.map((s) => s.name)));
    assert.equal(forecast.parentSpanId, rootSpan.spanId, 'the tracing span is a child of the request root');
    assert.equal(lookup.parentSpanId, forecast.spanId);
    assert.equal(lookup.attributes.hits, 2);
    assert.ok(lookup.events.some((e) => e.name === 'looked up'));
    assert.equal(forecast.attributes['gen_ai.request.model'], 'gpt-4o-mini', 'current_span() is the function span');
    const failed = traceId === ids[1];
    assert.equal(forecast.status?.code ?? 0, failed ? 2 : 0);
    if (failed) assert.ok(forecast.events.some((e) => e.name === 'exception'));
  }
});

test('Rust Worker: a model call recorded from the OpenAI request and answer JSON (LlmJson); the session and user of an incoming baggage on every span', async () => {
  const traceId = '7bf92f3577b34da6a3ce929d0e0e4736';
  const r = await fetch(`${worker.url}/chat?q=What%20is%202%2B2%3F`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, baggage: 'session.id=conv%20r,user.id=u-r,other=x' } });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).choices[0].message.content, 'It is 4.', 'the app gets the answer unchanged');
  assert.equal(openai.asked.at(-1).path, '/v1/chat/completions');
  let spans = [];
  await waitFor(async () => {
    spans = (await collector.spans()).filter((s) => s.traceId === traceId);
    return spans.some((s) => s.name === 'chat gpt-4o-mini');
  }, 30_000);
  const llm = spans.find((s) => s.name === 'chat gpt-4o-mini');
  const a = llm.attributes;
  assert.equal(llm.kind, 3);
  assert.equal(a['gen_ai.provider.name'], 'openai');
  assert.equal(a['gen_ai.request.model'], 'gpt-4o-mini');
  assert.equal(a['gen_ai.response.model'], 'gpt-4o-mini-2024-07-18');
  assert.equal(a['gen_ai.response.id'], 'chatcmpl-7');
  assert.equal(a['gen_ai.request.temperature'], 0.2);
  assert.equal(a['gen_ai.usage.input_tokens'], 14);
  assert.equal(a['gen_ai.usage.output_tokens'], 4);
  assert.deepEqual(a['gen_ai.response.finish_reasons'], ['stop']);
  assert.deepEqual(JSON.parse(a['gen_ai.input.messages']), [{ role: 'user', parts: [{ type: 'text', content: 'What is 2+2?' }] }]);
  assert.deepEqual(JSON.parse(a['gen_ai.output.messages']), [{ role: 'assistant', parts: [{ type: 'text', content: 'It is 4.' }], finish_reason: 'stop' }]);
  assert.equal(a['output.value'], 'It is 4.', 'the answer is the span output');
  // The session and user of the incoming baggage, on every span of the trace; nothing else of it.
  for (const s of spans) {
    assert.equal(s.attributes['session.id'], 'conv r', s.name);
    assert.equal(s.attributes['user.id'], 'u-r', s.name);
    assert.ok(!Object.values(s.attributes).includes('x'));
  }
});

// Each problem is said once per isolate on the console (wrangler's output), and never changes a response.
const lines = (log, re) => log.split('\n').filter((l) => re.test(l));
async function withRustWorker(vars, fn) {
  const w = await startWorker(dir, vars, { env: workerBuildEnv(), readyMs: 900_000 });
  try {
    return await fn(w);
  } finally {
    w.stop();
  }
}

test('Rust Worker: a configuration error leaves the responses unchanged and is said once', async () => {
  await withRustWorker({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318', OTEL_EXPORTER_OTLP_HEADERS: 'authorization:Bearer sk-live-rust-1' }, async (w) => {
    for (let i = 0; i < 4; i++) {
      const r = await fetch(`${w.url}/?q=hello`);
      assert.equal(r.status, 200);
      assert.match((await r.json()).answer, /./);
    }
    const said = await waitFor(() => lines(w.log(), /edgespan: tracing is off/).length > 0 && lines(w.log(), /edgespan: tracing is off/), 10_000);
    assert.ok(said, w.log());
    assert.equal(said.length, 1, `one line per isolate:\n${w.log()}`);
    assert.match(said[0], /endpoint must be an absolute http/);
    assert.ok(!w.log().includes('sk-live-rust-1'), 'no credential in the log');
  });
});

test('Rust Worker: a dead receiver leaves the responses unchanged and is said once', async () => {
  const port = await freePort();
  await withRustWorker({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_TIMEOUT: '1500' }, async (w) => {
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${w.url}/?q=hello`)).status, 200);
    const said = await waitFor(() => lines(w.log(), /edgespan: spans were not delivered/).length > 0, 20_000);
    assert.ok(said, w.log());
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${w.url}/?q=hello`)).status, 200);
    await new Promise((r) => setTimeout(r, 4000));
    const all = lines(w.log(), /edgespan: spans were not delivered/);
    assert.equal(all.length, 1, w.log());
    assert.match(all[0], /pending/);
  });
});
