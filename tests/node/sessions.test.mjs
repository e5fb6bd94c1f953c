// Sessions and users on the packed tarball in Node, against the loopback collector standing in for
// Langfuse's OTLP endpoint: the langfuse() preset sends Langfuse's ingestion version header, and
// a session set halfway through a request scope reaches every span of the trace, in Langfuse's
// spelling and the generic ones; spans flushed before it was set are not sent again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, installTarball, startCollector } from '../e2e/harness.mjs';

const dir = join(root, 'tests', 'node');
let edgespan, collector;

before(async () => {
  installTarball(dir);
  edgespan = await import(join(dir, 'node_modules', 'edgespan', 'node.js'));
  collector = await startCollector();
});
after(() => collector?.stop());

test('Langfuse: the ingestion version header, and the session, user, tags and metadata on every span of the trace', async () => {
  await collector.reset();
  const { Tracer, langfuse } = edgespan;
  const tracer = new Tracer(langfuse({ publicKey: 'pk-lf', secretKey: 'sk-lf', baseUrl: collector.url }));
  const root = tracer.startTrace('chat turn', { kind: 'server' });
  const early = root.startSpan('retrieve');
  early.end();
  const open = root.startSpan('llm');
  root.setTraceAttributes({ sessionId: 'conv-42', userId: 'user-7', tags: ['beta'], metadata: { plan: 'pro' } });
  open.end();
  root.startSpan('tool').end();
  const report = await root.finish();
  assert.equal(report.exported, 4, JSON.stringify(report));
  const requests = await collector.requests();
  assert.ok(requests.length >= 1);
  for (const r of requests) {
    assert.equal(r.path, '/api/public/otel/v1/traces');
    assert.equal(r.headers['x-langfuse-ingestion-version'], '4');
    assert.match(r.headers.authorization, /^Basic /);
  }
  const spans = await collector.spans();
  assert.equal(spans.length, 4);
  for (const s of spans) {
    const a = s.attributes;
    assert.equal(a['langfuse.session.id'], 'conv-42', s.name);
    assert.equal(a['langfuse.user.id'], 'user-7', s.name);
    assert.deepEqual(a['langfuse.trace.tags'], ['beta'], s.name);
    assert.equal(a['langfuse.trace.metadata.plan'], 'pro', s.name);
    assert.equal(a['session.id'], 'conv-42');
    assert.equal(a['user.id'], 'user-7');
  }
});

test('a span delivered by an earlier flush is not sent again; spans recorded after keep getting the session', async () => {
  await collector.reset();
  const { Tracer } = edgespan;
  const tracer = new Tracer({ endpoint: `${collector.url}/v1/traces` });
  const root = tracer.startSpan('long job');
  root.startSpan('first').end();
  assert.equal((await tracer.flush()).exported, 1);
  root.setTraceAttributes({ sessionId: 's-late' });
  root.startSpan('second').end();
  root.end();
  assert.equal((await tracer.flush()).exported, 2);
  const spans = await collector.spans();
  assert.deepEqual(spans.map((s) => [s.name, s.attributes['session.id'] ?? null]).sort(), [['first', null], ['long job', 's-late'], ['second', 's-late']]);
});

test('setTraceAttributes takes only its four fields, each of its type; a mistake is said once and changes nothing else', async () => {
  const { Tracer } = edgespan;
  const said = [];
  const tracer = new Tracer({ endpoint: `${collector.url}/v1/traces`, onDiagnostic: (m) => said.push(m) });
  const s = tracer.startSpan('x');
  for (const bad of [null, 'conv', { sessionId: {} }, { tags: 'beta' }, { metadata: [1] }, { session_id: 'x' }]) {
    assert.equal(s.setTraceAttributes(bad), s, 'returns the span, never throws');
  }
  s.end();
  assert.ok(said.some((m) => /setTraceAttributes\(null\) ignored/.test(m)));
  assert.ok(said.some((m) => /session_id.*not a trace attribute.*sessionId/.test(m)), said.join('\n'));
  assert.ok(said.some((m) => /tags are an array of strings/.test(m)));
});

test('span links: addLink to a span, a traceparent and an OpenTelemetry SpanContext, and the bridge\'s links, arrive as OTLP links in protobuf and JSON', async () => {
  const { Tracer } = edgespan;
  for (const protocol of ['protobuf', 'json']) {
    await collector.reset();
    const tracer = new Tracer({ endpoint: `${collector.url}/v1/traces`, protocol });
    const request = tracer.startSpan('request');
    request.end();
    const job = tracer.startSpan('job');
    job.addLink(request, { 'link.kind': 'scheduled_by' });
    job.addLink(`00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`);
    const otel = tracer.otelTracer();
    const bridged = otel.startSpan('bridged', { links: [{ context: { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), traceFlags: 1 }, attributes: { n: 1 } }] });
    bridged.addLink({ context: { traceId: 'e'.repeat(32), spanId: 'f'.repeat(16), traceFlags: 1, traceState: 'k=v' } });
    bridged.end();
    job.end();
    await tracer.flush();
    const spans = await collector.spans();
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    assert.deepEqual(byName.job.links, [
      { traceId: request.traceId, spanId: request.spanId, traceState: '', attributes: { 'link.kind': 'scheduled_by' } },
      { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceState: '', attributes: {} },
    ], protocol);
    assert.deepEqual(byName.bridged.links.map((l) => [l.traceId, l.traceState, l.attributes]), [['c'.repeat(32), '', { n: 1 }], ['e'.repeat(32), 'k=v', {}]]);
    assert.ok(!byName.bridged.events.some((e) => e.name === 'link'), 'no link events any more');
  }
});
