// A stand-in for the AWS Lambda Node runtime, enough to run a bundled handler as Lambda does: one
// process (an execution environment) loads the bundle once (ESM by import, CJS by require) and
// invokes its `handler` export for each line of JSON on stdin ({ event, timeoutMs }), one at a
// time, with a context object of the real one's interface whose getRemainingTimeInMillis counts
// down to the invocation's timeout. Each invocation's outcome is a line of JSON on stdout:
// { result | error, ms, timedOut, reports } (reports: what the handler's onFlush received).
// Run: node runtime.mjs <bundle file>
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const file = process.argv[2];
const mod = file.endsWith('.cjs') ? createRequire(import.meta.url)(file) : await import(pathToFileURL(file).href);
const handler = mod.handler;
const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:orders-fn';
let n = 0;

function context(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  n += 1;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'orders-fn',
    functionVersion: '$LATEST',
    invokedFunctionArn: ARN,
    memoryLimitInMB: '128',
    awsRequestId: `c0ffee00-0000-4000-8000-${String(n).padStart(12, '0')}`,
    logGroupName: '/aws/lambda/orders-fn',
    logStreamName: '2026/12/07/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { event, timeoutMs } = JSON.parse(line);
  globalThis.lambdaReports = [];
  const t0 = Date.now();
  let timer;
  // Lambda stops an invocation at its timeout, whatever the handler is doing.
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), timeoutMs);
  });
  const run = Promise.resolve()
    .then(() => handler(event, context(timeoutMs)))
    .then(
      (result) => ({ result }),
      (e) => ({ error: String(e?.message ?? e) }),
    );
  const out = await Promise.race([run, timeout]);
  clearTimeout(timer);
  process.stdout.write(JSON.stringify({ ...out, ms: Date.now() - t0, reports: globalThis.lambdaReports }) + '\n');
}
