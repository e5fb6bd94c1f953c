// Builds the npm package into pkg/ and packs it into dist/edgespan-<version>.tgz.
//
//   cargo (release, wasm32, crate edgespan-wasm) → wasm-bindgen --target web → wasm-opt -Oz
//   → esbuild bundles one entry per runtime (workerd.js imports the .wasm; node.js reads it)
//   → package.json from js/package.template.json → npm pack
//
// Prints the size of what a Worker ships: wasm + workerd.js, raw and gzip.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
const cargoToml = readFileSync(join(root, 'Cargo.toml'), 'utf8');
const version = /^version = "([^"]+)"/m.exec(cargoToml)[1];
const bindgenVersion = /wasm-bindgen = \{ version = "=([^"]+)"/.exec(cargoToml)[1];

const found = execFileSync('wasm-bindgen', ['--version'], { encoding: 'utf8' }).trim();
if (found !== `wasm-bindgen ${bindgenVersion}`) {
  throw new Error(`wasm-bindgen CLI is "${found}", but Cargo.toml pins ${bindgenVersion}; run \`make setup\``);
}

run('cargo', ['build', '--lib', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'edgespan-wasm']);

const stage = join(root, 'target', 'pkg-stage');
rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, 'wasm'), { recursive: true });
run('wasm-bindgen', [
  '--target', 'web', '--out-dir', join(stage, 'wasm'), '--out-name', 'edgespan', '--no-typescript',
  join(root, 'target', 'wasm32-unknown-unknown', 'release', 'edgespan_wasm.wasm'),
]);

const pkg = join(root, 'pkg');
rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg);
// The toolchain emits these post-MVP features by default; workerd and Node 20 support them all.
// `--low-memory-unused`: Rust puts its stack below 1 MiB and its data above, so the lowest 1 KiB
// is never addressed; binaryen can then fold more constant offsets (-0.4 KiB gzip, BENCHMARKS.md).
// `--converge` repeats -Oz until the module stops shrinking.
run(join(root, 'node_modules', '.bin', 'wasm-opt'), [
  '-Oz', '--low-memory-unused', '--converge', '--enable-reference-types', '--enable-bulk-memory', '--enable-sign-ext',
  '--enable-nontrapping-float-to-int', '--enable-multivalue', '--enable-mutable-globals',
  '--strip-debug', '--strip-producers',
  join(stage, 'wasm', 'edgespan_bg.wasm'), '-o', join(pkg, 'edgespan_bg.wasm'),
]);

// wasm-bindgen copies strings into wasm one UTF-16 unit at a time while they are ASCII, which
// costs about a nanosecond per character: most of the time of `span.log({ input })` with a
// 1 KiB prompt. Long strings go through TextEncoder.encodeInto instead, in one native call.
const gluePath = join(stage, 'wasm', 'edgespan.js');
const glue = readFileSync(gluePath, 'utf8');
const asciiLoop = '    let len = arg.length;\n    let ptr = malloc(len, 1) >>> 0;\n';
if (!glue.includes(asciiLoop)) throw new Error('wasm-bindgen glue changed: review the passStringToWasm0 patch in build-pkg.mjs');
writeFileSync(gluePath, glue.replace(asciiLoop, `    if (arg.length > 32) {
        const cap = arg.length * 3;
        const p = malloc(cap, 1) >>> 0;
        const { written } = cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(p, p + cap));
        WASM_VECTOR_LEN = written;
        return realloc(p, cap, written, 1) >>> 0;
    }
${asciiLoop}`));

// The JS sources, their folders kept (rules/, cloudflare/, integrations/), beside wasm/.
cpSync(join(root, 'js'), stage, { recursive: true, filter: (f) => !/\.(d\.ts|json)$/.test(f) });
const common = {
  bundle: true, format: 'esm', minify: true, target: 'es2022', legalComments: 'none',
  external: ['*.wasm', 'node:*'], logLevel: 'warning',
};
await esbuild.build({ ...common, entryPoints: [join(stage, 'entry-workerd.js')], outfile: join(pkg, 'workerd.js'), platform: 'neutral' });
// Node, Deno and Bun: the wasm inside the JS (base64), so the entry loads from any bundle
// (esbuild as CDK and SAM run it, ESM or CJS) with no file to find beside it; node.cjs for require().
writeFileSync(join(stage, 'wasm-inline.js'), `export default ${JSON.stringify(readFileSync(join(pkg, 'edgespan_bg.wasm')).toString('base64'))};\n`);
await esbuild.build({ ...common, entryPoints: [join(stage, 'entry-node.js')], outfile: join(pkg, 'node.js'), platform: 'node' });
await esbuild.build({ ...common, entryPoints: [join(stage, 'entry-edge.js')], outfile: join(pkg, 'edge.js'), platform: 'neutral' });
// (The wasm-bindgen glue's default, async loader names import.meta; initSync never calls it.)
await esbuild.build({ ...common, format: 'cjs', entryPoints: [join(stage, 'entry-node.js')], outfile: join(pkg, 'node.cjs'), platform: 'node', logOverride: { 'empty-import-meta': 'silent' } });

copyFileSync(join(root, 'js', 'edgespan.d.ts'), join(pkg, 'edgespan.d.ts'));
// The README is the package's front page; the pages it links to travel with it, so its relative
// links resolve in node_modules and in any viewer of the unpacked package.
for (const f of ['README.md', 'CONTRIBUTING.md', 'BENCHMARKS.md', 'BENCHMARKS.png']) copyFileSync(join(root, f), join(pkg, f));
mkdirSync(join(pkg, 'docs'));
for (const f of readdirSync(join(root, 'docs'))) if (f.endsWith('.md')) copyFileSync(join(root, 'docs', f), join(pkg, 'docs', f));
writeFileSync(join(pkg, 'package.json'), readFileSync(join(root, 'js', 'package.template.json'), 'utf8').replace('@VERSION@', version));

const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });
run('npm', ['pack', '--silent', '--pack-destination', dist], { cwd: pkg, stdio: ['ignore', 'ignore', 'inherit'] });

const size = (f) => {
  const b = readFileSync(join(pkg, f));
  return { raw: b.length, gzip: gzipSync(b).length };
};
const wasm = size('edgespan_bg.wasm');
const js = size('workerd.js');
const kib = (n) => (n / 1024).toFixed(1);
const result = {
  version,
  tarball: join('dist', `edgespan-${version}.tgz`),
  wasm, workerdJs: js,
  total: { raw: wasm.raw + js.raw, gzip: wasm.gzip + js.gzip },
};
writeFileSync(join(root, 'target', 'pkg-size.json'), JSON.stringify(result, null, 2));
console.log(`pkg: wasm ${kib(wasm.raw)} KiB (gzip ${kib(wasm.gzip)}) + workerd.js ${kib(js.raw)} KiB (gzip ${kib(js.gzip)}) = gzip ${kib(result.total.gzip)} KiB -> ${result.tarball}`);
