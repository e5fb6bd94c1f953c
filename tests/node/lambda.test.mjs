// instrumentLambda on the packed tarball: a handler bundled by esbuild for Node as ESM and as CJS
// (as AWS CDK and SAM bundle one), alone in its directory, run by a stand-in for the Lambda Node
// runtime (tests/node/lambda/runtime.mjs: one process per execution environment, the real context
// object's interface, the invocation's timeout enforced) with real event shapes (API Gateway
// HTTP API v2, SQS). Its model call goes through a wrapped `openai` client to a loopback fake.
// Checks: a root per invocation with the FaaS and HTTP or messaging conventions, the caller's
// traceparent continued (headers, message attributes; a batch links to each sender), the root
// current while the handler runs, every span once; and with a collector that hangs, an invocation
// with 3 s left still returns in time, its report says pending, and the next one delivers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { root, installTarball, startCollector, waitFor, countById } from '../e2e/harness.mjs';
import { startFakeLLM } from '../e2e/fake-llm.mjs';

const dir = join(root, 'tests', 'node');
let collector, fake, out;
const bundles = {};

// The handler as a user writes it, in either module system.
const logic = `
const client = wrapOpenAI(new OpenAI({ baseURL: process.env.FAKE_LLM + '/v1', apiKey: 'sk-fake' }));
async function orders(event, context) {
  const answer = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Weather in Paris?' }] });
  if (event.Records) return { batchItemFailures: event.Records.filter((r) => r.body === 'bad').map((r) => ({ itemIdentifier: r.messageId })) };
  if (event.rawPath === '/fail') throw new Error('the order could not be placed');
  return { statusCode: 201, body: JSON.stringify({ traceId: context.span.traceId, answer: answer.choices[0].message.content }) };
}
`;
const tail = `instrumentLambda(orders, undefined, { onFlush: (r) => globalThis.lambdaReports?.push(r) })`;
const SOURCES = {
  esm: `import { instrumentLambda, wrapOpenAI } from 'edgespan';\nimport { OpenAI } from 'openai';\n${logic}\nexport const handler = ${tail};\n`,
  cjs: `const { instrumentLambda, wrapOpenAI } = require('edgespan');\nconst { OpenAI } = require('openai');\n${logic}\nexports.handler = ${tail};\n`,
};

before(async () => {
  installTarball(dir);
  collector = await startCollector();
  fake = await startFakeLLM({ firstChunkMs: 1 });
  out = mkdtempSync(join(tmpdir(), 'edgespan-lambda-'));
  for (const [format, src] of Object.entries(SOURCES)) {
    const ext = format === 'esm' ? 'mjs' : 'cjs';
    const entry = join(dir, `lambda-entry-${format}.${ext}`);
    writeFileSync(entry, src);
    try {
      await build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format, outfile: join(out, format, `index.${ext}`), logLevel: 'error' });
    } finally {
      rmSync(entry, { force: true });
    }
    assert.deepEqual(readdirSync(join(out, format)), [`index.${ext}`], 'one file, nothing beside it');
    bundles[format] = join(out, format, `index.${ext}`);
  }
});
after(() => {
  collector?.stop();
  fake?.stop();
  rmSync(out, { recursive: true, force: true });
});

// One execution environment: `invoke(event, timeoutMs)` resolves to the runtime's outcome line.
function environment(bundle) {
  const env = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, FAKE_LLM: fake.url, AWS_REGION: 'eu-west-1', AWS_LAMBDA_FUNCTION_NAME: 'orders-fn' };
  delete env.OTEL_SERVICE_NAME;
  const child = spawn(process.execPath, [join(root, 'tests', 'node', 'lambda', 'runtime.mjs'), bundle], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async invoke(event, timeoutMs = 3000) {
      child.stdin.write(JSON.stringify({ event, timeoutMs }) + '\n');
      const { value, done } = await lines.next();
      assert.ok(!done, 'the runtime exited');
      return JSON.parse(value);
    },
    stop: () => child.kill(),
  };
}

const hex = (n, len) => n.toString(16).padStart(len, '0');
const traceparent = (t, s) => `00-${hex(t, 32)}-${hex(s, 16)}-01`;

const apiGatewayV2 = (path, tp) => ({
  version: '2.0',
  routeKey: 'POST /orders/{id}',
  rawPath: path,
  rawQueryString: 'expand=items',
  headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'user-agent': 'curl/8.5.0', 'x-forwarded-proto': 'https', 'content-type': 'application/json', traceparent: tp, baggage: 'session.id=chat-9,user.id=u-7' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'abc123',
    domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
    domainPrefix: 'abc123',
    http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'curl/8.5.0' },
    requestId: 'Q1w2e3r4t5y6=',
    routeKey: 'POST /orders/{id}',
    stage: '$default',
    time: '07/Dec/2026:01:00:00 +0000',
    timeEpoch: 1796605200000,
  },
  pathParameters: { id: '42' },
  body: '{"sku":"tea"}',
  isBase64Encoded: false,
});

const sqsRecord = (id, body, tp) => ({
  messageId: id,
  receiptHandle: `AQEB${id}`,
  body,
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1796605200000', SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: '1796605200001' },
  messageAttributes: tp ? { traceparent: { stringValue: tp, stringListValues: [], binaryListValues: [], dataType: 'String' } } : {},
  md5OfBody: '0123456789abcdef0123456789abcdef',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:orders-queue',
  awsRegion: 'eu-west-1',
});

for (const format of ['esm', 'cjs']) {
  test(`${format}: API Gateway v2 and SQS invocations, each a trace continuing its caller's, with the FaaS conventions; every span once`, async () => {
    const lambda = environment(bundles[format]);
    const base = format === 'esm' ? 0x100 : 0x200;
    try {
      // HTTP: the caller's trace continues; the model call nests under the root (the current span).
      const http = await lambda.invoke(apiGatewayV2('/orders/42', traceparent(base + 1, 0xa1)));
      assert.equal(http.result.statusCode, 201, JSON.stringify(http));
      assert.equal(JSON.parse(http.result.body).traceId, hex(base + 1, 32));
      assert.equal(http.reports[0].exported, 2, 'flushed before the result was handed back');
      const spans = await collector.trace(hex(base + 1, 32), (s) => s.length >= 2);
      const rootSpan = spans.find((s) => s.kind === 2);
      assert.equal(rootSpan.name, 'POST /orders/{id}');
      assert.equal(rootSpan.parentSpanId, hex(0xa1, 16));
      const a = rootSpan.attributes;
      assert.equal(a['faas.trigger'], 'http');
      assert.equal(a['faas.coldstart'], true);
      assert.equal(a['faas.invocation_id'], 'c0ffee00-0000-4000-8000-000000000001');
      assert.equal(a['faas.name'], 'orders-fn');
      assert.equal(a['cloud.provider'], 'aws');
      assert.equal(a['cloud.region'], 'eu-west-1');
      assert.equal(a['cloud.account.id'], '123456789012');
      assert.equal(a['http.request.method'], 'POST');
      assert.equal(a['http.route'], '/orders/{id}');
      assert.equal(a['url.path'], '/orders/42');
      assert.equal(a['url.query'], 'expand=items');
      assert.equal(a['client.address'], '203.0.113.9');
      assert.equal(a['http.response.status_code'], 201);
      assert.equal(a['session.id'], 'chat-9', 'the caller\'s session, from baggage');
      assert.equal(rootSpan.resource['service.name'], 'orders-fn', 'the function\'s name by default');
      const llm = spans.find((s) => s.kind === 3);
      assert.equal(llm.parentSpanId, rootSpan.spanId, 'the wrapped client found the root as the current span');

      // A second invocation of the same environment is warm.
      const again = await lambda.invoke(apiGatewayV2('/orders/43', traceparent(base + 2, 0xa2)));
      const warm = (await collector.trace(hex(base + 2, 32), (s) => s.length >= 2)).find((s) => s.kind === 2);
      assert.equal(warm.attributes['faas.coldstart'], false);
      assert.equal(again.reports[0].exported, 2);

      // A failing handler: the caller gets the error, the root is ERROR.
      const failed = await lambda.invoke(apiGatewayV2('/fail', traceparent(base + 3, 0xa3)));
      assert.equal(failed.error, 'the order could not be placed');
      const failedRoot = (await collector.trace(hex(base + 3, 32), (s) => s.length >= 2)).find((s) => s.kind === 2);
      assert.equal(failedRoot.status.code, 2);

      // SQS, one message: a CONSUMER root whose parent is the sender (its message attribute).
      const one = await lambda.invoke({ Records: [sqsRecord('m-1', 'tea', traceparent(base + 4, 0xb1))] });
      assert.deepEqual(one.result, { batchItemFailures: [] });
      const consumer = (await collector.trace(hex(base + 4, 32), (s) => s.length >= 2)).find((s) => s.kind === 5);
      assert.equal(consumer.name, 'process orders-queue');
      assert.equal(consumer.parentSpanId, hex(0xb1, 16));
      assert.equal(consumer.attributes['faas.trigger'], 'pubsub');
      assert.equal(consumer.attributes['messaging.system'], 'aws_sqs');
      assert.equal(consumer.attributes['messaging.message.id'], 'm-1');
      assert.equal(consumer.attributes['messaging.batch.message_count'], 1);

      // SQS, a batch from two senders: a trace of its own that links to both; one failed item.
      const batch = await lambda.invoke({ Records: [sqsRecord('m-2', 'tea', traceparent(base + 5, 0xb2)), sqsRecord('m-3', 'bad', traceparent(base + 6, 0xb3))] });
      assert.deepEqual(batch.result, { batchItemFailures: [{ itemIdentifier: 'm-3' }] });
      let batchRoot;
      await waitFor(async () => {
        batchRoot = (await collector.spans()).find((s) => s.kind === 5 && s.attributes['messaging.batch.message_count'] === 2 && s.links.some((l) => l.traceId === hex(base + 5, 32)));
        return batchRoot;
      });
      assert.deepEqual(batchRoot.links.map((l) => [l.traceId, l.spanId]), [[hex(base + 5, 32), hex(0xb2, 16)], [hex(base + 6, 32), hex(0xb3, 16)]]);
      assert.equal(batchRoot.parentSpanId, null);
      assert.equal(batchRoot.attributes['aws.sqs.batch_item_failures'], 1);
    } finally {
      lambda.stop();
    }
    const twice = [...countById(await collector.spans())].filter(([, n]) => n > 1);
    assert.deepEqual(twice, [], 'every span once');
  });
}

test('a collector that hangs: an invocation with 3 s left returns in time and reports pending; the next invocation delivers what it left', async () => {
  const lambda = environment(bundles.esm);
  try {
    await collector.faults('default 200 delay-ms=20000 drop');
    const first = await lambda.invoke(apiGatewayV2('/orders/7', traceparent(0x300, 0xc1)), 3000);
    assert.equal(first.timedOut, undefined, 'the invocation returned before its timeout');
    assert.equal(first.result.statusCode, 201);
    const [report] = first.reports;
    assert.equal(report.exported, 0);
    assert.equal(report.pending, 2, JSON.stringify(report));
    assert.ok(report.errors.length > 0);
    await collector.faults('default 200');
    const second = await lambda.invoke(apiGatewayV2('/orders/8', traceparent(0x301, 0xc2)), 3000);
    assert.equal(second.reports[0].exported, 4, 'its own two spans and the two the first left');
    assert.equal((await collector.trace(hex(0x300, 32), (s) => s.length >= 2)).length, 2);
  } finally {
    await collector.faults('default 200');
    lambda.stop();
  }
});
