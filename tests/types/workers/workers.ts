// Typed Workers against @cloudflare/workers-types, under strict TypeScript, with no casts: the
// context instrument() passes is an ExecutionContext (with the root span), a typed
// ExportedHandler<Env> wraps as it is, the scheduled controller and the queue batch are the
// platform's, and fromEnv takes any Env.
import { Tracer, type FlushReport } from 'edgespan';

interface Env {
  AI: { run(model: string, inputs: object): Promise<unknown> };
  MY_QUEUE: Queue<{ id: string }>;
}

// An inline handler: ctx has the root span and the platform's members (props, waitUntil).
export default Tracer.instrument(
  {
    async fetch(request, env, ctx) {
      ctx.span.setAttribute('path', new URL(request.url).pathname);
      const props: unknown = ctx.props;
      ctx.waitUntil(Promise.resolve(props));
      await env.MY_QUEUE.send({ id: 'a' });
      return new Response('ok');
    },
    async scheduled(controller, env, ctx) {
      ctx.span.log({ metadata: { cron: controller.cron } });
      if (controller.scheduledTime < 0) controller.noRetry();
    },
    async queue(batch, env, ctx) {
      for (const m of batch.messages) m.ack();
      ctx.span.setAttribute('n', batch.messages.length);
    },
  },
  (env: Env) => Tracer.fromEnv(env),
  { onFlush: (report: FlushReport) => void report.exported },
) satisfies ExportedHandler<Env, { id: string }>;

// A handler already typed ExportedHandler<Env> wraps without casts, and stays one.
const typed: ExportedHandler<Env, { id: string }> = {
  async fetch(request, env, ctx) {
    ctx.waitUntil(Promise.resolve());
    return new Response(request.method);
  },
  async queue(batch) {
    batch.ackAll();
  },
};
const tracer = new Tracer({ endpoint: 'https://collector.example/v1/traces' });
export const wrapped: ExportedHandler<Env, { id: string }> = tracer.instrument(typed);

// fromEnv takes an Env with no OTEL_* key at all.
export function fromTypedEnv(env: Env): Tracer {
  return Tracer.fromEnv(env);
}

// Durable Objects and WorkerEntrypoints: the instrumented class keeps its type; this.ctx.span is
// the running event's root; span.fetch and span.wrapBinding keep the binding's type.
import { DurableObject, WorkerEntrypoint } from 'cloudflare:workers';
import { instrumentDurableObject, instrumentEntrypoint, type InstrumentedContext, type InstrumentedState } from 'edgespan';

class CounterImpl extends DurableObject<Env> {
  declare protected readonly ctx: InstrumentedState;
  async add(n: number): Promise<number> {
    return this.ctx.span.traced('store', async () => n + 1);
  }
  async alarm(): Promise<void> {
    this.ctx.span.setAttribute('k', 1);
  }
}
export const Counter = instrumentDurableObject(CounterImpl, (env: Env) => ({ endpoint: 'https://c.example/v1/traces', serviceName: String(Object.keys(env).length) }));
class ApiImpl extends WorkerEntrypoint<Env> {
  declare protected readonly ctx: InstrumentedContext;
  async greet(name: string): Promise<string> {
    const r: Response = await this.ctx.span.fetch('https://example.com', { method: 'POST' });
    return `${name} ${r.status}`;
  }
}
export const Api = instrumentEntrypoint(ApiImpl);
export const Api2 = Tracer.instrument(ApiImpl);
export function bindings(ns: DurableObjectNamespace<CounterImpl>, span: import('edgespan').Span): Promise<number> {
  return span.wrapBinding(ns).getByName('a').add(1);
}
