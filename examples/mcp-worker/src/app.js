// A Worker that asks an MCP server Worker for the weather through a service binding: its MCP
// client is instrumented, so the request, each MCP call and the server's tool span are one trace.
import { Tracer, instrumentMcpClient } from 'edgespan';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export default Tracer.instrument({
  async fetch(request, env) {
    const city = new URL(request.url).searchParams.get('city') ?? 'Paris';
    const client = instrumentMcpClient(new Client({ name: 'weather-app', version: '1.0.0' }));
    await client.connect(new StreamableHTTPClientTransport(new URL('https://weather/mcp'), { fetch: (u, i) => env.WEATHER.fetch(u, i) }));
    const result = await client.callTool({ name: 'get_weather', arguments: { city } });
    await client.close();
    return new Response(`${result.content[0].text}\n`);
  },
});
