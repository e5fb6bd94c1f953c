// A request scope's response: its status recorded on the root (the HTTP server conventions) and its
// body observed, so the scope ends when the body has been sent, not when the handler returned. A
// client that goes away ends what the scope still runs as cancelled. Shared by instrument()'s
// fetch, a Durable Object's fetch and instrumentHandler().

import { passThrough } from './passthrough.js';
import { CANCEL_SCOPE } from './hooks.js';
import { statusIsError } from './rules/http-status.js';

/** Records a response's status on `span`: `http.response.status_code`, and for an error status
 * ERROR with `error.type`. */
export function recordStatus(span, status, server) {
  if (typeof status !== 'number') return;
  span.setAttribute('http.response.status_code', status);
  if (statusIsError(status, server)) {
    span.setAttribute('error.type', String(status));
    span.setStatus('error');
  }
}

/** `{ response, sent }`: `response` (a Response) with its status on `root` and its body observed;
 * `sent` resolves once the body has been sent, cancelled or failed (`root` ended then), and is
 * null for a response without a body to wait for. */
export function serveResponse(root, response) {
  if (!(response instanceof Response)) return { response, sent: null };
  recordStatus(root, response.status, true);
  if (!response.body || response.status === 101 || response.webSocket) return { response, sent: null };
  let end;
  const sent = new Promise((resolve) => (end = resolve));
  const body = passThrough(response.body, null, (how, err) => {
    if (how === 'cancel') {
      // The client went away: what is still running in the scope ends as cancelled.
      root.setAttribute('edgespan.response.cancelled', true);
      root[CANCEL_SCOPE]?.();
    }
    if (how === 'error') root.recordError(err);
    root.end();
    end();
  });
  if (!body) return { response, sent: null };
  return { response: new Response(body, response), sent };
}
