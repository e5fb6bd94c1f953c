// A loopback fake of the providers' wire formats, enough for an agent loop: OpenAI chat completions
// (`/v1/chat/completions`), OpenAI Responses (`/v1/responses`), OpenAI embeddings
// (`/v1/embeddings`) and Anthropic messages (`/v1/messages`), each with SSE streaming, tool calls
// and usage. A call that offers tools and carries no tool result asks for the `weather` tool; the
// call that carries its result answers in text. The first streamed chunk comes after
// `firstChunkMs`. The model name picks a fault: `fail-429` answers 429, `fail-midstream` sends two
// chunks then an error event, `slow` streams 40 chunks 25 ms apart (for cancellation). A request
// with AI Gateway's `cf-aig-otel-trace-id` header is answered with a `cf-aig-log-id`, as Gateway does.
import { createServer } from 'node:http';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ANSWER = ['It is ', '21°C ', 'in Paris.'];
const SLOW = Array.from({ length: 40 }, (_, i) => `w${i} `);

export async function startFakeLLM({ firstChunkMs = 40 } = {}) {
  const calls = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', async () => {
      const path = req.url.replace(/\?.*$/, '');
      let body;
      try {
        body = JSON.parse(raw || '{}');
      } catch {
        res.writeHead(400).end('{}');
        return;
      }
      calls.push({ path, body, headers: req.headers });
      // As AI Gateway does: a request that names its span gets the log id of Gateway's record.
      if (req.headers['cf-aig-otel-trace-id']) {
        const head = res.writeHead.bind(res);
        const logId = `aig-log-${calls.length}`;
        res.writeHead = (status, headers = {}) => head(status, { ...headers, 'cf-aig-log-id': logId });
      }
      const api = path.endsWith('/chat/completions') ? 'chat' : path.endsWith('/responses') ? 'responses' : path.endsWith('/embeddings') ? 'embeddings' : path.endsWith('/messages') ? 'anthropic' : null;
      if (req.method !== 'POST' || !api) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      if (body.model === 'fail-429') {
        const error = api === 'anthropic' ? { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limited' } } : { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } };
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' }).end(JSON.stringify(error));
        return;
      }
      const sse = () => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        return (o, event) => res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof o === 'string' ? o : JSON.stringify(o)}\n\n`);
      };
      const n = calls.length;
      try {
        if (api === 'chat') await chat(body, res, sse, n, firstChunkMs);
        else if (api === 'responses') await responses(body, res, sse, n, firstChunkMs);
        else if (api === 'embeddings') embeddings(body, res);
        else await anthropic(body, res, sse, n, firstChunkMs);
      } catch {
        // the client went away
      }
      res.end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, calls, stop: () => server.close() };
}

const offersTools = (body) => Array.isArray(body.tools) && body.tools.length > 0;
const texts = (body) => (body.model === 'slow' ? SLOW : ANSWER);

async function chat(body, res, sse, n, firstChunkMs) {
  const toolResult = body.messages.some((m) => m.role === 'tool');
  const callTool = offersTools(body) && !toolResult;
  const id = 'chatcmpl-fake';
  const model = `${body.model}-2024`;
  const usage = toolResult
    ? { prompt_tokens: 30, completion_tokens: 8, total_tokens: 38, prompt_tokens_details: { cached_tokens: 10 }, completion_tokens_details: { reasoning_tokens: 3 } }
    : { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 };
  const call = { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } };
  const finish = callTool ? 'tool_calls' : 'stop';
  if (!body.stream) {
    // Structured output (response_format) answers in JSON.
    const answer = body.response_format ? '{"city":"Paris","celsius":21}' : ANSWER.join('');
    const message = callTool ? { role: 'assistant', content: null, tool_calls: [call], refusal: null } : { role: 'assistant', content: answer, refusal: null };
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_${n}` });
    res.write(JSON.stringify({ id, object: 'chat.completion', created: 1, model, choices: [{ index: 0, message, finish_reason: finish, logprobs: null }], usage }));
    return;
  }
  const send = sse();
  const withUsage = body.stream_options?.include_usage === true;
  const chunk = (delta, finish_reason = null) => ({ id, object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason }], ...(withUsage ? { usage: null } : {}) });
  await sleep(firstChunkMs);
  if (callTool) {
    send(chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '' } }] }));
    send(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Paris"}' } }] }));
  } else {
    let i = 0;
    for (const part of texts(body)) {
      send(chunk(i++ === 0 ? { role: 'assistant', content: part } : { content: part }));
      if (body.model === 'slow') await sleep(25);
      if (body.model === 'fail-midstream' && i === 2) {
        send({ error: { message: 'The server is overloaded', type: 'server_error' } });
        return;
      }
    }
  }
  send(chunk({}, finish));
  if (withUsage) send({ id, object: 'chat.completion.chunk', created: 1, model, choices: [], usage });
  send('[DONE]');
}

async function responses(body, res, sse, n, firstChunkMs) {
  const input = Array.isArray(body.input) ? body.input : [];
  const toolResult = input.some((i) => i.type === 'function_call_output');
  const callTool = offersTools(body) && !toolResult;
  const model = `${body.model}-2024`;
  const usage = { input_tokens: 20, output_tokens: 6, total_tokens: 26, input_tokens_details: { cached_tokens: 5 }, output_tokens_details: { reasoning_tokens: 2 } };
  const output = callTool
    ? [{ type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}', status: 'completed' }]
    : [{ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: ANSWER.join(''), annotations: [] }] }];
  const response = { id: 'resp_fake', object: 'response', created_at: 1, model, status: 'completed', output, usage, instructions: body.instructions ?? null };
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(JSON.stringify(response));
    return;
  }
  const send = sse();
  let seq = 0;
  const ev = (type, o) => send({ type, sequence_number: seq++, ...o }, type);
  ev('response.created', { response: { ...response, status: 'in_progress', output: [], usage: null } });
  await sleep(firstChunkMs);
  if (callTool) {
    ev('response.output_item.added', { output_index: 0, item: { ...output[0], arguments: '' } });
    ev('response.function_call_arguments.delta', { output_index: 0, item_id: 'fc_1', delta: '{"city":"Paris"}' });
  } else {
    ev('response.output_item.added', { output_index: 0, item: { ...output[0], content: [] } });
    let i = 0;
    for (const delta of texts(body)) {
      ev('response.output_text.delta', { output_index: 0, item_id: 'msg_1', content_index: 0, delta });
      if (body.model === 'slow') await sleep(25);
      if (body.model === 'fail-midstream' && ++i === 2) {
        send({ type: 'error', code: 'server_error', message: 'The server is overloaded', sequence_number: seq++ }, 'error');
        return;
      }
    }
  }
  ev('response.completed', { response });
}

function embeddings(body, res) {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const dims = body.dimensions ?? 8;
  const data = inputs.map((_, index) => ({ object: 'embedding', index, embedding: Array.from({ length: dims }, (_, i) => (i + index) / 10) }));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write(JSON.stringify({ object: 'list', data, model: `${body.model}-v2`, usage: { prompt_tokens: 4 * inputs.length, total_tokens: 4 * inputs.length } }));
}

async function anthropic(body, res, sse, n, firstChunkMs) {
  const last = body.messages[body.messages.length - 1];
  const toolResult = Array.isArray(last?.content) && last.content.some((b) => b.type === 'tool_result');
  const callTool = offersTools(body) && !toolResult;
  const id = 'msg_fake';
  const model = `${body.model}-20250101`;
  const usage = { input_tokens: 12, output_tokens: 7, cache_read_input_tokens: 100, cache_creation_input_tokens: 0, service_tier: 'standard' };
  const content = callTool ? [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } }] : [{ type: 'text', text: ANSWER.join('') }];
  const stop = callTool ? 'tool_use' : 'end_turn';
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${n}` });
    res.write(JSON.stringify({ id, type: 'message', role: 'assistant', model, content, stop_reason: stop, stop_sequence: null, usage }));
    return;
  }
  const send = sse();
  const ev = (type, o) => send({ type, ...o }, type);
  ev('message_start', { message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } });
  await sleep(firstChunkMs);
  if (callTool) {
    ev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} } });
    ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '{"city":' } });
    ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '"Paris"}' } });
  } else {
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    let i = 0;
    for (const text of texts(body)) {
      ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
      if (body.model === 'slow') await sleep(25);
      if (body.model === 'fail-midstream' && ++i === 2) {
        send({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'error');
        return;
      }
    }
  }
  ev('content_block_stop', { index: 0 });
  ev('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  ev('message_stop', {});
}
