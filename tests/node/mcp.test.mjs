// MCP 2.x (the real @modelcontextprotocol/server and @modelcontextprotocol/client 2.4, pinned here)
// on the packed tarball in Node: an instrumented client and server over the SDK's in-memory
// transport. The server's tool span continues the client's trace from `_meta`, is current while
// the tool runs (its own span nests under it), and carries the session from `_meta`'s baggage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, installTarball, startCollector, waitFor } from '../e2e/harness.mjs';

const dir = join(root, 'tests', 'node');
let edgespan, server2, client2, zod, collector;

before(async () => {
  installTarball(dir);
  const load = (p) => import(join(dir, 'node_modules', ...p.split('/')));
  edgespan = await load('edgespan/node.js');
  server2 = await import(join(dir, 'node_modules', '@modelcontextprotocol', 'server', 'dist', 'index.mjs'));
  client2 = await import(join(dir, 'node_modules', '@modelcontextprotocol', 'client', 'dist', 'index.mjs'));
  zod = await import(join(dir, 'node_modules', 'zod', 'index.js'));
  collector = await startCollector();
});
after(() => collector?.stop());

test('MCP 2.x: client CLIENT span → server SERVER span (from _meta) → the tool\'s own span, one trace; errors; the session in baggage', async () => {
  const { Tracer, instrumentMcpServer, instrumentMcpClient, wrapWorkersAI } = edgespan;
  const tracer = new Tracer({ endpoint: `${collector.url}/v1/traces` });
  const z = zod.z ?? zod.default?.z ?? zod;
  const server = new server2.McpServer({ name: 'weather', version: '1.0.0' });
  // The tool's own work: a wrapped model call, which finds the current span (the tool's) itself.
  const ai = wrapWorkersAI({ run: async () => ({ response: 'Sunny.' }) });
  server.registerTool('get_weather', { description: 'The weather', inputSchema: z.object({ city: z.string() }) }, async ({ city }) => {
    await ai.run('lookup', { prompt: city });
    if (city === 'Atlantis') return { content: [{ type: 'text', text: 'no such city' }], isError: true };
    return { content: [{ type: 'text', text: `21°C in ${city}` }] };
  });
  instrumentMcpServer(server, tracer);
  const [a, b] = server2.InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = instrumentMcpClient(new client2.Client({ name: 'c', version: '1.0.0' }), tracer);
  await client.connect(b);
  const root = tracer.startSpan('turn', { traceAttributes: { sessionId: 'conv-2x', userId: 'u-2x' } });
  const ok = await root.traced('call', () => client.callTool({ name: 'get_weather', arguments: { city: 'Paris' } }));
  const bad = await root.traced('call', () => client.callTool({ name: 'get_weather', arguments: { city: 'Atlantis' } }));
  root.end();
  assert.equal(ok.content[0].text, '21°C in Paris');
  assert.equal(bad.isError, true);
  await client.close();
  await tracer.flush();
  let spans = [];
  await waitFor(async () => {
    spans = (await collector.spans()).filter((s) => s.traceId === root.traceId);
    return spans.filter((s) => s.name === 'tools/call get_weather').length >= 4 && spans.filter((s) => s.name === 'text_completion lookup').length >= 2;
  }, 10_000);
  const calls = spans.filter((s) => s.name === 'tools/call get_weather');
  const clients = calls.filter((s) => s.kind === 3);
  const servers = calls.filter((s) => s.kind === 2);
  assert.equal(clients.length, 2);
  assert.equal(servers.length, 2);
  for (const s of servers) {
    const c = clients.find((x) => x.spanId === s.parentSpanId);
    assert.ok(c, 'the server span continues the client span from _meta');
    assert.equal(s.attributes['gen_ai.tool.name'], 'get_weather');
    assert.equal(s.attributes['openinference.span.kind'], 'TOOL');
    assert.equal(typeof s.attributes['jsonrpc.request.id'], 'string');
    assert.equal(s.attributes['session.id'], 'conv-2x');
  }
  const failed = servers.find((s) => /Atlantis/.test(s.attributes['gen_ai.tool.call.arguments']));
  assert.equal(failed.attributes['error.type'], 'tool_error');
  assert.equal(failed.status.code, 2);
  const lookups = spans.filter((s) => s.name === 'text_completion lookup');
  assert.equal(lookups.length, 2);
  for (const l of lookups) assert.ok(servers.some((s) => s.spanId === l.parentSpanId), 'the tool\'s own span nests under its SERVER span');
});

test('MCP 2.x createMcpHandler (a server per request from a factory, instrumented in the factory), reached over its fetch handler', async () => {
  await collector.reset();
  const { Tracer, instrumentMcpServer, instrumentMcpClient } = edgespan;
  const tracer = new Tracer({ endpoint: `${collector.url}/v1/traces` });
  const z = zod.z ?? zod.default?.z ?? zod;
  const handler = server2.createMcpHandler(() => {
    const server = new server2.McpServer({ name: 'weather', version: '1.0.0' });
    server.registerTool('get_weather', { inputSchema: z.object({ city: z.string() }) }, async ({ city }) => ({ content: [{ type: 'text', text: `21°C in ${city}` }] }));
    return instrumentMcpServer(server, tracer);
  });
  const client = instrumentMcpClient(new client2.Client({ name: 'c', version: '1.0.0' }), tracer);
  await client.connect(new client2.StreamableHTTPClientTransport(new URL('http://mcp.local/mcp'), { fetch: (u, i) => handler.fetch(new Request(u, i)) }));
  const turn = tracer.startSpan('turn');
  const r = await turn.traced('call', () => client.callTool({ name: 'get_weather', arguments: { city: 'Lyon' } }));
  turn.end();
  await client.close();
  assert.equal(r.content[0].text, '21°C in Lyon');
  await tracer.flush();
  let spans = [];
  await waitFor(async () => {
    spans = (await collector.spans()).filter((s) => s.traceId === turn.traceId);
    return spans.filter((s) => s.name === 'tools/call get_weather').length >= 2;
  }, 10_000);
  const c = spans.find((s) => s.kind === 3 && s.name === 'tools/call get_weather');
  const s = spans.find((x) => x.kind === 2 && x.name === 'tools/call get_weather');
  assert.equal(s.parentSpanId, c.spanId, 'the per-request server continues the client span');
  assert.equal(s.attributes['gen_ai.tool.call.result'], '[{"type":"text","text":"21°C in Lyon"}]');
});
