// Nitro (2.13, the server engine of Nuxt, from npm: tests/runtimes/nitro) with a route that makes a
// span and flushes it, on the packed tarball: built for the node-server preset (run by Node) and
// for the cloudflare-module preset with Nitro's wasm support on (run in workerd by wrangler dev).
// Each delivers its span to the loopback collector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { root, waitFor } from '../e2e/harness.mjs';
import { appTests, startApp } from './app.mjs';

const dir = join(root, 'tests', 'runtimes', 'nitro');
const nitro = join(dir, 'node_modules', 'nitropack', 'dist', 'cli', 'index.mjs');
const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
const collectorOf = appTests(dir, ['.output', '.nitro']);

const PRESETS = {
  'node-server': (collector) => (port) => [process.execPath, [join(dir, '.output', 'server', 'index.mjs')], { PORT: String(port), HOST: '127.0.0.1', COLLECTOR: collector.url, PRESET: 'node-server' }],
  'cloudflare-module': (collector) => (port) => [wrangler, ['dev', join(dir, '.output', 'server', 'index.mjs'), '--ip', '127.0.0.1', '--port', String(port), '--compatibility-date', '2026-04-01', '--compatibility-flags', 'nodejs_compat', '--var', `COLLECTOR:${collector.url}`, '--var', 'PRESET:cloudflare-module', '--show-interactive-dev-session=false'], {}],
};

for (const [preset, command] of Object.entries(PRESETS)) {
  test(`nitro build --preset ${preset}: the route's span delivered`, async () => {
    const collector = collectorOf();
    await collector.reset();
    await promisify(execFile)(process.execPath, [nitro, 'build', '--preset', preset], { cwd: dir, env: { ...process.env, NITRO_PRESET: preset }, timeout: 180_000 });
    const server = await startApp(dir, command(collector));
    try {
      const out = await (await fetch(`${server.url}/hello`)).json();
      assert.deepEqual(out, { exported: 1, errors: [] });
      let spans = [];
      await waitFor(async () => (spans = await collector.spans()).length >= 1);
      assert.equal(spans.length, 1);
      assert.equal(spans[0].name, 'nitro work');
      assert.equal(spans[0].resource['service.name'], `nitro-${preset}`);
    } finally {
      server.stop();
    }
  });
}
