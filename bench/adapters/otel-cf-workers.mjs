// @microlabs/otel-cf-workers (1.0.0-rc.52, the newest; npm's `latest` tag still points at 0.9.1):
// instrument() wraps the whole Worker, adds its own root span around the handler and exports each
// trace in a ctx.waitUntil of its own once the handler returns. So flush() has nothing to do: the
// SDK flushes. Used by bench/workerd.mjs only (it needs a Workers runtime).
// @opentelemetry/semantic-conventions is pinned to 1.44.0 in bench/package.json: rc.52 imports
// ATTR_FAAS_TIME from its incubating entry, which 1.45.0 no longer exports.
import { instrument } from '@microlabs/otel-cf-workers';
import { trace, context } from '@opentelemetry/api';

export function make() {
  const tracer = trace.getTracer('bench');
  return {
    root: (name) => tracer.startSpan(name),
    child: (p, name, meta, input, output) => {
      const s = tracer.startSpan(name, {}, trace.setSpan(context.active(), p));
      for (const [k, v] of Object.entries(meta)) s.setAttribute(`metadata.${k}`, v);
      s.setAttribute('input.value', input);
      s.setAttribute('output.value', output);
      return s;
    },
    end: (s) => s.end(),
    flush: () => undefined,
  };
}

export const wrapWorker = (worker) =>
  instrument(worker, (env) => ({ exporter: { url: `${env.COLLECTOR}/v1/traces` }, service: { name: 'bench' } }));
