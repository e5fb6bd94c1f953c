// The OpenTelemetry bridge (js/integrations/otel.js) against a recording stand-in for edgespan spans: the
// three startActiveSpan overloads, parents from a Context, from running callbacks and from the
// tracer's own span, and the Span methods' mapping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { otelTracer } from '../../js/integrations/otel.js';

function recorder() {
  const started = [];
  let n = 0;
  const start = (name, options) => {
    const calls = [];
    const span = {
      name, options, calls, ended: false, traceId: 'a'.repeat(32), spanId: String(++n).padStart(16, '0'), traceparent: `00-${'a'.repeat(32)}-${String(n).padStart(16, '0')}-01`,
      setAttribute: (...a) => calls.push(['setAttribute', ...a]),
      setAttributes: (...a) => calls.push(['setAttributes', ...a]),
      addEvent: (...a) => calls.push(['addEvent', ...a]),
      setStatus: (...a) => calls.push(['setStatus', ...a]),
      updateName: (...a) => calls.push(['updateName', ...a]),
      recordError: (...a) => calls.push(['recordError', ...a]),
      setType: (...a) => calls.push(['setType', ...a]),
      setTraceAttributes: (...a) => calls.push(['setTraceAttributes', ...a]),
      addLink: (...a) => calls.push(['addLink', ...a]),
      end(t) {
        calls.push(['end', t]);
        span.ended = true;
      },
    };
    started.push(span);
    return span;
  };
  return { start, started };
}

const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');
const ctxWith = (span) => ({ getValue: (k) => (k === SPAN_KEY ? span : undefined) });

test('startActiveSpan: three overloads; nested spans get the running callback as parent', async () => {
  const { start, started } = recorder();
  const base = { base: true };
  const t = otelTracer(start, base);
  const out = await t.startActiveSpan('outer', async (outer) => {
    await Promise.resolve();
    const inner = t.startActiveSpan('inner', { kind: 2, attributes: { a: 1 } }, (s) => s);
    inner.end();
    const third = t.startActiveSpan('third', {}, undefined, (s) => s);
    third.end();
    outer.end();
    return 'done';
  });
  assert.equal(out, 'done');
  const [outer, inner, third] = started;
  assert.equal(outer.options.parent, base);
  assert.equal(inner.options.parent, outer);
  assert.equal(inner.options.kind, 'client');
  assert.deepEqual(inner.options.attributes, { a: 1 });
  assert.equal(third.options.parent, outer);
  // After the outer callback, a new span's parent is the tracer's span again.
  t.startSpan('after').end();
  assert.equal(started[3].options.parent, base);
});

test('a parent in the Context wins; root starts a new trace; a foreign span continues as traceparent', () => {
  const { start, started } = recorder();
  const t = otelTracer(start, null);
  const p = t.startSpan('p');
  t.startSpan('child', {}, ctxWith(p));
  assert.equal(started[1].options.parent, started[0]);
  t.startSpan('root', { root: true }, ctxWith(p));
  assert.equal(started[2].options.parent, undefined);
  const foreign = { spanContext: () => ({ traceId: 'b'.repeat(32), spanId: 'c'.repeat(16), traceFlags: 0 }) };
  t.startSpan('remote', {}, ctxWith(foreign));
  assert.equal(started[3].options.parent, `00-${'b'.repeat(32)}-${'c'.repeat(16)}-00`);
});

test('Span methods: status codes, times, exceptions, first-chunk event, links, types', () => {
  const { start, started } = recorder();
  const t = otelTracer(start, null);
  const s = t.startSpan('ai.streamText.doStream', { startTime: [1700000000, 500000000] });
  assert.equal(started[0].options.startTime, 1700000000500);
  assert.equal(started[0].options.type, 'llm');
  assert.equal(s.spanContext().traceFlags, 1);
  assert.equal(s.isRecording(), true);
  s.setStatus({ code: 2, message: 'bad' }).setStatus({ code: 9 });
  s.addEvent('ai.stream.firstChunk', { 'ai.response.msToFirstChunk': 250 });
  s.addLink({ context: { traceId: 'd'.repeat(32), spanId: 'e'.repeat(16) }, attributes: { why: 'x' } });
  s.setAttribute('gen_ai.operation.name', 'execute_tool');
  s.recordException(new Error('x'));
  s.end(new Date(1700000001000));
  const calls = started[0].calls;
  assert.deepEqual(calls.find((c) => c[0] === 'setStatus'), ['setStatus', 'error', 'bad']);
  assert.equal(calls.filter((c) => c[0] === 'setStatus').length, 1, 'an unknown code is ignored');
  assert.deepEqual(calls.find((c) => c[1] === 'gen_ai.response.time_to_first_chunk'), ['setAttribute', 'gen_ai.response.time_to_first_chunk', 0.25]);
  assert.deepEqual(calls.find((c) => c[0] === 'addLink'), ['addLink', { traceId: 'd'.repeat(32), spanId: 'e'.repeat(16) }, { why: 'x' }], 'a real link, not an event');
  assert.deepEqual(calls.find((c) => c[0] === 'setType'), ['setType', 'tool']);
  assert.deepEqual(calls.at(-1), ['end', 1700000001000]);
  assert.equal(s.isRecording(), false);
});

test('a span ended elsewhere (by a scope finishing) is no longer a parent', async () => {
  const { start, started } = recorder();
  const base = { base: true };
  const t = otelTracer(start, base);
  let release;
  const pending = t.startActiveSpan('left.open', () => new Promise((r) => (release = r)));
  started[0].ended = true; // ended as incomplete by its scope, not through the bridge
  t.startSpan('next');
  assert.equal(started[1].options.parent, base);
  release();
  await pending;
});

test('the AI SDK\'s session, user and tags become trace attributes: 6.x telemetry metadata, 7.x runtime context', () => {
  const { start, started } = recorder();
  const t = otelTracer(start, undefined);
  const six = t.startSpan('ai.generateText', { attributes: { 'ai.telemetry.metadata.sessionId': 'conv-1', 'ai.telemetry.metadata.userId': 'u-1', 'ai.telemetry.metadata.tags': ['beta', 'chat'], 'ai.telemetry.metadata.other': 'x' } });
  six.end();
  const seven = t.startSpan('invoke_agent m');
  seven.setAttributes({ 'ai.settings.context.sessionId': 'conv-2', 'ai.settings.context.userId': 42 });
  seven.setAttribute('unrelated', 1);
  seven.end();
  const traceCalls = (s) => s.calls.filter((c) => c[0] === 'setTraceAttributes').map((c) => c[1]);
  assert.deepEqual(traceCalls(started[0]), [{ sessionId: 'conv-1', userId: 'u-1', tags: ['beta', 'chat'] }]);
  assert.deepEqual(traceCalls(started[1]), [{ sessionId: 'conv-2', userId: '42' }]);
});
