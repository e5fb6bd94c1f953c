// Run by Deno or Bun (tests/runtimes/runtimes.test.mjs), which load `edgespan` from a local
// node_modules by their own export condition (`deno`, `bun`). SHAPE picks the platform's handler
// shape:
// - `serve`: Deno.serve or Bun.serve calls the instrumented handler; it is asked twice (once with
//   a traceparent) and makes a model call through a wrapped `openai` client (no parent: the
//   request's root is the current span), then the server stops and the process ends with a span
//   made outside any request still buffered, which the exit hook delivers;
// - `netlify` (Deno): a Netlify Edge Function, `(request, context)` with the platform's
//   `context.waitUntil`, called as Netlify's runtime calls it;
// - `supabase` (Deno): a Supabase Edge Function under Deno.serve, with `EdgeRuntime.waitUntil`.
// Prints the answers, and what each waitUntil was handed, as JSON.
import { Tracer, instrumentHandler, wrapOpenAI } from 'edgespan';
import { OpenAI } from 'openai';

const runtime = globalThis.Deno ? 'deno' : 'bun';
const env = (k) => (globalThis.Deno ? Deno.env.get(k) : process.env[k]);
const shape = env('SHAPE') ?? 'serve';
const tracer = new Tracer({ endpoint: `${env('COLLECTOR')}/v1/traces`, serviceName: `edgespan-${runtime}-${shape}` });
const openai = wrapOpenAI(new OpenAI({ baseURL: `${env('FAKE_LLM')}/v1`, apiKey: 'sk-fake' }));

// Every platform's function: a model call, then an answer.
async function app(request) {
  const answer = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Weather in Paris?' }] });
  return new Response(`${runtime} ${new URL(request.url).pathname}: ${answer.choices[0].message.content}`);
}

// What the platform's waitUntil was handed, and whether each had settled by the end.
const handed = [];
const keepAlive = (p) => handed.push(p.then((report) => report.exported));

async function serve(handler) {
  let url, stop;
  if (globalThis.Deno) {
    const server = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen() {} }, handler);
    url = `http://127.0.0.1:${server.addr.port}`;
    stop = () => server.shutdown();
  } else {
    const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: handler });
    url = `http://127.0.0.1:${server.port}`;
    stop = () => server.stop(true);
  }
  const a = await (await fetch(`${url}/a`)).text();
  const b = await (await fetch(`${url}/b`, { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } })).text();
  await stop();
  return { a, b };
}

let out;
if (shape === 'serve') {
  out = await serve(instrumentHandler(app, tracer));
  // Outside any request, and never flushed here: the exit hook delivers it.
  tracer.startSpan('at exit', { attributes: { runtime } }).end();
} else if (shape === 'netlify') {
  // Netlify's Edge runtime calls the default export with the request and its context.
  const fn = instrumentHandler(app, tracer);
  const context = { geo: { city: 'Paris' }, ip: '127.0.0.1', requestId: 'nf-1', site: { id: 's', name: 'site' }, waitUntil: keepAlive, next: () => new Response('next') };
  const a = await (await fn(new Request('https://site.netlify.app/a'), context)).text();
  const b = await (await fn(new Request('https://site.netlify.app/b', { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } }), context)).text();
  out = { a, b };
} else if (shape === 'supabase') {
  // Supabase's Edge Runtime offers EdgeRuntime.waitUntil beside Deno.serve.
  globalThis.EdgeRuntime = { waitUntil: keepAlive };
  out = await serve(instrumentHandler(app, tracer));
}
const exported = await Promise.all(handed);
console.log(JSON.stringify({ ...out, handed: exported }));
