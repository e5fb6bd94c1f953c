// `make demo`: the packed package in the example Worker, running in local workerd (wrangler dev),
// exporting to the loopback collector; prints the trace trees the collector received.
import { join } from 'node:path';
import { writeFileSync, rmSync } from 'node:fs';
import { root, installTarball, startCollector, startWorker, waitFor, workerBuildEnv } from '../tests/e2e/harness.mjs';
import { startFakeLLM } from '../tests/e2e/fake-llm.mjs';

// `node scripts/demo.mjs rust` runs the workers-rs example instead (make demo-rust).
const rust = process.argv[2] === 'rust';
if (!rust) installTarball(join(root, 'examples', 'js-worker'));
const collector = await startCollector();
console.log(`collector: ${collector.url}`);
const fake = rust ? null : await startFakeLLM({ firstChunkMs: 30 });
if (fake) console.log(`model API: ${fake.url} (a loopback fake of the OpenAI API)`);
const worker = rust
  ? await startWorker(join(root, 'examples', 'rust-worker'), { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url }, { env: workerBuildEnv(), readyMs: 900_000 })
  : await startWorker(root, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OPENAI_BASE_URL: `${fake.url}/v1` });
console.log(`worker:    ${worker.url} (wrangler dev, examples/${rust ? 'rust' : 'js'}-worker)\n`);

const requests = [
  ['/?q=What+is+the+weather+in+Paris%3F', {}],
  ['/?q=And+in+Lyon%3F&fail=1', {}],
  ['/?q=Continue+my+trace', { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }],
];
// Spans per request: the JS Worker's request, retrieval, two model calls and the tool (a 429 on
// the first call leaves three); the Rust example's five.
const perRequest = (path) => (rust ? 5 : path.includes('fail=1') ? 3 : 5);
let expected = 0;
await collector.reset(); // not the readiness probe's trace
try {
  for (const [path, headers] of requests) {
    const r = await fetch(worker.url + path, { headers });
    console.log(`GET ${path} -> ${r.status}: ${(await r.text()).trim()}`);
    expected += perRequest(path);
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
  fake?.stop();
}

// Then a trace that crosses an MCP server: examples/mcp-worker, a Worker calling an MCP server
// Worker's tool through a service binding.
if (!rust) {
  const dir = join(root, 'examples', 'mcp-worker');
  installTarball(dir);
  writeFileSync(join(dir, '.dev.vars'), `OTEL_EXPORTER_OTLP_ENDPOINT=${collector.url}\n`);
  const mcp = await startWorker(dir, {}, { config: 'app.toml', args: ['-c', 'server.toml'] });
  try {
    await collector.reset();
    const r = await fetch(`${mcp.url}/?city=Lyon`);
    console.log(`\nGET /?city=Lyon -> ${r.status}: ${(await r.text()).trim()} (examples/mcp-worker: a Worker calling an MCP server Worker)\n`);
    await waitFor(async () => (await collector.spans()).some((s) => s.kind === 2 && s.name === 'tools/call get_weather'), 20_000);
    console.log(await collector.tree());
  } finally {
    mcp.stop();
    rmSync(join(dir, '.dev.vars'), { force: true });
  }
}
collector.stop();
