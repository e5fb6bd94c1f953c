// CPU per span in Node, Deno and Bun, side by side in one run: the measurement of compare.mjs (a
// root span and 20 children per request, each logging 1.5 KiB, then a flush into an in-process
// fetch stub) for edgespan (protobuf) and the hand-written baseline, each runtime running the same
// bundles (built by compare.mjs), interleaved and rotated; each figure is a median, and the ratio
// is to the baseline in the same runtime. Also the size of each entry of the package. The workerd
// figures are bench/workerd.mjs's. Run by `make bench`, after compare.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'target', 'bench');
const bin = (name) => join(here, 'node_modules', '.bin', name);
const RUNTIMES = {
  [`Node ${process.version}`]: [process.execPath, []],
  Deno: [bin('deno'), ['run', '--allow-all', '--no-prompt']],
  Bun: [bin('bun'), ['run']],
};
const SUBJECTS = [
  ['baseline', 'baseline.inline.mjs', ''],
  ['edgespan (protobuf)', 'edgespan.inline.mjs', 'protobuf'],
];
for (const [, file] of SUBJECTS) if (!existsSync(join(out, file))) throw new Error(`${file} is missing: run \`node bench/compare.mjs\` first`);
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const reps = Number(process.env.REPS ?? 5);
const blocks = Number(process.env.BLOCKS ?? 7);

const versions = {};
const results = {};
const runs = [];
for (const runtime of Object.keys(RUNTIMES)) for (const subject of SUBJECTS) runs.push([runtime, subject]);
for (let r = 0; r < reps; r++) {
  for (let j = 0; j < runs.length; j++) {
    const [runtime, [name, file, variant]] = runs[(r + j) % runs.length];
    const [cmd, args] = RUNTIMES[runtime];
    versions[runtime] ??= `${runtime} ${/\d+\.\d+\.\d+/.exec(execFileSync(cmd, ['--version'], { encoding: 'utf8' }))?.[0] ?? ''}`;
    const line = execFileSync(cmd, [...args, join(here, 'compare.mjs'), 'child', join(out, file), variant, String(blocks)], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    ((results[runtime] ??= {})[name] ??= []).push(JSON.parse(line.trim().split('\n').pop()));
  }
}

console.log(`${reps} processes × ${blocks} blocks of 20 requests (21 spans each) per subject and runtime, interleaved.\n`);
console.log('| runtime | baseline ns/span | edgespan (protobuf) ns/span | × baseline |');
console.log('|---|---|---|---|');
for (const runtime of Object.keys(RUNTIMES)) {
  const total = (name) => median(results[runtime][name].map((x) => x.span + x.export));
  const base = total('baseline');
  const ours = total('edgespan (protobuf)');
  console.log(`| ${runtime.startsWith('Node') ? runtime : versions[runtime]} | ${base.toFixed(0)} | ${ours.toFixed(0)} | ${(ours / base).toFixed(2)}× |`);
}

const pkg = join(here, '..', 'pkg');
console.log('\n| entry (package file) | who loads it | raw KiB | gzip KiB |');
console.log('|---|---|---|---|');
for (const [file, who] of [
  ['workerd.js', 'workerd / wrangler (plus edgespan_bg.wasm)'],
  ['edgespan_bg.wasm', 'the Workers entry\'s wasm module'],
  ['node.js', 'Node (import), Deno, Bun: the wasm inside'],
  ['node.cjs', 'Node and Bun (require): the wasm inside'],
  ['edge.js', 'edge-light (Next.js Edge, Vercel\'s edge-runtime): the wasm inside'],
]) {
  const b = readFileSync(join(pkg, file));
  console.log(`| ${file} | ${who} | ${(b.length / 1024).toFixed(1)} | ${(gzipSync(b).length / 1024).toFixed(1)} |`);
}
