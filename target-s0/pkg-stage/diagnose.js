// What the SDK tells onDiagnostic about exports: the first failure of each exporter (until it
// delivers again), with the reason and, for a 404 or an endpoint without a path, where OTLP
// collectors take traces. Pure: no wasm. URLs are quoted without their credentials.

import { withoutCredentials } from './redact.js';

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

// The exporter's URL (without credentials) with a doubled traces path said once, or null.
const undoubled = (exp) => {
  const url = exp.name.slice(5);
  return url.includes(OTLP_PATH + OTLP_PATH) ? url.replace(OTLP_PATH + OTLP_PATH, OTLP_PATH) : null;
};

/** A hint for an OTLP endpoint with no path at all (`http://host:4318`) or with the traces path
 * twice (a full URL in OTEL_EXPORTER_OTLP_ENDPOINT, which gets `/v1/traces` appended), else null. */
export function endpointHint(exp) {
  if (exp.logs3) return null;
  let path;
  try {
    path = new URL(exp.url).pathname;
  } catch {
    return null;
  }
  const meant = undoubled(exp);
  if (meant) {
    return `edgespan: endpoint ${exp.name.slice(5)} has the path ${OTLP_PATH} twice (OTEL_EXPORTER_OTLP_ENDPOINT is the base URL, to which ${OTLP_PATH} is appended): did you mean ${meant}?`;
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
    const meant = exp.logs3 ? null : undoubled(exp);
    if (meant && /^HTTP 404\b/.test(first)) hint = `; the path ${OTLP_PATH} is doubled: did you mean ${meant}?`;
    else if (/^HTTP 404\b/.test(first) && !exp.logs3) {
      hint = new URL(exp.url).pathname.endsWith(OTLP_PATH)
        ? `; the collector has no ${OTLP_PATH} here: check the host and any path prefix of the endpoint`
        : `; OTLP/HTTP collectors take traces at ${OTLP_PATH}: did you mean ${withTracesPath(exp.url)}?`;
    }
    return `edgespan: export to ${exp.name} failed (${report.failed} failed, ${report.pending} pending): ${first}${hint}. Later failures of this exporter are in FlushReport.errors until it delivers again.`;
  };
}
