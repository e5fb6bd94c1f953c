// instrumentLambda(handler, init?, { onFlush?, safetyMarginMs? }): an AWS Lambda handler (Node)
// with each invocation a trace: a SERVER root with the HTTP conventions for API Gateway (REST and
// HTTP APIs), function URLs and ALB; a CONSUMER root with the messaging conventions for SQS, SNS
// and EventBridge; the FaaS conventions on every root (trigger, invocation id, cold start, cloud).
// It continues the caller's traceparent (HTTP headers, message attributes), is the current span
// while the handler runs (and `context.span`), and the flush is awaited before the handler's
// result is handed back, within the time the invocation has left (Lambda freezes the environment
// once the handler returns). What that time cannot deliver stays buffered for the next
// invocation of the same environment, and the report says so.

import { ext } from '../ext.js';
import { recordStatus } from '../response.js';
import { settle } from '../settle.js';
import { prop, safe } from '../text.js';
import { APPLY_BAGGAGE } from '../hooks.js';

const OPTION_KEYS = ['onFlush', 'safetyMarginMs'];
// What a flush leaves the invocation by default: Lambda's own work after the handler returns
// (serialising the result) and the clock's slack.
const SAFETY_MARGIN_MS = 500;
// A batch of messages links to at most this many senders (the core keeps 128 links a span).
const MAX_MESSAGE_LINKS = 128;

// The first invocation in this process is a cold start.
let warm = false;

/** Traces every invocation of a Lambda handler; see docs/lambda.md. */
export function instrumentLambda(handler, init, options) {
  if (typeof handler !== 'function') throw new TypeError('edgespan: instrumentLambda(handler) needs a handler function (event, context) => result');
  if (options !== undefined && (options === null || typeof options !== 'object')) throw new TypeError('edgespan: instrumentLambda(handler, init, options) takes { onFlush?, safetyMarginMs? }');
  const o = options ?? {};
  for (const k of Object.keys(o)) if (!OPTION_KEYS.includes(k)) throw new TypeError(`edgespan: unknown instrumentLambda() option \`${k}\` (known: ${OPTION_KEYS.join(', ')})`);
  if (o.onFlush !== undefined && typeof o.onFlush !== 'function') throw new TypeError('edgespan: instrumentLambda() option `onFlush` must be a function');
  const margin = o.safetyMarginMs ?? SAFETY_MARGIN_MS;
  if (typeof margin !== 'number' || !(margin >= 0)) throw new TypeError('edgespan: instrumentLambda() option `safetyMarginMs` must be a number of ms from 0');
  let tracer;
  // A callback-style handler (three parameters) answers through its callback.
  const call = handler.length >= 3 ? (event, context) => viaCallback(handler, event, context) : (event, context) => handler(event, context);
  return async function traced(event, context) {
    tracer ??= ext.fromInit(init, lambdaEnv());
    const cold = !warm;
    warm = true;
    // An event it cannot read (a Proxy that throws) still gets a root: tracing never fails the call.
    const { name, options: start, headers, kind, links } = safe(() => describe(event, context, cold)) ?? { name: 'invoke', options: { kind: 'server' } };
    const root = tracer.startTrace(name, start);
    for (const l of links ?? []) root.addLink(l, { 'link.kind': 'message' });
    if (headers) safe(() => root[APPLY_BAGGAGE](header(headers, 'baggage')));
    if (context && typeof context === 'object') safe(() => Object.defineProperty(context, 'span', { configurable: true, enumerable: false, value: root }));
    let failed = false;
    let error;
    let result;
    try {
      result = await settle(
        root,
        () => call(event, context),
        (v) => {
          if (kind === 'http') safe(() => recordResult(root, v));
          if (kind === 'sqs') safe(() => recordBatchFailures(root, v));
          return v;
        },
        (e) => root.recordError(e),
      );
    } catch (e) {
      failed = true;
      error = e;
    }
    // The flush ends within the time the invocation has left, less the margin.
    const left = safe(() => context.getRemainingTimeInMillis());
    const timeoutMs = typeof left === 'number' && Number.isFinite(left) ? Math.max(0, left - margin) : undefined;
    const report = await root.finish(timeoutMs === undefined ? undefined : { timeoutMs });
    if (o.onFlush) {
      try {
        o.onFlush(report);
      } catch {
        // the user's callback failed: the invocation's answer is what matters
      }
    }
    if (failed) throw error;
    return result;
  };
}

// Lambda's environment, with the function's name as the service's unless one is set.
function lambdaEnv() {
  const env = globalThis.process?.env ?? {};
  if (env.OTEL_SERVICE_NAME || !env.AWS_LAMBDA_FUNCTION_NAME) return env;
  return { ...env, OTEL_SERVICE_NAME: env.AWS_LAMBDA_FUNCTION_NAME };
}

function viaCallback(handler, event, context) {
  return new Promise((resolve, reject) => {
    const out = handler(event, context, (err, value) => (err ? reject(err) : resolve(value)));
    if (out && typeof out.then === 'function') out.then(resolve, reject);
  });
}

// A header of an API Gateway or ALB event, whatever its case (REST APIs keep the client's).
function header(headers, name) {
  if (!headers || typeof headers !== 'object') return undefined;
  const direct = prop(headers, name);
  if (typeof direct === 'string') return direct;
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name && typeof headers[k] === 'string') return headers[k];
  return undefined;
}

// The last part of an ARN (a queue's or topic's name).
const arnName = (arn) => (typeof arn === 'string' ? arn.slice(arn.lastIndexOf(':') + 1) : undefined);

// What every root has: the FaaS and cloud conventions.
function faas(context, cold, trigger) {
  const arn = prop(context, 'invokedFunctionArn');
  const parts = typeof arn === 'string' ? arn.split(':') : [];
  const env = globalThis.process?.env ?? {};
  return {
    'faas.trigger': trigger,
    'faas.invocation_id': prop(context, 'awsRequestId'),
    'faas.coldstart': cold,
    'faas.name': prop(context, 'functionName') ?? env.AWS_LAMBDA_FUNCTION_NAME,
    'faas.version': prop(context, 'functionVersion') ?? env.AWS_LAMBDA_FUNCTION_VERSION,
    'faas.max_memory': typeof prop(context, 'memoryLimitInMB') === 'string' ? Number(context.memoryLimitInMB) * 1024 * 1024 : undefined,
    'cloud.provider': 'aws',
    'cloud.platform': 'aws_lambda',
    'cloud.region': env.AWS_REGION ?? parts[3],
    'cloud.account.id': parts[4],
    'cloud.resource_id': typeof arn === 'string' ? arn : undefined,
  };
}

/** The root of one invocation: its name, startTrace options, the headers its baggage comes from
 * (HTTP events), the senders it links to (a batch of messages), and what kind of event it was. */
export function describe(event, context, cold) {
  const rc = prop(event, 'requestContext');
  const http = rc && typeof rc === 'object' ? prop(rc, 'http') : undefined;
  // API Gateway HTTP API (payload 2.0) and function URLs.
  if (http && typeof prop(http, 'method') === 'string') {
    const route = prop(event, 'routeKey');
    const query = prop(event, 'rawQueryString');
    return httpRoot(event, context, cold, {
      method: http.method,
      path: prop(event, 'rawPath') ?? prop(http, 'path'),
      query: typeof query === 'string' && query ? query : undefined,
      // A routeKey names its method already ("GET /items/{id}"); `$default` is no route.
      route: typeof route === 'string' && route !== '$default' ? route.replace(/^[A-Z]+ /, '') : undefined,
      client: prop(http, 'sourceIp'),
      host: prop(rc, 'domainName'),
    });
  }
  // API Gateway REST API (payload 1.0) and ALB.
  if (typeof prop(event, 'httpMethod') === 'string') {
    const identity = rc && typeof rc === 'object' ? prop(rc, 'identity') : undefined;
    const qs = prop(event, 'queryStringParameters');
    const query = qs && typeof qs === 'object' ? safe(() => new URLSearchParams(qs).toString()) : undefined;
    const resource = prop(event, 'resource');
    return httpRoot(event, context, cold, {
      method: event.httpMethod,
      path: prop(event, 'path'),
      query: query || undefined,
      route: typeof resource === 'string' ? resource : undefined,
      client: identity && typeof identity === 'object' ? prop(identity, 'sourceIp') : undefined,
      host: rc && typeof rc === 'object' ? prop(rc, 'domainName') : undefined,
    });
  }
  const records = prop(event, 'Records');
  const first = Array.isArray(records) ? records[0] : undefined;
  const source = first && typeof first === 'object' ? prop(first, 'eventSource') ?? prop(first, 'EventSource') : undefined;
  if (source === 'aws:sqs') {
    const queue = arnName(prop(first, 'eventSourceARN'));
    const parents = records.map((r) => prop(prop(prop(r, 'messageAttributes'), 'traceparent'), 'stringValue'));
    return messageRoot(context, cold, records, parents, {
      'messaging.system': 'aws_sqs',
      'messaging.destination.name': queue,
      'messaging.message.id': records.length === 1 ? prop(first, 'messageId') : undefined,
    }, 'sqs');
  }
  if (source === 'aws:sns') {
    const sns = prop(first, 'Sns');
    const parents = records.map((r) => prop(prop(prop(prop(r, 'Sns'), 'MessageAttributes'), 'traceparent'), 'Value'));
    return messageRoot(context, cold, records, parents, {
      'messaging.system': 'aws_sns',
      'messaging.destination.name': arnName(prop(sns, 'TopicArn')),
      'messaging.message.id': records.length === 1 ? prop(sns, 'MessageId') : undefined,
    }, 'sns');
  }
  if (typeof prop(event, 'detail-type') === 'string' && typeof prop(event, 'source') === 'string') {
    // A schedule (EventBridge Scheduler's or a rule's) is a timer; any other event a message.
    const timer = event.source === 'aws.events' || event.source === 'aws.scheduler';
    const attributes = {
      ...faas(context, cold, timer ? 'timer' : 'pubsub'),
      'messaging.system': timer ? undefined : 'aws_eventbridge',
      'messaging.message.id': prop(event, 'id'),
      'messaging.operation.type': timer ? undefined : 'process',
      'aws.eventbridge.source': event.source,
      'aws.eventbridge.detail_type': event['detail-type'],
    };
    return { name: timer ? String(prop(context, 'functionName') ?? event['detail-type']) : `process ${event['detail-type']}`, options: { kind: timer ? 'internal' : 'consumer', attributes }, kind: 'event' };
  }
  // Any other event source (S3, DynamoDB streams, a direct invoke): the function's name.
  const trigger = typeof source === 'string' && /^aws:(s3|dynamodb|kinesis)$/.test(source) ? 'datasource' : 'other';
  return { name: String(prop(context, 'functionName') ?? 'invoke'), options: { kind: 'server', attributes: { ...faas(context, cold, trigger), 'aws.event.source': source } }, kind: 'other' };
}

function httpRoot(event, context, cold, { method, path, query, route, client, host }) {
  const headers = prop(event, 'headers');
  const attributes = {
    ...faas(context, cold, 'http'),
    'http.request.method': method,
    'http.route': route,
    'url.path': typeof path === 'string' ? path : undefined,
    'url.query': query,
    'url.scheme': header(headers, 'x-forwarded-proto'),
    'server.address': header(headers, 'host') ?? host,
    'client.address': client,
    'user_agent.original': header(headers, 'user-agent'),
  };
  const options = { kind: 'server', attributes };
  const parent = header(headers, 'traceparent');
  if (parent) options.parent = parent;
  return { name: route ? `${method} ${route}` : method, options, headers, kind: 'http' };
}

// A batch of messages: one sender continues as the parent; several are links, one per sender.
function messageRoot(context, cold, records, parents, attrs, kind) {
  const attributes = {
    ...faas(context, cold, 'pubsub'),
    'messaging.operation.type': 'process',
    'messaging.batch.message_count': records.length,
    ...attrs,
  };
  const options = { kind: 'consumer', attributes };
  const senders = parents.filter((p) => typeof p === 'string');
  let links;
  if (records.length === 1 && senders.length === 1) options.parent = senders[0];
  else if (senders.length) links = senders.slice(0, MAX_MESSAGE_LINKS);
  return { name: `process ${attrs['messaging.destination.name'] ?? 'messages'}`, options, kind, links };
}

// An HTTP event's answer: its status code (API Gateway and ALB answer 200 for a result without).
function recordResult(root, value) {
  const status = value && typeof value === 'object' ? prop(value, 'statusCode') : undefined;
  recordStatus(root, typeof status === 'number' ? status : 200, true);
}

// An SQS batch's partial failures (ReportBatchItemFailures): how many messages go back.
function recordBatchFailures(root, value) {
  const failures = value && typeof value === 'object' ? prop(value, 'batchItemFailures') : undefined;
  if (Array.isArray(failures)) root.setAttribute('aws.sqs.batch_item_failures', failures.length);
}
