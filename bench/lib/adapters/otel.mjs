// OpenTelemetry JS: sdk-trace-base with the OTLP/HTTP exporter, flushed explicitly.
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { viaOtelApi } from './otel-api.mjs';

export function make(endpoint) {
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: endpoint }), { maxExportBatchSize: 512, scheduledDelayMillis: 3_600_000 });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  return viaOtelApi(provider.getTracer('bench'), () => processor.forceFlush());
}
