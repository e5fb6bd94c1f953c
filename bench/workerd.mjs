// In real workerd (miniflare from the root's dev dependencies), side by side in one run: CPU per
// request over the hand-written baseline (Δ), and spans lost per phase, for edgespan,
// OpenTelemetry JS and otel-cf-workers. Run by `make bench`.
//
// Each subject's Worker runs the shared workload (lib/workload.mjs) and flushes in ctx.waitUntil.
// Each subject gets its own workerd process; its CPU is read around each phase, from outside the
// isolate (workerd's own clock stands still during CPU work), summed over its threads from
// /proc/<pid>/task/*/schedstat. Phases: M requests one
// after another, and M requests 16 at a time; repetitions are interleaved across subjects. Spans
// are counted, by id, by the loopback collector (tools/collector).
import { copyFileSync, readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCollector, pool, waitFor } from '../tests/e2e/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = join(root, 'target', 'bench');
mkdirSync(out, { recursive: true });
const { Miniflare } = await import(join(root, 'node_modules', 'miniflare', 'dist', 'src', 'index.js'));
const esbuild = await import(join(here, 'node_modules', 'esbuild', 'lib', 'main.js')).then((m) => m.default ?? m);
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

const ALL = [
  { name: 'baseline', adapter: 'baseline.mjs', variant: '' },
  { name: 'edgespan (protobuf)', adapter: 'edgespan.mjs', variant: 'protobuf' },
  { name: 'edgespan (json)', adapter: 'edgespan.mjs', variant: 'json' },
  { name: 'OpenTelemetry JS', adapter: 'otel.mjs', variant: '' },
  // It imports node:* and cloudflare:workers, so its Worker needs nodejs_compat, as its README says.
  { name: 'otel-cf-workers', adapter: 'otel-cf-workers.mjs', variant: '', flags: ['nodejs_compat'] },
];
// ONLY=protobuf (substrings of subject names; the baseline always runs) for quick checks.
const only = process.env.ONLY?.split(',');
const SUBJECTS = only ? ALL.filter((s) => s.name === 'baseline' || only.some((o) => s.name.includes(o))) : ALL;
const M = Number(process.env.REQUESTS ?? 200);
const REPS = Number(process.env.REPS ?? 3);

const tagOf = (adapter, variant) => adapter.replace('.mjs', '') + (variant ? '-' + variant : '');
const PHASES = ['warm', 'seq', 'conc'];

function workerSource(adapter, variant) {
  return `import * as adapter from ${JSON.stringify(join(here, 'lib', 'adapters', adapter))};
import { runRequest } from ${JSON.stringify(join(here, 'lib', 'workload.mjs'))};
let sdk;
const worker = {
  async fetch(request, env, ctx) {
    sdk ??= adapter.make(env.COLLECTOR + '/v1/traces', ${JSON.stringify(variant)});
    // The phase rides in every span's name, so the collector can count losses per phase.
    const tag = ${JSON.stringify(tagOf(adapter, variant))} + new URL(request.url).pathname;
    runRequest(sdk, ' ' + tag);
    ctx.waitUntil(Promise.resolve(sdk.flush()));
    return new Response('ok');
  },
};
// otel-cf-workers wraps the whole Worker; the others export it as it is.
export default adapter.wrapWorker ? adapter.wrapWorker(worker) : worker;`;
}

// The workerd processes that are children of this process.
function workerdPids() {
  const pids = [];
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm.startsWith('workerd')) pids.push(Number(p));
    } catch {
      // gone
    }
  }
  return pids;
}

// CPU time of all of the process's threads, in ms, from schedstat (nanosecond resolution).
function cpuMs(pid) {
  let ns = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended
    }
  }
  return ns / 1e6;
}

const collector = await startCollector();
const instances = [];
for (const s of SUBJECTS) {
  const src = join(out, `worker-${s.adapter.replace('.mjs', '')}-${s.variant || 'default'}.mjs`);
  writeFileSync(src, workerSource(s.adapter, s.variant));
  const bundled = join(out, `bundle-${s.adapter.replace('.mjs', '')}-${s.variant || 'default'}`);
  // As wrangler does: the .wasm import stays a module of its own (CompiledWasm), next to the JS.
  await esbuild.build({
    entryPoints: [src], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true,
    conditions: ['workerd', 'worker', 'browser'], outfile: join(bundled, 'worker.mjs'), external: ['*.wasm', 'node:*', 'cloudflare:*'],
    logLevel: 'error', absWorkingDir: here,
  });
  const modules = [{ type: 'ESModule', path: join(bundled, 'worker.mjs') }];
  if (s.adapter === 'edgespan.mjs') {
    copyFileSync(join(here, 'node_modules', 'edgespan', 'edgespan_bg.wasm'), join(bundled, 'edgespan_bg.wasm'));
    modules.push({ type: 'CompiledWasm', path: join(bundled, 'edgespan_bg.wasm') });
  }
  const before = new Set(workerdPids());
  const mf = new Miniflare({
    modules,
    modulesRoot: bundled,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: s.flags ?? [],
    bindings: { COLLECTOR: collector.url },
  });
  await mf.ready;
  const pid = workerdPids().find((p) => !before.has(p));
  instances.push({ ...s, mf, pid });
}

// Spans created, by subject and phase.
const created = Object.fromEntries(SUBJECTS.map((s) => [s.name, { warm: 0, seq: 0, conc: 0 }]));
const cpu = Object.fromEntries(SUBJECTS.map((s) => [s.name, { seq: [], conc: [] }]));
for (const inst of instances) {
  // Warm up outside the measurement (their spans are counted as created too).
  await pool(50, 8, () => inst.mf.dispatchFetch('http://bench/warm').then((r) => r.text()));
  created[inst.name].warm += 50 * 21;
}
for (let rep = 0; rep < REPS; rep++) {
  for (let j = 0; j < instances.length; j++) {
    const inst = instances[(rep + j) % instances.length];
    for (const [phase, conc] of [['seq', 1], ['conc', 16]]) {
      const c0 = cpuMs(inst.pid);
      await pool(M, conc, () => inst.mf.dispatchFetch(`http://bench/${phase}`).then((r) => r.text()));
      // Let waitUntil work finish before reading the CPU.
      await new Promise((r) => setTimeout(r, 300));
      cpu[inst.name][phase].push((cpuMs(inst.pid) - c0) / M);
      created[inst.name][phase] += M * 21;
    }
  }
}
const expected = Object.values(created).reduce((a, c) => a + c.warm + c.seq + c.conc, 0);
let spans = [];
await waitFor(async () => {
  spans = await collector.spans();
  return spans.length >= expected;
}, 30_000, 500);
// Distinct span ids received, by the tag in the span's name (subject and phase).
const received = {};
for (const sp of spans) {
  const tag = sp.name.slice(sp.name.lastIndexOf(' ') + 1);
  (received[tag] ??= new Set()).add(sp.spanId);
}
for (const inst of instances) await inst.mf.dispose();
collector.stop();

const base = median(cpu.baseline.seq);
console.log(`workerd (miniflare), ${REPS} interleaved repetitions of ${M} requests per phase, 21 spans each.\n`);
console.log('| subject | seq CPU ms/req | Δ vs baseline | conc16 CPU ms/req | lost: warm-up (8 at a time) | lost: seq | lost: conc16 |');
console.log('|---|---|---|---|---|---|---|');
const summary = {};
for (const s of SUBJECTS) {
  const seq = median(cpu[s.name].seq);
  const tag = tagOf(s.adapter, s.variant);
  const lostBy = Object.fromEntries(PHASES.map((ph) => [ph, { made: created[s.name][ph], lost: created[s.name][ph] - (received[`${tag}/${ph}`]?.size ?? 0) }]));
  const lost = PHASES.map((ph) => `${lostBy[ph].lost} of ${lostBy[ph].made}`);
  summary[s.name] = { seqMs: seq, deltaMs: seq - base, concMs: median(cpu[s.name].conc), lost: lostBy };
  console.log(`| ${s.name} | ${seq.toFixed(2)} | ${seq - base >= 0 ? '+' : ''}${(seq - base).toFixed(2)} | ${median(cpu[s.name].conc).toFixed(2)} | ${lost.join(' | ')} |`);
}
// For bench/plot.py.
if (!only) writeFileSync(join(out, 'workerd.json'), JSON.stringify({ requests: M, reps: REPS, subjects: summary }, null, 2));
process.exit(0);
