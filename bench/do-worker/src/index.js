// One Durable Object that lives through every event of the bench: each RPC call to `work` is an
// event (a request scope with three spans, flushed through the object's waitUntil), and `memory`
// reports the tracer's wasm memory after them.
import { DurableObject } from 'cloudflare:workers';
import { Tracer, instrumentDurableObject } from 'edgespan';

let tracer;
const tracerOf = (env) => (tracer ??= new Tracer({ endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, serviceName: 'do-bench' }));

class LongLivedImpl extends DurableObject {
  async work(i) {
    const s = this.ctx.span;
    s.log({ input: { i, text: 'x'.repeat(200) } });
    await s.traced('step', async (c) => c.log({ output: `done ${i}` }));
    s.startSpan('tool', { type: 'tool' }).end();
    return i;
  }
  async memory() {
    return { wasmBytes: tracer._memoryBytes(), buffered: (await tracer.flush()).pending };
  }
}
export const LongLived = instrumentDurableObject(LongLivedImpl, tracerOf);

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/__health') return new Response('ok');
    const stub = env.OBJ.getByName('one');
    const n = Number(url.searchParams.get('n') ?? 0);
    const from = Number(url.searchParams.get('from') ?? 0);
    // Sequential, as one client's events to one object arrive.
    for (let i = 0; i < n; i++) await stub.work(from + i);
    return Response.json(await stub.memory());
  },
};
