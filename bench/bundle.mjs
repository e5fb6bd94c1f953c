// What each integration costs a Worker's bundle: minimal Workers that import edgespan's Tracer
// alone, or with one integration, bundled from the built package (pkg/workerd.js) the way wrangler
// does (esbuild, ESM, tree-shaken, minified; the .wasm is a separate module and the same for all).
// Prints the JS each bundle adds, raw and gzip, and the difference from the Tracer-only Worker.
// Run: `make pkg && node bench/bundle.mjs`.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(process.env.PKG_DIR ?? join(root, 'pkg'), 'workerd.js');
const handler = (extra) => `
export default Tracer.instrument({
  async fetch(request, env, ctx) {
    ${extra}
    ctx.span.log({ input: 'x' });
    return new Response('ok');
  },
});`;
const SUBJECTS = [
  ['Tracer only', `import { Tracer } from 'edgespan';${handler('')}`],
  ['+ wrapOpenAI', `import { Tracer, wrapOpenAI } from 'edgespan';${handler('env.client = wrapOpenAI(env.OPENAI);')}`],
  ['+ wrapAnthropic', `import { Tracer, wrapAnthropic } from 'edgespan';${handler('env.client = wrapAnthropic(env.ANTHROPIC);')}`],
  ['+ wrapWorkersAI', `import { Tracer, wrapWorkersAI } from 'edgespan';${handler('env.client = wrapWorkersAI(env.AI);')}`],
  ['+ instrumentMcpServer', `import { Tracer, instrumentMcpServer } from 'edgespan';${handler('env.s = instrumentMcpServer(env.SERVER);')}`],
  ['+ instrumentMcpClient', `import { Tracer, instrumentMcpClient } from 'edgespan';${handler('env.c = instrumentMcpClient(env.CLIENT);')}`],
  ['+ wrapVectorize', `import { Tracer, wrapVectorize } from 'edgespan';${handler('env.index = wrapVectorize(env.INDEX);')}`],
  ['+ otelTracer (a Span method)', `import { Tracer } from 'edgespan';${handler('env.t = ctx.span.otelTracer();')}`],
  ['+ otelContextManager', `import { Tracer, otelContextManager } from 'edgespan';${handler('env.cm = otelContextManager();')}`],
  ['+ instrumentWorkflow', `import { Tracer, instrumentWorkflow } from 'edgespan';${handler('env.W = instrumentWorkflow(class { run() {} });')}`],
  ['+ instrumentAgent', `import { Tracer, instrumentAgent } from 'edgespan';${handler('env.A = instrumentAgent(class {});')}`],
  ['+ instrumentHandler', `import { Tracer, instrumentHandler } from 'edgespan';${handler('env.h = instrumentHandler(() => new Response());')}`],
  ['+ instrumentLambda', `import { Tracer, instrumentLambda } from 'edgespan';${handler('env.l = instrumentLambda(async () => 1);')}`],
  ['all three wrappers', `import { Tracer, wrapOpenAI, wrapAnthropic, wrapWorkersAI } from 'edgespan';${handler('env.a = [wrapOpenAI(env.O), wrapAnthropic(env.A), wrapWorkersAI(env.AI)];')}`],
];

const rows = [];
for (const [name, contents] of SUBJECTS) {
  let out;
  try {
    out = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    minify: true,
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    alias: { edgespan: pkg },
    external: ['*.wasm'],
    legalComments: 'none',
    logLevel: 'silent',
  });
  } catch {
    rows.push([name, null, null]); // this build of the package does not have it
    continue;
  }
  const js = out.outputFiles[0].contents;
  rows.push([name, js.length, gzipSync(js).length]);
}
const wasm = readFileSync(join(process.env.PKG_DIR ?? join(root, 'pkg'), 'edgespan_bg.wasm'));
const kib = (n) => (n / 1024).toFixed(1);
const base = rows[0];
console.log(`wasm (the same for every Worker): ${kib(wasm.length)} KiB raw, ${kib(gzipSync(wasm).length)} KiB gzip`);
console.log('| Worker | JS raw KiB | JS gzip KiB | gzip vs Tracer only |');
console.log('|---|---|---|---|');
for (const [name, raw, gz] of rows) {
  if (raw === null) console.log(`| ${name} | n/a | n/a | n/a |`);
  else console.log(`| ${name} | ${kib(raw)} | ${kib(gz)} | ${gz === base[2] ? '±0' : `${gz > base[2] ? '+' : ''}${kib(gz - base[2])}`} KiB |`);
}
