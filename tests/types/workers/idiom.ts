// The Workers idiom under strict TypeScript, with no `!` and no casts: `Tracer.instrument<Env>`
// with the handler's parameters left to inference, then `satisfies ExportedHandler<Env>`; a
// Durable Object, a WorkerEntrypoint and an agent that declare their instrumented `ctx` in one
// line.
import { Tracer, instrumentDurableObject, instrumentEntrypoint, type InstrumentedContext, type InstrumentedState } from 'edgespan';
import { DurableObject, WorkerEntrypoint } from 'cloudflare:workers';

interface Env {
  OTEL_EXPORTER_OTLP_ENDPOINT: string;
  ROOM: DurableObjectNamespace<Room>;
}

export default Tracer.instrument<Env>({
  async fetch(request, env, ctx) {
    ctx.span.setAttribute('path', new URL(request.url).pathname);
    const stub = env.ROOM.getByName('lobby');
    return new Response(String(await stub.join('a')));
  },
  async scheduled(controller, env, ctx) {
    ctx.span.setAttribute('cron', controller.cron);
    const endpoint: string = env.OTEL_EXPORTER_OTLP_ENDPOINT;
    if (!endpoint) controller.noRetry();
  },
}) satisfies ExportedHandler<Env>;

class RoomImpl extends DurableObject<Env> {
  declare protected readonly ctx: InstrumentedState;
  async join(who: string): Promise<number> {
    this.ctx.span.setAttribute('who', who);
    return this.ctx.span.traced('count', async () => (await this.ctx.storage.get<number>('n')) ?? 0);
  }
}
export const Room = instrumentDurableObject(RoomImpl);
type Room = RoomImpl;

class ApiImpl extends WorkerEntrypoint<Env> {
  declare protected readonly ctx: InstrumentedContext;
  async greet(name: string): Promise<string> {
    this.ctx.span.setAttribute('name', name);
    this.ctx.waitUntil(Promise.resolve());
    return name;
  }
}
export const Api = instrumentEntrypoint(ApiImpl);
