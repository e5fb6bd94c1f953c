// An AI Worker traced with edgespan, as a user would write it: instrument() makes each request its
// own trace and flushes it in waitUntil; the official `openai` client, wrapped once, traces every
// model call (a tool round trip, then a streamed answer) with the GenAI conventions; retrieval and
// the tool are spans of their own. With nodejs_compat (see wrangler.toml) the wrapped client finds
// the current span by itself. `make demo` points OPENAI_BASE_URL at a loopback fake of the OpenAI
// API; with a real key and no OPENAI_BASE_URL it calls OpenAI.
import { Tracer, wrapOpenAI } from 'edgespan';
import OpenAI from 'openai';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const tools = [
  {
    type: 'function',
    function: { name: 'weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  },
];

async function retrieve(span, question) {
  await sleep(3); // stands in for a vector search
  const docs = [
    { id: 'doc-7', score: 0.82, text: 'edgespan buffers spans and flushes them in waitUntil.' },
    { id: 'doc-2', score: 0.64, text: 'Workers isolates have no background threads.' },
  ];
  span.log({ input: { query: question, k: 2 }, output: docs, metadata: { index: 'docs-v3' } });
  return docs;
}

async function answer(ctx, openai, question, model) {
  const docs = await ctx.span.traced('retrieve', (s) => retrieve(s, question), { type: 'retriever' });
  const messages = [
    { role: 'system', content: `Answer from the documents: ${docs.map((d) => d.text).join(' ')}` },
    { role: 'user', content: question },
  ];
  // First call: the model asks for a tool.
  const first = await openai.chat.completions.create({ model, messages, tools, temperature: 0.2 });
  const message = first.choices[0].message;
  messages.push(message);
  for (const call of message.tool_calls ?? []) {
    const result = await ctx.span.traced('weather', () => ({ city: JSON.parse(call.function.arguments).city, celsius: 21 }), { type: 'tool' });
    messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
  }
  // Second call, streamed: the wrapper records the text, usage and time to first chunk.
  let text = '';
  for await (const chunk of await openai.chat.completions.create({ model, messages, tools, stream: true })) text += chunk.choices[0]?.delta?.content ?? '';
  return text;
}

export default Tracer.instrument({
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== '/') return new Response('not found', { status: 404 });
    const question = url.searchParams.get('q') ?? 'What is the weather in Paris?';
    const openai = wrapOpenAI(new OpenAI({ apiKey: env.OPENAI_API_KEY ?? 'sk-demo', baseURL: env.OPENAI_BASE_URL, maxRetries: 0 }));
    // `fail=1` asks the fake for a 429: the call's span records it, the Worker answers anyway.
    const model = url.searchParams.has('fail') ? 'fail-429' : 'gpt-4o-mini';
    try {
      return new Response((await answer(ctx, openai, question, model)) + '\n');
    } catch (e) {
      return new Response(`The model is unavailable (${e.status ?? e.message}); try again.\n`, { status: 503 });
    }
  },
});
