// A Worker as a Vite project writes it: edgespan imported as it is, the wasm carried by the plugin.
import { Tracer } from 'edgespan';

export default Tracer.instrument(
  {
    async fetch(request, env, ctx) {
      if (new URL(request.url).pathname === '/ready') return new Response('ready');
      ctx.span.startSpan('vite work', { attributes: { mode: env.MODE_NAME } }).end();
      return new Response('vite ok');
    },
  },
  (env) => ({ endpoint: `${env.COLLECTOR}/v1/traces`, serviceName: 'vite-worker' }),
);
