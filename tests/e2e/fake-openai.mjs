// A loopback fake of the OpenAI chat-completions API, enough for an agent loop: the first call
// asks for the `weather` tool, the call that carries its result answers in text. With
// `stream: true` it answers in SSE chunks, the first one after `firstChunkMs`, usage last.
import { createServer } from 'node:http';

export async function startFakeOpenAI({ firstChunkMs = 40 } = {}) {
  const calls = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', async () => {
      if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
        res.writeHead(404).end('{}');
        return;
      }
      const body = JSON.parse(raw);
      calls.push(body);
      const toolResult = body.messages.some((m) => m.role === 'tool');
      const id = `chatcmpl-fake-${calls.length}`;
      const usage = toolResult ? { prompt_tokens: 30, completion_tokens: 8, total_tokens: 38 } : { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 };
      const message = toolResult
        ? { role: 'assistant', content: 'It is 21°C in Paris.' }
        : { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] };
      const finish = toolResult ? 'stop' : 'tool_calls';
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id, object: 'chat.completion', created: 1, model: 'gpt-4o-mini-2024', choices: [{ index: 0, message, finish_reason: finish }], usage }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const send = (o) => res.write(`data: ${JSON.stringify(o)}\n\n`);
      const chunk = (delta, finish_reason = null) => ({ id, object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini-2024', choices: [{ index: 0, delta, finish_reason }] });
      await new Promise((r) => setTimeout(r, firstChunkMs));
      if (toolResult) {
        for (const part of ['It is ', '21°C ', 'in Paris.']) send(chunk({ role: 'assistant', content: part }));
      } else {
        send(chunk({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '' } }] }));
        send(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Paris"}' } }] }));
      }
      send(chunk({}, finish));
      send({ id, object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini-2024', choices: [], usage });
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, calls, stop: () => server.close() };
}
