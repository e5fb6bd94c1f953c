// A runtime that refuses to compile WebAssembly at run time (as Vercel's production Edge runtime
// refuses bytes, "Wasm code generation disallowed by embedder"), emulated in a child Node process
// whose WebAssembly.Module throws: importing the package (its edge and Node entries, on the packed
// tarball) does not fail the app, `new Tracer(...)` and every entry point work as no-ops, the
// handler's answer is its own, and the reason is said once, in the flush report too.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { root, installTarball } from '../e2e/harness.mjs';

const dir = join(root, 'tests', 'node');
before(() => installTarball(dir));

const script = (entry) => `
WebAssembly.Module = function () { throw new WebAssembly.CompileError('WebAssembly.Module(): Wasm code generation disallowed by embedder'); };
const said = [];
const { Tracer, instrumentHandler } = await import(${JSON.stringify(join(dir, 'node_modules', 'edgespan', entry))});
const tracer = new Tracer({ endpoint: 'http://127.0.0.1:9/v1/traces', onDiagnostic: (d) => said.push(String(d.message ?? d)) });
const span = tracer.startSpan('work');
span.log({ input: 'hi' });
span.end();
const handler = instrumentHandler(async () => new Response('the app answers'), tracer, { waitUntil: () => {} });
const answer = await (await handler(new Request('http://x.example/'))).text();
const report = await tracer.flush();
console.log(JSON.stringify({ answer, said, errors: report.errors, exported: report.exported }));
`;

for (const entry of ['edge.js', 'node.js']) {
  test(`${entry}: WebAssembly refused at run time leaves tracing off, the app untouched, the reason said once`, () => {
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script(entry)], { encoding: 'utf8' }).trim().split('\n').pop());
    assert.equal(out.answer, 'the app answers');
    assert.equal(out.exported, 0);
    assert.equal(out.said.length, 1, JSON.stringify(out.said));
    assert.match(out.said[0], /tracing is off .*refused to load edgespan's WebAssembly .*disallowed by embedder.*Node\.js runtime/);
    assert.match(out.errors.join(' '), /refused to load edgespan's WebAssembly/);
  });
}
