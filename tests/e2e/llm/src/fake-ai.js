// An object with the Workers AI binding's interface (no local binding exists offline):
// run(model, inputs, options?) answers text generation with { response, tool_calls?, usage } or,
// with `stream: true`, a ReadableStream of SSE `data: {"response": …}` lines ending in
// `data: [DONE]`; embedding models (`@cf/baai/…`) with { shape, data }. Model `fail` rejects as the
// binding does (an Error with the provider's message); `slow` streams 40 chunks 25 ms apart.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class FakeAI {
  constructor(firstChunkMs = 40) {
    this.firstChunkMs = firstChunkMs;
  }

  async run(model, inputs, options) {
    // Through AI Gateway (`options.gateway`), the binding keeps the log id of Gateway's record.
    if (options?.gateway) {
      this.gatewayHeaders = options.extraHeaders ?? {};
      this.aiGatewayLogId = `aig-log-binding-${options.gateway.id}`;
    }
    if (model === 'fail') throw new Error('AiError: 3040: Capacity temporarily exceeded, please try again.');
    if (model.startsWith('@cf/baai/')) {
      const texts = Array.isArray(inputs.text) ? inputs.text : [inputs.text];
      return { shape: [texts.length, 4], data: texts.map((_, i) => [i, 0.1, 0.2, 0.3]), pooling: 'cls' };
    }
    const usage = { prompt_tokens: 11, completion_tokens: 4, total_tokens: 15 };
    const lastTool = Array.isArray(inputs.messages) && inputs.messages.some((m) => m.role === 'tool');
    if (Array.isArray(inputs.tools) && inputs.tools.length && !lastTool) {
      return { response: null, tool_calls: [{ name: 'weather', arguments: { city: 'Paris' } }], usage };
    }
    const pieces = model === 'slow' ? Array.from({ length: 40 }, (_, i) => `w${i} `) : ['It is ', '21°C ', 'in Paris.'];
    if (!inputs.stream) return { response: pieces.join(''), usage };
    const enc = new TextEncoder();
    const first = this.firstChunkMs;
    let i = -1;
    return new ReadableStream({
      async pull(c) {
        if (i === -1) await sleep(first);
        else if (model === 'slow') await sleep(25);
        i++;
        if (i < pieces.length) c.enqueue(enc.encode(`data: ${JSON.stringify({ response: pieces[i], p: 'abc' })}\n\n`));
        else if (i === pieces.length) c.enqueue(enc.encode(`data: ${JSON.stringify({ response: '', usage })}\n\ndata: [DONE]\n\n`));
        else c.close();
      },
    });
  }

  async models() {
    return [{ name: 'fake' }];
  }
}
