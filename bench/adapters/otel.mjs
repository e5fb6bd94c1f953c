// OpenTelemetry JS: sdk-trace-base with the OTLP/HTTP exporter, flushed explicitly.
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { trace, context } from '@opentelemetry/api';

export function make(endpoint) {
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: endpoint }), { maxExportBatchSize: 512, scheduledDelayMillis: 3_600_000 });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  const tracer = provider.getTracer('bench');
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
    flush: () => processor.forceFlush(),
  };
}
