// What a Worker that does not use the wrappers pays for them: nothing. The packed tarball bundled
// as wrangler bundles a Worker (esbuild, the workerd conditions, the .wasm left as a module), once
// with Tracer only and once with each optional import; the Tracer-only bundle must hold none of
// their code. A module-level statement with a side effect (a lookup at load, say) would keep a
// whole file in every Worker's bundle, and the sizes in BENCHMARKS.md would stop being true.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { root, installTarball } from '../e2e/harness.mjs';

const dir = join(root, 'tests', 'node');
const esbuild = createRequire(join(root, 'package.json'))('esbuild');
const work = mkdtempSync(join(tmpdir(), 'edgespan-bundle-'));

// A marker string of each optional module: an error text only that module has.
const OPTIONAL = {
  wrapOpenAI: 'needs an OpenAI client',
  wrapAnthropic: 'needs an Anthropic client',
  wrapWorkersAI: 'needs the Workers AI binding',
  instrumentAgent: 'needs node:diagnostics_channel',
};

before(() => installTarball(dir));

async function bundle(name, imports) {
  const entry = join(work, `${name}.mjs`);
  writeFileSync(entry, `import { ${imports.join(', ')} } from 'edgespan';\nexport default { fetch() { return new Response(String([${imports.join(', ')}].length)); } };\n`);
  const out = join(work, `${name}.out.mjs`);
  await esbuild.build({
    entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true,
    conditions: ['workerd', 'worker', 'browser'], external: ['*.wasm', 'node:*', 'cloudflare:*'], outfile: out,
    nodePaths: [join(dir, 'node_modules')], logLevel: 'error',
  });
  return readFileSync(out, 'utf8');
}

test('a Tracer-only Worker bundles none of the wrappers, and each wrapper brings its own code', async () => {
  const only = await bundle('tracer-only', ['Tracer']);
  for (const [name, marker] of Object.entries(OPTIONAL)) {
    assert.ok(!only.includes(marker), `the Tracer-only bundle holds ${name}'s code ("${marker}")`);
    const withIt = await bundle(name, ['Tracer', name]);
    assert.ok(withIt.includes(marker), `the marker of ${name} is in a bundle that imports it`);
    assert.ok(withIt.length > only.length, `${name} adds to the bundle`);
  }
  // The wrappers' shared file (integrations/call.js) must not be kept for one of its module-level statements.
  assert.ok(!only.includes('AbortSignal.prototype'), 'integrations/call.js looks AbortSignal up at load');
});
