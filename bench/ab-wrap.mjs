// wrapOpenAI from two builds of the package in one process, interleaved (ABAB… with the order
// swapped every round), for before/after checks of the wrapper's own cost:
//   node bench/ab-wrap.mjs <pkg dir before> <pkg dir after> [plain|stream]
// A pkg dir is a built `pkg/` (its node.js is imported). The real openai package answers in memory
// (lib/fixtures.mjs), as in wrap-cpu.mjs.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import OpenAI from 'openai';
import { messages, openaiFetch } from './lib/fixtures.mjs';
const [dirA, dirB] = process.argv.slice(2, 4);
if (!dirA || !dirB) throw new Error('usage: node bench/ab-wrap.mjs <pkg dir before> <pkg dir after> [plain|stream]');
const OLD = await import(pathToFileURL(resolve(dirA, 'node.js')).href);
const NEW = await import(pathToFileURL(resolve(dirB, 'node.js')).href);
const CALLS = 200, ROUNDS = Number(process.env.ROUNDS ?? 48);
const client = new OpenAI({ apiKey: 'sk-bench', baseURL: 'http://127.0.0.1:9/v1', fetch: openaiFetch, maxRetries: 0 });
globalThis.fetch = async () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
const tn = new NEW.Tracer({ endpoint: 'http://127.0.0.1:9/v1/traces', protocol: 'json', maxQueueSpans: 4 * CALLS });
const to = new OLD.Tracer({ endpoint: 'http://127.0.0.1:9/v1/traces', protocol: 'json', maxQueueSpans: 4 * CALLS });
const kind = process.argv[4] ?? 'stream';
const run = kind === 'stream'
  ? async (w) => { for await (const _ of await w.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true })); }
  : (w) => w.chat.completions.create({ model: 'gpt-4o-mini', messages });
const S = { 'wrapped before': [to, OLD.wrapOpenAI], 'wrapped after': [tn, NEW.wrapOpenAI] };
async function block([tracer, wrap]) {
  const root = tracer.startTrace('request');
  const w = wrap(client, { parent: root });
  const c0 = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) await run(w);
  const c = process.cpuUsage(c0);
  root.end(); await tracer.flush();
  return (c.user + c.system) / CALLS;
}
const t = { 'wrapped before': [], 'wrapped after': [] };
for (const k in S) await block(S[k]);
for (let r = 0; r < ROUNDS; r++) for (const k of r % 2 ? ['wrapped before', 'wrapped after'] : ['wrapped after', 'wrapped before']) t[k].push(await block(S[k]));
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const ratios = t['wrapped after'].map((x, i) => x / t['wrapped before'][i]);
console.log(`${kind}: before ${med(t['wrapped before']).toFixed(1)} µs/call, after ${med(t['wrapped after']).toFixed(1)} µs/call, after ÷ before ${med(ratios).toFixed(2)} (median of ${ROUNDS} paired rounds)`);
