// A chat agent of the Cloudflare Agents SDK (AIChatAgent from @cloudflare/ai-chat), traced with
// instrumentAgent: each chat turn is an invoke_agent span, and the AI SDK's model and tool spans
// (its OpenTelemetry integration over this.ctx.span.otelTracer()) nest under the turn. The model
// is a loopback fake of the OpenAI API (FAKE_LLM).
import { AIChatAgent } from '@cloudflare/ai-chat';
import { routeAgentRequest } from 'agents';
import { McpAgent, createMcpHandler } from 'agents/mcp';
import { McpServer as McpServerV1 } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { convertToModelMessages, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { OpenTelemetry } from '@ai-sdk/otel';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { Tracer, instrumentAgent, instrumentMcpServer, wrapWorkersAI } from 'edgespan';

const tracing = (env) => ({ endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, serviceName: 'agents-e2e' });

const weather = tool({
  description: 'The weather in a city',
  inputSchema: jsonSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
  execute: async ({ city }) => ({ city, celsius: 21 }),
});

class ChatAgentImpl extends AIChatAgent {
  initialState = { turns: 0 };

  async tick() {
    this.setState({ ...this.state, ticked: true });
  }

  // `POST .../mcp-call?server=…`: connect to an MCP server and call its tool: the MCP server Worker
  // (MCP_URL, the default), this Worker's McpAgent (`agent`) or its stateless MCP SDK 2.x server
  // (`v2`). The agent's MCP client is instrumented by instrumentAgent itself.
  async onRequest(request) {
    const url = new URL(request.url);
    // `.../schedule?delay=s`, `.../cancel?id=…`, `.../kept`: schedules set in traced requests, and
    // what edgespan keeps in the agent's storage for them.
    if (url.pathname.endsWith('/schedule')) {
      const { id } = await this.schedule(Number(url.searchParams.get('delay')), 'tick');
      return Response.json({ id, traceId: this.ctx.span.traceId });
    }
    if (url.pathname.endsWith('/cancel')) return Response.json({ cancelled: await this.cancelSchedule(url.searchParams.get('id')) });
    if (url.pathname.endsWith('/kept')) return Response.json([...this.ctx.storage.kv.list({ prefix: '__edgespan' })].map(([k]) => k));
    if (url.pathname.endsWith('/mcp-call')) {
      const server = url.searchParams.get('server');
      const target = server === 'agent' ? `${url.origin}/mcp-agent` : server === 'v2' ? `${url.origin}/mcp-v2` : this.env.MCP_URL;
      const { id } = await this.addMcpServer(server ?? 'weather', target);
      const city = url.searchParams.get('city') ?? 'Paris';
      const result = await this.mcp.callTool({ serverId: id, name: 'get_weather', arguments: { city } });
      return Response.json({ result, traceId: this.ctx.span.traceId });
    }
    return super.onRequest(request);
  }

  async onChatMessage() {
    // A state change and a schedule run, both reported by the SDK's own observability events.
    this.setState({ ...this.state, turns: (this.state?.turns ?? 0) + 1 });
    await this.schedule(0, 'tick');
    const provider = createOpenAICompatible({ name: 'fake', baseURL: `${this.env.FAKE_LLM}/v1`, apiKey: 'sk-fake', includeUsage: true });
    const result = streamText({
      model: provider('gpt-4o-mini'),
      messages: await convertToModelMessages(this.messages),
      tools: { weather },
      stopWhen: stepCountIs(3),
      telemetry: { integrations: [new OpenTelemetry({ tracer: this.ctx.span.otelTracer() })] },
    });
    return result.toUIMessageStreamResponse();
  }
}

export const ChatAgent = instrumentAgent(ChatAgentImpl, tracing);

// The tool both MCP servers below serve; its model call (a wrapped fake Workers AI binding) must
// nest under the tool's SERVER span with no parent given.
const ai = wrapWorkersAI({ run: async () => ({ response: 'Mild.', usage: { prompt_tokens: 4, completion_tokens: 1 } }) });
async function getWeather(city) {
  if (city === 'Atlantis') return { content: [{ type: 'text', text: 'no such city' }], isError: true };
  const { response } = await ai.run('@cf/meta/llama-3.1-8b-instruct', { prompt: `Weather in ${city}?` });
  return { content: [{ type: 'text', text: `19°C in ${city}. ${response}` }] };
}

// An McpAgent (a Durable Object per MCP session, MCP SDK 1.x), served at /mcp-agent. Its tool runs
// while the object's streamed response is being sent, after its fetch has returned.
class WeatherMcpImpl extends McpAgent {
  server = new McpServerV1({ name: 'weather-agent', version: '1.0.0' });
  async init() {
    this.server.registerTool('get_weather', { description: 'The weather in a city', inputSchema: { city: z.string() } }, ({ city }) => getWeather(city));
  }
}
export const WeatherMcp = instrumentAgent(WeatherMcpImpl, tracing);
const mcpAgent = WeatherMcp.serve('/mcp-agent', { binding: 'WeatherMcp' });

// A stateless MCP SDK 2.x server made per request by createMcpHandler, at /mcp-v2.
const mcpV2 = createMcpHandler(
  () => {
    const server = new McpServer({ name: 'weather-v2', version: '2.0.0' });
    server.registerTool('get_weather', { description: 'The weather in a city', inputSchema: z.object({ city: z.string() }) }, ({ city }) => getWeather(city));
    return instrumentMcpServer(server);
  },
  { route: '/mcp-v2' },
);

export default Tracer.instrument(
  {
    async fetch(request, env, ctx) {
      const { pathname } = new URL(request.url);
      if (pathname === '/__health') return new Response('ok');
      if (pathname === '/mcp-agent') return mcpAgent.fetch(request, env, ctx);
      if (pathname === '/mcp-v2') return mcpV2(request, env, ctx);
      return (await routeAgentRequest(request, env)) ?? new Response('not found', { status: 404 });
    },
  },
  tracing,
);
