// How instrumentLambda reads an invocation's event (js/runtimes/lambda.js, `describe`): the root's
// name, kind, parent, links and attributes for each event source Lambda delivers, and any value
// at all read without throwing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe as rootOf } from '../../js/runtimes/lambda.js';

const context = { awsRequestId: 'req-1', functionName: 'fn', functionVersion: '7', invokedFunctionArn: 'arn:aws:lambda:us-east-2:111122223333:function:fn:live', memoryLimitInMB: '256', getRemainingTimeInMillis: () => 1000 };
const TP = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

test('API Gateway REST (payload 1.0): the resource is the route; headers of any case; the query from its parameters', () => {
  const r = rootOf({ resource: '/pets/{id}', path: '/pets/3', httpMethod: 'GET', headers: { Host: 'x.example', 'User-Agent': 'ua', TraceParent: TP, 'X-Forwarded-Proto': 'https' }, queryStringParameters: { a: '1', b: 'two words' }, requestContext: { identity: { sourceIp: '198.51.100.1' }, domainName: 'x.example' } }, context, false);
  assert.equal(r.name, 'GET /pets/{id}');
  assert.equal(r.kind, 'http');
  assert.equal(r.options.kind, 'server');
  assert.equal(r.options.parent, TP);
  const a = r.options.attributes;
  assert.equal(a['http.route'], '/pets/{id}');
  assert.equal(a['url.query'], 'a=1&b=two+words');
  assert.equal(a['server.address'], 'x.example');
  assert.equal(a['client.address'], '198.51.100.1');
  assert.equal(a['url.scheme'], 'https');
  assert.equal(a['faas.coldstart'], false);
  assert.equal(a['faas.max_memory'], 256 * 1024 * 1024);
  assert.equal(a['cloud.account.id'], '111122223333');
});

test('function URLs (payload 2.0, routeKey $default): no route, the method alone names the root', () => {
  const r = rootOf({ version: '2.0', routeKey: '$default', rawPath: '/', rawQueryString: '', headers: {}, requestContext: { domainName: 'abc.lambda-url.us-east-2.on.aws', http: { method: 'PUT', path: '/', sourceIp: '192.0.2.1' } } }, context, true);
  assert.equal(r.name, 'PUT');
  assert.equal(r.options.attributes['http.route'], undefined);
  assert.equal(r.options.attributes['url.query'], undefined);
  assert.equal(r.options.attributes['server.address'], 'abc.lambda-url.us-east-2.on.aws');
});

test('SNS: a CONSUMER root named after the topic, the sender\'s traceparent its parent', () => {
  const r = rootOf({ Records: [{ EventSource: 'aws:sns', Sns: { TopicArn: 'arn:aws:sns:us-east-2:111122223333:alerts', MessageId: 'sns-1', MessageAttributes: { traceparent: { Type: 'String', Value: TP } } } }] }, context, false);
  assert.equal(r.name, 'process alerts');
  assert.equal(r.options.kind, 'consumer');
  assert.equal(r.options.parent, TP);
  assert.equal(r.options.attributes['messaging.system'], 'aws_sns');
  assert.equal(r.options.attributes['messaging.message.id'], 'sns-1');
});

test('EventBridge: an event is a message; a scheduled rule a timer', () => {
  const ev = rootOf({ version: '0', id: 'e-1', 'detail-type': 'Order Placed', source: 'com.shop.orders', detail: {} }, context, false);
  assert.equal(ev.name, 'process Order Placed');
  assert.equal(ev.options.kind, 'consumer');
  assert.equal(ev.options.attributes['faas.trigger'], 'pubsub');
  const cron = rootOf({ version: '0', id: 'e-2', 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} }, context, false);
  assert.equal(cron.name, 'fn');
  assert.equal(cron.options.attributes['faas.trigger'], 'timer');
});

test('S3 and a direct invoke: named after the function; a data source, or other', () => {
  assert.equal(rootOf({ Records: [{ eventSource: 'aws:s3', s3: {} }] }, context, false).options.attributes['faas.trigger'], 'datasource');
  const direct = rootOf({ anything: 1 }, context, false);
  assert.equal(direct.name, 'fn');
  assert.equal(direct.options.attributes['faas.trigger'], 'other');
});

test('any event and context at all: a root with a name, never a throw', () => {
  fc.assert(
    fc.property(fc.anything({ withObjectString: true, withNullPrototype: true }), fc.oneof(fc.constant(context), fc.anything()), (event, ctx) => {
      const r = rootOf(event, ctx, true);
      assert.equal(typeof r.name, 'string');
      assert.ok(['http', 'sqs', 'sns', 'event', 'other'].includes(r.kind));
    }),
    { numRuns: 5000, seed: 20261207 },
  );
});
