// Flush cost against the number of spans (10 to 10 000: it should grow linearly), and cold
// start: loading the package (read, compile and instantiate the wasm) and the first span, in a
// fresh Node process each time. Run by `make bench`.
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, 'node_modules', 'edgespan', 'node.js');
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

if (process.argv[2] === 'cold') {
  const t0 = performance.now();
  const { Tracer } = await import(entry);
  const t1 = performance.now();
  const t = new Tracer({ endpoint: 'http://127.0.0.1:9/v1/traces' });
  const s = t.startSpan('first');
  s.log({ input: 'hello', metadata: { model: 'm' } });
  s.end();
  const t2 = performance.now();
  console.log(JSON.stringify({ load: t1 - t0, firstSpan: t2 - t1 }));
  process.exit(0);
}

const runs = Array.from({ length: 9 }, () => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), 'cold'], { encoding: 'utf8' })));
console.log('| cold start (fresh Node process, median of 9) | ms |');
console.log('|---|---|');
console.log(`| import: read, compile and instantiate the wasm, glue | ${median(runs.map((r) => r.load)).toFixed(2)} |`);
console.log(`| first tracer, span, log and end | ${median(runs.map((r) => r.firstSpan)).toFixed(2)} |`);

const { Tracer } = await import(entry);
globalThis.fetch = async (url, init) => {
  await new Response(init.body).arrayBuffer();
  return new Response('', { status: 200 });
};
const input = 'You are a helpful assistant. The user asks: "How do I flush spans?"\n'.repeat(4);
const t = new Tracer({ endpoint: 'http://127.0.0.1:9/v1/traces', maxQueueSpans: 1 << 20, maxQueueBytes: 2 ** 32 - 1, maxBatchBytes: 1 << 30 });
console.log('\n| spans in one flush | flush ms (median of 7) | µs per span |');
console.log('|---|---|---|');
for (const n of [10, 100, 1000, 10000]) {
  const samples = [];
  for (let rep = 0; rep < 8; rep++) {
    for (let i = 0; i < n; i++) {
      const s = t.startSpan('s');
      s.log({ input, metadata: { i } });
      s.end();
    }
    const t0 = performance.now();
    const r = await t.flush();
    const ms = performance.now() - t0;
    if (r.exported !== n) throw new Error(JSON.stringify(r));
    if (rep > 0) samples.push(ms);
  }
  const ms = median(samples);
  console.log(`| ${n} | ${ms.toFixed(3)} | ${((ms * 1000) / n).toFixed(2)} |`);
}
