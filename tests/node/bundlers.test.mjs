// The package as Node apps and serverless bundlers load it, on the packed tarball: `import` and
// `require('edgespan')` unbundled, and a handler bundled by esbuild for Node as ESM and as CJS (as
// AWS CDK and SAM bundle a Lambda) into a directory with nothing else in it. Each delivers a span
// to the loopback collector.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { root, installTarball, startCollector, waitFor } from '../e2e/harness.mjs';

const dir = join(root, 'tests', 'node');
let collector, out;

before(async () => {
  installTarball(dir);
  collector = await startCollector();
  out = mkdtempSync(join(tmpdir(), 'edgespan-bundles-'));
});
after(() => {
  collector?.stop();
  rmSync(out, { recursive: true, force: true });
});

// A handler as a user writes it, in either module system: one span, flushed, its report printed.
const body = (name) => `
  const tracer = new Tracer({ endpoint: process.env.ENDPOINT });
  tracer.startSpan(${JSON.stringify(name)}).end();
  tracer.flush().then((r) => console.log(JSON.stringify(r)));
`;
const esm = (name) => `import { Tracer } from 'edgespan';\n${body(name)}`;
const cjs = (name) => `const { Tracer } = require('edgespan');\n${body(name)}`;

function runNode(file) {
  const text = execFileSync(process.execPath, [file], { env: { ...process.env, ENDPOINT: `${collector.url}/v1/traces` }, encoding: 'utf8' });
  return JSON.parse(text.trim().split('\n').pop());
}

test('import and require(\'edgespan\') in Node, unbundled', async () => {
  for (const [file, src] of [['esm.mjs', esm('plain import')], ['cjs.cjs', cjs('plain require')]]) {
    writeFileSync(join(dir, file), src);
    try {
      assert.equal(runNode(join(dir, file)).exported, 1, file);
    } finally {
      rmSync(join(dir, file), { force: true });
    }
  }
  const names = (await collector.spans()).map((s) => s.name);
  assert.ok(names.includes('plain import') && names.includes('plain require'), names.join());
});

test('bundled by esbuild for Node, as ESM and as CJS, alone in its directory (as CDK and SAM deploy a Lambda)', async () => {
  for (const [format, src, ext] of [['esm', esm('bundled esm'), 'mjs'], ['cjs', cjs('bundled cjs'), 'cjs']]) {
    const entry = join(dir, `entry-${format}.${ext}`);
    writeFileSync(entry, src);
    const target = join(out, format);
    try {
      await build({ entryPoints: [entry], bundle: true, platform: 'node', format, outfile: join(target, `index.${ext}`), logLevel: 'error' });
    } finally {
      rmSync(entry, { force: true });
    }
    assert.deepEqual(readdirSync(target), [`index.${ext}`], 'one file, nothing beside it');
    assert.equal(runNode(join(target, `index.${ext}`)).exported, 1, format);
  }
  await waitFor(async () => {
    const names = (await collector.spans()).map((s) => s.name);
    return names.includes('bundled esm') && names.includes('bundled cjs');
  }, 10_000);
});
