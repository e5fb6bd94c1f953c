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
