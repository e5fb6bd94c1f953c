// Scenarios for request scopes: instrument(), streams, forgotten spans, errors, and the explicit
// flush() model side by side. Routes answer with the ids of the spans they made.
import { Tracer } from 'edgespan';

let tracer;
const getTracer = (env) => (tracer ??= Tracer.fromEnv(env));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (spans) => spans.map((s) => ({ spanId: s.spanId, parentSpanId: s.parentSpanId ?? null, traceId: s.traceId, name: s.name }));

// Each request: a random 0–20 ms of I/O, 5 children, and one more child that keeps running in a
// waitUntil promise after the response is sent.
async function storm(root, ctx) {
  await sleep(Math.random() * 20);
  const spans = [root];
  for (let i = 0; i < 5; i++) {
    const c = root.startSpan(`child.${i}`);
    c.log({ input: `in ${i}`, output: `out ${i}` });
    c.end();
    spans.push(c);
  }
  const bg = root.startSpan('background');
  spans.push(bg);
  const later = sleep(5 + Math.random() * 20).then(() => bg.end());
  return { spans, later };
}

const handler = {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const root = ctx.span;
    switch (url.pathname) {
      case '/storm': {
        const { spans, later } = await storm(root, ctx);
        ctx.waitUntil(later);
        return Response.json({ spans: ids(spans) });
      }
      case '/forgot': {
        const done = root.startSpan('remembered');
        done.end();
        const forgotten = root.startSpan('forgotten');
        await sleep(1);
        return Response.json({ spans: ids([root, done, forgotten]) });
      }
      case '/stream': {
        const n = Number(url.searchParams.get('n') ?? 50);
        const delay = Number(url.searchParams.get('delay') ?? 2);
        const llm = root.startSpan('llm.stream', { kind: 'client' });
        let i = 0;
        const upstream = new ReadableStream({
          async pull(controller) {
            if (i === n) return controller.close();
            await sleep(delay);
            controller.enqueue(new TextEncoder().encode(`chunk ${i++}\n`));
          },
        });
        return new Response(llm.traceStream(upstream), {
          headers: { 'x-root': root.spanId, 'x-llm': llm.spanId, 'x-trace': root.traceId },
        });
      }
      case '/stream-cancel': {
        // The consumer goes away after 3 chunks (wrangler dev's proxy reads a response body to
        // the end even when the client disconnects, so the cancel is made here).
        const llm = root.startSpan('llm.stream', { kind: 'client' });
        let i = 0;
        const upstream = new ReadableStream({
          async pull(controller) {
            await sleep(2);
            controller.enqueue(new TextEncoder().encode(`chunk ${i++}\n`));
          },
        });
        const reader = llm.traceStream(upstream).getReader();
        for (let k = 0; k < 3; k++) await reader.read();
        await reader.cancel('client went away');
        return Response.json({ spans: ids([root, llm]), produced: i });
      }
      case '/enqueue': {
        const n = Number(url.searchParams.get('n') ?? 3);
        await env.JOBS.sendBatch(Array.from({ length: n }, (_, id) => ({ body: { id } })));
        return Response.json({ queued: n });
      }
      case '/throw':
        root.startSpan('before.throw').end();
        throw new TypeError('handler threw');
      case '/reject':
        await sleep(1);
        root.startSpan('before.reject').end();
        throw new RangeError('handler rejected');
      default:
        return new Response('not found', { status: 404 });
    }
  },
};

handler.queue = async (batch, env, ctx) => {
  for (const m of batch.messages) {
    const s = ctx.span.startSpan('job', { attributes: { 'job.id': String(m.body.id) } });
    await sleep(1);
    s.end();
    m.ack();
  }
};

handler.scheduled = async (controller, env, ctx) => {
  const job = ctx.span.startSpan('cron.job');
  await sleep(2);
  job.end();
  const tail = ctx.span.startSpan('cron.tail');
  ctx.waitUntil(sleep(5).then(() => tail.end()));
};

// The last reports instrument() handed to onFlush (read back by /reports).
const lastReports = [];
const instrumented = Tracer.instrument(handler, getTracer, {
  onFlush(report) {
    lastReports.push(report);
    if (lastReports.length > 50) lastReports.shift();
  },
});

// The explicit model, without instrument(): manual spans, flush in waitUntil after the
// background child ends.
async function manual(request, env, ctx) {
  const t = getTracer(env);
  const root = t.startSpan('manual', { kind: 'server' });
  const { spans, later } = await storm(root, ctx);
  root.end();
  ctx.waitUntil(later.then(() => t.flush()));
  return Response.json({ spans: ids(spans) });
}

// Counts unsettled waitUntil promises across the isolate, so the teardown test can stop workerd
// the moment they have all settled.
let pending = 0;
function counting(ctx) {
  return {
    waitUntil(p) {
      pending++;
      Promise.resolve(p).finally(() => pending--);
      ctx.waitUntil(p);
    },
    passThroughOnException: () => ctx.passThroughOnException(),
  };
}

export default {
  scheduled: (controller, env, ctx) => instrumented.scheduled(controller, env, counting(ctx)),
  queue: (batch, env, ctx) => instrumented.queue(batch, env, counting(ctx)),
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path === '/pending') return Response.json({ pending });
    if (path === '/reports') return Response.json(lastReports);
    if (path === '/manual') return manual(request, env, counting(ctx));
    return instrumented.fetch(request, env, counting(ctx));
  },
};
