// The workload's calls through the OpenTelemetry API, shared by the two OpenTelemetry adapters
// (they differ in who provides the tracer and who flushes).
import { trace, context } from '@opentelemetry/api';

export function viaOtelApi(tracer, flush) {
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
    flush,
  };
}
