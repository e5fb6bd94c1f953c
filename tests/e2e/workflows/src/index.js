// An instrumented Workflow: a step that loads the payload, a flaky step (two failed attempts, then
// success), optionally a step that fails for good, a one-second sleep, optionally a wait for an
// `approve` event, and a step that makes a span of its own under this.ctx.span. Started from an
// instrumented handler (`/start`, the trace continues), or from the raw binding (`/raw-start`, a
// trace of its own, with `?id=` a chosen instance id); `/batch` creates two with createBatch.
import { WorkflowEntrypoint } from 'cloudflare:workers';
import { Tracer, instrumentWorkflow } from 'edgespan';

const tracing = (env) => ({ endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, serviceName: 'workflows-e2e' });

class FlowImpl extends WorkflowEntrypoint {
  async run(event, step) {
    const loaded = await step.do('load', async () => ({ payload: event.payload }));
    let attempts = 0;
    await step.do('flaky', { retries: { limit: 3, delay: 10, backoff: 'constant' } }, async () => {
      attempts++;
      if (attempts < 3) throw new Error(`flaky attempt ${attempts}`);
      return attempts;
    });
    if (event.payload?.failForGood) {
      await step.do('doomed', { retries: { limit: 1, delay: 10, backoff: 'constant' } }, async () => {
        throw new Error('doomed for good');
      });
    }
    await step.sleep('nap', '1 second');
    const approved = event.payload?.wait ? await step.waitForEvent('approval', { type: 'approve', timeout: '1 minute' }) : null;
    await step.do('report', async () => {
      this.ctx.span.startSpan('write report').end();
      return true;
    });
    return { payload: loaded.payload, approved: approved?.payload ?? null };
  }
}

export const Flow = instrumentWorkflow(FlowImpl, tracing);

const traced = Tracer.instrument(
  {
    async fetch(request, env, ctx) {
      const url = new URL(request.url);
      const params = JSON.parse(url.searchParams.get('params') ?? '{}');
      if (url.pathname === '/batch') {
        // Two instances in one call; a string payload (not an object) is passed on as it is.
        const instances = await env.FLOW.createBatch([{ params: { n: 1 } }, { params: 'plain' }]);
        return Response.json({ ids: instances.map((i) => i.id), traceId: ctx.span.traceId });
      }
      const instance = await env.FLOW.create({ params });
      return Response.json({ id: instance.id, traceId: ctx.span.traceId, rootSpanId: ctx.span.spanId });
    },
  },
  tracing,
);

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/__health') return new Response('ok');
    if (url.pathname === '/start' || url.pathname === '/batch') return traced.fetch(request, env, ctx);
    if (url.pathname === '/raw-start') {
      const params = JSON.parse(url.searchParams.get('params') ?? '{}');
      const id = url.searchParams.get('id') ?? undefined;
      const instance = await env.FLOW.create(id ? { id, params } : { params });
      return Response.json({ id: instance.id });
    }
    const instance = await env.FLOW.get(url.searchParams.get('id'));
    if (url.pathname === '/event') {
      await instance.sendEvent({ type: 'approve', payload: { by: 'alice' } });
      return new Response('sent');
    }
    if (url.pathname === '/status') return Response.json(await instance.status());
    return new Response('not found', { status: 404 });
  },
};
