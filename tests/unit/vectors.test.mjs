// Fast unit tests of the pure JS modules, imported straight from js/ (no build, no wasm): the
// shared vectors under tests/vectors/ (the native tests run the same files against the Rust
// core), and the pure helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { retryAfterMs, partialSuccess } from '../../js/rules/answer.js';
import { parseTraceparent, childFlags } from '../../js/rules/traceparent.js';
import { LLM_FIELDS, DOUBLE_PARAMS, INT_PARAMS, DEFAULT_OPERATION } from '../../js/rules/llm-fields.js';
import { llmAttributes, toMessage } from '../../js/llm.js';
import { mergeReports, emptyReport } from '../../js/rules/report.js';
import { cut, safeJson, errorParts, MARKER } from '../../js/text.js';

const load = (n) => JSON.parse(readFileSync(new URL(`../vectors/${n}.json`, import.meta.url), 'utf8'));
const hex = (s) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
const h8 = (w) => (w >>> 0).toString(16).padStart(8, '0');

test('Retry-After vectors', () => {
  for (const c of load('answers').retryAfter) {
    const ms = retryAfterMs(c.value, c.nowMs);
    assert.equal(ms < 0 ? null : ms, c.ms, JSON.stringify(c));
  }
  assert.equal(retryAfterMs(null), -1);
});

test('partialSuccess vectors, JSON and protobuf', () => {
  for (const c of load('answers').partialSuccess) {
    const body = c.text !== undefined ? new TextEncoder().encode(c.text) : hex(c.hex);
    assert.deepEqual(partialSuccess(body, c.contentType), [c.rejected, c.message], JSON.stringify(c));
  }
});

test('traceparent vectors: parsing and flag inheritance', () => {
  const v = load('traceparent');
  for (const c of v.parse) {
    const tp = parseTraceparent(c.value);
    if (c.valid === false) {
      assert.equal(tp, null, c.value);
      continue;
    }
    assert.equal(tp.t.map(h8).join(''), c.traceId);
    assert.equal(tp.p.map(h8).join(''), c.parentId);
    assert.equal(tp.flags.toString(16).padStart(2, '0'), c.flags);
  }
  for (const c of v.inherit) {
    const tp = c.parent === null ? null : parseTraceparent(c.parent);
    assert.equal(childFlags(tp?.flags).toString(16).padStart(2, '0'), c.flags, JSON.stringify(c));
  }
});

test('logLLM field table vectors', () => {
  const v = load('llm');
  assert.deepEqual(LLM_FIELDS, v.fields);
  assert.deepEqual(DOUBLE_PARAMS, v.doubleParams);
  assert.deepEqual(INT_PARAMS, v.intParams);
  assert.equal(DEFAULT_OPERATION, v.defaultOperation);
});

test('llmAttributes: every field with its key and type; near misses left out', () => {
  const { attributes, name, problems } = llmAttributes({
    provider: 'openai', model: 'gpt-4o-mini',
    inputMessages: [{ role: 'user', content: 'hi' }],
    usage: { inputTokens: 5.9, outputTokens: 2, cachedTokens: Infinity },
    params: { temperature: 1, maxTokens: 64.5, user: 'u1', topP: '0.5' },
    finishReasons: ['stop'],
  });
  const by = Object.fromEntries(attributes.map(([k, t, val]) => [k, [t, val]]));
  assert.deepEqual(by['operation.name'], ['string', 'chat']);
  assert.deepEqual(by['usage.input_tokens'], ['int', 5]);
  assert.equal(by['usage.cache_read.input_tokens'], undefined);
  assert.deepEqual(by['request.temperature'], ['double', 1]);
  assert.deepEqual(by['request.max_tokens'], ['int', 64]);
  assert.equal(by['request.top_p'], undefined);
  assert.deepEqual(by['request.user'], ['value', 'u1']);
  assert.deepEqual(by['response.finish_reasons'], ['strings', ['stop']]);
  assert.deepEqual(JSON.parse(by['input.messages'][1]), [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]);
  assert.equal(name, 'chat gpt-4o-mini');
  assert.deepEqual(toMessage({ role: 'user', parts: [] }), { role: 'user', parts: [] });
  assert.deepEqual(problems.map(([k]) => k), ['llm.usage', 'llm.params.topP'], 'near misses are reported');
});

test('mergeReports sums per-exporter counts and names each exporter', () => {
  const a = { ...emptyReport(), exported: 2, bytes: 10, dropped: 1, errors: ['x'] };
  const b = { ...emptyReport(), failed: 2, bytes: 5, dropped: 1 };
  const m = mergeReports([a, b], ['otlp A', 'logs3 B']);
  assert.equal(m.exported, 2);
  assert.equal(m.failed, 2);
  assert.equal(m.bytes, 15);
  assert.equal(m.dropped, 1, 'tracer-wide counts come from the first');
  assert.deepEqual(m.errors, ['otlp A: x']);
  assert.deepEqual(m.exporters.map((e) => e.name), ['otlp A', 'logs3 B']);
  assert.equal(mergeReports([a], ['only']), a);
});

test('text helpers: cut keeps surrogate pairs whole; safeJson survives cycles and BigInt', () => {
  const s = 'a'.repeat(9) + '😀';
  assert.equal(cut(s, 10), 'a'.repeat(9) + MARKER);
  const o = { n: 1n };
  o.self = o;
  assert.equal(safeJson(o), '{"n":"1","self":"[Circular]"}');
  assert.deepEqual(errorParts('boom'), ['string', 'boom', '']);
});

test('redaction vectors', async () => {
  const { secretsOf, redact, withoutCredentials } = await import('../../js/rules/redact.js');
  const v = load('redact');
  const exporters = [
    { endpoint: v.urls[0], headers: v.headers.map((h) => ['x', h]) },
    ...v.urls.slice(1).map((endpoint) => ({ endpoint, headers: [] })),
  ];
  const secrets = secretsOf(exporters);
  for (const c of v.cases) assert.equal(redact(c.text, secrets), c.redacted, c.text);
  for (const [url, want] of v.withoutCredentials) assert.equal(withoutCredentials(url), want);
});

test('span type names vectors', async () => {
  const { SPAN_TYPES } = await import('../../js/rules/span-types.js');
  assert.deepEqual(SPAN_TYPES, load('span_types').order);
});

test('the answer: the text parts of the output messages, in OpenAI or GenAI form', async () => {
  const { llmAttributes } = await import('../../js/llm.js');
  const answerOf = (outputMessages) => llmAttributes({ outputMessages }).answer;
  assert.equal(answerOf([{ role: 'assistant', content: '4', finish_reason: 'stop' }]), '4');
  assert.equal(answerOf([{ role: 'assistant', parts: [{ type: 'text', content: 'a' }, { type: 'tool_call', name: 'f' }, { type: 'text', content: 'b' }] }]), 'a\nb');
  assert.equal(answerOf([{ role: 'assistant', content: null }]), undefined);
  assert.equal(answerOf('plain'), 'plain', 'a string is one turn');
  assert.equal(answerOf(42), undefined);
});

test('sampling vectors: the head decision and the flags of a new span', async () => {
  const { headSampled, sampledFlags } = await import('../../js/rules/sampling.js');
  const v = load('sampling');
  const words = (h) => [0, 8, 16, 24].map((i) => parseInt(h.slice(i, i + 8), 16));
  for (const [id, ratio, want] of v.headSampled) assert.equal(headSampled(words(id), ratio), want, `${id} ${ratio}`);
  for (const [parent, remote, parentBased, ratio, id, want] of v.flags) {
    assert.equal(sampledFlags({ ratio, parentBased }, words(id), parent ?? undefined, remote), want, JSON.stringify([parent, remote, parentBased, ratio]));
  }
});
