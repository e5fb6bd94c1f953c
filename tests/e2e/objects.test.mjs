// Durable Objects, WorkerEntrypoints and traces that cross Workers, inside one workerd running two
// Workers (wrangler dev -c main.toml -c svc.toml), on the packed tarball, without nodejs_compat:
// a request that calls a service binding (fetch and RPC) and a Durable Object stub (fetch and RPC)
// is one trace with every parent link right; a Durable Object's alarm and WebSocket messages are
// traces of their own with their kinds; a scope's forgotten span ends as incomplete; span.fetch
// sends a traceparent that names its CLIENT span.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'undici';
import { root, installTarball, startCollector, startWorker, waitFor } from './harness.mjs';

const dir = join(root, 'tests', 'e2e', 'objects');
let collector, worker, echo;
const echoed = [];

before(async () => {
  installTarball(dir);
  collector = await startCollector();
  echo = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      echoed.push({ url: req.url, method: req.method, headers: req.headers, body });
      res.writeHead(201).end('echoed');
    });
  });
  await new Promise((r) => echo.listen(0, '127.0.0.1', r));
  // `--var` reaches the first Worker only; both read .dev.vars next to their configs.
  writeFileSync(join(dir, '.dev.vars'), `OTEL_EXPORTER_OTLP_ENDPOINT=${collector.url}\n`);
  worker = await startWorker(dir, {}, { config: 'main.toml', args: ['-c', 'svc.toml'] });
});
after(() => {
  rmSync(join(dir, '.dev.vars'), { force: true });
  worker?.stop();
  collector?.stop();
  echo?.close();
});

async function get(path) {
  const r = await fetch(worker.url + path);
  const text = await r.text();
  assert.equal(r.status, 200, text);
  return JSON.parse(text);
}
const traceOf = (traceId, enough) => collector.trace(traceId, enough);
const SERVER = 2;
const CLIENT = 3;
const INTERNAL = 1;

for (const [route, how] of [['/chain', 'wrapped with ctx.span.wrapBinding'], ['/chain-env', 'the instrumented handler’s own env']]) test(`Worker → service binding (fetch, RPC) → Durable Object (fetch, RPC), ${how}: one trace, every parent right`, async () => {
  const out = await get(route);
  assert.equal(out.viaFetch, 'svc saw a traceparent');
  assert.equal(out.greeting, route === '/chain' ? 'hello edge!' : 'hello env!');
  assert.equal(out.added, Number(out.count) + 2);
  const names = ['GET', 'greet', 'compose', 'add', 'storage'];
  const spans = await traceOf(out.traceId, (s) => s.length >= 10 && s.some((x) => x.spanId === out.rootSpanId));
  const by = new Map(spans.map((s) => [s.spanId, s]));
  const rootSpan = by.get(out.rootSpanId);
  assert.equal(rootSpan.name, 'GET');
  assert.equal(rootSpan.kind, SERVER);
  for (const n of names) assert.ok(spans.some((s) => s.name === n), `${n} in ${spans.map((s) => s.name).join(', ')}`);
  assert.ok(spans.every((s) => s.spanId === out.rootSpanId || by.has(s.parentSpanId)), 'every parent arrived, in this trace');
  // Each call: a CLIENT span under the root, and the callee's SERVER root under that CLIENT span.
  const clients = spans.filter((s) => s.kind === CLIENT);
  assert.equal(clients.length, 4, clients.map((s) => s.name).join(', '));
  for (const c of clients) {
    assert.equal(c.parentSpanId, out.rootSpanId);
    const callee = spans.filter((s) => s.parentSpanId === c.spanId);
    assert.equal(callee.length, 1, `${c.name}: one callee root`);
    assert.equal(callee[0].kind, SERVER);
  }
  const greetClient = clients.find((s) => s.attributes['rpc.method'] === 'greet');
  // A binding from the handler's env names its RPC spans `{binding}.{method}`; a binding wrapped
  // by hand has no name to give.
  if (route === '/chain-env') {
    assert.equal(greetClient.name, 'SVC.greet');
    assert.equal(greetClient.attributes['cloudflare.binding.name'], 'SVC');
    assert.ok(clients.some((s) => s.name === 'COUNTER.add'), clients.map((s) => s.name).join(', '));
  } else assert.equal(greetClient.name, 'greet');
  const greet = spans.find((s) => s.name === 'greet' && s.kind === SERVER);
  assert.equal(greet.attributes['rpc.service'], 'ApiImpl');
  assert.equal(greet.resource['service.name'], 'svc', 'the callee Worker exports its own spans');
  assert.equal(rootSpan.resource['service.name'], 'main');
  assert.equal(spans.find((s) => s.name === 'compose').parentSpanId, greet.spanId);
  const add = spans.find((s) => s.name === 'add' && s.kind === SERVER);
  assert.equal(spans.find((s) => s.name === 'storage').parentSpanId, add.spanId);
  assert.ok(!spans.some((s) => s.name === 'current'), 'internal calls are not entry points');
  const doFetch = spans.filter((s) => s.kind === SERVER && s.name === 'GET' && s.spanId !== out.rootSpanId);
  assert.equal(doFetch.length, 2, 'the service binding fetch and the Durable Object fetch');
  assert.ok(doFetch.every((s) => s.attributes['http.response.status_code'] === 200));
  const fetchClients = clients.filter((s) => s.name === 'GET');
  assert.ok(fetchClients.every((s) => s.attributes['http.request.method'] === 'GET' && typeof s.attributes['url.full'] === 'string'));
});

test('a Durable Object alarm is its own trace, with its work inside', async () => {
  await collector.reset();
  const out = await get('/alarm?name=alarmed');
  assert.equal(out.armed, true);
  let spans = [];
  await waitFor(async () => {
    spans = await collector.spans();
    return spans.some((s) => s.name === 'alarm') && spans.some((s) => s.name === 'alarm work');
  }, 30_000);
  const alarm = spans.find((s) => s.name === 'alarm');
  assert.equal(alarm.kind, INTERNAL);
  assert.equal(alarm.attributes['faas.trigger'], 'timer');
  assert.equal(alarm.attributes['code.namespace'], 'CounterImpl');
  assert.notEqual(alarm.traceId, out.traceId, 'an alarm starts a trace of its own');
  assert.equal(spans.find((s) => s.name === 'alarm work').parentSpanId, alarm.spanId);
  // It links to the span that set it: the armAlarm RPC call in the request's trace.
  const setter = spans.find((s) => s.name === 'armAlarm' && s.kind === 2);
  assert.equal(setter.traceId, out.traceId);
  assert.match(setter.attributes['cloudflare.durable_object.alarm.scheduled_time'], /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual(alarm.links.map((l) => [l.traceId, l.spanId, l.attributes['link.kind']]), [[setter.traceId, setter.spanId, 'scheduled_by']]);
});

test('a span left open in a Durable Object RPC method ends as incomplete when its scope finishes', async () => {
  const out = await get('/leak');
  const spans = await traceOf(out.traceId, (s) => s.some((x) => x.name === 'forgotten') && s.some((x) => x.spanId === out.rootSpanId));
  const f = spans.find((s) => s.name === 'forgotten');
  assert.equal(f.attributes['edgespan.incomplete'], true);
  assert.equal(f.status.code, 2);
  assert.equal(spans.find((s) => s.spanId === f.parentSpanId).name, 'leak');
});

test('WebSocket messages to a hibernatable Durable Object: each a SERVER trace with its reply; a close that made no span is not sent', async () => {
  await collector.reset();
  const ws = new WebSocket(worker.url.replace('http', 'ws') + '/ws');
  const replies = [];
  await new Promise((resolve, reject) => {
    ws.onopen = () => {
      ws.send('one');
      ws.send('two');
    };
    ws.onmessage = (e) => {
      replies.push(String(e.data));
      if (replies.length === 2) ws.close(1000, 'done');
    };
    ws.onclose = resolve;
    ws.onerror = reject;
    setTimeout(() => reject(new Error('no WebSocket replies in 20 s')), 20_000).unref();
  });
  assert.deepEqual(replies, ['echo one', 'echo two']);
  let spans = [];
  await waitFor(async () => {
    spans = await collector.spans();
    return spans.filter((s) => s.name === 'webSocketMessage').length === 2;
  }, 30_000);
  const messages = spans.filter((s) => s.name === 'webSocketMessage');
  assert.equal(new Set(messages.map((s) => s.traceId)).size, 2, 'each message its own trace');
  for (const m of messages) {
    assert.equal(m.kind, SERVER);
    assert.equal(m.attributes['websocket.message.type'], 'text');
    assert.ok(spans.some((s) => s.name === 'reply' && s.parentSpanId === m.spanId));
  }
  // The close handler only closed the socket: by default that is not a trace of its own.
  await new Promise((r) => setTimeout(r, 1500));
  assert.ok(!(await collector.spans()).some((s) => s.name === 'webSocketClose'), 'a lone webSocketClose root is not sent');
});

test('span.fetch: a CLIENT span with the HTTP client conventions, and the server gets its traceparent', async () => {
  const to = `http://127.0.0.1:${echo.address().port}`;
  const out = await get(`/outgoing?to=${encodeURIComponent(to)}`);
  assert.deepEqual([out.status, out.body], [201, 'echoed']);
  const got = echoed.at(-1);
  assert.equal(got.method, 'POST');
  assert.equal(got.body, 'hi');
  assert.equal(got.headers['x-mine'], '1', 'the caller’s own headers are kept');
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(got.headers.traceparent);
  assert.ok(m, got.headers.traceparent);
  assert.equal(m[1], out.traceId);
  const spans = await traceOf(out.traceId, (s) => s.some((x) => x.spanId === m[2]) && s.some((x) => x.spanId === out.rootSpanId));
  const c = spans.find((s) => s.spanId === m[2]);
  assert.equal(c.kind, CLIENT);
  assert.equal(c.name, 'POST');
  assert.equal(c.parentSpanId, out.rootSpanId);
  assert.equal(c.attributes['http.request.method'], 'POST');
  assert.equal(c.attributes['url.full'], `${to}/echo?x=1`);
  assert.equal(c.attributes['server.address'], '127.0.0.1');
  assert.equal(c.attributes['server.port'], echo.address().port);
  assert.equal(c.attributes['http.response.status_code'], 201);
});

test('a session set halfway through a request reaches every span of its trace: earlier ones, a service binding callee and a Durable Object through baggage; another host gets none unless asked', async () => {
  const to = `http://127.0.0.1:${echo.address().port}`;
  const out = await get(`/session?session=conv-9&to=${encodeURIComponent(to)}`);
  const spans = await traceOf(out.traceId, (s) => s.length >= 12 && s.some((x) => x.spanId === out.rootSpanId) && s.some((x) => x.name === 'storage'));
  for (const n of ['early', 'greet', 'compose', 'add', 'storage']) assert.ok(spans.some((s) => s.name === n), `${n} in ${spans.map((s) => s.name).join(', ')}`);
  for (const s of spans) {
    assert.equal(s.attributes['session.id'], 'conv-9', `${s.name} (${s.resource['service.name']}) carries the session`);
    assert.equal(s.attributes['gen_ai.conversation.id'], 'conv-9');
    assert.equal(s.attributes['user.id'], 'user-3', `${s.name} carries the user`);
  }
  // Tags are not carried across: the front Worker's spans have them, the callees' do not.
  assert.deepEqual(spans.find((s) => s.name === 'early').attributes['tag.tags'], ['e2e']);
  assert.equal(spans.find((s) => s.name === 'greet').attributes['tag.tags'], undefined);
  const plain = echoed.find((e) => e.url === '/plain');
  const asked = echoed.find((e) => e.url === '/asked');
  assert.equal(plain.headers.baggage, undefined, 'no session or user to another host by default');
  assert.equal(asked.headers.baggage, 'session.id=conv-9,user.id=user-3,team=edge');
});
