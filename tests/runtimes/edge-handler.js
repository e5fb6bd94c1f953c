// A handler for the Vercel Edge runtime, bundled by esbuild (the `edge-light` condition, nothing
// but JS) and run by tests/runtimes/runtimes.test.mjs in the `edge-runtime` emulator. The runtime
// has no process and no AsyncLocalStorage: the root span comes as the last argument.
import { instrumentHandler } from 'edgespan';

const handler = instrumentHandler(
  async (request, event, span) => {
    span.startSpan('work', { attributes: { runtime: 'edge' } }).end();
    return new Response(`hello from edge ${new URL(request.url).pathname}`);
  },
  // eslint-disable-next-line no-undef
  { endpoint: `${COLLECTOR}/v1/traces`, serviceName: 'edgespan-edge' },
);

addEventListener('fetch', (event) => event.respondWith(handler(event.request, event)));
