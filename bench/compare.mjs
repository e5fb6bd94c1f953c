// Side by side in one run: CPU per span in Node's V8 and bundle size, for edgespan (protobuf,
// JSON, gzip), a hand-written baseline and OpenTelemetry JS. Run by `make bench`.
//
// Each subject is bundled the way wrangler bundles a Worker (esbuild, ESM, the workerd/worker/
// browser conditions, minified); for the CPU runs the .wasm is inlined as bytes. Every run is a
// fresh Node process with fetch stubbed in-process (it reads the body and answers 200); subjects
// are interleaved and rotated, and medians are reported with ratios to the baseline.
//
// Workload per request: a root span and 20 children, each child logging a 1 KiB input, a 512 B
// output and 4 metadata fields, then a flush. "span" is start + log + end per span; "export" is
// the flush (encode, hand to fetch, await) per span.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'target', 'bench');
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

const ALL = [
  { name: 'baseline', adapter: 'baseline.mjs', variant: '' },
  { name: 'edgespan (protobuf)', adapter: 'edgespan.mjs', variant: 'protobuf' },
  { name: 'edgespan (json)', adapter: 'edgespan.mjs', variant: 'json' },
  { name: 'edgespan (gzip)', adapter: 'edgespan.mjs', variant: 'gzip' },
  { name: 'OpenTelemetry JS (sdk-trace-base + OTLP/HTTP)', adapter: 'otel.mjs', variant: '' },
  { name: 'otel-cf-workers', adapter: 'otel-cf-workers.mjs', variant: '' },
];
// ONLY=baseline,protobuf runs a subset (names matched by substring; the baseline always runs):
// for quick before/after checks while optimising. LEAK=0 skips the leak check.
const only = process.env.ONLY?.split(',');
const SUBJECTS = only ? ALL.filter((s) => s.name === 'baseline' || only.some((o) => s.name.includes(o))) : ALL;

// ---- child: one measurement process ----
if (process.argv[2] === 'child') {
  const [, , , bundle, variant, blocks] = process.argv;
  globalThis.fetch = async (url, init) => {
    await new Response(init?.body ?? null).arrayBuffer();
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const mod = await import(bundle);
  const sdk = mod.make('http://127.0.0.1:9/v1/traces', variant);
  // An SDK that only traces inside its own wrapped handler (otel-cf-workers) brings a host for it.
  const host = mod.micro?.('http://127.0.0.1:9/v1/traces');
  const { runRequest } = await import('./lib/workload.mjs');
  const work = () => runRequest(sdk);
  const request = host ? () => host.request(work) : work;
  const flush = host ? () => host.flush() : () => sdk.flush();
  if (blocks === 'leak') {
    // Memory retained per request: after a warm-up, N requests each flushed, with GC forced before
    // each reading. For wasm, linear memory only grows, in 64 KiB pages.
    const N = Number(process.env.LEAK_REQUESTS ?? 3000);
    const settle = async () => {
      await new Promise((r) => setTimeout(r, 50));
      globalThis.gc();
      globalThis.gc();
      return { heap: process.memoryUsage().heapUsed, wasm: sdk.wasmBytes?.() ?? 0 };
    };
    for (let i = 0; i < 300; i++) {
      const p = request();
      if (p) await p;
      await flush();
    }
    // Two equal stretches: a one-off growth (code, caches) shows in the first only; a leak in both.
    const run = async () => {
      for (let i = 0; i < N; i++) {
        const p = request();
        if (p) await p;
        await flush();
      }
      return settle();
    };
    const m0 = await settle();
    const m1 = await run();
    const m2 = await run();
    const per = (a, b, k) => (b[k] - a[k]) / N;
    console.log(JSON.stringify({ heap1: per(m0, m1, 'heap'), heap: per(m1, m2, 'heap'), wasm1: per(m0, m1, 'wasm'), wasm: per(m1, m2, 'wasm'), n: N }));
    process.exit(0);
  }
  const spanNs = [];
  const exportNs = [];
  for (let b = -3; b < Number(blocks); b++) {
    let span = 0;
    let exp = 0;
    for (let r = 0; r < 20; r++) {
      const t0 = performance.now();
      const pending = request();
      if (pending) await pending;
      const t1 = performance.now();
      await flush();
      const t2 = performance.now();
      span += t1 - t0;
      exp += t2 - t1;
    }
    if (b >= 0) {
      spanNs.push((span * 1e6) / (20 * 21));
      exportNs.push((exp * 1e6) / (20 * 21));
    }
  }
  console.log(JSON.stringify({ span: median(spanNs), export: median(exportNs) }));
  process.exit(0);
}

// ---- parent ----
const esbuild = await import(join(here, 'node_modules', 'esbuild', 'lib', 'main.js')).then((m) => m.default ?? m);
mkdirSync(out, { recursive: true });
const common = {
  bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true,
  conditions: ['workerd', 'worker', 'browser'], logLevel: 'error',
};
const sizes = {};
for (const s of SUBJECTS) {
  const file = s.adapter.replace('.mjs', '');
  if (sizes[file]) continue;
  const entry = join(here, 'lib', 'adapters', s.adapter);
  // For Node: the wasm inlined as bytes.
  await esbuild.build({
    ...common, entryPoints: [entry], outfile: join(out, `${file}.inline.mjs`), loader: { '.wasm': 'binary' },
    external: ['node:*'], alias: { 'cloudflare:workers': join(here, 'lib', 'shims', 'cloudflare-workers.mjs') },
  });
  // As a Worker ships: the wasm as its own module.
  const res = await esbuild.build({ ...common, entryPoints: [entry], outfile: join(out, `${file}.worker.mjs`), loader: { '.wasm': 'file' }, metafile: true, external: ['node:*', 'cloudflare:*'] });
  let raw = 0;
  let gz = 0;
  for (const f of Object.keys(res.metafile.outputs)) {
    const b = readFileSync(join(process.cwd(), f));
    raw += b.length;
    gz += gzipSync(b).length;
  }
  sizes[file] = { raw, gz };
}

const reps = Number(process.env.REPS ?? 5);
const blocks = Number(process.env.BLOCKS ?? 7);
const results = Object.fromEntries(SUBJECTS.map((s) => [s.name, []]));
for (let r = 0; r < reps; r++) {
  for (let j = 0; j < SUBJECTS.length; j++) {
    const s = SUBJECTS[(r + j) % SUBJECTS.length];
    const bundle = join(out, `${s.adapter.replace('.mjs', '')}.inline.mjs`);
    const line = execFileSync(process.execPath, [fileURLToPath(import.meta.url), 'child', bundle, s.variant, String(blocks)], { encoding: 'utf8' });
    results[s.name].push(JSON.parse(line.trim().split('\n').pop()));
  }
}
const base = results.baseline;
const baseTotal = median(base.map((x) => x.span + x.export));
console.log(`Node ${process.version}, ${reps} processes × ${blocks} blocks of 20 requests (21 spans each) per subject, interleaved.\n`);
console.log('| subject | span ns | export ns/span | total ns/span | × baseline | bundle raw KiB | bundle gzip KiB |');
console.log('|---|---|---|---|---|---|---|');
for (const s of SUBJECTS) {
  const r = results[s.name];
  const span = median(r.map((x) => x.span));
  const exp = median(r.map((x) => x.export));
  const total = median(r.map((x) => x.span + x.export));
  const size = sizes[s.adapter.replace('.mjs', '')];
  console.log(`| ${s.name} | ${span.toFixed(0)} | ${exp.toFixed(0)} | ${total.toFixed(0)} | ${(total / baseTotal).toFixed(2)}× | ${(size.raw / 1024).toFixed(1)} | ${(size.gz / 1024).toFixed(1)} |`);
}
const adapters = Object.fromEntries(SUBJECTS.map((s) => [s.name, s.adapter.replace('.mjs', '')]));

// Leak check: one fresh process per subject (edgespan once: its encodings share the code paths that
// allocate).
console.log('\nMemory retained per request after GC (300 warm-up requests, then two equal stretches, every request flushed):\n');
console.log('| subject | JS heap B/request, 1st stretch | JS heap B/request, 2nd stretch | wasm memory B/request, 1st / 2nd | requests per stretch |');
console.log('|---|---|---|---|---|');
const leaks = {};
for (const s of SUBJECTS.filter((x) => x.variant !== 'json' && x.variant !== 'gzip' && process.env.LEAK !== '0')) {
  const bundle = join(out, `${s.adapter.replace('.mjs', '')}.inline.mjs`);
  const line = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), 'child', bundle, s.variant, 'leak'], { encoding: 'utf8' });
  const r = JSON.parse(line.trim().split('\n').pop());
  leaks[s.name] = r;
  const wasm = s.adapter === 'edgespan.mjs' ? `${r.wasm1.toFixed(1)} / ${r.wasm.toFixed(1)}` : '–';
  console.log(`| ${s.name} | ${r.heap1.toFixed(1)} | ${r.heap.toFixed(1)} | ${wasm} | ${r.n} |`);
}
if (!only) writeFileSync(join(out, 'compare.json'), JSON.stringify({ results, sizes, adapters, leaks }, null, 2));
