// @microlabs/otel-cf-workers (1.0.0-rc.52, the newest; npm's `latest` tag still points at 0.9.1):
// instrument() wraps the whole Worker, adds its own root span around the handler and exports each
// trace in a ctx.waitUntil of its own once the handler returns. So flush() has nothing to do: the
// SDK flushes. In Node (bench/compare.mjs) `micro()` below hosts the workload in its handler.
// @opentelemetry/semantic-conventions is pinned to 1.44.0 in bench/package.json: rc.52 imports
// ATTR_FAAS_TIME from its incubating entry, which 1.45.0 no longer exports.
import { instrument } from '@microlabs/otel-cf-workers';
import { trace } from '@opentelemetry/api';
import { viaOtelApi } from './otel-api.mjs';

export function make() {
  return viaOtelApi(trace.getTracer('bench'), () => undefined);
}

export const wrapWorker = (worker, instrumentation) =>
  instrument(worker, (env) => ({ exporter: { url: `${env.COLLECTOR}/v1/traces` }, service: { name: 'bench' }, instrumentation }));

// For bench/compare.mjs in Node: the SDK only traces inside its instrumented handler, so each
// request runs the workload in that handler (its own root span and context plumbing are in the
// span cost), and flush awaits what it handed to ctx.waitUntil. Node has no `caches` to wrap.
export function micro(endpoint) {
  let pending = [];
  const ctx = { waitUntil: (p) => pending.push(p), passThroughOnException() {} };
  let work;
  const worker = wrapWorker({ fetch: async () => (work(), new Response('ok')) }, { instrumentGlobalCache: false });
  const env = { COLLECTOR: endpoint.replace(/\/v1\/traces$/, '') };
  return {
    request(w) {
      work = w;
      return worker.fetch(new Request('http://localhost/'), env, ctx);
    },
    async flush() {
      while (pending.length) {
        const ps = pending;
        pending = [];
        await Promise.all(ps);
      }
    },
  };
}
