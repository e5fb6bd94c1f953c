// A Next.js route handler on the Node runtime, traced per request.
import { instrumentHandler } from 'edgespan';

export const GET = instrumentHandler(
  async (request, context, span) => {
    span.startSpan('work', { attributes: { 'next.runtime': 'nodejs' } }).end();
    return new Response(`node ${new URL(request.url).pathname}`);
  },
  () => ({ endpoint: `${process.env.COLLECTOR}/v1/traces`, serviceName: `next-${process.env.BUNDLER}-node` }),
);
