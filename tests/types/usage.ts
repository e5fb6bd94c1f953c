// Compiles only if the published types describe the API as the README uses it.
import { Tracer, Span, braintrust, braintrustLogs, langfuse, laminar, phoenix, type FlushReport, type TracerOptions } from 'edgespan';

interface Env {
  OTEL_EXPORTER_OTLP_ENDPOINT: string;
}
interface Ctx {
  waitUntil(p: Promise<unknown>): void;
}

const options: TracerOptions = {
  endpoint: 'https://collector.example/v1/traces',
  headers: { authorization: 'Bearer x' },
  serviceName: 'svc',
  protocol: 'json',
  compression: 'gzip',
  timeoutMs: 20_000,
  maxQueueSpans: 2048,
  maxBatchBytes: 1 << 20,
  maxConcurrentRequests: 6,
  onDiagnostic: (message: string) => void message.length,
};
const direct = new Tracer(options);

export async function handler(request: Request, env: Env, ctx: Ctx): Promise<Response> {
  const tracer = Tracer.fromEnv(env, { onDiagnostic: () => undefined });
  const answer: string = await tracer.traced('llm.call', async (span: Span) => {
    span.log({ input: 'hi', metadata: { model: 'gpt-4o-mini', temperature: 0.2 }, metrics: { prompt_tokens: 3 }, tags: ['t'] });
    span.setAttribute('n', 1).setAttributes({ ok: true, list: [1, 'a'], nested: { deep: 1n } });
    const child = span.startSpan('tool', { kind: 'client' });
    child.addEvent('retry', { attempt: 2 });
    child.recordError(new Error('x'));
    child.setStatus('error', 'bad');
    child.end(Date.now());
    return 'out';
  }, { parent: request.headers.get('traceparent') ?? undefined });
  const s = direct.startSpan('x', { parent: direct.startSpan('p') });
  const id: string = s.traceId + s.spanId + s.traceparent + (s.parentSpanId ?? '');
  const ended: boolean = s.ended;
  s.end();
  const flushed: Promise<FlushReport> = tracer.flush();
  ctx.waitUntil(flushed);
  const r: FlushReport = await direct.shutdown();
  const n: number = r.exported + r.failed + r.dropped + r.retried + r.pending + r.openSpans + r.openRows + r.requests + r.bytes + r.durationMs;
  const errors: string[] = r.errors;
  return new Response(answer + id + ended + n + errors.join());
}

// @ts-expect-error: unknown protocol
new Tracer({ endpoint: 'x', protocol: 'grpc' });
new Tracer({ endpoint: 'x', protocol: 'protobuf' });

// Request scopes, streams and instrument().
export const worker = Tracer.instrument(
  {
    async fetch(request: Request, env: Env, ctx) {
      const llm = ctx.span.startSpan('llm.stream', { kind: 'client' });
      const upstream = new ReadableStream<Uint8Array>();
      ctx.waitUntil(Promise.resolve());
      return new Response(llm.traceStream(upstream), { headers: { 'x-url': request.url + env.OTEL_EXPORTER_OTLP_ENDPOINT } });
    },
    async scheduled(controller) {
      void controller.cron;
    },
  },
  (env: Env) => ({ endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT }),
);
export const worker2 = direct.instrument({ fetch: () => new Response('ok') });
export async function scope(request: Request): Promise<number> {
  const root = direct.startTrace('GET', { request });
  const report: FlushReport = await root.finish();
  return report.unfinished.filter((u) => u.state === 'incomplete').length;
}

export const presets = [
  new Tracer(braintrust({ apiKey: 'k', projectName: 'p', serviceName: 's' })),
  new Tracer(langfuse({ publicKey: 'pk', secretKey: 'sk', baseUrl: 'https://us.cloud.langfuse.com' })),
  new Tracer(laminar({ apiKey: 'k', compression: 'gzip' })),
];
// @ts-expect-error: braintrust needs a project
braintrust({ apiKey: 'k' });

export const multi = new Tracer({
  serviceName: 'svc',
  exporters: [{ endpoint: 'https://c/v1/traces' }, braintrust({ apiKey: 'k', projectId: 'p' }), braintrustLogs({ apiKey: 'k', projectId: 'p' })],
});
export async function perExporter(): Promise<number> {
  const r = await multi.flush();
  return (r.exporters ?? []).reduce((n, e) => n + e.failed + e.errors.length, 0);
}

export function typed(t: Tracer): void {
  const tool = t.startSpan('search', { type: 'tool', kind: 'client' });
  tool.end();
  void t.traced('retrieve', (s: Span) => s.spanId, { type: 'retriever' });
}

export const px = new Tracer(phoenix({ baseUrl: 'http://127.0.0.1:6006', projectName: 'p' }));
export const pxCloud = new Tracer(phoenix());

// The bridge satisfies @opentelemetry/api's Tracer and Span, with no cast.
import type { Tracer as ApiTracer, Span as ApiSpan } from '@opentelemetry/api';
export function bridge(t: Tracer, s: Span): ApiSpan {
  const a: ApiTracer = t.otelTracer();
  const b: ApiTracer = s.otelTracer();
  void b.startActiveSpan('x', (span: ApiSpan) => span.end());
  s.setType('tool');
  return a.startSpan('y', { kind: 2, attributes: { k: 1 } });
}

// otelContextManager() is an @opentelemetry/api ContextManager.
import type { ContextManager } from '@opentelemetry/api';
import { otelContextManager } from 'edgespan';
export const cm: ContextManager = otelContextManager();


// Sampling options and the report's sampledOut.
export const sampled = new Tracer({ endpoint: 'https://c.example/v1/traces', sampling: { ratio: 0.1, keepErrors: true, keepSlowerThanMs: 3000 } });
export const fromEnvSampled = Tracer.fromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }, { sampling: { keepErrors: true } });
export async function sampledOut(t: Tracer): Promise<number> {
  const r: FlushReport = await t.flush();
  return r.sampledOut + r.exported;
}
