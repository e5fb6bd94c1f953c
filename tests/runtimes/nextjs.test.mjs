// Next.js (16.5, from npm: tests/runtimes/nextjs) route handlers traced with instrumentHandler, on
// the packed tarball with no configuration: built by Turbopack (a Node and an Edge route: the
// edge-light entry) and by webpack (a Node route; Next.js 16.5's webpack build fails on any Edge
// route handler, with or without edgespan), each served by `next start`. Every request is a
// SERVER trace with its child, the incoming traceparent continued, every span delivered once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { root, waitFor } from '../e2e/harness.mjs';
import { appTests, startApp } from './app.mjs';

const dir = join(root, 'tests', 'runtimes', 'nextjs');
const next = join(dir, 'node_modules', 'next', 'dist', 'bin', 'next');
const BUILDS = [
  ['turbo', ['build'], ['node', 'edge']],
  ['webpack', ['build', '--webpack'], ['node']],
];

// The builds' output is not kept (nor scanned for tests by a later run).
const collectorOf = appTests(dir, BUILDS.map(([bundler]) => join(bundler, '.next')));

for (const [bundler, args, routes] of BUILDS) {
  test(`next build (${bundler}) and next start: ${routes.join(' and ')} route handlers, a trace per request`, async () => {
    const collector = collectorOf();
    await collector.reset();
    const app = join(dir, bundler);
    rmSync(join(app, '.next'), { recursive: true, force: true });
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', COLLECTOR: collector.url, BUNDLER: bundler };
    await promisify(execFile)(process.execPath, [next, ...args], { cwd: app, env, timeout: 180_000 });
    // Ready when it answers at all (a path with no route: 404, and no trace).
    const server = await startApp(app, (port) => [process.execPath, [next, 'start', '-p', String(port), '-H', '127.0.0.1'], env], async (u) => (await fetch(`${u}/ready`).catch(() => null))?.status === 404);
    const { url } = server;
    try {
      for (const route of routes) {
        const plain = await fetch(`${url}/api/${route}`);
        assert.equal(await plain.text(), `${route} /api/${route}`);
        const traced = await fetch(`${url}/api/${route}`, { headers: { traceparent: `00-${route === 'node' ? 'a' : 'b'}bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01` } });
        assert.equal(traced.status, 200);
        await traced.text();
      }
      const expected = routes.length * 4;
      let spans = [];
      await waitFor(async () => (spans = await collector.spans()).length >= expected, 15_000);
      assert.equal(spans.length, expected, spans.map((s) => s.name).join(', '));
      assert.equal(new Set(spans.map((s) => s.spanId)).size, expected, 'every span once');
      for (const route of routes) {
        const roots = spans.filter((s) => s.kind === 2 && s.resource['service.name'] === `next-${bundler}-${route}`);
        assert.equal(roots.length, 2, route);
        for (const r of roots) {
          assert.equal(r.name, 'GET');
          assert.equal(r.attributes['http.response.status_code'], 200);
          assert.equal(spans.find((s) => s.parentSpanId === r.spanId)?.attributes['next.runtime'], route === 'node' ? 'nodejs' : 'edge');
        }
        const continued = roots.find((r) => r.traceId === `${route === 'node' ? 'a' : 'b'}bf92f3577b34da6a3ce929d0e0e4736`);
        assert.equal(continued?.parentSpanId, '00f067aa0ba902b7', `${route}: the incoming traceparent continued`);
      }
    } finally {
      server.stop();
    }
  });
}
