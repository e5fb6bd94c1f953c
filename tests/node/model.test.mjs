// Model-based tests of the whole SDK under faults, on the packed tarball in Node. fast-check
// generates sequences of public calls (spans started, logged with odd values and ended; traced()
// returning, throwing and rejecting; request scopes finished with spans still open; flushes) and
// a script of collector faults (500 refusing for good, 502 and 503, 429 with Retry-After, network errors, hung requests, bodies
// that stall, partial success), run against a scripted fetch. A simple model checks that
//  - no call ever throws into user code (traced() rethrows the user's own error, unchanged);
//  - once the faults stop, every ended span is delivered exactly once within three flushes, unless
//    a 500 refused it for good;
//  - the reports add up: exported + failed + dropped + sampled out + pending = what was ended.
// 30 sequences with a fixed seed in `make test`; EDGESPAN_FUZZ_CASES runs more with random seeds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { root, installTarball } from '../e2e/harness.mjs';

let Tracer;
const realFetch = globalThis.fetch;
before(async () => {
  const dir = join(root, 'tests', 'node');
  installTarball(dir);
  ({ Tracer } = await import(join(dir, 'node_modules', 'edgespan', 'node.js')));
});
after(() => {
  globalThis.fetch = realFetch;
});

const runs = process.env.EDGESPAN_FUZZ_CASES ? { numRuns: Number(process.env.EDGESPAN_FUZZ_CASES) } : { numRuns: 30, seed: 20261206 };

// The scripted collector: each request takes the next fault of the script (none: a clean 200).
// Spans count as delivered only in a request answered 2xx with its body read to the end; a 500
// refuses them for good (OTLP retries only 429, 502, 503 and 504).
function collector() {
  const c = { faults: [], delivered: [], refused: [], rejected: 0, requests: 0 };
  c.fetch = async (url, init) => {
    c.requests++;
    const fault = c.faults.shift() ?? 'ok';
    const signal = init?.signal;
    const aborted = () => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true }));
    const spans = () => {
      const body = JSON.parse(new TextDecoder().decode(init.body));
      return body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((x) => x.spanId)));
    };
    switch (fault) {
      case '500':
        c.refused.push(...spans());
        return new Response('broken', { status: 500 });
      case '502':
      case '503':
        return new Response('down', { status: Number(fault) });
      case '429':
        return new Response('slow down', { status: 429, headers: { 'retry-after': '0' } });
      case 'network':
        throw new TypeError('fetch failed');
      case 'hang':
        return aborted();
      case 'stall': {
        // 200 with a body that never ends: the client cannot know it was accepted.
        const body = new ReadableStream({ start(ctl) { signal?.addEventListener('abort', () => ctl.error(new DOMException('aborted', 'AbortError')), { once: true }); } });
        return new Response(body, { status: 200 });
      }
      case 'partial': {
        const ids = spans();
        c.delivered.push(...ids);
        const n = Math.min(1, ids.length);
        c.rejected += n;
        return new Response(JSON.stringify({ partialSuccess: { rejectedSpans: n, errorMessage: 'one too old' } }), { status: 200, headers: { 'content-type': 'application/json' } });
      }
      default:
        c.delivered.push(...spans());
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    }
  };
  return c;
}

// Odd values a user might log.
const odd = fc.oneof(
  fc.anything({ maxDepth: 2, withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withDate: true, withNullPrototype: true, withSparseArray: true }),
  fc.constantFrom(NaN, -0, Infinity, '\ud800', 'x'.repeat(70_000), Symbol('s'), () => 1),
);
const op = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('start'), parent: fc.nat(20), scope: fc.boolean(), kind: fc.constantFrom(undefined, 'client', 'server', 'bogus') }), weight: 5 },
  { arbitrary: fc.record({ op: fc.constant('log'), target: fc.nat(20), value: odd }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('end'), target: fc.nat(20) }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('traced'), how: fc.constantFrom('return', 'throw', 'reject') }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('finish'), target: fc.nat(20) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('flush') }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('faults'), script: fc.array(fc.constantFrom('500', '502', '503', '429', 'network', 'hang', 'stall', 'partial', 'ok'), { maxLength: 4 }) }), weight: 3 },
);

// Runs `ops` against a tracer and the model; returns what the checks need.
async function run(ops, options) {
  const c = collector();
  globalThis.fetch = c.fetch;
  const diagnostics = [];
  const t = new Tracer({ endpoint: 'http://collector.invalid/v1/traces', protocol: 'json', timeoutMs: 600, onDiagnostic: (d) => diagnostics.push(d), ...options });
  const model = { open: [], ended: new Set(), reports: [] };
  const endInModel = (m) => {
    model.open = model.open.filter((x) => x !== m);
    model.ended.add(m.span.spanId);
  };
  const pick = (i) => model.open[i % model.open.length];
  for (const o of ops) {
    switch (o.op) {
      case 'start': {
        const parent = o.scope || model.open.length === 0 ? null : pick(o.parent);
        const span = o.scope ? t.startTrace('scope', { kind: o.kind }) : parent ? parent.span.startSpan('child', { kind: o.kind }) : t.startSpan('root', { kind: o.kind });
        model.open.push({ span, scope: o.scope ? span.spanId : parent?.scope ?? null, root: o.scope });
        break;
      }
      case 'log': {
        if (!model.open.length) break;
        const { span } = pick(o.target);
        span.log({ input: o.value, output: o.value, metadata: { v: o.value }, metrics: { n: o.value } });
        span.setAttribute('odd', o.value);
        span.addEvent('e', { v: o.value });
        break;
      }
      case 'end': {
        if (!model.open.length) break;
        const m = pick(o.target);
        m.span.end();
        endInModel(m);
        break;
      }
      case 'traced': {
        const mine = new Error('mine');
        let id;
        const fn = (s) => {
          id = s.spanId;
          if (o.how === 'throw') throw mine;
          if (o.how === 'reject') return Promise.reject(mine);
          return 'value';
        };
        if (o.how === 'throw') assert.throws(() => t.traced('t', fn), (e) => e === mine);
        else if (o.how === 'reject') await assert.rejects(t.traced('t', fn), (e) => e === mine);
        else assert.equal(await t.traced('t', fn), 'value');
        model.ended.add(id);
        break;
      }
      case 'finish': {
        const roots = model.open.filter((m) => m.root);
        if (!roots.length) break;
        const r = roots[o.target % roots.length];
        model.reports.push(await r.span.finish());
        // The scope's spans still open end with it.
        for (const m of model.open.filter((x) => x.scope === r.scope)) endInModel(m);
        break;
      }
      case 'flush':
        model.reports.push(await t.flush());
        break;
      case 'faults':
        c.faults.push(...o.script);
        break;
    }
  }
  // The faults stop; everything still open ends; at most three flushes deliver the rest.
  c.faults.length = 0;
  for (const m of [...model.open]) {
    m.span.end();
    endInModel(m);
  }
  for (let i = 0; i < 3; i++) {
    const r = await t.flush();
    model.reports.push(r);
    if (r.pending === 0) break;
  }
  return { c, model, diagnostics };
}

const sum = (reports, k) => reports.reduce((n, r) => n + r[k], 0);

test('model: under any faults, nothing throws into user code, every ended span is delivered exactly once once they stop, and the reports add up', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 15, maxLength: 60 }), async (ops) => {
      const { c, model } = await run(ops, {});
      const last = model.reports[model.reports.length - 1];
      const ended = model.ended.size;
      assert.equal(last.pending, 0, `still pending after the faults stopped: ${JSON.stringify(last)}`);
      const seen = new Set(c.delivered);
      assert.equal(seen.size, c.delivered.length, 'a span was delivered twice');
      assert.ok(!c.refused.some((id) => seen.has(id)), 'a refused span was sent again');
      assert.deepEqual([...seen, ...c.refused].sort(), [...model.ended].sort(), 'the delivered and refused spans are the ended ones');
      assert.equal(sum(model.reports, 'failed'), c.rejected + c.refused.length, 'failed counts what partialSuccess rejected and a 500 refused');
      assert.equal(sum(model.reports, 'exported') + sum(model.reports, 'failed'), c.delivered.length + c.refused.length);
      assert.equal(sum(model.reports, 'exported') + sum(model.reports, 'failed') + sum(model.reports, 'dropped') + sum(model.reports, 'sampledOut') + last.pending, ended);
    }),
    runs,
  );
});

test('model: with a small buffer and head sampling, the reports still add up and nothing is delivered twice', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 15, maxLength: 60 }), fc.constantFrom(0, 0.5, 1), async (ops, ratio) => {
      const { c, model } = await run(ops, { maxQueueSpans: 4, sampling: { ratio } });
      const last = model.reports[model.reports.length - 1];
      const seen = new Set(c.delivered);
      assert.equal(seen.size, c.delivered.length, 'a span was delivered twice');
      for (const id of [...seen, ...c.refused]) assert.ok(model.ended.has(id), `sent ${id}, never ended`);
      assert.equal(sum(model.reports, 'exported') + sum(model.reports, 'failed'), c.delivered.length + c.refused.length);
      assert.equal(last.pending, 0);
      assert.equal(sum(model.reports, 'exported') + sum(model.reports, 'failed') + sum(model.reports, 'dropped') + sum(model.reports, 'sampledOut') + last.pending, model.ended.size);
    }),
    { ...runs, numRuns: Math.ceil(runs.numRuns / 2) },
  );
});
