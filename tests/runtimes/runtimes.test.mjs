// instrumentHandler in Deno and Bun, each installed from npm (tests/runtimes/package.json), on the
// packed tarball loaded from a local node_modules by each runtime's export condition: Deno.serve
// and Bun.serve, and the Netlify and Supabase handler shapes under Deno, call the instrumented
// handler (tests/runtimes/serve.mjs); every request is a SERVER trace with its wrapped model call
// under it, the incoming traceparent is continued, and every span reaches the loopback collector
// before the process ends (a span made outside any request through the exit hook).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { root, installTarball, startCollector, waitFor } from '../e2e/harness.mjs';
import { startFakeLLM } from '../e2e/fake-llm.mjs';

const dir = join(root, 'tests', 'runtimes');
let collector, fake;

before(async () => {
  installTarball(dir);
  collector = await startCollector();
  fake = await startFakeLLM({ firstChunkMs: 1 });
});
after(() => {
  collector?.stop();
  fake?.stop();
});

const RUNTIMES = {
  deno: [join(dir, 'node_modules', '.bin', 'deno'), ['run', '--allow-all', '--no-prompt', join(dir, 'serve.mjs')]],
  bun: [join(dir, 'node_modules', '.bin', 'bun'), ['run', join(dir, 'serve.mjs')]],
};
const CASES = [
  ['deno', 'serve', 'Deno.serve; a span made outside any request is delivered by the exit hook'],
  ['bun', 'serve', 'Bun.serve; a span made outside any request is delivered by the exit hook'],
  ['deno', 'netlify', 'a Netlify Edge Function (request, context) flushed through context.waitUntil'],
  ['deno', 'supabase', 'a Supabase Edge Function under Deno.serve flushed through EdgeRuntime.waitUntil'],
];

for (const [runtime, shape, what] of CASES) {
  test(`${runtime}, ${what}: a SERVER trace per request with the wrapped openai call under it, the incoming traceparent continued, every span once`, async () => {
    await collector.reset();
    const [bin, args] = RUNTIMES[runtime];
    const env = { ...process.env, COLLECTOR: collector.url, FAKE_LLM: fake.url, SHAPE: shape, NO_COLOR: '1' };
    // Asynchronously: the fake model server runs in this process.
    const { stdout } = await promisify(execFile)(bin, args, { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    const out = JSON.parse(stdout.trim().split('\n').pop());
    assert.equal(out.a, `${runtime} /a: It is 21°C in Paris.`, 'the answers are the handler\'s own');
    assert.equal(out.b, `${runtime} /b: It is 21°C in Paris.`);
    // Netlify's and Supabase's waitUntil were each handed a request's flush, which delivered it.
    assert.deepEqual(out.handed, shape === 'serve' ? [] : [2, 2]);
    const expected = shape === 'serve' ? 5 : 4;
    let spans = [];
    await waitFor(async () => (spans = await collector.spans()).length >= expected, 10_000);
    assert.equal(spans.length, expected, spans.map((s) => s.name).join(', '));
    const roots = spans.filter((s) => s.kind === 2);
    assert.equal(roots.length, 2);
    for (const r of roots) {
      assert.equal(r.name, 'GET');
      assert.equal(r.attributes['http.response.status_code'], 200);
      assert.equal(r.resource['service.name'], `edgespan-${runtime}-${shape}`);
      const llm = spans.find((s) => s.parentSpanId === r.spanId);
      assert.equal(llm?.kind, 3, 'the model call found the root as the current span');
      assert.equal(llm.attributes['gen_ai.request.model'], 'gpt-4o-mini');
    }
    const continued = roots.find((r) => r.traceId === '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(continued?.parentSpanId, '00f067aa0ba902b7', 'the incoming traceparent continued');
    if (shape === 'serve') assert.equal(spans.find((s) => s.name === 'at exit')?.attributes.runtime, runtime, 'flushed at exit');
    assert.equal(new Set(spans.map((s) => s.spanId)).size, expected, 'every span once');
  });
}

for (const [how, options] of [
  ['with the edge-light condition', { platform: 'neutral', conditions: ['edge-light'], mainFields: ['module', 'main'] }],
  ['with esbuild\'s defaults (no platform, no conditions, no loader)', {}],
]) {
  test(`the Vercel Edge runtime (edge-runtime from npm): a handler bundled by esbuild ${how}, nothing but JS, traced per request and flushed through the event's waitUntil`, async () => {
    await collector.reset();
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: [join(dir, 'edge-handler.js')],
      bundle: true,
      write: false,
      format: 'iife',
      define: { COLLECTOR: JSON.stringify(collector.url) },
      logLevel: 'error',
      ...options,
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
}
