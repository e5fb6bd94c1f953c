// A Worker that uses its Vectorize binding (env.DOCS) with no edgespan glue: instrument() traces
// its calls, with or without nodejs_compat (this Worker has none). `/twice` wraps it again by hand (wrapVectorize) to name the index: still one span per
// call. Each route answers what the binding returned, and the trace id.
import { Tracer, wrapVectorize } from 'edgespan';

const ROUTES = {
  '/query': (index) => index.query([0.1, 0.2, 0.3], { topK: 2, returnMetadata: 'all' }),
  '/queryById': (index) => index.queryById('doc-7', { topK: 3 }),
  '/writes': async (index) => [await index.upsert([{ id: 'n-1', values: [1, 0, 0] }]), await index.getByIds(['doc-2']), await index.deleteByIds(['n-1'])],
  '/describe': (index) => index.describe(),
  '/twice': (index, span) => wrapVectorize(index, { name: 'docs-index', parent: span }).query([0.1, 0.2, 0.3], { topK: 1 }),
};

export default Tracer.instrument(
  {
    async fetch(request, env, ctx) {
      const { pathname } = new URL(request.url);
      if (pathname === '/__health') return new Response('ok');
      const route = ROUTES[pathname];
      if (!route) return new Response('not found', { status: 404 });
      return Response.json({ result: await route(env.DOCS, ctx.span), traceId: ctx.span.traceId });
    },
  },
  (env) => ({ endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, serviceName: 'vectorize-e2e' }),
);
