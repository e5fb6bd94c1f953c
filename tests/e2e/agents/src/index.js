// A chat agent of the Cloudflare Agents SDK (AIChatAgent from @cloudflare/ai-chat), traced with
// instrumentAgent: each chat turn is an invoke_agent span, and the AI SDK's model and tool spans
// (its OpenTelemetry integration over this.ctx.span.otelTracer()) nest under the turn. The model
// is a loopback fake of the OpenAI API (FAKE_LLM).
import { AIChatAgent } from '@cloudflare/ai-chat';
import { routeAgentRequest } from 'agents';
import { convertToModelMessages, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { OpenTelemetry } from '@ai-sdk/otel';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { Tracer, instrumentAgent } from 'edgespan';

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

  // `POST .../mcp-call`: connect to the MCP server Worker (MCP_URL) and call its tool. The agent's
  // MCP client is instrumented by instrumentAgent itself.
  async onRequest(request) {
    if (new URL(request.url).pathname.endsWith('/mcp-call')) {
      const { id } = await this.addMcpServer('weather', this.env.MCP_URL);
      const result = await this.mcp.callTool({ serverId: id, name: 'get_weather', arguments: { city: 'Paris' } });
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

export default Tracer.instrument(
  {
    async fetch(request, env) {
      if (new URL(request.url).pathname === '/__health') return new Response('ok');
      return (await routeAgentRequest(request, env)) ?? new Response('not found', { status: 404 });
    },
  },
  tracing,
);
