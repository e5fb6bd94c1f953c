// Against a real Arize Phoenix server (PyPI `arize-phoenix`, run on loopback with SQLite by
// `make test-backends`): the packed tarball in workerd exports an LLM app's trace with the
// phoenix() preset, and Phoenix's own API shows every span with its kind, the model call as an
// LLM span with model, token counts, messages and the answer as its output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, installTarball, startCollector, startWorker, freePort, waitFor } from '../e2e/harness.mjs';
import { startReadmeChat } from './readme-chat.mjs';

const PHOENIX = process.env.PHOENIX_BIN ?? 'phoenix'; // make test-backends sets it
const workerDir = join(root, 'tests', 'e2e', 'worker');
let phoenix, worker, collector, base, workdir, chat, phoenixLog = '';

before(async () => {
  installTarball(workerDir);
  const port = await freePort();
  workdir = mkdtempSync(join(tmpdir(), 'phoenix-'));
  phoenix = spawn(PHOENIX, ['serve'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PHOENIX_HOST: '127.0.0.1',
      PHOENIX_PORT: String(port),
      PHOENIX_WORKING_DIR: workdir,
      PHOENIX_TELEMETRY_ENABLED: 'false',
      PHOENIX_ALLOW_EXTERNAL_RESOURCES: 'false',
      PHOENIX_GRPC_PORT: String(await freePort()),
    },
  });
  phoenix.stdout.on('data', (d) => (phoenixLog += d));
  phoenix.stderr.on('data', (d) => (phoenixLog += d));
  base = `http://127.0.0.1:${port}`;
  const ready = await waitFor(async () => {
    if (phoenix.exitCode !== null) throw new Error(`phoenix exited:\n${phoenixLog}`);
    try {
      return (await fetch(`${base}/healthz`)).ok;
    } catch {
      return false;
    }
  }, 180_000, 500);
  assert.ok(ready, `phoenix not ready:\n${phoenixLog.slice(-2000)}`);
  // The Worker's default tracer needs an endpoint; this collector only answers it.
  collector = await startCollector();
  worker = await startWorker(workerDir, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
});

after(() => {
  chat?.stop();
  worker?.stop();
  collector?.stop();
  try {
    process.kill(-phoenix.pid, 'SIGKILL');
  } catch {
    // gone
  }
  rmSync(workdir, { recursive: true, force: true });
});

test('Phoenix: every span has its kind; the logLLM span is an LLM span with model, tokens, messages and the answer as output', async () => {
  const project = 'edgespan-e2e';
  const r = await fetch(`${worker.url}/phoenix?${new URLSearchParams({ base, project })}`);
  assert.equal(r.status, 200, await r.clone().text());
  const { spans, report, diagnostics } = await r.json();
  assert.equal(report.exported, 4, JSON.stringify(report));
  assert.deepEqual(report.errors, []);
  assert.deepEqual(diagnostics.filter((d) => /phoenix/i.test(d)), []);
  // Phoenix stores in the background: poll its API.
  let got = [];
  await waitFor(async () => {
    const res = await fetch(`${base}/v1/projects/${encodeURIComponent(project)}/spans?limit=100`);
    if (!res.ok) return false;
    got = (await res.json()).data ?? [];
    return got.length >= 4;
  }, 60_000, 500);
  const by = new Map(got.map((s) => [s.context.span_id, s]));
  assert.equal(by.size, 4, JSON.stringify(got.map((s) => s.name)));
  const kind = (id) => by.get(id).span_kind;
  assert.equal(kind(spans.root), 'CHAIN');
  assert.equal(kind(spans.retrieve), 'RETRIEVER');
  assert.equal(kind(spans.tool), 'TOOL');
  assert.equal(kind(spans.llm), 'LLM');
  assert.ok(got.every((s) => s.span_kind !== 'UNKNOWN'));
  const llm = by.get(spans.llm);
  assert.equal(llm.name, 'chat gpt-4o-mini');
  const a = llm.attributes;
  const flat = (o, p = '') => Object.entries(o ?? {}).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? flat(v, `${p}${k}.`) : [[`${p}${k}`, v]]));
  const attrs = Object.fromEntries(flat(a));
  assert.equal(attrs['llm.model_name'] ?? attrs['gen_ai.request.model'], 'gpt-4o-mini', JSON.stringify(a));
  assert.equal(Number(attrs['llm.token_count.prompt'] ?? attrs['gen_ai.usage.input_tokens']), 12, JSON.stringify(a));
  assert.equal(Number(attrs['llm.token_count.completion'] ?? attrs['gen_ai.usage.output_tokens']), 5, JSON.stringify(a));
  assert.equal(attrs['output.value'], 'The answer is 4.', JSON.stringify(a));
  assert.match(JSON.stringify(a), /What is 2\+2\?/, 'the input messages are there');
  assert.equal(by.get(spans.root).attributes?.output?.value ?? attrs['output.value'], 'The answer is 4.');
});

test('Phoenix: a Vectorize query is a RETRIEVER whose documents Phoenix lists', async () => {
  const project = 'vectorize';
  const r = await fetch(`${worker.url}/phoenix-vectorize?${new URLSearchParams({ base, project })}`);
  assert.equal(r.status, 200, await r.clone().text());
  const { traceId, count, report } = await r.json();
  assert.equal(count, 2);
  assert.deepEqual(report.errors, []);
  let got = [];
  await waitFor(async () => {
    const res = await fetch(`${base}/v1/projects/${project}/spans?limit=100`);
    if (!res.ok) return false;
    got = ((await res.json()).data ?? []).filter((s) => s.context.trace_id === traceId);
    return got.length >= 2;
  }, 60_000, 500);
  const retriever = got.find((s) => s.name === 'query docs');
  assert.equal(retriever.span_kind, 'RETRIEVER');
  // Phoenix's API answers the attributes flat, the documents' metadata read into its keys.
  const a = retriever.attributes;
  const doc = (i, k) => a[`retrieval.documents.${i}.document.${k}`];
  assert.deepEqual([0, 1].map((i) => [doc(i, 'id'), doc(i, 'score'), doc(i, 'content'), doc(i, 'metadata.text')]), [
    ['doc-7', 0.82, 'edgespan buffers spans.', 'edgespan buffers spans.'],
    ['doc-2', 0.64, 'Isolates have no threads.', 'Isolates have no threads.'],
  ]);
});

test('Phoenix: the README chat Worker, two requests of one conversation and a third of another: the session lists exactly its two traces, every span carries the session and the user, no e-mail address arrives', async () => {
  const project = 'readme-chat';
  chat = await startReadmeChat({ PHOENIX_COLLECTOR_ENDPOINT: base, PHOENIX_PROJECT_NAME: project });
  const first = await chat.ask('Hello, I am bob@example.com. What is the weather in Paris?', { user: 'user-1' });
  assert.match(first.cookie, /^conversation=[\w-]+$/);
  const conversation = first.cookie.split('=')[1];
  assert.equal((await chat.ask('And tomorrow?', { cookie: first.cookie, user: 'user-1' })).cookie, first.cookie, 'the same conversation');
  const other = await chat.ask('Another question', { user: 'user-2' });
  assert.notEqual(other.cookie, first.cookie);
  // Phoenix's sessions API: the conversation with exactly its two traces.
  let session;
  await waitFor(async () => {
    const r = await fetch(`${base}/v1/sessions/${encodeURIComponent(conversation)}`);
    if (!r.ok) return false;
    session = (await r.json()).data;
    return session?.traces?.length >= 2;
  }, 60_000, 500);
  assert.equal(session.session_id, conversation);
  assert.equal(session.traces.length, 2, JSON.stringify(session.traces));
  const traceIds = new Set(session.traces.map((t) => t.trace_id));
  let spans = [];
  await waitFor(async () => {
    const r = await fetch(`${base}/v1/projects/${project}/spans?limit=100`);
    if (!r.ok) return false;
    spans = (await r.json()).data ?? [];
    return spans.filter((s) => traceIds.has(s.context.trace_id)).length >= 4 && spans.length >= 6;
  }, 60_000, 500);
  const mine = spans.filter((s) => traceIds.has(s.context.trace_id));
  assert.equal(mine.length, 4, 'each request: its SERVER root and the model call');
  for (const s of mine) {
    assert.equal(s.attributes['session.id'], conversation, `${s.name} carries the session`);
    assert.equal(s.attributes['user.id'], 'user-1', `${s.name} carries the user`);
  }
  // (The harness's readiness probe is a request of its own, by an anonymous user.)
  const others = spans.filter((s) => !traceIds.has(s.context.trace_id) && s.attributes['user.id'] !== 'anonymous');
  assert.equal(others.length, 2, 'the other conversation: its root and its model call');
  for (const s of others) {
    assert.equal(s.attributes['user.id'], 'user-2');
    assert.equal(s.attributes['session.id'], other.cookie.split('=')[1]);
  }
  const text = JSON.stringify(spans);
  assert.ok(!text.includes('bob@example.com'), 'the mask kept the address out');
  assert.ok(text.includes('Hello, I am [email].'), 'the rest of the prompt is there');
});

test('Phoenix: an MCP tool call (the real MCP 2.x packages, in Node on the tarball) is a TOOL span under the client span', async () => {
  const nodeDir = join(root, 'tests', 'node');
  installTarball(nodeDir);
  const { Tracer, phoenix: preset, instrumentMcpServer, instrumentMcpClient } = await import(join(nodeDir, 'node_modules', 'edgespan', 'node.js'));
  const mcpServer = await import(join(nodeDir, 'node_modules', '@modelcontextprotocol', 'server', 'dist', 'index.mjs'));
  const mcpClient = await import(join(nodeDir, 'node_modules', '@modelcontextprotocol', 'client', 'dist', 'index.mjs'));
  const { z } = await import(join(nodeDir, 'node_modules', 'zod', 'index.js'));
  const project = 'mcp';
  const tracer = new Tracer({ ...preset({ baseUrl: base, projectName: project }), serviceName: 'mcp-node' });
  const server = instrumentMcpServer(new mcpServer.McpServer({ name: 'weather', version: '1.0.0' }), tracer);
  server.registerTool('get_weather', { inputSchema: z.object({ city: z.string() }) }, async ({ city }) => ({ content: [{ type: 'text', text: `21°C in ${city}` }] }));
  const [a, b] = mcpServer.InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = instrumentMcpClient(new mcpClient.Client({ name: 'c', version: '1.0.0' }), tracer);
  await client.connect(b);
  const turn = tracer.startSpan('turn');
  await turn.traced('ask', () => client.callTool({ name: 'get_weather', arguments: { city: 'Paris' } }));
  turn.end();
  await client.close();
  const report = await tracer.flush();
  assert.deepEqual(report.errors, []);
  let got = [];
  await waitFor(async () => {
    const res = await fetch(`${base}/v1/projects/${project}/spans?limit=100`);
    if (!res.ok) return false;
    got = ((await res.json()).data ?? []).filter((s) => s.context.trace_id === turn.traceId);
    return got.filter((s) => s.name === 'tools/call get_weather').length >= 2;
  }, 60_000, 500);
  const calls = got.filter((s) => s.name === 'tools/call get_weather');
  const server_ = calls.find((s) => s.span_kind === 'TOOL' && calls.some((c) => c.context.span_id === s.parent_id));
  assert.ok(server_, JSON.stringify(calls.map((s) => [s.span_kind, s.parent_id, s.context.span_id])));
  assert.equal(server_.attributes['gen_ai.tool.name'], 'get_weather');
});
