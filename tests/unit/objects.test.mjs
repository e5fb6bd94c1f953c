// Durable Objects and WorkerEntrypoints (js/cloudflare/classes.js, bindings.js) with fake spans, tracers and bindings:
// which calls are entry points, what a scope records, the RPC envelope, wrapped bindings and env.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instrumentClass } from '../../js/cloudflare/classes.js';
import { wrapBinding, tracedEnv, RPC_ENVELOPE } from '../../js/cloudflare/bindings.js';

function fakeSpan(name, options = {}) {
  const s = { name, options, attrs: { ...(options.attributes ?? {}) }, errors: [], children: [], ended: false, finished: false };
  s.traceparent = `00-${'1'.repeat(32)}-${String(name.length).padStart(16, '0')}-01`;
  s.startSpan = (n, o) => {
    const c = fakeSpan(n, o);
    s.children.push(c);
    return c;
  };
  s.setAttribute = (k, v) => (s.attrs[k] = v);
  s.setAttributes = (a) => Object.assign(s.attrs, a);
  s.setStatus = (code) => (s.status = code);
  s.recordError = (e) => (s.errors.push(e), s);
  s.end = () => (s.ended = true);
  s.finish = async () => ((s.finished = true), {});
  return s;
}

function fakeTracer() {
  const roots = [];
  return { roots, startTrace: (name, o) => (roots.push(fakeSpan(name, o)), roots.at(-1)) };
}

test('instrumentClass: runtime calls are scopes, calls on itself are not; errors recorded and rethrown; ctx.span', async () => {
  class Impl {
    #n = 1;
    constructor(ctx, env) {
      this.ctx = ctx;
      this.env = env;
    }
    async add(k) {
      return this.#n + k + this.helper();
    }
    helper() {
      return this.ctx.span ? 100 : 0;
    }
    async fails() {
      throw new TypeError('nope');
    }
    async fetch(request) {
      return new Response('ok', { status: 503 });
    }
    async alarm() {}
  }
  const tracer = fakeTracer();
  const waits = [];
  const Traced = instrumentClass(Impl, () => tracer, 'durableObject');
  assert.equal(Traced.name, 'Impl');
  const obj = new Traced({ waitUntil: (p) => waits.push(p) }, { K: 'v' });
  assert.equal(await obj.add(2), 103, 'private fields and this.ctx.span inside');
  assert.deepEqual(tracer.roots.map((r) => r.name), ['add'], 'helper() made no scope');
  assert.equal(tracer.roots[0].attrs['rpc.method'], 'add');
  assert.equal(tracer.roots[0].options.kind, 'server');
  await assert.rejects(obj.fails(), TypeError);
  assert.ok(tracer.roots[1].errors[0] instanceof TypeError);
  const res = await obj.fetch(new Request('https://do/x', { method: 'POST' }));
  // The fetch scope finishes once the response body has been sent.
  const fetchRoot = tracer.roots.find((r) => r.name === 'POST');
  assert.ok(!fetchRoot.finished, 'still open while its body is unsent');
  assert.equal(await res.clone().text(), 'ok');
  assert.equal(res.status, 503);
  const f = tracer.roots[2];
  assert.equal(f.name, 'POST');
  assert.equal(f.attrs['http.response.status_code'], 503);
  assert.equal(f.status, 'error');
  await obj.alarm();
  assert.equal(tracer.roots[3].attrs['faas.trigger'], 'timer');
  await Promise.all(waits);
  assert.ok(tracer.roots.every((r) => r.finished), 'every scope finished in waitUntil');
  assert.equal(obj.env.K, 'v');
  assert.throws(() => instrumentClass(5, () => tracer, 'entrypoint'), /instrumentEntrypoint\(Class\) needs a class/);
});

test('the RPC envelope continues the caller’s trace and refuses what is not a method', async () => {
  class Impl {
    async greet(n) {
      return `hi ${n}`;
    }
  }
  const tracer = fakeTracer();
  const obj = new (instrumentClass(Impl, () => tracer, 'entrypoint'))({ waitUntil() {} }, {});
  assert.equal(await obj[RPC_ENVELOPE]('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', 'greet', ['x']), 'hi x');
  assert.equal(tracer.roots[0].options.parent, '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  assert.throws(() => obj[RPC_ENVELOPE](undefined, 'constructor', []), /has no RPC method constructor/);
});

// Like a workerd stub: every property is a callable RPC method.
function fakeStub(methods) {
  const base = { [Symbol.toStringTag]: 'DurableObject', ...methods };
  return new Proxy(base, { get: (t, k) => (k in t ? t[k] : typeof k === 'string' && k !== 'then' ? async () => `direct ${k}` : undefined) });
}

test('wrapBinding: stubs’ RPC calls carry the trace, fall back for a callee that is not instrumented, and re-wrapping re-parents', async () => {
  const calls = [];
  const stub = fakeStub({ [RPC_ENVELOPE]: async (tp, m, args) => (calls.push(['envelope', tp, m, args]), 'via envelope') });
  const span = fakeSpan('root');
  const w = wrapBinding(span, stub);
  assert.equal(await w.add(1), 'via envelope');
  assert.equal(calls[0][1], span.children[0].traceparent);
  assert.equal(span.children[0].options.kind, 'client');
  assert.ok(span.children[0].ended);
  const bare = fakeStub({ [RPC_ENVELOPE]: () => Promise.reject(new TypeError('The RPC receiver does not implement the method "__edgespan_rpc".')), plain: async (x) => `plain ${x}` });
  const other = fakeSpan('other');
  assert.equal(await wrapBinding(other, wrapBinding(span, bare)).plain(2), 'plain 2');
  assert.equal(other.children.length, 1, 'one span: the re-wrapped binding has the new parent');
  assert.equal(other.children[0].attrs['edgespan.rpc.untraced_callee'], true);
  assert.equal(w.then, undefined, 'a wrapped stub is not thenable');
});

test('tracedEnv wraps service bindings and Durable Object namespaces only, parented at call time', async () => {
  const seen = [];
  const ns = { [Symbol.toStringTag]: 'DurableObjectNamespace', idFromName: (n) => n, getByName: () => fakeStub({ [RPC_ENVELOPE]: async (tp) => (seen.push(tp), 1) }) };
  const kv = { [Symbol.toStringTag]: 'KvNamespace', get: async () => 'v' };
  let current = null;
  const env = tracedEnv({ NS: ns, KV: kv, NAME: 'x' }, () => current);
  assert.equal(env.KV, kv);
  assert.equal(env.NAME, 'x');
  assert.equal(env.NS.idFromName('a'), 'a');
  assert.equal(await env.NS.getByName('a').ping(), 'direct ping', 'no running event: the plain call');
  current = fakeSpan('event');
  await env.NS.getByName('a').ping();
  assert.equal(seen.at(-1), current.children[0].traceparent);
});

test('instrumentAgent without node:diagnostics_channel is a clear error at construction', async () => {
  const { instrumentAgentClass } = await import('../../js/cloudflare/agents.js');
  const saved = process.getBuiltinModule;
  process.getBuiltinModule = () => undefined;
  try {
    assert.throws(() => instrumentAgentClass(class {}, () => null), /instrumentAgent\(\) needs node:diagnostics_channel.*nodejs_compat/);
  } finally {
    process.getBuiltinModule = saved;
  }
  assert.equal(typeof instrumentAgentClass(class A {}, () => null), 'function', 'with it, a class');
});

test('span.fetch to AI Gateway names the CLIENT span in cf-aig-otel-* headers and records the log id; other hosts get neither', async () => {
  const { tracedFetch } = await import('../../js/cloudflare/http.js');
  const started = [];
  const parent = {
    startSpan(name, options) {
      const span = { name, options, attrs: {}, traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` };
      span.setAttribute = (k, v) => (span.attrs[k] = v);
      span.setStatus = () => {};
      span.end = () => (span.ended = true);
      started.push(span);
      return span;
    },
  };
  const seen = [];
  const send = (req) => {
    seen.push(req);
    return new Response('{}', { headers: { 'cf-aig-log-id': 'log-1' } });
  };
  await tracedFetch(parent, send, 'https://gateway.ai.cloudflare.com/v1/acct/gw/openai/chat/completions', { method: 'POST', body: '{}' });
  await tracedFetch(parent, send, 'https://api.openai.com/v1/chat/completions', { method: 'POST', body: '{}' });
  assert.equal(seen[0].headers.get('cf-aig-otel-trace-id'), 'a'.repeat(32));
  assert.equal(seen[0].headers.get('cf-aig-otel-parent-span-id'), 'b'.repeat(16));
  assert.equal(started[0].attrs['cloudflare.ai_gateway.log_id'], 'log-1');
  assert.equal(seen[1].headers.get('cf-aig-otel-trace-id'), null, 'never to another host');
  assert.equal(started[1].attrs['cloudflare.ai_gateway.log_id'], undefined);
});

test('instrumentAgent: an McpAgent\'s server and every MCP connection the agent opens are instrumented, a reconnect\'s client too', async () => {
  const { instrumentAgentClass } = await import('../../js/cloudflare/agents.js');
  const fakeClient = () => ({ request: async () => ({}) });
  class FakeMcpAgent {
    server = { _requestHandlers: new Map([['tools/call', async () => ({ content: [] })]]) };
    mcp = { mcpConnections: { early: { client: fakeClient() } } };
    constructor(ctx, env) {
      this.ctx = ctx;
      this.env = env;
    }
  }
  const Agent = instrumentAgentClass(FakeMcpAgent, () => null);
  const agent = new Agent({ waitUntil() {}, storage: undefined }, {});
  assert.equal(agent.server._requestHandlers.edgespan, true, 'the server\'s handlers are traced');
  assert.equal(agent.mcp.mcpConnections.early.client.request.edgespan, true, 'a connection made before');
  const conn = { client: fakeClient() };
  agent.mcp.mcpConnections.weather = conn;
  assert.equal(conn.client.request.edgespan, true, 'a connection added later');
  conn.client = fakeClient();
  assert.equal(conn.client.request.edgespan, true, 'its client replaced on a reconnect');
  assert.equal(Agent.name, 'FakeMcpAgent');
});
