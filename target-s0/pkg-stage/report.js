// FlushReports: the empty one, and one report for a flush to several exporters (the same rule as
// edgespan_core's FlushReport::merge). Pure: no wasm.

export const emptyReport = () => ({
  exported: 0, failed: 0, dropped: 0, sampledOut: 0, retried: 0, pending: 0, openSpans: 0, openRows: 0,
  requests: 0, bytes: 0, durationMs: 0, errors: [], unfinished: [],
});

const SUMMED = ['exported', 'failed', 'retried', 'pending', 'requests', 'bytes', 'openRows'];

/** Counts summed over exporters, errors prefixed with the exporter's name, and each exporter's
 * own numbers under `exporters`. The tracer-wide counts (dropped, sampled out, open and unfinished spans) come
 * from the first report. One report comes back as it is. */
export function mergeReports(reports, names) {
  if (reports.length === 1) return reports[0];
  const out = { ...reports[0], errors: [], exporters: [] };
  for (const k of SUMMED) out[k] = 0;
  reports.forEach((r, i) => {
    for (const k of SUMMED) out[k] += r[k];
    const name = names[i];
    for (const e of r.errors) out.errors.push(`${name}: ${e}`);
    const { exported, failed, retried, pending, openRows, requests, bytes, errors } = r;
    out.exporters.push({ name, exported, failed, retried, pending, openRows, requests, bytes, errors });
  });
  return out;
}
