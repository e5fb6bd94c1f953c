// The JS ⇄ wasm boundary in Node 20, on the packed npm tarball: bad configuration throws a clear
// Error from the constructor; odd JS values are serialised safely; nothing else ever throws, and
// whatever was recorded reaches the loopback collector.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, installTarball, startCollector, waitFor } from '../e2e/harness.mjs';

const dir = join(root, 'tests', 'node');
let Tracer, presets, collector, endpoint;
const INTERNAL = Symbol.for('edgespan.internal');

before(async () => {
  installTarball(dir);
  presets = await import(join(dir, 'node_modules', 'edgespan', 'node.js'));
  ({ Tracer } = presets);
  collector = await startCollector();
  endpoint = `${collector.url}/v1/traces`;
});
after(() => collector?.stop());

// Why a tracer is off (null when it is on).
const offReason = (make) => make()[INTERNAL].off ?? '';

async function spansOf(traceId, n) {
  let spans = [];
  await waitFor(async () => {
    spans = (await collector.spans()).filter((s) => s.traceId === traceId);
    return spans.length >= n;
  }, 10_000);
  return spans;
}

test('bad configuration throws a clear Error from the constructor', () => {
  const cases = [
    [undefined, /needs an options object/],
    [{}, /no endpoint configured/],
    [{ endpoint: '' }, /no endpoint configured/],
    [{ endpoint: 'localhost:4318/v1/traces' }, /absolute http:\/\/ or https:\/\/ URL, got: localhost:4318/],
    [{ endpoint: 'ftp://x/v1/traces' }, /absolute http/],
    [{ endpoint: 'http://exa mple/v1/traces' }, /absolute http/],
    [{ endpoint: 42 }, /`endpoint` must be a string/],
    [{ endpoint, protocol: 'grpc' }, /unknown protocol .*: grpc/],
    [{ endpoint, protocol: 'proto' }, /unknown protocol .*: proto/],
    [{ endpoint, compression: 'br' }, /unknown compression .*: br/],
    [{ endpoint, timeoutMs: '5' }, /`timeoutMs` must be a number/],
    [{ endpoint, timeoutMs: 0 }, /timeoutMs must be an integer from 1 to 600000, got: 0/],
    [{ endpoint, maxConcurrentRequests: 1.5 }, /maxConcurrentRequests/],
    [{ endpoint, maxQueueSpans: -1 }, /maxQueueSpans/],
    [{ endpoint, headers: 'x' }, /`headers` must be an object/],
    [{ endpoint, headers: { a: 1 } }, /string values/],
    [{ endpoint, headers: { 'bad name': 'v' } }, /invalid header: bad name/],
    [{ endpoint, headers: { a: 'x\r\ny' } }, /invalid header/],
    [{ exporters: [] }, /`exporters` must list 1 to 8 destinations/],
    [{ exporters: [{ endpoint }, { endpoint: 'nope' }] }, /absolute http/],
    [{ exporters: [{ endpoint, format: 'logs3' }] }, /logs3 format needs `projectId`/],
    [{ exporters: [{ endpoint, format: 'csv' }] }, /unknown format .*: csv/],
    [{ endpoint, openRows: true }, /`openRows` needs the logs3 format/],
    [{ endpoint, format: 'logs3', projectId: 'p', openRows: 'yes' }, /`openRows` must be true or false/],
    [{ exporters: [null] }, /exporters\[0\] must be an options object/],
  ];
  for (const [opts, re] of cases) {
    assert.throws(() => new Tracer(opts), (e) => e instanceof Error && re.test(e.message), JSON.stringify(opts));
  }
  // From the environment, a mistake turns tracing off instead of throwing (fail open).
  assert.match(offReason(() => Tracer.fromEnv({})), /no endpoint configured/);
  assert.match(offReason(() => Tracer.fromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })), /unknown protocol/);
  assert.match(offReason(() => Tracer.fromEnv(null)), /no endpoint configured/);
});

test('fail open: a tracer off for a configuration mistake keeps the whole API, runs the code and says why once', async () => {
  const heard = [];
  const t = Tracer.fromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_SAMPLER: 'ratio' }, { onDiagnostic: (m) => heard.push(m) });
  assert.equal(heard.length, 1);
  assert.match(heard[0], /^edgespan: tracing is off for this isolate \(the app runs untraced\): invalid sampling: unknown OTEL_TRACES_SAMPLER .*got: ratio/);
  const root = t.startTrace('GET', { attributes: { a: 1 } });
  assert.match(root.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
  const child = root.startSpan('child').setAttribute('k', 'v').log({ input: 'x' }).addEvent('e');
  child.recordError(new Error('boom'));
  child.end();
  assert.equal(await root.traced('work', async (s) => (s.setAttribute('n', 1), 'value')), 'value');
  await assert.rejects(root.traced('fails', async () => Promise.reject(new RangeError('app error'))), RangeError);
  assert.equal(t.traced('sync', () => 7), 7);
  const report = await root.finish();
  assert.equal(report.exported, 0);
  assert.deepEqual(report.errors, [heard[0]]);
  assert.deepEqual((await t.flush()).errors, [heard[0]]);
  assert.equal(heard.length, 1, 'said once');
  // The instrument() paths: a bad literal init or a throwing init function turn tracing off too.
  const handler = Tracer.instrument({ fetch: async (req, env, ctx) => new Response(`${ctx.span.traced('w', () => 'ok')} ${typeof ctx.span.spanId}`) }, () => {
    throw new Error('edgespan: init failed');
  });
  const waits = [];
  const res = await handler.fetch(new Request('http://app/x'), {}, { waitUntil: (p) => waits.push(p), passThroughOnException() {} });
  assert.equal(await res.text(), 'ok string');
  await Promise.all(waits);
});

test('loud once: without onDiagnostic, each kind of problem reaches the console once per isolate', async () => {
  const said = { error: [], warn: [] };
  const { error, warn } = console;
  console.error = (m) => said.error.push(m);
  console.warn = (m) => said.warn.push(m);
  try {
    for (let i = 0; i < 3; i++) Tracer.fromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_HEADERS: 'authorization:Bearer sk-1' });
    assert.equal(said.error.length, 1, said.error.join('\n'));
    assert.match(said.error[0], /^edgespan: tracing is off .*invalid header: authorization \(no `=`/);
    assert.ok(!said.error[0].includes('sk-1'), 'the credential is not echoed');
    // A doubled traces path is named, with the URL meant.
    new Tracer({ endpoint: 'http://127.0.0.1:9/v1/traces/v1/traces', timeoutMs: 200 });
    assert.match(said.error[1], /has the path \/v1\/traces twice .*did you mean http:\/\/127\.0\.0\.1:9\/v1\/traces\?/);
    // A wrong endpoint: one line at the first failed flush, none for the next ones.
    const t = new Tracer({ endpoint: `${collector.url}/nope`, timeoutMs: 2000 });
    for (let i = 0; i < 3; i++) {
      t.startSpan('s').end();
      await t.flush();
    }
    const lines = said.error.filter((m) => m.includes('/nope'));
    assert.equal(lines.length, 1, said.error.join('\n'));
    assert.match(lines[0], /^edgespan: export to otlp .* failed .*HTTP 404/);
    // A misspelt log() field: a warning with a suggestion, once.
    t.startSpan('s').log({ inputs: 'x' }).end();
    t.startSpan('s').log({ inputs: 'x' }).end();
    assert.equal(said.warn.filter((m) => m.includes('inputs')).length, 1, said.warn.join('\n'));
    assert.match(said.warn.find((m) => m.includes('inputs')), /log\(\{ inputs \}\) ignored: not a field of log\(\); did you mean `input`\?/);
  } finally {
    console.error = error;
    console.warn = warn;
  }
});

test('fromEnv: endpoint, headers, service name and compression reach the collector', async () => {
  const t = Tracer.fromEnv({
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s%20ecret,x-team=edge',
    OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
    OTEL_SERVICE_NAME: 'from-env',
    UNRELATED_BINDING: { some: 'object' },
  });
  const s = t.startSpan('env');
  s.end();
  const report = await t.flush();
  assert.equal(report.exported, 1);
  const [span] = await spansOf(s.traceId, 1);
  assert.equal(span.resource['service.name'], 'from-env');
  const req = (await collector.requests())[span.request];
  assert.equal(req.headers['x-api-key'], 's ecret');
  assert.equal(req.headers['x-team'], 'edge');
  assert.equal(req.contentEncoding, 'gzip');
  assert.equal(report.bytes, req.bytes, 'bytes counts what went on the wire');
});

test('a compressor that fails sends the body uncompressed, without claiming gzip, and the report says so', async () => {
  const t = new Tracer({ endpoint, compression: 'gzip', headers: { 'X-Team': 'edge', 'x-team': 'core' } });
  const real = globalThis.CompressionStream;
  globalThis.CompressionStream = class {
    constructor() {
      throw new Error('no compressor here');
    }
  };
  let report;
  const s = t.startSpan('plain');
  try {
    s.end();
    report = await t.flush();
  } finally {
    globalThis.CompressionStream = real;
  }
  assert.equal(report.exported, 1, JSON.stringify(report));
  assert.equal(report.retried, 0, 'not a network error');
  assert.deepEqual(report.errors, ['gzip was not available; bodies were sent uncompressed']);
  const [span] = await spansOf(s.traceId, 1);
  const req = (await collector.requests())[span.request];
  assert.ok(!req.contentEncoding, 'no content-encoding');
  assert.equal(req.headers['x-team'], 'core', 'a header name given twice is sent once, with its last value');
});

test('a server root never records URL credentials in url.full', async () => {
  const t = new Tracer({ endpoint });
  const root = t.startTrace('GET', { request: { url: 'https://alice:pw-123456@app.example/x?q=1', method: 'GET', headers: new Headers() } });
  assert.equal((await root.finish()).exported, 1);
  const [span] = await spansOf(root.traceId, 1);
  assert.equal(span.attributes['url.full'], 'https://app.example/x?q=1');
});

test('odd JS values are serialised safely and arrive', async () => {
  const t = new Tracer({ endpoint, serviceName: 'odd' });
  const cyclic = { name: 'loop' };
  cyclic.self = cyclic;
  const hostile = new Proxy({}, { ownKeys: () => { throw new Error('no keys'); }, get: () => { throw new Error('no get'); } });
  const throwingJson = { toJSON() { throw new Error('nope'); } };
  const deep = {};
  let d = deep;
  for (let i = 0; i < 50; i++) d = d.next = {};
  const huge = 'x'.repeat(2 * 1024 * 1024);
  const span = t.startSpan('odd values');
  const calls = [
    () => span.log({ input: cyclic, output: { big: 12345678901234567890n, fn() {}, sym: Symbol('s') } }),
    () => span.log({ metadata: { cyc: cyclic, big: 2n ** 70n, small: -5n, sym: Symbol('m'), fn: function named() {}, when: new Date(0), bad: new Date(NaN), nan: NaN, inf: -Infinity, nul: null, undef: undefined, lone: 'a\ud800b', deep, arr: Array.from({ length: 5000 }, (_, i) => i), map: new Map([['k', 1]]), bytes: new Uint8Array([1, 2]), err: new TypeError('te') } }),
    () => span.log({ metrics: { tokens: 3, odd: 'x', big: 7n } }),
    () => span.log({ input: hostile }),
    () => span.log({ output: throwingJson }),
    () => span.log({ input: huge }),
    () => span.log({ tags: ['a', 1, null, Symbol('t')] }),
    () => span.log(42),
    () => span.log(null),
    () => span.log({ error: 'a string error' }),
    () => span.setAttribute(undefined, 1),
    () => span.setAttribute('\ud800key', '\udc00value'),
    () => span.setAttribute(Symbol('k'), hostile),
    () => span.setAttributes(hostile),
    () => span.setAttributes(null),
    () => span.addEvent({ toString() { throw new Error('x'); } }, { a: 1 }),
    () => span.recordError(undefined),
    () => span.recordError({ message: 42, name: Symbol('n') }),
    () => span.setStatus('weird'),
    () => span.updateName(null),
  ];
  for (const c of calls) assert.doesNotThrow(c);
  span.end('not a number');
  for (const c of calls) assert.doesNotThrow(c); // after end(): no-ops
  assert.doesNotThrow(() => span.end());
  const report = await t.flush();
  assert.equal(report.exported, 1, JSON.stringify(report));
  const [s] = await spansOf(span.traceId, 1);
  const a = s.attributes;
  assert.equal(a['input.value'].length < huge.length, true);
  assert.match(a['input.value'], /…\[truncated\]$/);
  assert.deepEqual(a['edgespan.truncated'], ['input']);
  assert.equal(JSON.parse(a['output.value']), '[object Object]', 'a throwing toJSON falls back to String(value)');
  assert.equal(a['metadata.big'], String(2n ** 70n));
  assert.equal(a['metadata.small'], -5);
  assert.equal(a['metadata.when'], '1970-01-01T00:00:00.000Z');
  assert.equal(a['metadata.bad'], 'Invalid Date');
  assert.equal(a['metadata.nan'], 'NaN');
  assert.equal(a['metadata.inf'], '-Infinity');
  assert.equal(a['metadata.lone'], 'a\ufffdb');
  assert.equal(a['metadata.arr'].length, 1000);
  assert.deepEqual(a['metadata.map'], { k: 1 });
  assert.deepEqual(a['metadata.bytes'], [1, 2]);
  assert.equal(a['metadata.err'], 'TypeError: te');
  assert.equal(a['metadata.cyc'].self, '[Circular]');
  assert.equal(a['metadata.sym'], 'Symbol(m)');
  assert.ok(!('metadata.nul' in a) && !('metadata.undef' in a));
  assert.equal(a['gen_ai.usage.input_tokens'], undefined);
  assert.equal(a['metrics.tokens'], 3);
  assert.equal(a['metrics.odd'], 'x');
  assert.equal(a['metrics.big'], 7);
  assert.deepEqual(a['tag.tags'], ['a', '1', 'null', 'Symbol(t)']);
  assert.equal(a['\ufffdkey'], '\ufffdvalue');
  let depth = 0;
  for (let v = a['metadata.deep']; v && typeof v === 'object'; v = v.next) depth++;
  assert.ok(depth <= 8, `nesting is bounded, got ${depth}`);
  assert.equal(s.status.code, 2);
  assert.ok(s.events.some((e) => e.attributes['exception.message'] === 'a string error'));
});

test('ids, traceparent and parent links', async () => {
  const t = new Tracer({ endpoint });
  const rootSpan = t.startSpan('root');
  assert.match(rootSpan.traceId, /^[0-9a-f]{32}$/);
  assert.match(rootSpan.spanId, /^[0-9a-f]{16}$/);
  assert.equal(rootSpan.parentSpanId, undefined);
  assert.equal(rootSpan.traceparent, `00-${rootSpan.traceId}-${rootSpan.spanId}-01`);
  const child = rootSpan.startSpan('child');
  assert.equal(child.traceId, rootSpan.traceId);
  assert.equal(child.parentSpanId, rootSpan.spanId);
  const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const remote = t.startSpan('remote child', { parent: tp, kind: 'server' });
  assert.equal(remote.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
  assert.equal(remote.parentSpanId, '00f067aa0ba902b7');
  const invalid = t.startSpan('bad parent', { parent: '00-zz-00f067aa0ba902b7-01' });
  assert.equal(invalid.parentSpanId, undefined);
  assert.notEqual(invalid.traceId, remote.traceId);
  rootSpan.end();
  child.end();
  remote.end();
  invalid.end();
  assert.equal(child.ended, true);
  const ids = new Set(Array.from({ length: 2000 }, () => t.startSpan('x').spanId));
  assert.equal(ids.size, 2000);
  await t.shutdown();
  const [r] = await spansOf('4bf92f3577b34da6a3ce929d0e0e4736', 1);
  assert.equal(r.parentSpanId, '00f067aa0ba902b7');
  assert.equal(r.flags, 0x301, 'sampled, parent known to be remote');
  const [c] = (await spansOf(rootSpan.traceId, 2)).filter((s) => s.name === 'child');
  assert.equal(c.flags, 0x101);
});

test('flush never rejects; an unreachable collector leaves spans pending for the next flush', async () => {
  const t = new Tracer({ endpoint: 'http://127.0.0.1:9/v1/traces', timeoutMs: 1500 });
  const s = t.startSpan('unreachable');
  s.end();
  const report = await t.flush();
  assert.equal(report.exported, 0);
  assert.equal(report.pending, 1);
  assert.ok(report.retried >= 1);
  // How long it took is for benchmarks, not tests; the deadline's effect is the pending span.
  assert.match(report.errors[0], /1 spans pending .*network error/);
  for (const k of ['exported', 'failed', 'dropped', 'retried', 'pending', 'openSpans', 'openRows', 'requests', 'bytes', 'durationMs']) {
    assert.equal(typeof report[k], 'number', k);
  }
});

test('a flush with nothing to send makes no request and resolves at once', async () => {
  const t = new Tracer({ endpoint });
  const before = (await collector.requests()).length;
  const report = await t.flush();
  assert.deepEqual({ ...report, durationMs: 0 }, { exported: 0, failed: 0, dropped: 0, sampledOut: 0, retried: 0, pending: 0, openSpans: 0, openRows: 0, requests: 0, bytes: 0, durationMs: 0, errors: [], unfinished: [] });
  assert.equal((await collector.requests()).length, before);
});

test('traced() with a non-function, and shutdown ends open spans as incomplete', async () => {
  const t = new Tracer({ endpoint });
  assert.equal(t.traced('no fn', 'not a function'), undefined);
  const open = t.startSpan('forgotten');
  const report = await t.shutdown();
  assert.equal(report.exported, 2);
  const spans = await spansOf(open.traceId, 1);
  assert.equal(spans[0].attributes['edgespan.incomplete'], true);
  assert.equal(spans[0].status.code, 2);
  const after = t.startSpan('after shutdown');
  after.end();
  assert.equal((await t.flush()).exported, 0);
});

test('fromEnv follows the same vectors as the Rust Config::from_env', async () => {
  const { readFileSync } = await import('node:fs');
  const cases = JSON.parse(readFileSync(join(root, 'tests', 'vectors', 'env.json'), 'utf8'));
  for (const c of cases) {
    if (c.error) {
      const off = offReason(() => Tracer.fromEnv(c.env));
      assert.ok(off.startsWith(c.error), `${JSON.stringify(c)}: ${off}`);
      if (c.secret) assert.ok(!off.includes(c.secret), `${JSON.stringify(c)}: a secret echoed`);
      continue;
    }
    const t = Tracer.fromEnv(c.env);
    assert.equal(t[INTERNAL].exporters[0].url, c.endpoint, JSON.stringify(c));
    const expected = { 'content-type': c.protocol === 'json' ? 'application/json' : 'application/x-protobuf', ...(c.gzip ? { 'content-encoding': 'gzip' } : {}) };
    for (const [k, v] of c.headers) expected[k.toLowerCase()] = v;
    assert.deepEqual(t[INTERNAL].exporters[0].headers, expected, JSON.stringify(c));
    assert.equal(t[INTERNAL].exporters[0].gzip, c.gzip);
    assert.equal(t[INTERNAL].timeoutMs, c.timeoutMs);
    assert.equal(t[INTERNAL].exporters[0].headers['content-type'], c.protocol === 'json' ? 'application/json' : 'application/x-protobuf');
    if (c.sampling) {
      assert.equal(t[INTERNAL].sampling.ratio, c.sampling.ratio, JSON.stringify(c));
      assert.equal(t[INTERNAL].sampling.parentBased, c.sampling.parentBased, JSON.stringify(c));
    }
  }
});

test('a request scope ends its forgotten spans, names them, and says so to onDiagnostic', async () => {
  const messages = [];
  const t = new Tracer({ endpoint, onDiagnostic: (m) => messages.push(m) });
  const other = t.startTrace('other request');
  const otherChild = other.startSpan('other.child');
  const req = new Request('https://app.example/chat?q=1', { headers: { 'user-agent': 'ua/1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
  const root = t.startTrace('GET /chat', { request: req });
  assert.equal(root.traceId, '0af7651916cd43dd8448eb211c80319c');
  const forgotten = root.startSpan('forgotten');
  forgotten.startSpan('forgotten.grandchild');
  const report = await root.finish();
  assert.equal(report.exported, 3);
  assert.deepEqual(report.unfinished.filter((u) => u.state === 'incomplete').map((u) => u.name).sort(), ['forgotten', 'forgotten.grandchild']);
  assert.deepEqual(report.unfinished.filter((u) => u.state === 'open').map((u) => u.name).sort(), ['other request', 'other.child']);
  assert.equal(report.openSpans, 2, "the other request's spans are untouched");
  assert.equal(messages.length, 1);
  assert.match(messages[0], /2 span\(s\) of trace 0af7651916cd43dd8448eb211c80319c were still open .*forgotten \([0-9a-f]{16}\)/);
  const spans = await spansOf(root.traceId, 3);
  const r = spans.find((s) => s.name === 'GET /chat');
  assert.equal(r.kind, 2);
  assert.equal(r.attributes['url.full'], 'https://app.example/chat?q=1');
  assert.equal(r.attributes['user_agent.original'], 'ua/1');
  assert.equal(r.attributes['http.request.method'], 'GET');
  assert.equal(r.parentSpanId, 'b7ad6b7169203331');
  assert.equal(spans.find((s) => s.spanId === forgotten.spanId).attributes['edgespan.incomplete'], true);
  otherChild.end();
  other.end();
  const throwing = new Tracer({ endpoint, onDiagnostic: () => { throw new Error('callback bug'); } });
  const s = throwing.startTrace('x');
  s.startSpan('left');
  await assert.doesNotReject(s.finish());
});

test('logLLM: every gen_ai attribute with its exact name and type; kind CLIENT; conventional name', async () => {
  for (const protocol of ['json', 'protobuf']) {
    const t = new Tracer({ endpoint, protocol });
    const span = t.startSpan('');
    span.logLLM({
      provider: 'openai',
      model: 'gpt-4o-mini',
      inputMessages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello!' }], finish_reason: 'stop' }],
      usage: { inputTokens: 812, outputTokens: 41.0, cachedTokens: 512, reasoningTokens: 7 },
      params: { temperature: 1, maxTokens: 256, topP: 0.9, topK: 40, seed: 3, stopSequences: ['\n\n'], user: 'u-1' },
      responseId: 'chatcmpl-123',
      responseModel: 'gpt-4o-mini-2024-07-18',
      finishReasons: ['stop'],
    });
    span.end();
    const named = t.startSpan('my name');
    named.logLLM({ operation: 'embeddings', model: 'text-embedding-3-small' });
    named.end();
    assert.equal((await t.flush()).exported, 2);
    const [s] = await spansOf(span.traceId, 1);
    assert.equal(s.name, 'chat gpt-4o-mini', protocol);
    assert.equal(s.kind, 3);
    const expect = {
      'gen_ai.operation.name': ['chat', 'string'],
      'gen_ai.provider.name': ['openai', 'string'],
      'gen_ai.request.model': ['gpt-4o-mini', 'string'],
      'gen_ai.usage.input_tokens': [812, 'int'],
      'gen_ai.usage.output_tokens': [41, 'int'],
      'gen_ai.usage.cache_read.input_tokens': [512, 'int'],
      'gen_ai.usage.reasoning.output_tokens': [7, 'int'],
      'gen_ai.request.temperature': [1, 'double'],
      'gen_ai.request.max_tokens': [256, 'int'],
      'gen_ai.request.top_p': [0.9, 'double'],
      'gen_ai.request.top_k': [40, 'int'],
      'gen_ai.request.seed': [3, 'int'],
      'gen_ai.request.stop_sequences': [['\n\n'], 'array'],
      'gen_ai.request.user': ['u-1', 'string'],
      'gen_ai.response.id': ['chatcmpl-123', 'string'],
      'gen_ai.response.model': ['gpt-4o-mini-2024-07-18', 'string'],
      'gen_ai.response.finish_reasons': [['stop'], 'array'],
      'gen_ai.input.messages': [null, 'string'],
      'gen_ai.output.messages': [null, 'string'],
    };
    for (const [k, [v, type]] of Object.entries(expect)) {
      assert.equal(s.attributeTypes[k], type, `${protocol} ${k} type`);
      if (v !== null) assert.deepEqual(s.attributes[k], v, `${protocol} ${k}`);
    }
    assert.deepEqual(JSON.parse(s.attributes['gen_ai.input.messages']), [
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
    ]);
    assert.deepEqual(JSON.parse(s.attributes['gen_ai.output.messages']), [
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello!' }], finish_reason: 'stop' },
    ]);
    const [n] = await spansOf(named.traceId, 1);
    assert.equal(n.name, 'my name', 'a given name is kept');
    assert.equal(n.attributes['gen_ai.operation.name'], 'embeddings');
  }
});

test('presets: URLs, auth headers and backends; fromEnv picks them from backend variables', () => {
  const { braintrust, langfuse, laminar } = presets;
  const bt = braintrust({ apiKey: 'k', projectId: 'p1', serviceName: 'svc' });
  assert.equal(bt.endpoint, 'https://api.braintrust.dev/otel/v1/traces');
  assert.deepEqual(bt.headers, { authorization: 'Bearer k', 'x-bt-parent': 'project_id:p1' });
  assert.equal(bt.backend, 'braintrust');
  assert.equal(bt.serviceName, 'svc');
  assert.equal(braintrust({ apiKey: 'k', projectName: 'My App', apiUrl: 'https://bt.example/' }).endpoint, 'https://bt.example/otel/v1/traces');
  const lf = langfuse({ publicKey: 'pk', secretKey: 'sk', baseUrl: 'https://us.cloud.langfuse.com' });
  assert.equal(lf.endpoint, 'https://us.cloud.langfuse.com/api/public/otel/v1/traces');
  assert.deepEqual(lf.headers, { authorization: `Basic ${Buffer.from('pk:sk').toString('base64')}`, 'x-langfuse-ingestion-version': '4' });
  assert.equal(langfuse({ publicKey: 'pk', secretKey: 'sé' }).headers.authorization, `Basic ${Buffer.from('pk:sé').toString('base64')}`);
  const lm = laminar({ apiKey: 'k' });
  assert.equal(lm.endpoint, 'https://api.lmnr.ai:443/v1/traces');
  assert.equal(lm.protocol, 'protobuf');
  for (const [fn, o, re] of [
    [braintrust, {}, /braintrust\(\) needs `apiKey`/],
    [braintrust, { apiKey: 'k' }, /needs `projectId` or `projectName`/],
    [langfuse, { publicKey: 'pk' }, /langfuse\(\) needs `secretKey`/],
    [laminar, null, /laminar\(\) needs `apiKey`/],
  ]) assert.throws(() => fn(o), re);
  for (const p of [bt, lf, lm]) assert.doesNotThrow(() => new Tracer(p));
  assert.throws(() => new Tracer({ endpoint, backend: 'datadog' }), /unknown backend/);

  const t = Tracer.fromEnv({ BRAINTRUST_API_KEY: 'bk', BRAINTRUST_PROJECT_NAME: 'proj', OTEL_SERVICE_NAME: 's' });
  assert.equal(t[INTERNAL].exporters[0].url, 'https://api.braintrust.dev/otel/v1/traces');
  assert.equal(t[INTERNAL].exporters[0].headers['x-bt-parent'], 'project_name:proj');
  assert.equal(Tracer.fromEnv({ LANGFUSE_PUBLIC_KEY: 'pk', LANGFUSE_SECRET_KEY: 'sk', LANGFUSE_HOST: 'https://lf.example' })[INTERNAL].exporters[0].url, 'https://lf.example/api/public/otel/v1/traces');
  assert.equal(Tracer.fromEnv({ LMNR_PROJECT_API_KEY: 'lk' })[INTERNAL].exporters[0].headers.authorization, 'Bearer lk');
  assert.match(offReason(() => Tracer.fromEnv({ LANGFUSE_PUBLIC_KEY: 'pk' })), /needs both LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY/);
  assert.match(offReason(() => Tracer.fromEnv({ BRAINTRUST_API_KEY: 'bk' })), /none of BRAINTRUST_PROJECT_ID/);
  const px = Tracer.fromEnv({ PHOENIX_COLLECTOR_ENDPOINT: 'http://px:6006', PHOENIX_API_KEY: 'pk', PHOENIX_PROJECT_NAME: 'p' })[INTERNAL].exporters[0];
  assert.equal(px.url, 'http://px:6006/v1/traces');
  assert.deepEqual([px.headers.authorization, px.headers['x-project-name'], px.headers['content-type']], ['Bearer pk', 'p', 'application/x-protobuf']);
  // An OTLP endpoint wins over backend variables.
  assert.equal(Tracer.fromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', BRAINTRUST_API_KEY: 'bk' })[INTERNAL].exporters[0].url, 'http://c/v1/traces');
});

test('presets against their golden file: URL, headers, backend, format', async () => {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const { braintrust, braintrustLogs, langfuse, laminar, phoenix } = presets;
  const got = {
    braintrust: braintrust({ apiKey: 'bt-key', projectName: 'my app' }),
    braintrustById: braintrust({ apiKey: 'bt-key', projectId: 'p-1', apiUrl: 'https://bt.example/' }),
    braintrustLogs: braintrustLogs({ apiKey: 'bt-key', projectId: 'p-1' }),
    langfuse: langfuse({ publicKey: 'pk-lf', secretKey: 'sk-lf' }),
    langfuseUs: langfuse({ publicKey: 'pk-lf', secretKey: 'sk-lf', baseUrl: 'https://us.cloud.langfuse.com' }),
    laminar: laminar({ apiKey: 'lmnr-key' }),
    phoenix: phoenix({ apiKey: 'px-key', projectName: 'my app' }),
    phoenixLocal: phoenix({ baseUrl: 'http://127.0.0.1:6006/' }),
  };
  const text = JSON.stringify(got, null, 2) + '\n';
  const path = join(root, 'tests', 'golden', 'presets.json');
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, text);
  assert.equal(text, readFileSync(path, 'utf8'));
});

test('an outage is learnt once: the next flush makes one attempt and keeps its spans pending', async () => {
  const t = new Tracer({ endpoint: 'http://127.0.0.1:9/v1/traces', timeoutMs: 1500 });
  t.startSpan('a').end();
  const first = await t.flush();
  assert.ok(first.requests > 1, 'the first flush retries as usual');
  assert.ok(first.errors.some((e) => /cooling down for 10 s/.test(e)), first.errors.join('\n'));
  t.startSpan('b').end();
  const second = await t.flush();
  assert.equal(second.requests, 1);
  assert.equal(second.retried, 0);
  assert.equal(second.pending, 2);
  assert.ok(second.errors.some((e) => /cooling down for 20 s/.test(e)), second.errors.join('\n'));
});

test('configured credentials never reach a report, even when the backend echoes them', async () => {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(401, { 'content-type': 'application/json' });
      // A prefix of 190 characters puts the echoed key across the 200-character cut.
      res.end(JSON.stringify({ pad: 'x'.repeat(170), error: `invalid api key: ${req.headers.authorization}` }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${server.address().port}/v1/traces`;
    const t = new Tracer({ endpoint: url, headers: { authorization: 'Bearer sk-live-0123456789abcdef' } });
    t.startSpan('s').end();
    const report = await t.flush();
    const text = JSON.stringify(report);
    assert.equal(report.failed, 1);
    assert.ok(!text.includes('sk-live'), text);
    assert.match(report.errors[0], /HTTP 401 \(not retried\)/);
  } finally {
    server.close();
  }
});

test('trace flags: a child of a traceparent ending in -00 keeps -00; a new trace is sampled', () => {
  const t = new Tracer({ endpoint: 'http://127.0.0.1:9/v1/traces' });
  const root = t.startSpan('root', { parent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00' });
  assert.match(root.traceparent, /-00$/);
  assert.match(root.startSpan('child').traceparent, /-00$/);
  assert.match(t.startSpan('new').traceparent, /-01$/);
});

test('strict options: unknown keys throw with a "did you mean"; range errors name the value and the range', () => {
  assert.throws(() => new Tracer({ endpoint, servicename: 'x' }), /unknown option `servicename` in the Tracer options; did you mean `serviceName`\?/);
  assert.throws(() => new Tracer({ endpoint, timeoutMS: 5 }), /did you mean `timeoutMs`\?/);
  assert.throws(() => new Tracer({ endpoint, colour: 'red' }), /unknown option `colour`/);
  assert.throws(() => new Tracer({ exporters: [{ endpoint, protcol: 'json' }] }), /unknown option `protcol` in exporters\[0\]; did you mean `protocol`\?/);
  assert.throws(() => new Tracer({ endpoint, maxQueueSpans: 1e9 }), /maxQueueSpans must be an integer from 1 to 16777216, got: 1000000000/);
  assert.throws(() => new Tracer({ endpoint, maxConcurrentRequests: 2.5 }), /from 1 to 64, got: 2.5/);
  // A key whose value is undefined is no mistake (presets clear theirs that way).
  assert.ok(new Tracer({ endpoint, apiKey: undefined }));
  assert.throws(() => new Tracer({ endpoint }).instrument({}, { onflush() {} }), /unknown instrument\(\) option `onflush`/);
});

test('onDiagnostic: an endpoint without a path, the first export failure per exporter, a 404 with a hint, API misuse once', async () => {
  const said = [];
  const onDiagnostic = (m) => said.push(m);
  const base = endpoint.replace(/\/v1\/traces$/, '');
  const bare = new Tracer({ endpoint: base, onDiagnostic });
  assert.match(said[0], /has no path; OTLP\/HTTP collectors take traces at \/v1\/traces: did you mean http:\/\/127\.0\.0\.1:\d+\/v1\/traces\?/);
  said.length = 0;
  bare.startSpan('to-404').end();
  const r404 = await bare.flush();
  assert.equal(r404.failed, 1);
  assert.equal(said.length, 1, said.join('\n'));
  assert.match(said[0], /^edgespan: export to otlp http:\/\/127\.0\.0\.1:\d+\/? failed \(1 failed, 0 pending\): HTTP 404 .*did you mean http:\/\/127\.0\.0\.1:\d+\/v1\/traces\?/);
  bare.startSpan('again').end();
  await bare.flush();
  assert.equal(said.length, 1, 'a failing exporter is reported once, until it delivers again');

  said.length = 0;
  const down = new Tracer({ endpoint: 'http://127.0.0.1:9/v1/traces', timeoutMs: 1000, onDiagnostic });
  down.startSpan('x').end();
  await down.flush();
  assert.equal(said.length, 1);
  assert.match(said[0], /export to otlp http:\/\/127\.0\.0\.1:9\/v1\/traces failed \(0 failed, 1 pending\): 1 spans pending .*network error/);

  said.length = 0;
  const t = new Tracer({ endpoint, onDiagnostic });
  const s = t.startSpan('named', { kind: 'sever' });
  s.setStatus('bogus').setStatus('bogus').updateName(undefined).log({ tags: 'a,b' });
  t.startSpan('k2', { kind: 7 });
  s.end();
  assert.deepEqual(said.map((m) => m.match(/^edgespan: (\w+)/)[1]), ['span', 'setStatus', 'updateName', 'log']);
  const r = await t.flush();
  assert.equal(r.exported, 1);
  const got = (await collector.spans()).find((x) => x.spanId === s.spanId);
  assert.equal(got.name, 'named', 'updateName(undefined) left the name alone');
  assert.equal(got.kind, 1, 'a bad kind is internal');
  assert.equal(got.status.code, 0, 'a bad status is ignored');
});

test('URL credentials never reach a diagnostic or an error message', async () => {
  const said = [];
  const base = endpoint.replace(/\/v1\/traces$/, '').replace('http://', 'http://bob:hunter2-hunter2@');
  const t = new Tracer({ endpoint: base, onDiagnostic: (m) => said.push(m) });
  t.startSpan('s').end();
  const report = await t.flush();
  const all = JSON.stringify({ said, report });
  assert.ok(said.length >= 1);
  assert.ok(!all.includes('hunter2'), all);
  assert.throws(() => new Tracer({ endpoint: 'ftp://bob:hunter2-hunter2@h/x' }), (e) => !e.message.includes('hunter2') && /got: ftp:\/\/h\/x/.test(e.message));
});

test('Node: wrapOpenAI on the tarball finds the current span of traced() (AsyncLocalStorage); logLLM near misses reach onDiagnostic once', async () => {
  const { wrapOpenAI, wrapAnthropic, wrapWorkersAI, otelContextManager } = presets;
  assert.equal(typeof wrapAnthropic, 'function');
  assert.equal(typeof wrapWorkersAI, 'function');
  assert.equal(typeof otelContextManager().active().getValue, 'function');
  const { default: OpenAI } = await import('openai');
  const completion = { id: 'c1', object: 'chat.completion', created: 1, model: 'm-1', choices: [{ index: 0, message: { role: 'assistant', content: 'hi', refusal: null }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } };
  const fetch = async () => new Response(JSON.stringify(completion), { headers: { 'content-type': 'application/json' } });
  const said = [];
  const t = new Tracer({ endpoint, onDiagnostic: (d) => said.push(d) });
  const openai = wrapOpenAI(new OpenAI({ apiKey: 'x', baseURL: 'http://127.0.0.1:9/v1', fetch, maxRetries: 0 }));
  let traceId;
  const got = await t.traced('request', async (root) => {
    traceId = root.traceId;
    root.logLLM({ usage: { prompt_tokens: 1, completion_tokens: 'two' }, params: { temperature: '0.7' } });
    root.logLLM({ usage: { completion_tokens: 'three' } });
    return openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hey' }] });
  });
  assert.deepEqual(got, completion);
  await t.flush();
  const spans = await spansOf(traceId, 2);
  const call = spans.find((s) => s.name === 'chat m');
  assert.equal(call.parentSpanId, spans.find((s) => s.name === 'request').spanId);
  assert.equal(call.attributes['gen_ai.usage.input_tokens'], 3);
  assert.equal(said.filter((d) => /logLLM usage/.test(d)).length, 1, 'said once per kind');
  assert.ok(said.some((d) => /params\.temperature ignored: it must be a finite number, got "0\.7"/.test(d)), said.join('\n'));
});

test('Node: a streamed answer the wrapper cannot observe ends its span at once and says why through onDiagnostic', async () => {
  const { wrapOpenAI } = presets;
  const said = [];
  const t = new Tracer({ endpoint, onDiagnostic: (d) => said.push(d) });
  // Not the SDK's Stream: an async iterable of its own (a different SDK version, say).
  class OtherStream {
    async *[Symbol.asyncIterator]() {
      yield { choices: [{ index: 0, delta: { content: 'hi' } }] };
    }
  }
  const client = { chat: { completions: { create: async () => new OtherStream() } } };
  const root = t.startTrace('request');
  const openai = wrapOpenAI(client, { parent: root });
  const got = [];
  for await (const c of await openai.chat.completions.create({ model: 'm', messages: [], stream: true })) got.push(c);
  assert.equal(got.length, 1, 'the caller still reads the stream');
  await openai.chat.completions.create({ model: 'm', messages: [], stream: true });
  const report = await root.finish();
  assert.equal(report.exported, 3, 'both call spans ended');
  const spans = await spansOf(root.traceId, 3);
  assert.equal(spans.filter((s) => s.name === 'chat m').length, 2);
  const about = said.filter((d) => /a streamed answer \(a OtherStream\) could not be observed/.test(d));
  assert.equal(about.length, 1, said.join('\n'));
});

test('sampling: ratio 0 leaves unsampled scopes out and counts them; keepErrors and keepSlowerThanMs keep whole traces; a sampled parent wins', async () => {
  assert.throws(() => new Tracer({ endpoint, sampling: { ratio: 2 } }), /`sampling.ratio` must be a number from 0 to 1/);
  assert.throws(() => new Tracer({ endpoint, sampling: { keepErrors: 'yes' } }), /`sampling.keepErrors` must be a boolean/);
  assert.throws(() => new Tracer({ endpoint, sampling: { ratioo: 1 } }), /unknown option `ratioo` in `sampling`; did you mean `ratio`\?/);
  const t = new Tracer({ endpoint, sampling: { ratio: 0, keepErrors: true, keepSlowerThanMs: 1000 } });
  const quiet = t.startTrace('quiet');
  assert.match(quiet.traceparent, /-00$/, 'the decision travels in outgoing traceparents');
  quiet.startSpan('child').end();
  const r1 = await quiet.finish();
  assert.equal(r1.sampledOut, 2);
  assert.equal(r1.exported, 0);
  const failing = t.startTrace('failing');
  failing.startSpan('bad').recordError(new Error('boom')).end();
  failing.startSpan('fine').end();
  const r2 = await failing.finish();
  assert.equal(r2.exported, 3, 'the whole error trace');
  const slow = t.startTrace('slow', { startTime: Date.now() - 5000 });
  const r3 = await slow.finish();
  assert.equal(r3.exported, 1);
  const kept = await spansOf(failing.traceId, 3);
  assert.equal(kept.find((s) => s.name === 'failing').attributes['edgespan.sampling.kept'], 'error');
  assert.equal((await spansOf(slow.traceId, 1))[0].attributes['edgespan.sampling.kept'], 'slow');
  const continued = t.startTrace('continued', { parent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
  assert.equal((await continued.finish()).exported, 1, 'parent-based: the caller sampled it');
  const honoured = new Tracer({ endpoint }).startTrace('honoured', { parent: '00-4bf92f3577b34da6a3ce929d0e0e4737-00f067aa0ba902b7-00' });
  assert.equal((await honoured.finish()).sampledOut, 1, 'an incoming 00 is honoured');
});

test('instrumentEntrypoint(Class, options) builds its tracer from those options', async () => {
  const { instrumentEntrypoint } = presets;
  class Api {
    constructor(ctx) {
      this.ctx = ctx;
    }
    async hello() {
      return this.ctx.span.traceId;
    }
  }
  const waits = [];
  const Traced = instrumentEntrypoint(Api, { endpoint, serviceName: 'from-options' });
  const traceId = await new Traced({ waitUntil: (p) => waits.push(p) }, {}).hello();
  await Promise.all(waits);
  const [s] = await spansOf(traceId, 1);
  assert.equal(s.name, 'hello');
  assert.equal(s.resource['service.name'], 'from-options');
});
