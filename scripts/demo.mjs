// `make demo`: the packed package in the example Worker, running in local workerd (wrangler dev),
// exporting to the loopback collector; prints the trace trees the collector received.
import { join } from 'node:path';
import { root, installTarball, startCollector, startWorker, waitFor, workerBuildEnv } from '../tests/e2e/harness.mjs';

// `node scripts/demo.mjs rust` runs the workers-rs example instead (make demo-rust).
const rust = process.argv[2] === 'rust';
if (!rust) installTarball(join(root, 'examples', 'js-worker'));
const collector = await startCollector();
console.log(`collector: ${collector.url}`);
const worker = rust
  ? await startWorker(join(root, 'examples', 'rust-worker'), { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url }, { env: workerBuildEnv(), readyMs: 900_000 })
  : await startWorker(root, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
console.log(`worker:    ${worker.url} (wrangler dev, examples/${rust ? 'rust' : 'js'}-worker)\n`);

const requests = [
  ['/?q=Why+do+tracing+SDKs+lose+spans+on+Workers%3F', {}],
  ['/?q=What+does+flush+report%3F&fail=1', {}],
  ['/?q=Continue+my+trace', { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }],
];
let expected = 0;
try {
  for (const [path, headers] of requests) {
    const r = await fetch(worker.url + path, { headers });
    console.log(`GET ${path} -> ${r.status}: ${(await r.text()).trim()}`);
    expected += 5;
  }
  await waitFor(async () => (await collector.spans()).length >= expected, 20_000);
  console.log('\nTraces received by the collector:\n');
  console.log(await collector.tree());
  const spans = await collector.spans();
  console.log(`${spans.length} spans in ${(await collector.requests()).length} export requests.`);
  if (spans.length < expected) {
    console.error(`expected ${expected} spans`);
    process.exitCode = 1;
  }
} finally {
  worker.stop();
  collector.stop();
}
