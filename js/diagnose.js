// What the SDK tells onDiagnostic about exports: the first failure of each exporter (until it
// delivers again), with the reason and, for a 404 or an endpoint without a path, where OTLP
// collectors take traces. Pure: no wasm. URLs are quoted without their credentials.

import { withoutCredentials } from './redact.js';

/** The key of a Span's internal `(kind, text)` method that tells onDiagnostic, once per tracer
 * and kind, about something the SDK saw go wrong; the integrations (wrap*.js) report through it
 * without importing span.js and its wasm. */
export const REPORT = Symbol('edgespan.report');

const OTLP_PATH = '/v1/traces';

// `url` with the OTLP traces path, for a suggestion.
function withTracesPath(url) {
  url = withoutCredentials(url);
  try {
    const u = new URL(url);
    u.pathname = u.pathname.replace(/\/+$/, '') + OTLP_PATH;
    return u.href;
  } catch {
    return url + OTLP_PATH;
  }
}

/** A hint for an OTLP endpoint with no path at all (`http://host:4318`), else null. */
export function endpointHint(exp) {
  if (exp.logs3) return null;
  let path;
  try {
    path = new URL(exp.url).pathname;
  } catch {
    return null;
  }
  if (path !== '' && path !== '/') return null;
  return `edgespan: endpoint ${exp.name.slice(5)} has no path; OTLP/HTTP collectors take traces at ${OTLP_PATH}: did you mean ${withTracesPath(exp.url)}?`;
}

/** Watches one exporter's reports; returns the diagnostic to give for `report`, or null. */
export function exportWatcher(exp) {
  let failing = false;
  return (report) => {
    if (report.failed === 0 && report.pending === 0) {
      failing = false;
      return null;
    }
    if (failing) return null;
    failing = true;
    const first = report.errors[0] ?? 'no reason given';
    let hint = '';
    if (/^HTTP 404\b/.test(first) && !exp.logs3) {
      hint = new URL(exp.url).pathname.endsWith(OTLP_PATH)
        ? `; the collector has no ${OTLP_PATH} here: check the host and any path prefix of the endpoint`
        : `; OTLP/HTTP collectors take traces at ${OTLP_PATH}: did you mean ${withTracesPath(exp.url)}?`;
    }
    return `edgespan: export to ${exp.name} failed (${report.failed} failed, ${report.pending} pending): ${first}${hint}. Later failures of this exporter are in FlushReport.errors until it delivers again.`;
  };
}
