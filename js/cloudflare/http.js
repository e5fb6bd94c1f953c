// span.fetch(input, init?) and the fetch of a wrapped binding: an outgoing HTTP call as a CLIENT
// child span with the HTTP client conventions, carrying the trace in `traceparent`. The call itself
// is the platform's (or the binding's) fetch, unchanged: its response, its errors.

import { prop, safe } from '../text.js';
import { withoutCredentials } from '../rules/redact.js';
import { recordStatus } from '../response.js';
import { ext } from '../ext.js';
import { BAGGAGE } from '../hooks.js';
import { LOG_ID_ATTRIBUTE, LOG_ID_HEADER, gatewayHeaders, isGateway } from '../rules/ai-gateway.js';


/** Calls `send(request)` for `new Request(input, init)` with `traceparent` set, inside a CLIENT
 * child of `parent`. The trace's session and user go in `baggage` when `carry` (a call to another
 * Worker or a Durable Object) or when the request already has a `baggage` header (the caller
 * asks for it); never otherwise, so a user id does not leak to a third party. */
export function tracedFetch(parent, send, input, init, carry = false) {
  let req;
  try {
    req = new Request(input, init);
  } catch (e) {
    return Promise.reject(e); // what fetch itself does with a bad input
  }
  const url = safe(() => new URL(req.url));
  const attributes = { 'http.request.method': req.method, 'url.full': withoutCredentials(req.url) };
  if (url) {
    attributes['server.address'] = url.hostname;
    attributes['server.port'] = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : undefined;
  }
  const span = parent.startSpan(req.method, { kind: 'client', attributes });
  const headers = new Headers(req.headers);
  headers.set('traceparent', span.traceparent);
  // AI Gateway: the request names its span, so Gateway's own spans join the trace. Only to
  // Gateway's own host.
  const gateway = url && isGateway(url);
  if (gateway) for (const [k, v] of Object.entries(gatewayHeaders(span))) headers.set(k, v);
  const own = headers.get('baggage');
  if (carry || own !== null) {
    const baggage = span[BAGGAGE]?.(own ?? '');
    if (baggage) headers.set('baggage', baggage);
  }
  let sent;
  try {
    sent = send(new Request(req, { headers }));
  } catch (e) {
    fail(span, e);
    throw e;
  }
  return Promise.resolve(sent).then(
    (res) => {
      recordStatus(span, prop(res, 'status'), false);
      const logId = gateway ? safe(() => res.headers.get(LOG_ID_HEADER)) : null;
      if (logId) span.setAttribute(LOG_ID_ATTRIBUTE, logId);
      span.end();
      return res;
    },
    (e) => {
      fail(span, e);
      throw e;
    },
  );
}

function fail(span, e) {
  span.recordError(e);
  span.setAttribute('error.type', prop(e, 'name') ?? 'Error');
  span.end();
}

ext.fetch = tracedFetch;
