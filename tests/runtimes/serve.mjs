// Run by Deno or Bun (tests/runtimes/runtimes.test.mjs): serves one instrumented fetch-style
// handler on a free port, asks it twice (once with a traceparent), stops the server and ends, so
// that the exit hook delivers what the per-request flushes left. Prints the answers as JSON.
const runtime = globalThis.Deno ? 'deno' : 'bun';
const { instrumentHandler } = await import(new URL('./node_modules/edgespan/node.js', import.meta.url).href);
const endpoint = `${(globalThis.Deno ? Deno.env.get('COLLECTOR') : process.env.COLLECTOR)}/v1/traces`;
const handler = instrumentHandler(
  async (request, ...rest) => {
    const span = rest.at(-1); // the root, after the runtime's own arguments
    span.startSpan('work', { attributes: { runtime } }).end();
    return new Response(`hello from ${runtime} ${new URL(request.url).pathname}`);
  },
  { endpoint, serviceName: `edgespan-${runtime}` },
);
let url, stop;
if (globalThis.Deno) {
  const server = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen() {} }, handler);
  url = `http://127.0.0.1:${server.addr.port}`;
  stop = () => server.shutdown();
} else {
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: handler });
  url = `http://127.0.0.1:${server.port}`;
  stop = () => server.stop(true);
}
const a = await (await fetch(`${url}/a`)).text();
const b = await (await fetch(`${url}/b`, { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } })).text();
await stop();
console.log(JSON.stringify({ a, b }));
