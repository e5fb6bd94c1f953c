// An MCP server Worker: a stateless McpServer per request (as createMcpHandler makes one from a
// factory), instrumented, behind the SDK's web-standard Streamable HTTP transport. Its tool makes
// a model call through a wrapped Workers AI binding (a fake), which finds the tool's span as its
// parent by itself. `?plain=1` serves the same tools from a server that is not instrumented.
import { Tracer, instrumentMcpServer, wrapWorkersAI } from 'edgespan';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { z } from 'zod';

const ai = wrapWorkersAI({ run: async () => ({ response: 'Sunny.', usage: { prompt_tokens: 5, completion_tokens: 1 } }) });

function makeServer(instrumented) {
  const server = new McpServer({ name: 'weather', version: '1.0.0' });
  server.registerTool('get_weather', { description: 'The weather in a city', inputSchema: { city: z.string() } }, async ({ city }) => {
    if (city === 'Atlantis') return { content: [{ type: 'text', text: 'no such city' }], isError: true };
    const { response } = await ai.run('@cf/meta/llama-3.1-8b-instruct', { prompt: `Weather in ${city}?` });
    return { content: [{ type: 'text', text: `21°C in ${city}. ${response}` }] };
  });
  server.registerPrompt('greeting', { description: 'A greeting' }, async () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'Hello' } }] }));
  return instrumented ? instrumentMcpServer(server) : server;
}

export default Tracer.instrument(
  {
    async fetch(request) {
      const url = new URL(request.url);
      if (url.pathname === '/__health') return new Response('ok');
      if (url.pathname !== '/mcp') return new Response('not found', { status: 404 });
      const server = makeServer(!url.searchParams.has('plain'));
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      await server.connect(transport);
      return transport.handleRequest(request);
    },
  },
  (env) => ({ endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, serviceName: 'mcp-server' }),
);
