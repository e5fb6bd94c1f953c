// What the wrapper benches' model calls are answered with, in memory (wrap-cpu.mjs in Node, the
// Worker of wrap-workerd.mjs, which bundles this file): an OpenAI chat completion and its chunk
// stream, an Anthropic Message and its event stream, and a Workers AI binding that does the real
// one's own work. Also what every by-hand subject shares.

export const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
const TEXT = ['It is ', '21°C ', 'in Paris.'];
const ANSWER = TEXT.join('');
const asResponse = (stream, json, events) => new Response(stream ? events : json, { headers: { 'content-type': stream ? 'text/event-stream' : 'application/json' } });

// OpenAI chat completions: the answer, and its chunks (usage on each, as when it is asked for).
export const completion = JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini-2024', choices: [{ index: 0, message: { role: 'assistant', content: ANSWER, refusal: null }, finish_reason: 'stop', logprobs: null }], usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25, prompt_tokens_details: { cached_tokens: 0 } } });
const chunk = (delta, finish_reason = null) => ({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini-2024', choices: [{ index: 0, delta, finish_reason }], usage: null });
export const chunks = [chunk({ role: 'assistant', content: TEXT[0] }), chunk({ content: TEXT[1] }), chunk({ content: TEXT[2] }), chunk({}, 'stop'), { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini-2024', choices: [], usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 } }];
const sse = chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n';
/** The `fetch` of an OpenAI client. */
export const openaiFetch = async (_url, init) => asResponse(JSON.parse(init.body).stream, completion, sse);

// Anthropic messages: a Message, or its event stream.
const claudeUsage = { input_tokens: 20, output_tokens: 5, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
const claudeMessage = JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-20250514', content: [{ type: 'text', text: ANSWER }], stop_reason: 'end_turn', stop_sequence: null, usage: claudeUsage });
const claudeEvents = [
  { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-20250514', content: [], stop_reason: null, stop_sequence: null, usage: { ...claudeUsage, output_tokens: 1 } } },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  ...TEXT.map((text) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
  { type: 'content_block_stop', index: 0 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } },
  { type: 'message_stop' },
].map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
/** The `fetch` of an Anthropic client. */
export const claudeFetch = async (_url, init) => asResponse(JSON.parse(init.body).stream, claudeMessage, claudeEvents);
export const claudeBody = { model: 'claude-sonnet-4', max_tokens: 256, messages };
/** The by-hand Anthropic span: what wrapAnthropic records (the Message as the output, its usage,
 * ids and stop reason; for a stream, the Message put together from the events). */
export const claudeByHand = (m, s) => s.logLLM({ provider: 'anthropic', operation: 'chat', model: claudeBody.model, inputMessages: messages, params: { max_tokens: 256 }, outputMessages: [m], usage: m.usage, responseId: m.id, responseModel: m.model, finishReasons: [m.stop_reason] });

// Workers AI: a binding that does what the real one's own code does (workerd's
// src/cloudflare/internal/ai-api.ts): it posts the inputs as JSON, with its headers, through the
// binding's fetcher, notes the answer's request id, and resolves to the parsed JSON answer, or
// with `stream: true` to the answer's SSE body. Its fetcher answers in memory, as the SDKs' fetch
// does above.
export const aiModel = '@cf/meta/llama-3.1-8b-instruct';
const aiUsage = { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 };
const aiResult = JSON.stringify({ response: ANSWER, usage: aiUsage });
const aiEvents = TEXT.map((response) => `data: ${JSON.stringify({ response })}\n\n`).join('') + `data: ${JSON.stringify({ response: '', usage: aiUsage })}\n\ndata: [DONE]\n\n`;
const aiFetcher = async (_url, init) => {
  const stream = JSON.parse(init.body).inputs.stream === true;
  return new Response(stream ? aiEvents : aiResult, { headers: { 'content-type': stream ? 'text/event-stream' : 'application/json', 'cf-ai-req-id': 'req-1' } });
};
export const AI = {
  lastRequestId: null,
  async run(model, inputs, options = {}) {
    const body = JSON.stringify({ inputs, options });
    const res = await aiFetcher('http://workers-binding.ai/run?version=3', { method: 'POST', body, headers: { 'content-type': 'application/json', 'cf-consn-model-id': model } });
    this.lastRequestId = res.headers.get('cf-ai-req-id');
    if (!res.ok) throw new Error(`Workers AI: ${res.status}`);
    if (inputs.stream) return res.body;
    return res.headers.get('content-type') === 'application/json' ? res.json() : res.body;
  },
};
/** The by-hand Workers AI span. */
export const aiByHand = (s, text, usage) => s.logLLM({ provider: 'cloudflare.workers_ai', operation: 'chat', model: aiModel, inputMessages: messages, params: {}, outputMessages: [{ role: 'assistant', content: text, finish_reason: 'stop' }], usage });

/** What the caller does with a streamed answer: read it to the end. */
export const drain = async (stream) => {
  const reader = stream.getReader();
  while (!(await reader.read()).done);
};

/** The by-hand OpenAI span: what wrapOpenAI records for a chat completion (the answer's choices,
 * usage, ids and finish reasons), as a user would write it. */
export async function openaiByHand(root, client) {
  const s = root.startSpan('chat gpt-4o-mini', { kind: 'client', type: 'llm' });
  const body = { model: 'gpt-4o-mini', messages };
  try {
    const r = await client.chat.completions.create(body);
    s.logLLM({ provider: 'openai', operation: 'chat', model: body.model, inputMessages: messages, params: {}, outputMessages: r.choices, usage: r.usage, responseId: r.id, responseModel: r.model, finishReasons: r.choices.map((c) => c.finish_reason) });
  } catch (e) {
    s.recordError(e);
    throw e;
  } finally {
    s.end();
  }
}

/** What a by-hand OpenAI stream subject gathers from the chunks, from now on: `add(chunk)` for
 * each, then `end(span)` records it as wrapOpenAI does (the text put together, usage, ids, the
 * finish reason, the time to the first chunk, the number of chunks) and ends the span. `now` is
 * the clock (performance.now in Node; Date.now in workerd, whose performance.now does not move). */
export function openaiStreamRecord(now) {
  const t0 = now();
  let first = 0, text = '', usage, id, model, finish, count = 0;
  return {
    add(c) {
      first ||= now();
      count++;
      id ??= c.id;
      model ??= c.model;
      if (c.usage) usage = c.usage;
      const ch = c.choices[0];
      if (ch?.delta?.content) text += ch.delta.content;
      if (ch?.finish_reason) finish = ch.finish_reason;
    },
    end(s) {
      s.logLLM({ provider: 'openai', operation: 'chat', model: 'gpt-4o-mini', inputMessages: messages, params: {}, outputMessages: [{ role: 'assistant', content: text, finish_reason: finish }], usage, responseId: id, responseModel: model, finishReasons: [finish] });
      s.setAttributes({ 'edgespan.stream.chunks': count, 'gen_ai.response.time_to_first_chunk': (first - t0) / 1000 });
      s.end();
    },
  };
}

/** The by-hand OpenAI span for a stream read to the end (usage asked for). */
export async function openaiStreamByHand(root, client, now) {
  const s = root.startSpan('chat gpt-4o-mini', { kind: 'client', type: 'llm' });
  const record = openaiStreamRecord(now);
  for await (const c of await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } })) record.add(c);
  record.end(s);
}
