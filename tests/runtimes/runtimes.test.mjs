// instrumentHandler in Deno and Bun, each installed from npm (tests/runtimes/package.json), on the
// packed tarball loaded from a local node_modules: Deno.serve and Bun.serve call the instrumented
// handler; every request is a SERVER trace with its child, the incoming traceparent is continued,
// and every span reaches the loopback collector before the process ends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { root, installTarball, startCollector, waitFor } from '../e2e/harness.mjs';

const dir = join(root, 'tests', 'runtimes');
let collector;

before(async () => {
  installTarball(dir);
  collector = await startCollector();
});
after(() => collector?.stop());

const RUNTIMES = {
  deno: [join(dir, 'node_modules', '.bin', 'deno'), ['run', '--allow-all', '--no-prompt', join(dir, 'serve.mjs')]],
  bun: [join(dir, 'node_modules', '.bin', 'bun'), ['run', join(dir, 'serve.mjs')]],
};

for (const [runtime, [bin, args]] of Object.entries(RUNTIMES)) {
  test(`${runtime}: instrumentHandler under ${runtime === 'deno' ? 'Deno.serve' : 'Bun.serve'}: a SERVER trace per request, the incoming traceparent continued, every span delivered before the process ends`, async () => {
    await collector.reset();
    const out = JSON.parse(execFileSync(bin, args, { cwd: dir, env: { ...process.env, COLLECTOR: collector.url, NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 }).trim().split('\n').pop());
    assert.deepEqual(out, { a: `hello from ${runtime} /a`, b: `hello from ${runtime} /b` }, 'the answers are the handler\'s own');
    let spans = [];
    await waitFor(async () => (spans = await collector.spans()).length >= 4, 10_000);
    assert.equal(spans.length, 4, spans.map((s) => s.name).join(', '));
    const roots = spans.filter((s) => s.kind === 2);
    assert.equal(roots.length, 2);
    for (const r of roots) {
      assert.equal(r.name, 'GET');
      assert.equal(r.attributes['http.response.status_code'], 200);
      assert.equal(r.resource['service.name'], `edgespan-${runtime}`);
      const child = spans.find((s) => s.parentSpanId === r.spanId);
      assert.equal(child?.name, 'work');
      assert.equal(child.attributes.runtime, runtime);
    }
    const continued = roots.find((r) => r.traceId === '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(continued?.parentSpanId, '00f067aa0ba902b7', 'the incoming traceparent continued');
    assert.equal(new Set(spans.map((s) => s.spanId)).size, 4, 'every span once');
  });
}

test('the Vercel Edge runtime (edge-runtime from npm): a handler bundled by esbuild with the edge-light condition, nothing but JS, traced per request and flushed through the event\'s waitUntil', async () => {
  await collector.reset();
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [join(dir, 'edge-handler.js')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    conditions: ['edge-light'],
    mainFields: ['module', 'main'],
    define: { COLLECTOR: JSON.stringify(collector.url) },
    logLevel: 'error',
  });
  assert.equal(out.outputFiles.length, 1, 'one file: the wasm inside the JS');
  const { EdgeRuntime } = await import(join(dir, 'node_modules', 'edge-runtime', 'dist', 'index.js'));
  const runtime = new EdgeRuntime({ initialCode: out.outputFiles[0].text });
  for (const path of ['/a', '/b']) {
    const headers = path === '/b' ? { traceparent: '00-5bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } : {};
    const res = await runtime.dispatchFetch(`http://edge.local${path}`, { headers });
    assert.equal(await res.text(), `hello from edge ${path}`);
    await res.waitUntil();
  }
  let spans = [];
  await waitFor(async () => (spans = await collector.spans()).length >= 4, 10_000);
  const roots = spans.filter((s) => s.kind === 2);
  assert.equal(roots.length, 2);
  for (const r of roots) assert.equal(spans.find((s) => s.parentSpanId === r.spanId)?.name, 'work');
  assert.equal(roots.find((r) => r.traceId === '5bf92f3577b34da6a3ce929d0e0e4736')?.parentSpanId, '00f067aa0ba902b7');
});
