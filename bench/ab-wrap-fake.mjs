// The wrapper's own cost without the SDK's HTTP and parsing: wrapOpenAI from two builds of the
// package against the same span by hand, on a client made of the openai SDK's own APIPromise and
// Stream that hands back pre-parsed chunks. Nearly all that is left in a call is tracing, so a
// difference of a microsecond shows, where the real call (ab-wrap.mjs, wrap-cpu.mjs) buries it in
// a few hundred. Subjects interleave in one process, in rotating orders; the medians of paired
// differences are printed.
//   node bench/ab-wrap-fake.mjs <pkg dir A> <pkg dir B>
// A pkg dir is a built `pkg/` (its node.js is imported). KIND=stream|streamU|plain: a stream whose
// caller does not ask for usage (the wrapper asks), one that asks (the same call as by hand), or a
// plain call; N calls per block, ROUNDS rounds.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APIPromise } from 'openai/api-promise';
import { Stream } from 'openai/streaming';
import { chunks, completion, messages, openaiByHand, openaiStreamByHand } from './lib/fixtures.mjs';

const [dirA, dirB] = process.argv.slice(2, 4);
if (!dirA || !dirB) throw new Error('usage: node bench/ab-wrap-fake.mjs <pkg dir A> <pkg dir B>');
const A = await import(pathToFileURL(resolve(dirA, 'node.js')).href);
const B = await import(pathToFileURL(resolve(dirB, 'node.js')).href);
const N = Number(process.env.N ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 30);
const kind = process.env.KIND ?? 'stream';

const texts = chunks.map((c) => JSON.stringify(c));
// As the SDK's stream gives them: usage on every chunk when asked for, else none and no usage chunk.
async function* events(usage) {
  for (const t of texts) {
    const c = JSON.parse(t);
    if (!usage) {
      if (c.usage) continue;
      delete c.usage;
    }
    yield c;
  }
}
// The SDK passes its controller's signal to fetch, so the signal exists. Node makes it lazily: a
// fake that never reads it would charge making it (about 9 µs) to the wrapper's cancellation check.
const controller = () => {
  const c = new AbortController();
  void c.signal;
  return c;
};
const client = {
  chat: {
    completions: {
      create(body) {
        const usage = body.stream_options?.include_usage === true;
        return new APIPromise(null, Promise.resolve({}), () => (body.stream ? new Stream(() => events(usage), controller(), null) : JSON.parse(completion)));
      },
    },
  },
};
globalThis.fetch = async () => new Response('{}', { status: 200 });
const tracerA = new A.Tracer({ endpoint: 'http://127.0.0.1:9/v1/traces', protocol: 'json', maxQueueSpans: 4 * N });
const tracerB = new B.Tracer({ endpoint: 'http://127.0.0.1:9/v1/traces', protocol: 'json', maxQueueSpans: 4 * N });

// The span by hand, the same subject as wrap-cpu.mjs's (lib/fixtures.mjs).
const hand = kind === 'plain' ? (root) => openaiByHand(root, client) : (root) => openaiStreamByHand(root, client, () => performance.now());
const body = { plain: {}, stream: { stream: true }, streamU: { stream: true, stream_options: { include_usage: true } } }[kind];
const wrapped = kind === 'plain'
  ? (_root, w) => w.chat.completions.create({ model: 'gpt-4o-mini', messages })
  : async (_root, w) => {
    for await (const _ of await w.chat.completions.create({ model: 'gpt-4o-mini', messages, ...body }));
  };

const SUBJECTS = { hand: [tracerA, A, hand], A: [tracerA, A, wrapped], B: [tracerB, B, wrapped] };
async function block([tracer, M, fn]) {
  const root = tracer.startTrace('request');
  const w = M.wrapOpenAI(client, { parent: root });
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) await fn(root, w);
  const c = process.cpuUsage(c0);
  root.end();
  await tracer.flush();
  return (c.user + c.system) / N;
}
const t = { hand: [], A: [], B: [] };
for (const k in t) await block(SUBJECTS[k]);
const orders = [['hand', 'A', 'B'], ['B', 'hand', 'A'], ['A', 'B', 'hand'], ['hand', 'B', 'A'], ['A', 'hand', 'B'], ['B', 'A', 'hand']];
for (let r = 0; r < ROUNDS; r++) for (const k of orders[r % orders.length]) t[k].push(await block(SUBJECTS[k]));
const med = (x) => [...x].sort((p, q) => p - q)[x.length >> 1];
const d = (x, y) => med(t[x].map((v, i) => v - t[y][i])).toFixed(2);
console.log(`${kind}: by hand ${med(t.hand).toFixed(2)}, A ${med(t.A).toFixed(2)}, B ${med(t.B).toFixed(2)} µs/call; A − by hand ${d('A', 'hand')}, B − by hand ${d('B', 'hand')}, B − A ${d('B', 'A')} µs (medians of ${ROUNDS} rounds of ${N} calls)`);
