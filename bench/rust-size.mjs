// What edgespan adds to a workers-rs Worker: a hello world, the same with edgespan::worker::instrument
// and one child span, and that with the `tracing` layer and an instrumented function, each built
// by worker-build --release (as `wrangler deploy` builds it) from bench/rust-size/. Prints the
// wasm and JS the Worker uploads, gzip, and the difference from the hello world.
// Run: `node bench/rust-size.mjs` (make bench runs it).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerBuildEnv } from '../tests/e2e/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const files = (dir) => readdirSync(dir, { recursive: true }).map((f) => join(dir, f));
const gz = (paths) => paths.reduce((n, p) => n + gzipSync(readFileSync(p), { level: 9 }).length, 0);
const rows = [];
for (const name of ['hello', 'edgespan', 'edgespan-tracing']) {
  const dir = join(here, 'rust-size', name);
  execFileSync('worker-build', ['--release'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...workerBuildEnv(), CARGO_TARGET_DIR: join(here, '..', 'target', 'rust-size') } });
  const built = files(join(dir, 'build'));
  const wasm = gz(built.filter((f) => f.endsWith('.wasm')));
  const js = gz(built.filter((f) => /\.m?js$/.test(f)));
  rows.push({ name, wasm, js, total: wasm + js });
}
const base = rows[0].total;
console.log('| Worker | wasm gzip | JS gzip | total gzip | over hello world |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${r.wasm} B | ${r.js} B | ${r.total} B | ${r.total === base ? '' : `+${((r.total - base) / 1024).toFixed(1)} KiB`} |`);
