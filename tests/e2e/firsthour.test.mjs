// The first hour of a new user, in workerd on the packed tarball (tests/e2e/firsthour): a tracing
// mistake never changes what the app returns, each problem is said once on the console (read from
// wrangler's output), a client that disconnects mid-stream leaves the model span with what it
// had, and a 5 MB prompt is cut where the answer is kept, with no request over maxBatchBytes.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { connect } from 'node:net';
import { WebSocket } from 'undici';
import { root, installTarball, startCollector, startWorker, waitFor, freePort } from './harness.mjs';
import { startFakeLLM } from './fake-llm.mjs';

const dir = join(root, 'tests', 'e2e', 'firsthour');
let collector, fake;

before(async () => {
  installTarball(dir);
  collector = await startCollector();
  fake = await startFakeLLM({ firstChunkMs: 40 });
});
after(() => {
  collector?.stop();
  fake?.stop();
});

const ROUTES = ['/hello', '/explicit', '/do'];

// Status, the headers the app set and the body, for byte-for-byte comparison.
async function answer(url) {
  const r = await fetch(url);
  const body = Buffer.from(await r.arrayBuffer()).toString('base64');
  return { status: r.status, app: r.headers.get('x-app'), type: r.headers.get('content-type'), body };
}

async function withWorker(vars, fn) {
  const w = await startWorker(dir, { FAKE_LLM: fake.url, ...vars });
  try {
    return await fn(w);
  } finally {
    w.stop();
  }
}

const lines = (log, re) => log.split('\n').filter((l) => re.test(l));

describe('fail open: a configuration mistake leaves the app as it is and is said once', () => {
  let expected;
  before(async () => {
    expected = await withWorker({ MODE: 'plain' }, async (w) => {
      const out = {};
      for (const r of ROUTES) out[r] = await answer(w.url + r);
      return out;
    });
  });

  const MISTAKES = {
    'no endpoint': [{}, /no endpoint configured/],
    'bad protocol': [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'COLLECTOR', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, /unknown protocol .*: grpc/],
    'bad sampler': [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'COLLECTOR', OTEL_TRACES_SAMPLER: 'ratio' }, /unknown OTEL_TRACES_SAMPLER .*got: ratio/],
    'bad header syntax': [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'COLLECTOR', OTEL_EXPORTER_OTLP_HEADERS: 'authorization:Bearer sk-live-1' }, /invalid header: authorization \(no `=`/],
  };
  for (const [name, [vars, problem]] of Object.entries(MISTAKES)) {
    test(`${name}: instrument(), an instrumented Durable Object and an explicit fromEnv answer as uninstrumented`, async () => {
      await collector.reset();
      const env = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v === 'COLLECTOR' ? collector.url : v]));
      await withWorker(env, async (w) => {
        for (let i = 0; i < 3; i++) {
          for (const r of ROUTES) assert.deepEqual(await answer(w.url + r), expected[r], `${r}, request ${i}`);
        }
        const r = await fetch(`${w.url}/throws`);
        await r.arrayBuffer();
        assert.equal(r.status, 500, 'the app’s own error still reaches the runtime');
        const said = await waitFor(() => lines(w.log(), /edgespan: tracing is off/).length > 0 && lines(w.log(), /edgespan: tracing is off/), 5000);
        assert.ok(said, w.log());
        assert.equal(said.length, 1, `one line per isolate:\n${w.log()}`);
        assert.match(said[0], problem);
        assert.ok(!w.log().includes('sk-live-1'), 'no credential in the log');
      });
      assert.deepEqual(await collector.spans(), [], 'no span sent');
    });
  }
});

describe('loud once: export failures reach the console once, not once per request', () => {
  test('a wrong endpoint (404 on every POST): one line, with where collectors take traces', async () => {
    await withWorker({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/nope` }, async (w) => {
      for (let i = 0; i < 4; i++) assert.equal((await answer(w.url + '/hello')).status, 200);
      const said = await waitFor(() => lines(w.log(), /edgespan: export to/).length > 0 && lines(w.log(), /edgespan: export to/), 10_000);
      assert.ok(said, w.log());
      for (let i = 0; i < 3; i++) await answer(w.url + '/hello');
      await new Promise((r) => setTimeout(r, 1000));
      const all = lines(w.log(), /edgespan: export to/);
      assert.equal(all.length, 1, w.log());
      assert.match(all[0], /HTTP 404.*did you mean http:\/\/127\.0\.0\.1:\d+\/nope\/v1\/traces\?/);
    });
  });

  test('a dead collector: one line when the first flush that met it settles', async () => {
    const port = await freePort();
    await withWorker({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_TIMEOUT: '1500' }, async (w) => {
      for (let i = 0; i < 3; i++) assert.equal((await answer(w.url + '/hello')).status, 200);
      const said = await waitFor(() => lines(w.log(), /edgespan: export to/).length > 0, 15_000);
      assert.ok(said, w.log());
      for (let i = 0; i < 3; i++) await answer(w.url + '/hello');
      await new Promise((r) => setTimeout(r, 3000));
      const all = lines(w.log(), /edgespan: export to/);
      assert.equal(all.length, 1, w.log());
      assert.match(all[0], /pending/);
    });
  });

  test('a full URL in OTEL_EXPORTER_OTLP_ENDPOINT: the doubled path is named, with the URL meant', async () => {
    await withWorker({ OTEL_EXPORTER_OTLP_ENDPOINT: `${collector.url}/v1/traces` }, async (w) => {
      for (let i = 0; i < 3; i++) await answer(w.url + '/hello');
      const said = await waitFor(() => lines(w.log(), /twice/).length > 0 && lines(w.log(), /twice/), 5000);
      assert.ok(said, w.log());
      assert.equal(said.length, 1, w.log());
      assert.ok(said[0].includes(`did you mean ${collector.url}/v1/traces?`), said[0]);
    });
  });
});

describe('a working Worker', () => {
  let w;
  before(async () => {
    w = await startWorker(dir, { FAKE_LLM: fake.url, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
  });
  after(() => w?.stop());

  // Reads a little of a streamed answer, then goes away: the socket closed under the response, as
  // a browser tab that is closed (fetch's abort can leave the pooled connection reading on).
  async function disconnect(path) {
    const { port } = new URL(w.url);
    const sock = connect(Number(port), '127.0.0.1');
    let got = '';
    sock.on('data', (d) => (got += d));
    sock.on('error', () => {});
    sock.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await waitFor(() => /\r\n\r\n[\s\S]+/.test(got), 10_000, 10);
    await new Promise((res) => setTimeout(res, 100));
    sock.destroy();
    assert.match(got, /^HTTP\/1\.1 200/);
    return /x-trace-id: (\w+)/i.exec(got)[1];
  }

  async function spansOf(traceId, names) {
    let spans = [];
    await waitFor(async () => {
      spans = (await collector.spans()).filter((s) => s.traceId === traceId);
      return names.every((n) => spans.some((s) => s.name.startsWith(n)));
    }, 20_000);
    return spans;
  }

  test('a client that disconnects mid-stream (wrapOpenAI, toReadableStream): the chat span ends cancelled with what it had', async () => {
    const traceId = await disconnect('/stream');
    const spans = await spansOf(traceId, ['GET', 'chat slow']);
    const chat = spans.find((s) => s.name === 'chat slow');
    assert.ok(chat, JSON.stringify(spans.map((s) => s.name)));
    const a = chat.attributes;
    assert.equal(a['edgespan.stream.cancelled'], true, JSON.stringify(a));
    assert.notEqual(chat.status.code, 2, 'not a failure');
    assert.equal(a['edgespan.incomplete'], undefined);
    assert.equal(a['gen_ai.request.model'], 'slow');
    assert.equal(a['gen_ai.request.temperature'], 0.5);
    assert.match(a['gen_ai.input.messages'], /Count to forty\./);
    const out = JSON.parse(a['gen_ai.output.messages']);
    assert.match(out[0].parts[0].content, /^w0 /, 'the text read so far');
    assert.ok(a['edgespan.stream.chunks'] >= 1);
    assert.equal(typeof a['gen_ai.response.time_to_first_chunk'], 'number');
    const rootSpan = spans.find((s) => !s.parentSpanId);
    assert.equal(rootSpan.attributes['edgespan.response.cancelled'], true);
  });

  test('a client that disconnects mid-stream (wrapAnthropic, toReadableStream): the chat span ends cancelled with what it had', async () => {
    const traceId = await disconnect('/anthropic-stream');
    const spans = await spansOf(traceId, ['GET', 'chat slow']);
    const chat = spans.find((s) => s.name === 'chat slow');
    const a = chat.attributes;
    assert.equal(a['edgespan.stream.cancelled'], true, JSON.stringify(a));
    assert.notEqual(chat.status.code, 2, 'not a failure');
    assert.equal(a['gen_ai.provider.name'], 'anthropic');
    assert.equal(a['gen_ai.request.model'], 'slow');
    assert.match(a['gen_ai.input.messages'], /Count to forty\./);
    assert.match(JSON.parse(a['gen_ai.output.messages'])[0].parts[0].content, /^w0 /);
    assert.ok(a['edgespan.stream.chunks'] >= 1);
  });

  test('a client that disconnects from an AI SDK streamText route: its spans end cancelled, not incomplete', async () => {
    const traceId = await disconnect('/aisdk-stream');
    const spans = await spansOf(traceId, ['GET', 'invoke_agent', 'chat']);
    const sdk = spans.filter((s) => s.parentSpanId);
    assert.ok(sdk.length >= 2, JSON.stringify(spans.map((s) => s.name)));
    for (const s of sdk) {
      assert.equal(s.attributes['edgespan.incomplete'], undefined, `${s.name} is not incomplete`);
      assert.ok(s.attributes['edgespan.cancelled'] === true || s.attributes['edgespan.stream.cancelled'] === true || s.status.code !== 2, `${s.name}: ${JSON.stringify(s.attributes)}`);
    }
    assert.ok(sdk.some((s) => s.attributes['edgespan.cancelled'] === true), JSON.stringify(sdk.map((s) => [s.name, s.attributes])));
  });

  test('traceWebSocketClose: a close that made no span is sent when the object asks for it', async () => {
    await collector.reset();
    const ws = new WebSocket(w.url.replace('http', 'ws') + '/ws');
    await new Promise((resolve, reject) => {
      ws.onopen = () => ws.send('one');
      ws.onmessage = () => ws.close(1000, 'done');
      ws.onclose = resolve;
      ws.onerror = reject;
      setTimeout(() => reject(new Error('no WebSocket reply in 20 s')), 20_000).unref();
    });
    const close = await waitFor(async () => (await collector.spans()).find((s) => s.name === 'webSocketClose'), 20_000);
    assert.ok(close, 'the close arrived as a trace of its own');
    assert.equal(close.attributes['websocket.close.code'], 1000);
  });

  test('a 5 MB prompt: the answer intact, the prompt cut, every request body within maxBatchBytes', async () => {
    const before = (await collector.requests()).length;
    const r = await fetch(w.url + '/big');
    const { answer: text, traceId } = await r.json();
    assert.equal(text, 'It is 21°C in Paris.');
    const spans = await spansOf(traceId, ['GET', 'chat gpt-4o-mini']);
    const chat = spans.find((s) => s.name === 'chat gpt-4o-mini');
    const a = chat.attributes;
    assert.equal(a['output.value'], 'It is 21°C in Paris.');
    assert.match(a['gen_ai.input.messages'], /…\[truncated\]$/);
    assert.ok(a['gen_ai.input.messages'].length > 100_000, 'cut only as much as needed');
    assert.ok(a['edgespan.truncated'].includes('input.messages'), JSON.stringify(a['edgespan.truncated']));
    assert.ok(!a['edgespan.truncated'].includes('output'));
    const requests = (await collector.requests()).slice(before);
    assert.ok(requests.length >= 1);
    for (const q of requests) assert.ok(q.bytes <= 1024 * 1024, `a request of ${q.bytes} bytes`);
  });
});
