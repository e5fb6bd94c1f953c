// The Cloudflare Agents SDK (agents 0.32.0, @cloudflare/ai-chat 0.12.2, ai 7) in workerd with
// nodejs_compat, on the packed tarball: a chat turn over the agent's WebSocket, with one tool call,
// against a loopback fake of the OpenAI API, is one trace: the turn (invoke_agent) inside the
// agent's webSocketMessage scope, with the AI SDK's model calls and tool call nested under it. The
// agent's MCP client reaches an McpAgent (MCP SDK 1.x) and a stateless MCP SDK 2.x server of the
// same Worker over loopback HTTP, each instrumented, in one trace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, rmSync } from 'node:fs';
import { WebSocket } from 'undici';
import { root, installTarball, startCollector, startWorker, waitFor } from './harness.mjs';
import { startFakeLLM } from './fake-llm.mjs';

const dir = join(root, 'tests', 'e2e', 'agents');
let collector, fake, worker, mcp;
const mcpDir = join(root, 'tests', 'e2e', 'mcp');

before(async () => {
  installTarball(dir);
  installTarball(mcpDir);
  collector = await startCollector();
  fake = await startFakeLLM({ firstChunkMs: 20 });
  // The MCP server Worker of the MCP tests, alone, for the agent to connect to.
  writeFileSync(join(mcpDir, '.dev.vars'), `OTEL_EXPORTER_OTLP_ENDPOINT=${collector.url}\n`);
  mcp = await startWorker(mcpDir, {}, { config: 'server.toml' });
  worker = await startWorker(dir, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, FAKE_LLM: fake.url, MCP_URL: `${mcp.url}/mcp` });
});
after(() => {
  rmSync(join(mcpDir, '.dev.vars'), { force: true });
  mcp?.stop();
  worker?.stop();
  collector?.stop();
  fake?.stop();
});

function chat(name, text) {
  const ws = new WebSocket(`${worker.url.replace('http', 'ws')}/agents/chat-agent/${name}`);
  const frames = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no finished chat response in 30 s: ${JSON.stringify(frames).slice(0, 2000)}`)), 30_000);
    ws.onopen = () => {
      const messages = [{ id: 'u1', role: 'user', parts: [{ type: 'text', text }] }];
      ws.send(JSON.stringify({ type: 'cf_agent_use_chat_request', id: 'req-1', init: { method: 'POST', body: JSON.stringify({ messages }) } }));
    };
    ws.onmessage = (e) => {
      const f = JSON.parse(String(e.data));
      frames.push(f);
      if (f.type === 'cf_agent_use_chat_response' && (f.done || f.error)) {
        clearTimeout(timer);
        ws.close();
        resolve(frames);
      }
    };
    ws.onerror = (e) => {
      clearTimeout(timer);
      reject(e.error ?? new Error('websocket error'));
    };
  });
}

test('a chat turn with one tool call: the turn, the tool call and the model calls nested in one trace', async () => {
  await collector.reset();
  const frames = await chat('turn-1', 'What is the weather in Paris?');
  const body = frames.filter((f) => f.type === 'cf_agent_use_chat_response').map((f) => f.body ?? '').join('');
  assert.match(body, /21°C/);
  let spans = [];
  await waitFor(async () => {
    spans = await collector.spans();
    return spans.some((s) => s.name.startsWith('invoke_agent ChatAgent')) && spans.filter((s) => s.name === 'chat gpt-4o-mini').length >= 2;
  }, 30_000);
  const turn = spans.find((s) => s.name === 'invoke_agent ChatAgentImpl' || s.name.startsWith('invoke_agent ChatAgent'));
  const trace = spans.filter((s) => s.traceId === turn.traceId);
  const by = new Map(trace.map((s) => [s.spanId, s]));
  const under = (s, ancestor) => {
    for (let p = s; p; p = by.get(p.parentSpanId)) if (p.spanId === ancestor.spanId) return true;
    return false;
  };
  if (process.env.SHOW_TREE) console.log(await collector.tree());
  assert.equal(turn.attributes['openinference.span.kind'], 'AGENT');
  assert.equal(turn.attributes['gen_ai.agent.name'], 'ChatAgentImpl');
  const rootSpan = by.get(turn.parentSpanId);
  assert.equal(rootSpan.name, 'webSocketMessage', 'the turn runs in the agent’s WebSocket message scope');
  const state = trace.find((s) => s.name === 'state update');
  assert.ok(state && under(state, turn), 'the state change is a span of the turn');
  const chats = trace.filter((s) => s.name === 'chat gpt-4o-mini');
  assert.equal(chats.length, 2, trace.map((s) => s.name).join(', '));
  for (const c of chats) assert.ok(under(c, turn), `${c.name} nests under the turn`);
  const tools = trace.filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool');
  assert.ok(tools.length >= 1 && tools.every((t) => under(t, turn)), 'the tool call nests under the turn');
  assert.ok(tools.some((t) => t.attributes['gen_ai.tool.name'] === 'weather'));
});

test('a schedule run is a span of the alarm that ran it, which links to the span that scheduled it', async () => {
  let spans = [];
  await waitFor(async () => {
    spans = await collector.spans();
    return spans.some((s) => s.name === 'schedule tick');
  }, 30_000);
  const tick = spans.find((s) => s.name === 'schedule tick');
  assert.equal(tick.attributes['cloudflare.agents.schedule.callback'], 'tick');
  const alarm = spans.find((s) => s.spanId === tick.parentSpanId);
  assert.equal(alarm?.name, 'alarm');
  assert.ok(spans.some((s) => s.name === 'state update' && s.traceId === alarm.traceId), 'the state change inside the run');
  // The alarm that ran it links to the span whose code called schedule() (the chat turn's event).
  assert.equal(alarm.links.length, 1, JSON.stringify(alarm.links));
  const setter = spans.find((s) => s.spanId === alarm.links[0].spanId);
  assert.ok(setter && setter.traceId !== alarm.traceId, 'a span of the chat turn\'s trace');
  assert.equal(alarm.links[0].attributes['link.kind'], 'scheduled_by');
});

test('an agent\'s MCP connection (addMcpServer) is instrumented with no glue: the tool call continues into the MCP server Worker\'s tool span', async () => {
  const r = await fetch(`${worker.url}/agents/chat-agent/mcp-test/mcp-call`, { method: 'POST' });
  const text = await r.text();
  assert.equal(r.status, 200, text);
  const out = JSON.parse(text);
  assert.match(out.result.content[0].text, /21°C in Paris/);
  const spans = await collector.trace(out.traceId, (s) => s.some((x) => x.kind === 2 && x.name === 'tools/call get_weather'));
  const client = spans.find((s) => s.kind === 3 && s.name === 'tools/call get_weather');
  const server = spans.find((s) => s.kind === 2 && s.name === 'tools/call get_weather');
  assert.ok(client, spans.map((s) => `${s.kind} ${s.name}`).join(', '));
  assert.equal(server.parentSpanId, client.spanId);
  assert.equal(server.resource['service.name'], 'mcp-server');
});

// One MCP call from the chat agent to a server of this Worker: returns the spans of its trace once
// the server's tool span (and its model call) arrived.
async function mcpCall(server, city = 'Paris') {
  const r = await fetch(`${worker.url}/agents/chat-agent/mcp-${server}-${city}/mcp-call?server=${server}&city=${city}`, { method: 'POST' });
  const text = await r.text();
  assert.equal(r.status, 200, text);
  const out = JSON.parse(text);
  // The client's span arrives with the agent's own flush, which may come after the server's.
  const done = (s) => [2, 3].every((kind) => s.some((x) => x.kind === kind && x.name === 'tools/call get_weather')) && (city === 'Atlantis' || s.some((x) => x.name.startsWith('text_completion')));
  return { out, spans: await collector.trace(out.traceId, done) };
}

function checkToolTrace(spans, serviceHint) {
  const names = spans.map((s) => `${s.kind} ${s.name}`).join(', ');
  const client = spans.find((s) => s.kind === 3 && s.name === 'tools/call get_weather');
  const server = spans.find((s) => s.kind === 2 && s.name === 'tools/call get_weather');
  assert.ok(client && server, names);
  assert.equal(server.parentSpanId, client.spanId, `${serviceHint}: the server span continues the client's`);
  assert.equal(server.attributes['mcp.method.name'], 'tools/call');
  assert.equal(server.attributes['gen_ai.tool.name'], 'get_weather');
  assert.equal(server.attributes['gen_ai.operation.name'], 'execute_tool');
  assert.equal(server.attributes['gen_ai.tool.call.arguments'], '{"city":"Paris"}');
  assert.match(String(server.attributes['gen_ai.tool.call.result']), /19°C in Paris/);
  assert.ok(server.attributes['mcp.protocol.version'], 'the negotiated protocol version');
  const model = spans.find((s) => s.name.startsWith('text_completion'));
  assert.equal(model?.parentSpanId, server.spanId, `${serviceHint}: the tool's model call nests under the tool span: ${names}`);
  const ids = spans.map((s) => s.spanId);
  assert.equal(new Set(ids).size, ids.length, 'every span once');
  return server;
}

test('an McpAgent (a Durable Object per session, MCP SDK 1.x) over HTTP: its tool span, run while the object streams its answer, continues the agent\'s trace with its model call under it', async () => {
  const { out, spans } = await mcpCall('agent');
  assert.match(out.result.content[0].text, /19°C in Paris/);
  const server = checkToolTrace(spans, 'McpAgent');
  assert.ok(server.attributes['mcp.session.id'], 'the MCP session id');
  assert.ok(!spans.some((s) => s.attributes['edgespan.incomplete']), 'nothing cut as incomplete');
});

test('a stateless MCP SDK 2.x server (createMcpHandler with an instrumented factory) in workerd: the same trace shape', async () => {
  const { out, spans } = await mcpCall('v2');
  assert.match(out.result.content[0].text, /19°C in Paris/);
  checkToolTrace(spans, 'MCP SDK 2.x');
});

test('a tool result with isError on the McpAgent and on the 2.x server: tool_error, status ERROR', async () => {
  for (const server of ['agent', 'v2']) {
    const { spans } = await mcpCall(server, 'Atlantis');
    const s = spans.find((x) => x.kind === 2 && x.name === 'tools/call get_weather');
    assert.equal(s.attributes['error.type'], 'tool_error', server);
    assert.equal(s.status.code, 2, server);
  }
});

test('several pending schedules: each run links to the span that created it; a cancelled one leaves nothing in storage', async () => {
  const base = `${worker.url}/agents/chat-agent/schedules-${Date.now()}`;
  const post = async (path) => {
    const r = await fetch(base + path, { method: 'POST' });
    const text = await r.text();
    assert.equal(r.status, 200, text);
    return JSON.parse(text);
  };
  // Set in three requests, each its own trace: the later one runs first; the third is cancelled.
  const a = await post('/schedule?delay=3');
  const b = await post('/schedule?delay=1');
  const c = await post('/schedule?delay=60');
  assert.deepEqual(await post(`/cancel?id=${c.id}`), { cancelled: true });
  let runs;
  await waitFor(async () => {
    const spans = (await collector.spans()).filter((s) => s.name === 'schedule tick' && [a.id, b.id].includes(s.attributes['cloudflare.agents.schedule.id']));
    runs = spans;
    return spans.length === 2;
  }, 30_000);
  assert.equal(runs.length, 2, 'both schedules ran');
  for (const [set, other] of [[a, b], [b, a]]) {
    const run = runs.find((s) => s.attributes['cloudflare.agents.schedule.id'] === set.id);
    assert.equal(run.links.length, 1, JSON.stringify(run.links));
    assert.equal(run.links[0].traceId, set.traceId, 'linked to the request that created this schedule');
    assert.notEqual(run.links[0].traceId, other.traceId);
    assert.equal(run.links[0].attributes['link.kind'], 'scheduled_by');
  }
  // The creating request recorded the planned time.
  const setter = (await collector.trace(a.traceId, (s) => s.some((x) => x.events?.some((e) => e.name === 'agents.schedule')))).find((x) => x.events?.some((e) => e.name === 'agents.schedule'));
  const planned = setter.events.find((e) => e.name === 'agents.schedule').attributes;
  assert.equal(planned['cloudflare.agents.schedule.id'], a.id);
  assert.ok(Date.parse(planned['cloudflare.agents.schedule.time']) > Date.now() - 60_000);
  // Both ran, the third was cancelled: nothing of edgespan's is left for any of them.
  assert.deepEqual(await post('/kept'), []);
});
