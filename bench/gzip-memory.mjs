// JSON and protobuf, each with and without gzip (CPU and bytes per span), and memory per buffered
// span, for the packed
// package in Node's V8. Run by `make bench`; results go to BENCHMARKS.md by hand, with the date.
//
// CPU: process.cpuUsage() around flush() of one request's spans (21: a root and 20 children with
// a 1 KiB input, 512 B output and 4 metadata fields), with fetch stubbed to consume the body and
// answer 200. Modes are interleaved block by block; medians of the blocks are reported.
// Memory: wasm linear memory growth plus JS heap growth (after forced GC) while 20 000 such spans
// sit in the buffer, divided by 20 000.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { Tracer } = await import(join(here, 'node_modules', 'edgespan', 'node.js'));

globalThis.fetch = async (url, init) => {
  await new Response(init.body).arrayBuffer();
  return new Response('{}', { status: 200 });
};

// Prompts vary like real ones: words drawn from a vocabulary by a seeded generator, so gzip sees
// English-like text rather than one repeated string (which would compress unrealistically well).
const words = ('the a user asks how do I flush spans in a worker before the isolate ends tracing sdk model answer ' +
  'context request response token latency cost error retry collector trace span buffer memory cloudflare edge ' +
  'please explain why my traces are missing and what waitUntil does with promises after the response is sent').split(' ');
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const text = (n) => {
  let s = '';
  while (s.length < n) s += words[Math.floor(rnd() * words.length)] + (rnd() < 0.08 ? '.\n' : rnd() < 0.05 ? '" ' : ' ');
  return s.slice(0, n);
};
const inputs = Array.from({ length: 64 }, () => text(1024));
const outputs = Array.from({ length: 64 }, () => text(512));
const metadata = { model: 'gpt-4o-mini', temperature: 0.2, tokens_in: 812, tokens_out: 231 };
let k = 0;

function request(t) {
  const root = t.startSpan('request');
  for (let i = 0; i < 20; i++) {
    const s = root.startSpan('llm.call');
    s.log({ input: inputs[k++ & 63], output: outputs[k & 63], metadata });
    s.end();
  }
  root.end();
}

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

async function cpuPerFlush(t, reps) {
  const samples = [];
  for (let i = 0; i < reps; i++) {
    request(t);
    const c0 = process.cpuUsage();
    const r = await t.flush();
    const c = process.cpuUsage(c0);
    if (r.exported !== 21) throw new Error(JSON.stringify(r));
    samples.push({ us: c.user + c.system, bytes: r.bytes });
  }
  return samples;
}

const endpoint = 'http://127.0.0.1:9/v1/traces';
const modes = {
  json: new Tracer({ endpoint, protocol: 'json' }),
  'json+gzip': new Tracer({ endpoint, protocol: 'json', compression: 'gzip' }),
  protobuf: new Tracer({ endpoint, protocol: 'protobuf' }),
  'protobuf+gzip': new Tracer({ endpoint, protocol: 'protobuf', compression: 'gzip' }),
};
const names = Object.keys(modes);
const results = Object.fromEntries(names.map((m) => [m, []]));
for (const m of names) await cpuPerFlush(modes[m], 50); // warm-up
for (let block = 0; block < 15; block++) {
  // Rotate the order every block so no mode always runs first.
  for (let j = 0; j < names.length; j++) {
    const m = names[(block + j) % names.length];
    const s = await cpuPerFlush(modes[m], 40);
    results[m].push(median(s.map((x) => x.us)));
    results[m].bytes = s[0].bytes;
  }
}
console.log('| encoding | CPU µs per flush of 21 spans (median of 15 blocks × 40) | µs per span | bytes on the wire per span | bytes vs JSON | CPU vs JSON |');
console.log('|---|---|---|---|---|---|');
const base = median(results.json);
for (const m of names) {
  const us = median(results[m]);
  console.log(`| ${m} | ${us.toFixed(0)} | ${(us / 21).toFixed(1)} | ${(results[m].bytes / 21).toFixed(0)} | ${(results[m].bytes / results.json.bytes).toFixed(3)}× | ${(us / base).toFixed(2)}× |`);
}

// Memory per buffered span.
const N = 20_000;
const t = new Tracer({ endpoint: 'http://127.0.0.1:9/v1/traces', maxQueueSpans: 1 << 20, maxQueueBytes: 2 ** 32 - 1 });
request(t);
await t.flush();
globalThis.gc?.();
const wasm0 = t._memoryBytes();
const heap0 = process.memoryUsage().heapUsed;
for (let i = 0; i < N / 21; i++) request(t);
globalThis.gc?.();
const wasm1 = t._memoryBytes();
const heap1 = process.memoryUsage().heapUsed;
const spans = Math.floor(N / 21) * 21;
console.log(`\nmemory per buffered span (${spans} spans, ~1.6 KiB of strings each): wasm ${((wasm1 - wasm0) / spans).toFixed(0)} B, JS heap ${((heap1 - heap0) / spans).toFixed(0)} B${globalThis.gc ? '' : ' (run with --expose-gc for a stable heap figure)'}`);
const r = await t.flush();
console.log(`(that flush exported ${r.exported} spans in ${r.requests} requests)`);
