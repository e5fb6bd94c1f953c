// A Next.js route handler on the Edge runtime (the edge-light entry: its wasm inside the JS).
import { instrumentHandler } from 'edgespan';

export const runtime = 'edge';

export const GET = instrumentHandler(
  async (request, context, span) => {
    span.startSpan('work', { attributes: { 'next.runtime': 'edge' } }).end();
    return new Response(`edge ${new URL(request.url).pathname}`);
  },
  () => ({ endpoint: `${process.env.COLLECTOR}/v1/traces`, serviceName: `next-${process.env.BUNDLER}-edge` }),
);
