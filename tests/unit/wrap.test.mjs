// The wrappers' shared plumbing (js/integrations/call.js) with fake spans and clients: options checked at wrap
// time, parents, the method-replacing Proxy, APIPromise and stream observation, provider errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, callSpans, replaceMethods, observeCall, observeIterator, recordFailure, endStream, pick } from '../../js/integrations/call.js';
import { TextSink } from '../../js/text.js';
import { withSpan } from '../../js/context.js';
import { wrapOpenAI } from '../../js/integrations/openai.js';
import { APIPromise } from 'openai/api-promise';
import { Stream } from 'openai/streaming';

function fakeSpan(name = 'root') {
  const s = { name, attrs: {}, errors: [], ended: false, children: [] };
  s.startSpan = (n, o) => {
    const c = fakeSpan(n);
    c.options = o;
    s.children.push(c);
    return c;
  };
  s.setAttributes = (a) => Object.assign(s.attrs, a);
  s.setAttribute = (k, v) => (s.attrs[k] = v);
  s.recordError = (e) => s.errors.push(e);
  s.end = () => (s.ended = true);
  s.logLLM = (f) => (s.llm = f);
  return s;
}

test('options: a clear error at wrap time for what cannot work', () => {
  assert.throws(() => callSpans('wrapOpenAI', 5), /takes an options object/);
  assert.throws(() => callSpans('wrapOpenAI', { parnet: 1 }), /unknown wrapOpenAI\(\) option `parnet`/);
  assert.throws(() => callSpans('wrapOpenAI', { parent: 42 }), /option `parent` is a span, a traceparent string or a function/);
  assert.throws(() => callSpans('wrapOpenAI', { parent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }), /needs `tracer`/);
  assert.throws(() => callSpans('wrapOpenAI', { tracer: {} }), /must be an edgespan Tracer/);
});

test('parents: the option, a function asked per call, the current span, a root on the tracer', () => {
  const root = fakeSpan();
  assert.equal(callSpans('w', { parent: root })('chat m', 'llm'), root.children[0]);
  assert.deepEqual(root.children[0].options, { kind: 'client', type: 'llm' });
  let which = root;
  const fromFn = callSpans('w', { parent: () => which });
  which = fakeSpan('other');
  assert.equal(fromFn('x').name, 'x');
  assert.equal(which.children.length, 1, 'asked at the call, not at wrap time');
  const current = fakeSpan('current');
  withSpan(current, () => callSpans('w')('inside'));
  assert.equal(current.children[0].name, 'inside');
  const started = [];
  const tracer = { startSpan: (n, o) => (started.push([n, o]), fakeSpan(n)) };
  callSpans('w', { tracer, parent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })('t');
  assert.equal(started[0][1].parent, '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  callSpans('w', { tracer })('rooted');
  assert.equal(started[1][1].parent, undefined);
  assert.equal(callSpans('w')('nothing current'), null, 'untraced, not thrown');
});

test('replaceMethods: replaced methods, nested resources, everything else bound to the target', () => {
  class Client {
    #secret = 7;
    chat = { completions: { create: (b) => ['created', b], other: () => 'other' } };
    secret() {
      return this.#secret;
    }
  }
  const c = new Client();
  const w = replaceMethods(c, {}, { chat: [{}, { completions: [{ create: (orig) => (b) => ['wrapped', orig(b)] }] }] });
  assert.deepEqual(w.chat.completions.create(1), ['wrapped', ['created', 1]]);
  assert.equal(w.chat.completions.other(), 'other');
  assert.equal(w.secret(), 7, 'private fields still work');
  assert.equal(w.chat, w.chat, 'stable identity');
});

test('observeCall: an APIPromise stays one; failures reach onError once, unchanged for the caller', async () => {
  const seen = [];
  const api = {
    responsePromise: Promise.resolve({ status: 200 }),
    _thenUnwrap(t) {
      return { unwrapped: true, then: (ok) => Promise.resolve(t({ v: 1 })).then(ok) };
    },
  };
  const out = observeCall(api, (v) => (seen.push(v), v), () => seen.push('error'));
  assert.equal(out.unwrapped, true);
  assert.deepEqual(await out, { v: 1 });
  const boom = new Error('429');
  const failing = { responsePromise: Promise.reject(boom), _thenUnwrap: () => ({}) };
  observeCall(failing, () => {}, (e) => seen.push(e));
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(seen.at(-1), boom);
  await assert.rejects(observeCall(Promise.reject(boom), () => {}, () => {}), (e) => e === boom);
  assert.equal(observeCall(5, () => {}, () => {}), 5, 'a plain value is handed on');
});

// The Stainless layout: the answer is parsed once, through `parseResponse`, when first awaited.
class FakeAPIPromise extends Promise {
  static get [Symbol.species]() {
    return Promise;
  }
  constructor(responsePromise, parseResponse) {
    super((resolve) => resolve(null));
    this.responsePromise = responsePromise;
    this.parseResponse = parseResponse;
  }
  parse() {
    this.parsedPromise ??= this.responsePromise.then((props) => this.parseResponse('client', props));
    return this.parsedPromise;
  }
  then(ok, bad) {
    return this.parse().then(ok, bad);
  }
}

test('observeCall: the SDK\'s own APIPromise comes back, observed where it parses, once', async () => {
  const seen = [];
  let parses = 0;
  const api = new FakeAPIPromise(Promise.resolve({ body: 1 }), async (_client, props) => (parses++, { v: props.body }));
  const out = observeCall(api, (v) => void seen.push(['value', v]), (e) => seen.push(['error', e]));
  assert.equal(out, api, 'the same object, so withResponse() and asResponse() stay');
  assert.deepEqual(await out, { v: 1 });
  assert.deepEqual(await out, { v: 1 });
  assert.equal(parses, 1);
  assert.deepEqual(seen, [['value', { v: 1 }]]);

  // A failed parse (a body that is not JSON) reaches onError and the caller, unchanged.
  const bad = new Error('not JSON');
  const failing = new FakeAPIPromise(Promise.resolve({}), async () => {
    throw bad;
  });
  await assert.rejects(observeCall(failing, () => void seen.push('value?'), (e) => seen.push(['error', e])), (e) => e === bad);
  assert.deepEqual(seen.at(-1), ['error', bad]);

  // An APIPromise whose parseResponse cannot be replaced: its derived promise is observed
  // instead, and nothing throws into the caller.
  const frozen = new FakeAPIPromise(Promise.resolve({ body: 3 }), async (_c, props) => ({ v: props.body }));
  frozen._thenUnwrap = (t) => frozen.parse().then(t);
  Object.defineProperty(frozen, 'parseResponse', { writable: false });
  assert.deepEqual(await observeCall(frozen, (v) => void seen.push(['frozen', v]), () => {}), { v: 3 });
  assert.deepEqual(seen.at(-1), ['frozen', { v: 3 }]);

  // A promise with a responsePromise but no way in: observed through its then, its failure
  // recorded once (not also by the side branch).
  const errors = [];
  const nope = new Error('503');
  const bare = { responsePromise: Promise.reject(nope), then: (ok, bad) => bare.responsePromise.then(ok, bad) };
  await assert.rejects(observeCall(bare, () => {}, (e) => errors.push(e)), (e) => e === nope);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(errors, [nope]);

  // Already parsed (someone awaited it first): the derived promise, still observed.
  const early = new FakeAPIPromise(Promise.resolve({ body: 2 }), async (_c, props) => ({ v: props.body }));
  await early;
  early._thenUnwrap = (t) => early.parse().then(t);
  assert.deepEqual(await observeCall(early, (v) => void seen.push(['late', v]), () => {}), { v: 2 });
  assert.deepEqual(seen.at(-1), ['late', { v: 2 }]);
});

async function* events(list, failAt = -1) {
  for (let i = 0; i < list.length; i++) {
    if (i === failAt) throw new Error('mid-stream');
    yield list[i];
  }
}

test('observeIterator: every event seen, some kept from the caller or replaced, each ending said once', async () => {
  const ends = [];
  const stream = { iterator: () => events([1, 2, 3, 4, 5]), controller: new AbortController() };
  stream[Symbol.asyncIterator] = () => stream.iterator();
  const seen = [];
  const handOn = { 1: 1, 2: 20, 3: SKIP, 4: undefined };
  observeIterator(stream, {
    event(e) {
      seen.push(e);
      if (e === 5) throw new Error('observer bug');
      return handOn[e];
    },
    end: (how) => ends.push(how),
  });
  const got = [];
  for await (const e of stream) got.push(e);
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  assert.deepEqual(got, [1, 20, 4, 5], 'kept, replaced, skipped, kept (undefined), kept (the observer threw)');
  assert.deepEqual(ends, ['done']);

  const s2 = { iterator: () => events([1, 2, 3]) };
  s2[Symbol.asyncIterator] = () => s2.iterator();
  observeIterator(s2, { event: (e) => e, end: (how) => ends.push(how) });
  for await (const e of s2) if (e === 1) break;
  assert.equal(ends.at(-1), 'cancel');

  const s3 = { iterator: () => events([1, 2, 3], 1) };
  s3[Symbol.asyncIterator] = () => s3.iterator();
  let err;
  observeIterator(s3, { event: (e) => e, end: (how, e) => ((err = e), ends.push(how)) });
  await assert.rejects(async () => {
    for await (const _ of s3);
  }, /mid-stream/);
  assert.equal(ends.at(-1), 'error');
  assert.match(err.message, /mid-stream/);
  assert.equal(observeIterator({}, { event() {}, end() {} }), false, 'not a Stainless stream');
  const ice = Object.freeze({ iterator: () => events([1]) });
  assert.equal(observeIterator(ice, { event() {}, end() {} }), false, 'a frozen stream is not observed, and nothing throws');
});

test('recordFailure and endStream: ERROR, error.type, the HTTP status, timing', () => {
  class RateLimitError extends Error {
    status = 429;
  }
  const s = fakeSpan();
  recordFailure(s, new RateLimitError('slow down'));
  assert.equal(s.attrs['error.type'], 'RateLimitError');
  assert.equal(s.attrs['http.response.status_code'], 429);
  const plain = fakeSpan();
  recordFailure(plain, { status: 503 });
  assert.equal(plain.attrs['error.type'], '503');
  const t = fakeSpan();
  endStream(t, { t0: 1000, first: 1250, chunks: 4 }, 'cancel');
  assert.deepEqual(t.attrs, { 'edgespan.stream.chunks': 4, 'gen_ai.response.time_to_first_chunk': 0.25, 'edgespan.stream.cancelled': true });
  assert.ok(t.ended);
});

test('TextSink is bounded and marks what it cut; pick keeps set keys', () => {
  const sink = new TextSink(10);
  for (let i = 0; i < 5; i++) sink.add('abcd');
  assert.match(sink.text(), /…\[truncated\]$/);
  assert.deepEqual(pick({ a: 1, b: null, c: undefined, d: 0 }, ['a', 'b', 'c', 'd', 'e']), { a: 1, d: 0 });
});

test('wrapOpenAI chat stream: usage asked for, the caller reads what the unwrapped client gives, a class chunk keeps its prototype', async () => {
  class Chunk {
    constructor(o) {
      Object.assign(this, o);
    }
    text() {
      return this.choices[0]?.delta?.content ?? '';
    }
  }
  const answer = (usage, asClass) => {
    const mk = (o) => (asClass ? new Chunk(o) : o);
    const chunk = (delta, finish = null) => mk({ id: 'c1', model: 'm-1', choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage: null } : {}) });
    const list = [chunk({ role: 'assistant', content: 'Hel' }), chunk({ content: 'lo' }), chunk({}, 'stop')];
    if (usage) list.push(mk({ id: 'c1', model: 'm-1', choices: [], usage: { prompt_tokens: 3, completion_tokens: 2 } }));
    return list;
  };
  const sent = [];
  const client = (asClass) => ({
    chat: {
      completions: {
        create(body) {
          sent.push(body);
          const usage = body.stream_options?.include_usage === true;
          return new APIPromise(null, Promise.resolve({}), () => new Stream(async function* () {
            yield* answer(usage, asClass);
          }, new AbortController(), null));
        },
      },
    },
  });
  for (const asClass of [false, true]) {
    const root = fakeSpan();
    const got = [];
    for await (const c of await wrapOpenAI(client(asClass), { parent: root }).chat.completions.create({ model: 'm', messages: [], stream: true })) got.push(c);
    const raw = [];
    for await (const c of await client(asClass).chat.completions.create({ model: 'm', messages: [], stream: true })) raw.push(c);
    assert.deepEqual(got, raw, 'the chunks the caller reads are the unwrapped client’s');
    assert.ok(got.every((c) => !('usage' in c)));
    if (asClass) assert.deepEqual(got.map((c) => c.text()), ['Hel', 'lo', ''], 'a class chunk keeps its methods');
    assert.deepEqual(sent.at(-2).stream_options, { include_usage: true }, 'the wrapper asked for usage');
    const span = root.children[0];
    assert.ok(span.ended);
    assert.deepEqual(span.llm.usage, { prompt_tokens: 3, completion_tokens: 2 });
    assert.deepEqual(span.llm.outputMessages, [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }], finish_reason: 'stop' }]);
    assert.equal(span.attrs['edgespan.stream.chunks'], 4);
  }
});
