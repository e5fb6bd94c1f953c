// The Model Context Protocol in workerd, on the packed tarball, with the real
// @modelcontextprotocol/sdk: an instrumented client Worker reaches an instrumented server Worker
// (a stateless server per request) through a service binding and over loopback HTTP. One trace
// runs from the client's request root through each MCP CLIENT span to the server's SERVER span
// and the tool's own spans; errors, a server reached without `_meta`, an uninstrumented server,
// sessions in `_meta`'s baggage, and 100 calls at concurrency 20 with every span exactly once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, installTarball, startCollector, startWorker, waitFor, pool } from './harness.mjs';

const dir = join(root, 'tests', 'e2e', 'mcp');
let collector, worker, server;

before(async () => {
  installTarball(dir);
  collector = await startCollector();
  // The server alone, for the client to reach over HTTP; then both, the client with a binding.
  writeFileSync(join(dir, '.dev.vars'), `OTEL_EXPORTER_OTLP_ENDPOINT=${collector.url}\n`);
  server = await startWorker(dir, {}, { config: 'server.toml' });
  writeFileSync(join(dir, '.dev.vars'), `OTEL_EXPORTER_OTLP_ENDPOINT=${collector.url}\nSERVER_URL=${server.url}\n`);
  worker = await startWorker(dir, {}, { config: 'main.toml', args: ['-c', 'server.toml'] });
});
after(() => {
  rmSync(join(dir, '.dev.vars'), { force: true });
  worker?.stop();
  server?.stop();
  collector?.stop();
});

const SERVER = 2;
const CLIENT = 3;

async function call(query, enough = (spans) => spans.some((s) => s.kind === SERVER && s.attributes['mcp.method.name'] === 'tools/call')) {
  const r = await fetch(`${worker.url}/?${query}`);
  const text = await r.text();
  assert.equal(r.status, 200, text);
  const out = JSON.parse(text);
  let spans = [];
  await waitFor(async () => {
    spans = (await collector.spans()).filter((s) => s.traceId === out.traceId);
    return spans.some((s) => s.spanId === out.rootSpanId) && enough(spans);
  }, 30_000);
  return { ...out, spans };
}

test('through a service binding: client root → tools/call CLIENT → tools/call SERVER → the tool\'s model call, one trace; names and attributes', async () => {
  const t = await call('via=binding&city=Paris', (s) => s.some((x) => x.name.startsWith('text_completion')));
  assert.deepEqual(t.tools, ['get_weather']);
  assert.equal(t.result.content[0].text, '21°C in Paris. Sunny.');
  const client = t.spans.find((s) => s.kind === CLIENT && s.name === 'tools/call get_weather');
  const server = t.spans.find((s) => s.kind === SERVER && s.name === 'tools/call get_weather');
  assert.ok(client && server, t.spans.map((s) => `${s.kind} ${s.name}`).join(', '));
  assert.equal(client.parentSpanId, t.rootSpanId);
  assert.equal(server.parentSpanId, client.spanId, 'the server continues from the client span in _meta');
  for (const s of [client, server]) {
    assert.equal(s.attributes['mcp.method.name'], 'tools/call');
    assert.equal(s.attributes['gen_ai.tool.name'], 'get_weather');
    assert.equal(s.attributes['gen_ai.operation.name'], 'execute_tool');
    assert.deepEqual(JSON.parse(s.attributes['gen_ai.tool.call.arguments']), { city: 'Paris' });
    assert.match(s.attributes['gen_ai.tool.call.result'], /21°C in Paris/);
    assert.equal(s.status.code, 0);
  }
  assert.equal(server.attributes['openinference.span.kind'], 'TOOL');
  assert.equal(typeof server.attributes['jsonrpc.request.id'], 'string');
  assert.match(server.attributes['mcp.protocol.version'], /^\d{4}-\d{2}-\d{2}$/, 'the negotiated version, from the request header');
  const llm = t.spans.find((s) => s.name.startsWith('text_completion'));
  assert.equal(llm.parentSpanId, server.spanId, 'the tool\'s own model call nests under the tool span');
  // The server's HTTP request is a span of the trace too (the binding carries traceparent); the
  // tool span links to it.
  const httpRoot = t.spans.find((s) => s.spanId === server.links[0]?.spanId);
  assert.ok(httpRoot && httpRoot.kind === SERVER && httpRoot.resource['service.name'] === 'mcp-server', JSON.stringify(server.links));
  for (const m of ['initialize', 'tools/list']) {
    assert.ok(t.spans.some((s) => s.kind === CLIENT && s.name === m), `${m} CLIENT`);
    assert.ok(t.spans.some((s) => s.kind === SERVER && s.name === m && s.resource['service.name'] === 'mcp-server'), `${m} SERVER`);
  }
});

test('a tool result with isError and an unknown tool are tool_error; a JSON-RPC error is its code', async () => {
  for (const [query, text] of [['city=Atlantis', /no such city/], ['tool=nope', /not found/]]) {
    const t = await call(query);
    assert.equal(t.result.isError, true);
    assert.match(t.result.content[0].text, text);
    for (const kind of [CLIENT, SERVER]) {
      const s = t.spans.find((x) => x.kind === kind && x.attributes['mcp.method.name'] === 'tools/call');
      assert.equal(s.attributes['error.type'], 'tool_error', `${query} ${kind}`);
      assert.equal(s.status.code, 2);
    }
  }
  const t = await call('prompt=nope', (s) => s.some((x) => x.kind === SERVER && x.name === 'prompts/get nope'));
  assert.equal(t.result.thrown.code, -32602);
  for (const kind of [CLIENT, SERVER]) {
    const s = t.spans.find((x) => x.kind === kind && x.name === 'prompts/get nope');
    assert.equal(s.attributes['gen_ai.prompt.name'], 'nope');
    assert.equal(s.attributes['error.type'], '-32602', String(kind));
    assert.equal(s.status.code, 2);
  }
});

test('over loopback HTTP (no traceparent on the request): the tool span continues the client trace from _meta and links to the server request', async () => {
  const t = await call('via=http');
  const client = t.spans.find((s) => s.kind === CLIENT && s.name === 'tools/call get_weather');
  const server = t.spans.find((s) => s.kind === SERVER && s.name === 'tools/call get_weather');
  assert.equal(server.parentSpanId, client.spanId);
  assert.equal(server.links.length, 1);
  assert.notEqual(server.links[0].traceId, t.traceId, 'the HTTP request is a trace of its own');
});

test('a client that is not instrumented: the server spans are children of the HTTP request; a server that is not instrumented: the call still works', async () => {
  const raw = await call('raw=1');
  const server = raw.spans.find((s) => s.kind === SERVER && s.name === 'tools/call get_weather');
  const parent = raw.spans.find((s) => s.spanId === server.parentSpanId);
  assert.equal(parent.resource['service.name'], 'mcp-server');
  assert.equal(parent.attributes['http.request.method'], 'POST');
  assert.equal(server.links.length, 0);
  const plain = await call('plain=1', (s) => s.some((x) => x.kind === CLIENT && x.name === 'tools/call get_weather'));
  assert.equal(plain.result.content[0].text, '21°C in Paris. Sunny.');
  assert.ok(!plain.spans.some((s) => s.kind === SERVER && s.attributes['mcp.method.name']));
});

test('the session and user travel in _meta baggage to the server\'s spans', async () => {
  const t = await call('session=conv-mcp');
  const server = t.spans.find((s) => s.kind === SERVER && s.name === 'tools/call get_weather');
  assert.equal(server.attributes['session.id'], 'conv-mcp');
  assert.equal(server.attributes['user.id'], 'user-9');
});

test('100 tool calls at concurrency 20: every span arrives exactly once', async () => {
  await collector.reset();
  const outs = [];
  await pool(100, 20, async () => {
    const r = await fetch(`${worker.url}/?city=Lyon`);
    outs.push(await r.json());
  });
  const ids = new Set(outs.map((o) => o.traceId));
  assert.equal(ids.size, 100);
  let spans = [];
  await waitFor(async () => {
    spans = await collector.spans();
    return outs.every((o) => spans.some((s) => s.traceId === o.traceId && s.kind === SERVER && s.name === 'tools/call get_weather'));
  }, 60_000);
  const seen = new Map();
  for (const s of spans) seen.set(s.spanId, (seen.get(s.spanId) ?? 0) + 1);
  assert.ok([...seen.values()].every((n) => n === 1), 'no span twice');
  for (const o of outs) {
    const t = spans.filter((s) => s.traceId === o.traceId);
    assert.equal(t.filter((s) => s.kind === SERVER && s.name === 'tools/call get_weather').length, 1);
    assert.equal(t.filter((s) => s.kind === CLIENT && s.name === 'tools/call get_weather').length, 1);
  }
});
