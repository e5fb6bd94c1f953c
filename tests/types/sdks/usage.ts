// The published types against the real SDKs' types: logLLM takes their objects as they are, and
// the wrappers keep the client's type. (skipLibCheck here: the SDKs' own .d.ts need Node's types;
// edgespan.d.ts itself is checked without it by ../tsconfig.json.)
import { Tracer, Span, wrapOpenAI, wrapAnthropic, wrapWorkersAI } from 'edgespan';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
export async function sdkShapes(s: Span, t: Tracer): Promise<void> {
  const openai = wrapOpenAI(new OpenAI({ apiKey: 'x' }), { parent: s });
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'hi' }];
  const r: OpenAI.Chat.ChatCompletion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
  s.logLLM({ provider: 'openai', model: r.model, inputMessages: messages, outputMessages: r.choices, usage: r.usage, params: { temperature: null, max_tokens: 5 } });
  s.logLLM({ outputMessages: [r.choices[0].message], finishReasons: r.choices.map((c) => c.finish_reason) });
  const res = await openai.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
  s.logLLM({ usage: res.usage, responseId: res.id });
  const anthropic = wrapAnthropic(new Anthropic({ apiKey: 'x' }), { tracer: t });
  const m: Anthropic.Message = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
  s.logLLM({ provider: 'anthropic', outputMessages: [m], usage: m.usage, systemInstructions: [{ type: 'text', text: 'be brief' }] });
  const ai = wrapWorkersAI({ run: async (_model: string, _inputs: object) => ({ response: 'x' }) }, { parent: () => s });
  await ai.run('@cf/meta/llama-3.1-8b-instruct', {});
  s.traceStream(new ReadableStream<string>(), { captureOutput: (c: string) => c });
}
