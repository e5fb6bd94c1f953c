// AI Gateway: which URLs are Gateway's, and the headers that join Gateway's own spans to a trace
// (`cf-aig-otel-trace-id`, `cf-aig-otel-parent-span-id`). Pure: no wasm.

const GATEWAY = /(^|\.)gateway\.ai\.cloudflare\.com$/;

/** True when `url` (a string or URL) is AI Gateway's (`gateway.ai.cloudflare.com`). */
export function isGateway(url) {
  let host;
  try {
    host = new URL(String(url)).hostname;
  } catch {
    return false;
  }
  return GATEWAY.test(host);
}

/** The headers that tell AI Gateway which span a request belongs to. */
export const gatewayHeaders = (span) => ({ 'cf-aig-otel-trace-id': span.traceId, 'cf-aig-otel-parent-span-id': span.spanId });

/** Gateway's answer header with the log id, recorded as `cloudflare.ai_gateway.log_id`. */
export const LOG_ID_HEADER = 'cf-aig-log-id';
export const LOG_ID_ATTRIBUTE = 'cloudflare.ai_gateway.log_id';
