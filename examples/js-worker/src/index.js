// An LLM-style Worker traced with edgespan: a request span, retrieval, a model call and a tool,
// flushed with ctx.waitUntil(tracer.flush()) so the isolate stays alive until delivery is done.
import { Tracer } from 'edgespan';

let tracer; // one per isolate, shared by its requests

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function retrieve(span, question) {
  await sleep(3); // stands in for a vector search
  const docs = [
    { id: 'doc-7', score: 0.82, text: 'edgespan buffers spans and flushes them in waitUntil.' },
    { id: 'doc-2', score: 0.64, text: 'Workers isolates have no background threads.' },
  ];
  span.log({ input: { query: question, k: 2 }, output: docs, metadata: { index: 'docs-v3' } });
  return docs;
}

async function callModel(span, question, docs) {
  const messages = [
    { role: 'system', content: 'Answer from the documents.' },
    { role: 'user', content: question },
  ];
  span.log({ input: messages, metadata: { documents: docs.length } });
  await sleep(8); // stands in for the model API
  const answer = `Based on ${docs[0].id}: ${docs[0].text}`;
  // The GenAI conventions (gen_ai.*), typed: model, messages, usage, parameters.
  span.logLLM({
    provider: 'openai',
    model: 'gpt-4o-mini',
    inputMessages: messages,
    outputMessages: [{ role: 'assistant', content: answer }],
    usage: { inputTokens: 812, outputTokens: 41 },
    params: { temperature: 0.2 },
    finishReasons: ['stop'],
  });
  span.log({ output: answer });
  return answer;
}

export default {
  async fetch(request, env, ctx) {
    tracer ??= Tracer.fromEnv(env);
    const url = new URL(request.url);
    if (url.pathname !== '/') return new Response('not found', { status: 404 });
    const question = url.searchParams.get('q') ?? 'Why do tracing SDKs lose spans on Workers?';

    const root = tracer.startSpan('chat.request', {
      kind: 'server',
      parent: request.headers.get('traceparent') ?? undefined,
      attributes: { 'http.request.method': request.method, 'url.full': request.url },
    });
    try {
      const answer = await root.traced('agent.answer', async (span) => {
        span.log({ input: question, tags: ['demo'] });
        const docs = await span.traced('retrieve', (s) => retrieve(s, question));
        const reply = await span.traced('llm.chat', (s) => callModel(s, question, docs), { kind: 'client' });
        await span.traced('tool.cite', async (s) => {
          s.log({ input: { doc: docs[0].id } });
          if (url.searchParams.has('fail')) throw new Error('citation service unavailable');
          return docs[0].id;
        }).catch(() => 'no citation'); // the span records the error; the answer goes on
        span.log({ output: reply });
        return reply;
      });
      root.setAttribute('http.response.status_code', 200);
      return new Response(answer + '\n');
    } finally {
      root.end();
      ctx.waitUntil(tracer.flush());
    }
  },
};
