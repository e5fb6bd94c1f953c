// Vite 7 with Cloudflare's Vite plugin (from npm: tests/runtimes/vite): a Worker importing
// edgespan with no configuration, served by `vite dev` and built by `vite build` then served by
// `vite preview`, both in workerd; each request's trace reaches the loopback collector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { root, waitFor } from '../e2e/harness.mjs';
import { appTests, startApp } from './app.mjs';

const dir = join(root, 'tests', 'runtimes', 'vite');
const vite = join(dir, 'node_modules', 'vite', 'bin', 'vite.js');
const collectorOf = appTests(dir, ['dist', '.dev.vars', '.wrangler']);

for (const mode of ['dev', 'preview']) {
  test(`vite ${mode}: the Worker's request is a trace with its child span`, async () => {
    const collector = collectorOf();
    await collector.reset();
    writeFileSync(join(dir, '.dev.vars'), `COLLECTOR=${collector.url}\nMODE_NAME=${mode}\n`);
    if (mode === 'preview') await promisify(execFile)(process.execPath, [vite, 'build'], { cwd: dir, timeout: 120_000 });
    const server = await startApp(dir, (port) => [process.execPath, [vite, mode, '--port', String(port), '--host', '127.0.0.1', '--strictPort'], {}], async (url) => (await fetch(`${url}/ready`).catch(() => null))?.ok);
    const port = new URL(server.url).port;
    try {
      assert.equal(await (await fetch(`${server.url}/`)).text(), 'vite ok');
      let spans = [];
      await waitFor(async () => (spans = (await collector.spans()).filter((s) => s.name !== 'GET' || s.attributes['url.full']?.endsWith(':' + port + '/'))).length >= 2, 15_000);
      const child = spans.find((s) => s.name === 'vite work');
      assert.equal(child?.attributes.mode, mode);
      const rootSpan = spans.find((s) => s.spanId === child.parentSpanId);
      assert.equal(rootSpan?.kind, 2);
      assert.equal(rootSpan.resource['service.name'], 'vite-worker');
    } finally {
      server.stop();
    }
  });
}
