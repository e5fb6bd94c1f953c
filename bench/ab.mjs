// Before/after check for optimisation work: two (or more) unpacked builds of the package run the
// same operations in one Node process, interleaved and rotated, and the medians are printed side
// by side. Noise on this machine is ±10 % between processes; within one interleaved run it is
// a few percent, which is what this is for.
//
//   node bench/ab.mjs /tmp/pkgA /tmp/pkgB      (each a copy of pkg/ from `make pkg`)
import { input, output, meta } from './lib/workload.mjs';

globalThis.fetch = async (url, init) => {
  await new Response(init?.body ?? null).arrayBuffer();
  return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
};
const dirs = process.argv.slice(2);
if (dirs.length === 0) throw new Error('usage: node bench/ab.mjs <pkg dir> [<pkg dir> …]');
const mods = await Promise.all(dirs.map((d) => import(`${d}/node.js`)));
const tracers = mods.map((m) => new m.Tracer({ endpoint: 'http://127.0.0.1:9/v1/traces', serviceName: 'bench' }));
const LLM_MESSAGES = [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: 'What is the weather in Paris?' }];
const LLM_ANSWER = { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini-2024', choices: [{ index: 0, message: { role: 'assistant', content: 'It is 21°C in Paris.', refusal: null }, finish_reason: 'stop', logprobs: null }], usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25, prompt_tokens_details: { cached_tokens: 0 } } };
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

const child = (root, log) => {
  const s = root.startSpan('llm.call');
  if (log) s.log(log);
  s.end();
};
// Each case: [name, one block of work, spans in the block].
const cases = [
  ['start+end', (t, r) => { for (let i = 0; i < 500; i++) child(r); }, 500],
  ['log(metadata)', (t, r) => { for (let i = 0; i < 500; i++) child(r, { metadata: meta }); }, 500],
  ['log(input,output)', (t, r) => { for (let i = 0; i < 500; i++) child(r, { input, output }); }, 500],
  ['log(all)', (t, r) => { for (let i = 0; i < 500; i++) child(r, { input, output, metadata: meta }); }, 500],
  // An LLM span as an app records it from the SDK's own objects (an OpenAI chat answer).
  ['logLLM(chat)', (t, r) => {
    for (let i = 0; i < 200; i++) {
      const s = r.startSpan('chat', { kind: 'client', type: 'llm' });
      s.logLLM({ provider: 'openai', operation: 'chat', model: 'gpt-4o-mini', inputMessages: LLM_MESSAGES, params: { temperature: 0.2, max_tokens: 100 }, outputMessages: LLM_ANSWER.choices, usage: LLM_ANSWER.usage, responseId: LLM_ANSWER.id, responseModel: LLM_ANSWER.model });
      s.end();
    }
  }, 200],
  ['request+flush', async (t) => {
    for (let n = 0; n < 20; n++) {
      const root = t.startSpan('request');
      for (let i = 0; i < 20; i++) child(root, { input, output, metadata: meta });
      root.end();
      await t.flush();
    }
  }, 420],
];
for (const [name, block, spans] of cases) {
  const res = dirs.map(() => []);
  for (let round = 0; round < 40; round++) {
    for (let k = 0; k < dirs.length; k++) {
      const i = (round + k) % dirs.length;
      const root = tracers[i].startSpan('root');
      const t0 = performance.now();
      await block(tracers[i], root);
      const ns = ((performance.now() - t0) * 1e6) / spans;
      root.end();
      await tracers[i].flush();
      if (round >= 5) res[i].push(ns);
    }
  }
  console.log(`${name.padEnd(18)} ${dirs.map((d, i) => `${d}: ${median(res[i]).toFixed(0)} ns/span`).join('   ')}`);
}
