// A Worker as a new user writes it, run by tests/e2e/firsthour.test.mjs: the default export is
// `Tracer.instrument(app)` (its tracer from `Tracer.fromEnv(env)`), `/explicit` keeps its own
// `tracer ??= Tracer.fromEnv(env)`, `/do` calls an instrumented Durable Object. With MODE=plain the
// same app runs uninstrumented, so the test can compare what the client gets byte for byte.
import { DurableObject } from 'cloudflare:workers';
import { Tracer, instrumentDurableObject, wrapAnthropic, wrapOpenAI } from 'edgespan';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { streamText } from 'ai';
import { OpenTelemetry } from '@ai-sdk/otel';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';

let tracer;

const app = {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const span = ctx.span;
    switch (url.pathname) {
      case '/__health':
        return new Response('ok');
      case '/hello': {
        span?.setAttribute('route', 'hello');
        span?.log({ input: 'hi', output: 'hello' });
        const value = span ? await span.traced('work', async (s) => (s.setAttribute('n', 1), 'traced value')) : 'traced value';
        return new Response(`hello from the app: ${value}`, { status: 200, headers: { 'x-app': 'first-hour', 'content-type': 'text/plain;charset=UTF-8' } });
      }
      case '/explicit': {
        tracer ??= Tracer.fromEnv(env);
        const value = await tracer.traced('explicit', async () => 'explicit value');
        ctx.waitUntil(tracer.flush());
        return new Response(`explicit: ${value}`, { headers: { 'x-app': 'first-hour' } });
      }
      case '/do':
        return (env.MODE === 'plain' ? env.PLAIN_ROOM : env.ROOM).getByName('lobby').fetch('https://room/join');
      case '/ws':
        return env.SOCKET.getByName('ws').fetch(request);
      case '/throws':
        throw new Error('the app failed on its own');
      case '/stream': {
        // A wrapped openai stream handed to the client as it comes.
        const openai = wrapOpenAI(new OpenAI({ baseURL: `${env.FAKE_LLM}/v1`, apiKey: 'sk-fake' }));
        const stream = await openai.chat.completions.create({ model: 'slow', messages: [{ role: 'system', content: 'Count.' }, { role: 'user', content: 'Count to forty.' }], stream: true, temperature: 0.5 });
        return new Response(stream.toReadableStream(), { headers: { 'x-trace-id': span?.traceId ?? '' } });
      }
      case '/anthropic-stream': {
        // A wrapped Anthropic stream handed to the client as it comes.
        const anthropic = wrapAnthropic(new Anthropic({ baseURL: env.FAKE_LLM, apiKey: 'sk-fake' }));
        const stream = await anthropic.messages.create({ model: 'slow', max_tokens: 256, messages: [{ role: 'user', content: 'Count to forty.' }], stream: true });
        return new Response(stream.toReadableStream(), { headers: { 'x-trace-id': span?.traceId ?? '' } });
      }
      case '/aisdk-stream': {
        const provider = createOpenAICompatible({ name: 'fake', baseURL: `${env.FAKE_LLM}/v1`, apiKey: 'sk-fake', includeUsage: true });
        const telemetry = { integrations: [new OpenTelemetry({ tracer: span.otelTracer() })] };
        const result = streamText({ model: provider('slow'), prompt: 'Count to forty.', telemetry });
        return result.toTextStreamResponse({ headers: { 'x-trace-id': span.traceId } });
      }
      case '/big': {
        // A 5 MB prompt: the answer must arrive intact, the prompt cut.
        const openai = wrapOpenAI(new OpenAI({ baseURL: `${env.FAKE_LLM}/v1`, apiKey: 'sk-fake' }));
        const prompt = 'p'.repeat(5 * 1024 * 1024);
        const r = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] });
        return Response.json({ answer: r.choices[0].message.content, traceId: span.traceId });
      }
      default:
        return new Response('not found', { status: 404 });
    }
  },
};

class RoomImpl extends DurableObject {
  async fetch() {
    this.ctx.span?.setAttribute('room', 'lobby');
    const n = ((await this.ctx.storage.get('n')) ?? 0) + 1;
    await this.ctx.storage.put('n', n);
    return new Response('joined the room', { headers: { 'x-app': 'first-hour' } });
  }
}

export const Room = instrumentDurableObject(RoomImpl);

// A hibernatable WebSocket object that asks for its closes to be traced even when they make no span.
class SocketImpl extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketMessage(ws, message) {
    ws.send(`echo ${message}`);
  }
  async webSocketClose(ws, code) {
    ws.close(code, 'bye');
  }
}
export const Socket = instrumentDurableObject(SocketImpl, undefined, { traceWebSocketClose: true });
export class PlainRoom extends RoomImpl {}

const instrumented = Tracer.instrument(app);
export default {
  fetch: (request, env, ctx) => (env.MODE === 'plain' ? app : instrumented).fetch(request, env, ctx),
};
