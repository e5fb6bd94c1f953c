// An MCP server Worker: a stateless server per request, instrumented. Each tool call is a
// SERVER span (`tools/call get_weather`) that continues the caller's trace from the request's
// `_meta`, with the tool's arguments and result.
import { Tracer, instrumentMcpServer } from 'edgespan';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { z } from 'zod';

function weatherServer() {
  const server = new McpServer({ name: 'weather', version: '1.0.0' });
  server.registerTool('get_weather', { description: 'The weather in a city', inputSchema: { city: z.string() } }, async ({ city }) => ({
    content: [{ type: 'text', text: `21°C and sunny in ${city}` }],
  }));
  return instrumentMcpServer(server);
}

export default Tracer.instrument({
  async fetch(request) {
    const server = weatherServer();
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    return transport.handleRequest(request);
  },
});
