// An MCP client Worker: an instrumented Client that reaches the server Worker through its service
// binding (`?via=binding`, the default) or over HTTP (`?via=http`, SERVER_URL), lists the tools and
// calls one (`?tool`, `?city`); `?plain=1` asks the server not to instrument itself; `?raw=1`
// bypasses the client's instrumentation; `?session` names the conversation.
import { Tracer, instrumentMcpClient } from 'edgespan';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export default Tracer.instrument(
  {
    async fetch(request, env, ctx) {
      const url = new URL(request.url);
      if (url.pathname === '/__health') return new Response('ok');
      const q = (k, d) => url.searchParams.get(k) ?? d;
      if (url.searchParams.has('session')) ctx.span.setTraceAttributes({ sessionId: q('session'), userId: 'user-9' });
      const http = q('via', 'binding') === 'http';
      const target = new URL(`${http ? env.SERVER_URL : 'http://mcp'}/mcp${url.searchParams.has('plain') ? '?plain=1' : ''}`);
      const fetchVia = http ? (u, i) => fetch(u, i) : (u, i) => env.MCP.fetch(u, i);
      const client = new Client({ name: 'e2e-client', version: '1.0.0' });
      if (!url.searchParams.has('raw')) instrumentMcpClient(client);
      await client.connect(new StreamableHTTPClientTransport(target, { fetch: fetchVia }));
      const tools = await client.listTools();
      let result;
      try {
        result = url.searchParams.has('prompt') ? await client.getPrompt({ name: q('prompt') }) : await client.callTool({ name: q('tool', 'get_weather'), arguments: { city: q('city', 'Paris') } });
      } catch (e) {
        result = { thrown: { name: e?.name, code: e?.code, message: String(e?.message ?? e) } };
      }
      await client.close();
      return Response.json({ traceId: ctx.span.traceId, rootSpanId: ctx.span.spanId, tools: tools.tools.map((t) => t.name), result });
    },
  },
  (env) => ({ endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, serviceName: 'mcp-client' }),
);
