// The calling Worker: each route is one trace that crosses into the service binding's
// WorkerEntrypoint and the Durable Object through bindings wrapped with ctx.span.wrapBinding, or
// goes out with ctx.span.fetch. The Durable Object's own entry points (fetch, RPC, alarm, WebSocket
// messages) are request scopes of their own, continuing the caller's trace where one arrives.
import { DurableObject } from 'cloudflare:workers';
import { Tracer, instrumentDurableObject } from 'edgespan';

const tracing = (env) => ({ endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, serviceName: 'main' });

class CounterImpl extends DurableObject {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/ws') {
      const [client, server] = Object.values(new WebSocketPair());
      this.ctx.acceptWebSocket(server);
      return new Response(null, { status: 101, webSocket: client });
    }
    const n = ((await this.ctx.storage.get('n')) ?? 0) + 1;
    await this.ctx.storage.put('n', n);
    return new Response(String(n));
  }
  async add(k) {
    // Internal calls are not entry points: no trace of their own.
    return this.ctx.span.traced('storage', async () => this.#store(await this.current() + k));
  }
  async current() {
    return (await this.ctx.storage.get('n')) ?? 0;
  }
  async #store(n) {
    await this.ctx.storage.put('n', n);
    return n;
  }
  async armAlarm() {
    await this.ctx.storage.setAlarm(Date.now() + 50);
    return true;
  }
  async alarm() {
    this.ctx.span.traced('alarm work', () => this.ctx.storage.put('alarmed', Date.now()));
  }
  async leak() {
    this.ctx.span.startSpan('forgotten'); // never ended: the scope ends it as incomplete
    return 'ok';
  }
  async webSocketMessage(ws, message) {
    this.ctx.span.traced('reply', () => ws.send(`echo ${message}`));
  }
  async webSocketClose(ws, code) {
    ws.close(code, 'bye');
  }
}

export const Counter = instrumentDurableObject(CounterImpl, tracing);

export default Tracer.instrument(
  {
    async fetch(request, env, ctx) {
      const url = new URL(request.url);
      const ids = { traceId: ctx.span.traceId, rootSpanId: ctx.span.spanId };
      const svc = ctx.span.wrapBinding(env.SVC);
      const counters = ctx.span.wrapBinding(env.COUNTER);
      const stub = counters.getByName(url.searchParams.get('name') ?? 'a');
      if (url.pathname === '/chain') {
        const viaFetch = await (await svc.fetch('http://svc/hello')).text();
        const greeting = await svc.greet('edge');
        const count = await (await stub.fetch('http://do/inc')).text();
        const added = await stub.add(2);
        return Response.json({ ...ids, viaFetch, greeting, count, added });
      }
      if (url.pathname === '/chain-env') {
        // The same calls through the instrumented handler's own env: its bindings carry the trace.
        const s = env.COUNTER.getByName('env');
        const viaFetch = await (await env.SVC.fetch('http://svc/hello')).text();
        const greeting = await env.SVC.greet('env');
        const count = await (await s.fetch('http://do/inc')).text();
        const added = await s.add(2);
        return Response.json({ ...ids, viaFetch, greeting, count, added });
      }
      if (url.pathname === '/alarm') return Response.json({ ...ids, armed: await stub.armAlarm() });
      if (url.pathname === '/leak') return Response.json({ ...ids, out: await stub.leak() });
      if (url.pathname === '/ws') return env.COUNTER.getByName('ws').fetch(request);
      if (url.pathname === '/outgoing') {
        const r = await ctx.span.fetch(`${url.searchParams.get('to')}/echo?x=1`, { method: 'POST', body: 'hi', headers: { 'x-mine': '1' } });
        return Response.json({ ...ids, status: r.status, body: await r.text() });
      }
      if (url.pathname === '/session') {
        // A span that ends before the session is known, then the session set halfway through;
        // every call after carries it (service binding fetch and RPC, Durable Object fetch and RPC).
        ctx.span.traced('early', () => 1);
        ctx.span.setTraceAttributes({ sessionId: url.searchParams.get('session'), userId: 'user-3', tags: ['e2e'] });
        const s = env.COUNTER.getByName('session');
        const viaFetch = await (await env.SVC.fetch('http://svc/hello')).text();
        const greeting = await env.SVC.greet('session');
        const count = await (await s.fetch('http://do/inc')).text();
        const added = await s.add(1);
        // Another host gets no baggage, unless the request already has one.
        const to = url.searchParams.get('to');
        await ctx.span.fetch(`${to}/plain`);
        await ctx.span.fetch(`${to}/asked`, { headers: { baggage: 'team=edge' } });
        return Response.json({ ...ids, viaFetch, greeting, count, added });
      }
      if (url.pathname === '/__health') return new Response('ok');
      return new Response('not found', { status: 404 });
    },
  },
  tracing,
);
