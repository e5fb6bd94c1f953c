// Vite 7 with Cloudflare's Vite plugin (from npm: tests/runtimes/vite): a Worker importing
// edgespan with no configuration, served by `vite dev` and built by `vite build` then served by
// `vite preview`, both in workerd; each request's trace reaches the loopback collector.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { rmSync, writeFileSync } from 'node:fs';
import { root, installTarball, startCollector, waitFor, freePort } from '../e2e/harness.mjs';

const dir = join(root, 'tests', 'runtimes', 'vite');
const vite = join(dir, 'node_modules', 'vite', 'bin', 'vite.js');
let collector;

before(async () => {
  installTarball(dir);
  collector = await startCollector();
});
after(() => {
  collector?.stop();
  for (const d of ['dist', '.dev.vars', '.wrangler']) rmSync(join(dir, d), { recursive: true, force: true });
});

for (const mode of ['dev', 'preview']) {
  test(`vite ${mode}: the Worker's request is a trace with its child span`, async () => {
    await collector.reset();
    writeFileSync(join(dir, '.dev.vars'), `COLLECTOR=${collector.url}\nMODE_NAME=${mode}\n`);
    if (mode === 'preview') await promisify(execFile)(process.execPath, [vite, 'build'], { cwd: dir, timeout: 120_000 });
    const port = await freePort();
    const server = spawn(process.execPath, [vite, mode, '--port', String(port), '--host', '127.0.0.1', '--strictPort'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitFor(async () => (await fetch(`${url}/ready`).catch(() => null))?.ok, 60_000, 250);
      assert.equal(await (await fetch(`${url}/`)).text(), 'vite ok');
      let spans = [];
      await waitFor(async () => (spans = (await collector.spans()).filter((s) => s.name !== 'GET' || s.attributes['url.full']?.endsWith(':' + port + '/'))).length >= 2, 15_000);
      const child = spans.find((s) => s.name === 'vite work');
      assert.equal(child?.attributes.mode, mode);
      const rootSpan = spans.find((s) => s.spanId === child.parentSpanId);
      assert.equal(rootSpan?.kind, 2);
      assert.equal(rootSpan.resource['service.name'], 'vite-worker');
    } finally {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  });
}
