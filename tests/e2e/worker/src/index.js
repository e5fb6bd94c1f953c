// Scenario routes for the end-to-end tests. Each answers with what the test needs to check the
// collector's view: the ids of the spans it created, or a FlushReport.
import { Tracer, braintrust, braintrustLogs, langfuse, laminar, phoenix, wrapVectorize } from 'edgespan';

let tracer;
// Tracers with other options, one per distinct `cfg` query value (still one per isolate each).
const tracers = new Map();
const diagnostics = [];
const openRuns = new Map();

function configured(url, env) {
  const key = url.searchParams.get('cfg') ?? '{}';
  let t = tracers.get(key);
  if (!t) {
    const o = JSON.parse(key);
    t = new Tracer({ endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, ...o, onDiagnostic: (m) => diagnostics.push(m) });
    tracers.set(key, t);
  }
  return t;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (spans) => spans.map((s) => ({ spanId: s.spanId, parentSpanId: s.parentSpanId ?? null, traceId: s.traceId }));

const routes = {
  // A root and k children, each logging input, output and metadata; flushed in waitUntil.
  async chain(url, ctx) {
    const k = Number(url.searchParams.get('k') ?? 20);
    const root = tracer.startSpan('request', { kind: 'server', attributes: { 'http.request.method': 'GET', scenario: 'chain' } });
    const spans = [root];
    for (let i = 0; i < k; i++) {
      const child = root.startSpan('llm.call', { kind: 'client' });
      child.log({
        input: `prompt ${i}: "quoted"\nnext line`,
        output: { answer: i, ok: true },
        metadata: { model: 'gpt-4o-mini', temperature: 0.2, tokens_in: 812, index: i },
      });
      if (url.searchParams.has('io')) await sleep(1);
      child.end();
      spans.push(child);
    }
    root.end();
    ctx.waitUntil(tracer.flush());
    return Response.json({ spans: ids(spans) });
  },

  // One span left open, one ended; the flush is awaited so its report can be returned.
  async open() {
    const left = tracer.startSpan('left.open');
    const done = tracer.startSpan('closed');
    done.end();
    const report = await tracer.flush();
    return Response.json({ open: left.spanId, closed: done.spanId, report });
  },

  // traced() with a sync throw, an async rejection and a normal return.
  async traced(url, ctx) {
    const syncError = new TypeError('sync boom');
    const asyncError = new RangeError('async boom');
    const out = {};
    try {
      tracer.traced('traced.sync-throw', () => {
        throw syncError;
      });
      out.sync = 'not thrown';
    } catch (e) {
      out.sync = e === syncError ? 'same error' : 'other error';
    }
    try {
      await tracer.traced('traced.async-reject', async () => {
        await sleep(1);
        throw asyncError;
      });
      out.async = 'not rejected';
    } catch (e) {
      out.async = e === asyncError ? 'same error' : 'other error';
    }
    out.value = await tracer.traced('traced.ok', async (span) => {
      span.log({ output: 'fine' });
      return 42;
    });
    out.syncValue = tracer.traced('traced.sync-ok', () => 'sync fine');
    ctx.waitUntil(tracer.flush());
    return Response.json(out);
  },

  async flush() {
    return Response.json(await tracer.flush());
  },

  // n spans on a tracer configured by `cfg`, the first with a `big`-character input; the flush
  // is awaited so the report can be compared with the collector's log.
  async deliver(url, ctx, env) {
    const t = configured(url, env);
    const n = Number(url.searchParams.get('n') ?? 5);
    const big = Number(url.searchParams.get('big') ?? 0);
    diagnostics.length = 0;
    const spans = [];
    for (let i = 0; i < n; i++) {
      const s = t.startSpan('deliver', { attributes: { i } });
      s.log({ input: i === 0 && big ? 'x'.repeat(big) : `small input ${i}`, output: `out ${i}` });
      s.end();
      spans.push(s);
    }
    const report = await t.flush();
    return Response.json({ report, spans: ids(spans), diagnostics: [...diagnostics] });
  },

  // A tracer from a backend preset pointed at the collector; a span with log() and logLLM().
  async preset(url, ctx, env) {
    const name = url.searchParams.get('name');
    const key = `${name}:${url.searchParams.get('cfg')}`;
    let t = tracers.get(key);
    if (!t) {
      const o = JSON.parse(url.searchParams.get('cfg') ?? '{}');
      const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
      const opts = { braintrust: () => braintrust({ apiUrl: base, ...o }), langfuse: () => langfuse({ baseUrl: base, ...o }), laminar: () => laminar({ baseUrl: base, ...o }) }[name]();
      t = new Tracer(opts);
      tracers.set(key, t);
    }
    const s = t.startSpan('answer');
    s.log({ input: 'What is 2+2?', output: { answer: 4 }, metadata: { user: 'u1' } });
    const llm = s.startSpan('');
    llm.logLLM({ provider: 'openai', model: 'gpt-4o-mini', usage: { inputTokens: 10, outputTokens: 2 } });
    llm.end();
    s.end();
    return Response.json({ report: await t.flush(), spans: ids([s, llm]) });
  },

  // One buffer, three exporters: OTLP protobuf, OTLP JSON and Braintrust logs3.
  async multi(url, ctx, env) {
    const key = `multi:${url.searchParams.get('logs3key') ?? 'bt-key'}`;
    let t = tracers.get(key);
    if (!t) {
      const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
      t = new Tracer({
        serviceName: 'multi',
        exporters: [
          { endpoint: `${base}/proto/v1/traces` },
          { endpoint: `${base}/json/v1/traces`, protocol: 'json' },
          braintrustLogs({ apiKey: url.searchParams.get('logs3key') ?? 'bt-key', projectId: 'proj-1', apiUrl: base }),
        ],
      });
      tracers.set(key, t);
    }
    const root = t.startSpan('request', { kind: 'server' });
    root.log({ input: { question: 'What is 2+2?' }, output: '4', metadata: { user: 'u1' }, tags: ['e2e'] });
    const llm = root.startSpan('');
    llm.logLLM({ provider: 'openai', model: 'gpt-4o-mini', usage: { inputTokens: 10, outputTokens: 2 } });
    llm.end();
    const failing = root.startSpan('tool');
    failing.recordError(new Error('tool failed'));
    failing.end();
    root.end();
    return Response.json({ report: await t.flush(), spans: ids([root, llm, failing]) });
  },

  // Braintrust logs3 with open rows, across two requests. `step=start` opens a scope with two
  // running children and flushes in waitUntil (their open rows go out); `step=end` ends one child,
  // finishes the scope (the other child is ended as incomplete) and returns that flush's report;
  // `step=report` returns the first flush's report once it has resolved.
  async openrows(url, ctx, env) {
    let t = tracers.get('openrows');
    if (!t) {
      t = new Tracer(braintrustLogs({ apiKey: 'bt-key', projectId: 'proj-1', apiUrl: env.OTEL_EXPORTER_OTLP_ENDPOINT, openRows: true }));
      tracers.set('openrows', t);
    }
    const step = url.searchParams.get('step');
    if (step === 'start') {
      const root = t.startTrace('agent run');
      root.log({ input: { question: 'Where is it?' } });
      const child = root.startSpan('tool: search');
      const forgotten = root.startSpan('never ended');
      openRuns.set('run', { root, child, first: null });
      ctx.waitUntil(t.flush().then((r) => (openRuns.get('run').first = r)));
      return Response.json({ spans: ids([root, child, forgotten]) });
    }
    const run = openRuns.get('run');
    if (step === 'report') return Response.json(run.first);
    run.child.log({ output: 'found it' });
    run.child.end();
    run.root.log({ output: 'here' });
    return Response.json(await run.root.finish());
  },

  // An LLM app's trace to a Phoenix server (`base`, `project`): a request root, a retrieval, a
  // tool call and a model call logged with logLLM, the scope finished (and flushed) in place.
  async phoenix(url) {
    const key = `phoenix ${url.searchParams.get('base')} ${url.searchParams.get('project')}`;
    let t = tracers.get(key);
    if (!t) {
      t = new Tracer({ ...phoenix({ baseUrl: url.searchParams.get('base'), projectName: url.searchParams.get('project') }), serviceName: 'phoenix-e2e', onDiagnostic: (m) => diagnostics.push(m) });
      tracers.set(key, t);
    }
    const root = t.startTrace('answer question', { kind: 'server' });
    root.log({ input: 'What is 2+2?' });
    const retrieve = root.startSpan('retrieve docs', { type: 'retriever' });
    retrieve.log({ input: { query: '2+2', k: 2 }, output: [{ id: 'doc-7', score: 0.82 }] });
    retrieve.end();
    const tool = root.startSpan('calculator', { type: 'tool' });
    tool.log({ input: { expression: '2+2' }, output: '4' });
    tool.end();
    const llm = root.startSpan('');
    llm.logLLM({
      provider: 'openai',
      model: 'gpt-4o-mini',
      inputMessages: [{ role: 'system', content: 'Answer briefly.' }, { role: 'user', content: 'What is 2+2?' }],
      outputMessages: [{ role: 'assistant', content: 'The answer is 4.', finish_reason: 'stop' }],
      usage: { inputTokens: 12, outputTokens: 5 },
      params: { temperature: 0.2 },
      responseId: 'chatcmpl-e2e-1',
      finishReasons: ['stop'],
    });
    llm.end();
    root.log({ output: 'The answer is 4.' });
    const report = await root.finish();
    return Response.json({ spans: { root: root.spanId, retrieve: retrieve.spanId, tool: tool.spanId, llm: llm.spanId }, traceId: root.traceId, report, diagnostics });
  },

  // A Vectorize query (an index with the binding's interface) to Phoenix: a RETRIEVER span.
  async 'phoenix-vectorize'(url) {
    const t = new Tracer({ ...phoenix({ baseUrl: url.searchParams.get('base'), projectName: url.searchParams.get('project') }), serviceName: 'phoenix-e2e' });
    const root = t.startTrace('search', { kind: 'server' });
    const index = {
      async query(_vector, { topK }) {
        const matches = [
          { id: 'doc-7', score: 0.82, metadata: { text: 'edgespan buffers spans.' } },
          { id: 'doc-2', score: 0.64, metadata: { text: 'Isolates have no threads.' } },
        ];
        return { count: topK, matches: matches.slice(0, topK) };
      },
    };
    const got = await wrapVectorize(index, { parent: root, name: 'docs' }).query([0.1, 0.2, 0.3], { topK: 2, returnMetadata: 'all' });
    const report = await root.finish();
    return Response.json({ traceId: root.traceId, count: got.count, report });
  },

  // Sampling: one request scope per trace id given (?n, ?seed; every ?errEvery-th in ERROR, every
  // ?slowEvery-th 2 s long, incoming flag ?flag), each a root and a child, with the tracer of ?cfg.
  // Answers the trace ids and the summed reports.
  async sample(url, ctx, env) {
    const t = configured(url, env);
    const n = Number(url.searchParams.get('n') ?? 100);
    let x = Number(url.searchParams.get('seed') ?? 1) >>> 0 || 1;
    const rand = () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0).toString(16).padStart(8, '0');
    };
    const errEvery = Number(url.searchParams.get('errEvery') ?? 0);
    const slowEvery = Number(url.searchParams.get('slowEvery') ?? 0);
    const flag = url.searchParams.get('flag') ?? '01';
    const traces = [];
    const done = [];
    for (let i = 0; i < n; i++) {
      const traceId = rand() + rand() + rand() + rand();
      const error = errEvery > 0 && i % errEvery === 0;
      const slow = slowEvery > 0 && i % slowEvery === 0;
      const root = t.startTrace('sampled', { parent: `00-${traceId}-00f067aa0ba902b7-${flag}`, startTime: slow ? Date.now() - 2000 : undefined });
      const child = root.startSpan('child');
      if (error) child.recordError(new Error('boom'));
      child.end();
      traces.push({ traceId, error, slow, traceparent: root.traceparent });
      done.push(root.finish());
    }
    const reports = await Promise.all(done);
    const sum = (k) => reports.reduce((a, r) => a + r[k], 0);
    return Response.json({ traces, exported: sum('exported'), sampledOut: sum('sampledOut'), failed: sum('failed'), dropped: sum('dropped') });
  },

  async reflush(url, ctx, env) {
    return Response.json(await configured(url, env).flush());
  },
};

export default {
  async fetch(request, env, ctx) {
    tracer ??= Tracer.fromEnv(env);
    const url = new URL(request.url);
    const route = routes[url.pathname.slice(1)];
    if (!route) return new Response('not found', { status: 404 });
    return route(url, ctx, env);
  },
};
