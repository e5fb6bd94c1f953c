// A Nitro route that makes a span and flushes it before answering, with the report.
import { Tracer } from 'edgespan';

let tracer;

export default defineEventHandler(async () => {
  tracer ??= new Tracer({ endpoint: `${process.env.COLLECTOR}/v1/traces`, serviceName: `nitro-${process.env.PRESET}` });
  tracer.startSpan('nitro work', { attributes: { preset: process.env.PRESET } }).end();
  const report = await tracer.flush();
  return { exported: report.exported, errors: report.errors };
});
