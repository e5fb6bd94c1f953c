// A WorkerEntrypoint reached over a service binding: its fetch and RPC methods continue the
// caller's trace (traceparent header, or the RPC envelope of a wrapped stub).
import { WorkerEntrypoint } from 'cloudflare:workers';
import { instrumentEntrypoint } from 'edgespan';

const tracing = (env) => ({ endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, serviceName: 'svc' });

class ApiImpl extends WorkerEntrypoint {
  async fetch(request) {
    return new Response(`svc saw ${request.headers.get('traceparent') ? 'a' : 'no'} traceparent`);
  }
  async greet(name) {
    return this.ctx.span.traced('compose', () => `hello ${name}${this.#suffix()}`);
  }
  #suffix() {
    return '!';
  }
}

export const Api = instrumentEntrypoint(ApiImpl, tracing);
export default { fetch: () => new Response('svc') };
