// A Vectorize index binding in an instrumented env, traced with no glue, on the packed tarball in
// workerd (Miniflare). Offline there is no Vectorize, so the binding is made as workerd makes the
// real one: a wrapped binding, whose module's default export returns the object the Worker sees
// (here an object with the binding's interface, tests/e2e/llm/src/fake-vectorize.js).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { root, installTarball, startCollector } from './harness.mjs';
import { FakeVectorize } from './llm/src/fake-vectorize.js';

const dir = join(root, 'tests', 'e2e', 'vectorize');
const out = mkdtempSync(join(tmpdir(), 'edgespan-vectorize-'));
let collector, mf, url;

before(async () => {
  installTarball(dir);
  collector = await startCollector();
  // Bundled as wrangler bundles a Worker: esbuild, the workerd condition, the .wasm a module.
  for (const entry of ['index', 'binding']) {
    await build({
      entryPoints: [join(dir, 'src', `${entry}.js`)],
      outfile: join(out, `${entry}.js`),
      bundle: true,
      format: 'esm',
      target: 'es2022',
      conditions: ['workerd', 'worker', 'browser'],
      loader: { '.wasm': 'copy' },
      logLevel: 'silent',
    });
  }
  const common = { modules: true, modulesRoot: out, modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }] };
  mf = new Miniflare({
    workers: [
      { ...common, name: 'main', compatibilityDate: '2026-04-01', scriptPath: join(out, 'index.js'), bindings: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url }, wrappedBindings: { DOCS: { scriptName: 'vectorize-binding' } } },
      { ...common, name: 'vectorize-binding', scriptPath: join(out, 'binding.js') },
    ],
  });
  url = (await mf.ready).href.replace(/\/$/, '');
});
after(async () => {
  await mf?.dispose();
  collector?.stop();
  rmSync(out, { recursive: true, force: true });
});

async function call(path, enough) {
  const r = await fetch(url + path);
  const text = await r.text();
  assert.equal(r.status, 200, text);
  const { result, traceId } = JSON.parse(text);
  return { result, spans: await collector.trace(traceId, enough) };
}

test('env.DOCS.query is a retriever span with its documents, and answers exactly what the binding returned', async () => {
  const { result, spans } = await call('/query', (s) => s.some((x) => x.name === 'query DOCS') && s.some((x) => x.kind === 2));
  assert.deepEqual(result, await new FakeVectorize().query([0.1, 0.2, 0.3], { topK: 2, returnMetadata: 'all' }));
  const q = spans.find((x) => x.name === 'query DOCS');
  const root = spans.find((x) => x.kind === 2);
  assert.equal(q.parentSpanId, root.spanId);
  assert.equal(q.kind, 3);
  assert.equal(q.attributes['openinference.span.kind'], 'RETRIEVER');
  assert.equal(q.attributes['cloudflare.binding.name'], 'DOCS');
  assert.equal(q.attributes['db.system.name'], 'cloudflare.vectorize');
  assert.equal(q.attributes['db.vector.query.top_k'], 2);
  assert.equal(q.attributes['db.response.returned_rows'], 2);
  assert.equal(q.attributes['retrieval.documents.0.document.id'], 'doc-7');
  assert.equal(q.attributes['retrieval.documents.0.document.content'], 'edgespan buffers spans and flushes them in waitUntil.');
  assert.equal(q.attributes['db.collection.name'], undefined, 'the binding name is not the index name');
});

test('queryById, upsert, getByIds and deleteByIds: one span each, with their counts; describe is the binding\'s own', async () => {
  const byId = await call('/queryById', (s) => s.some((x) => x.name === 'queryById DOCS'));
  assert.deepEqual(byId.result, await new FakeVectorize().queryById('doc-7', { topK: 3 }));
  assert.equal(byId.spans.find((x) => x.name === 'queryById DOCS').attributes['db.response.returned_rows'], 3);
  const w = await call('/writes', (s) => s.some((x) => x.name === 'deleteByIds DOCS'));
  const fake = new FakeVectorize();
  assert.deepEqual(w.result, [await fake.upsert([{ id: 'n-1', values: [1, 0, 0] }]), await fake.getByIds(['doc-2']), await fake.deleteByIds(['n-1'])]);
  const names = w.spans.filter((x) => x.kind !== 2).map((x) => x.name).sort();
  assert.deepEqual(names, ['deleteByIds DOCS', 'getByIds DOCS', 'upsert DOCS']);
  assert.equal(w.spans.find((x) => x.name === 'upsert DOCS').attributes['db.operation.batch.size'], 1);
  const d = await call('/describe', (s) => s.some((x) => x.kind === 2));
  assert.deepEqual(d.result, await new FakeVectorize().describe());
  assert.equal(d.spans.length, 1, 'describe makes no span');
});

test('wrapVectorize on the env\'s binding (to name the index): one span per call, not two', async () => {
  const { spans } = await call('/twice', (s) => s.some((x) => x.name === 'query docs-index'));
  const q = spans.filter((x) => x.attributes['db.operation.name'] === 'query');
  assert.equal(q.length, 1, spans.map((x) => x.name).join(', '));
  assert.equal(q[0].attributes['db.collection.name'], 'docs-index');
  assert.equal(q[0].attributes['cloudflare.binding.name'], 'DOCS');
});
