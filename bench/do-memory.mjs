// A Durable Object that handles 10 000 events over its life, flushing as it goes, keeps its
// memory flat: (1) in workerd (wrangler dev, the packed tarball, a loopback collector), the
// tracer's wasm memory after every 1 000 events; (2) in Node (--expose-gc), the same instrumented
// class driven with a stand-in state object, the JS heap after a full GC every 1 000 events.
// Run: `make bench` (or `node --expose-gc bench/do-memory.mjs` after `make pkg collector`).
import { join } from 'node:path';
import { root, installTarball, startCollector, startWorker } from '../tests/e2e/harness.mjs';

const EVENTS = 10_000;
const STEP = 1_000;
const kib = (n) => (n / 1024).toFixed(0);

const dir = join(root, 'bench', 'do-worker');
installTarball(dir);
const collector = await startCollector();
const worker = await startWorker(dir, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
const wasm = [];
try {
  for (let done = 0; done < EVENTS; done += STEP) {
    const r = await fetch(`${worker.url}/?n=${STEP}&from=${done}`);
    const m = await r.json();
    wasm.push([done + STEP, m.wasmBytes, m.buffered]);
  }
  const spans = (await collector.spans()).length;
  console.log(`workerd: ${EVENTS} events to one Durable Object, ${spans} spans at the collector (${3 * EVENTS} expected)`);
  console.log('| events | wasm memory KiB | pending after flush |');
  console.log('|---|---|---|');
  for (const [n, b, p] of wasm) console.log(`| ${n} | ${kib(b)} | ${p} |`);
} finally {
  worker.stop();
  collector.stop();
}

// Node: the same class, instrumented, driven directly.
const pkg = join(dir, 'node_modules', 'edgespan', 'node.js');
const { Tracer, instrumentDurableObject } = await import(pkg);
globalThis.fetch = async () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
const tracer = new Tracer({ endpoint: 'http://127.0.0.1:9/v1/traces', protocol: 'json' });
class Impl {
  constructor(ctx) {
    this.ctx = ctx;
  }
  async work(i) {
    const s = this.ctx.span;
    s.log({ input: { i, text: 'x'.repeat(200) } });
    await s.traced('step', async (c) => c.log({ output: `done ${i}` }));
    s.startSpan('tool', { type: 'tool' }).end();
    return i;
  }
}
const Traced = instrumentDurableObject(Impl, tracer);
const waits = [];
const state = { waitUntil: (p) => waits.push(p), storage: {} };
const obj = new Traced(state, {});
const heap = [];
for (let done = 0; done < EVENTS; ) {
  for (let i = 0; i < STEP; i++) await obj.work(done + i);
  done += STEP;
  await Promise.all(waits.splice(0));
  globalThis.gc?.();
  heap.push([done, process.memoryUsage().heapUsed, tracer._memoryBytes()]);
}
console.log(`\nNode ${process.version}${globalThis.gc ? '' : ' (no --expose-gc: heap figures include garbage)'}: the same class, ${EVENTS} events`);
console.log('| events | JS heap KiB | wasm memory KiB |');
console.log('|---|---|---|');
for (const [n, h, w] of heap) console.log(`| ${n} | ${kib(h)} | ${kib(w)} |`);
