// instrumentMcpServer(server, init?) and instrumentMcpClient(client, init?): the Model Context
// Protocol (@modelcontextprotocol/sdk 1.x, @modelcontextprotocol/server and client 2.x), traced
// by the OpenTelemetry MCP conventions. Every request a server handles is a
// SERVER span (`tools/call get_weather`) that continues the caller's trace from the request's
// `params._meta` (traceparent, tracestate, baggage) and is the current span while its handler
// runs; every request a client sends is a CLIENT span whose context travels in `params._meta`.
// What the server answers and what the client gets back are unchanged.

import { currentSpan, withSpan } from '../context.js';
import { APPLY_BAGGAGE, BAGGAGE, START_SPAN } from '../hooks.js';
import { prop, safe, safeJson, str } from '../text.js';
import { ext } from '../ext.js';

// The request parameter that names a method's target, and the attribute it becomes.
const TARGETS = {
  __proto__: null,
  'tools/call': ['name', 'gen_ai.tool.name'],
  'prompts/get': ['name', 'gen_ai.prompt.name'],
  'resources/read': ['uri', 'mcp.resource.uri'],
  'resources/subscribe': ['uri', 'mcp.resource.uri'],
  'resources/unsubscribe': ['uri', 'mcp.resource.uri'],
};

let warned = false;

// The tracer `init` names (a Tracer, TracerOptions, or a function returning either), made on first
// use; null without one (spans then hang off the current span). Never throws once made: a tracer
// it cannot make is off (Tracer.fromInit).
function tracerOf(what, init) {
  if (init === undefined) return () => null;
  if (init === null || (typeof init !== 'object' && typeof init !== 'function')) throw new TypeError(`edgespan: ${what}(x, init) takes a Tracer, TracerOptions or a function returning either`);
  let made;
  return () => (made ??= ext.fromInit(init));
}

// A span for one MCP request: a child of the `_meta` traceparent when there is one (started in
// the current span's tracer, or init's), else of the current span, else a root of init's tracer.
function startFor(name, options, traceparent, tracer) {
  const near = currentSpan();
  if (typeof traceparent === 'string' && traceparent) {
    const o = Object.assign({ parent: traceparent }, options);
    const span = near?.[START_SPAN]?.(name, o) ?? tracer?.startSpan(name, o);
    // Its parent is the caller's span, not the HTTP request it arrived in: link to that request.
    if (span && near && span.parentSpanId !== near.spanId) span.addLink(near, { 'link.kind': 'transport' });
    return span ?? null;
  }
  if (near) return near.startSpan(name, options);
  return tracer?.startSpan(name, options) ?? null;
}

// The attributes every MCP span has: method, target, request id, session, protocol version.
function baseAttributes(method, params, extra) {
  const a = { 'mcp.method.name': method };
  const t = TARGETS[method];
  const target = t ? prop(params, t[0]) : undefined;
  if (t && typeof target === 'string') a[t[1]] = target;
  if (method === 'tools/call') a['gen_ai.operation.name'] = 'execute_tool';
  // 1.x hands a handler `extra` ({ requestId, sessionId, requestInfo }); 2.x a context
  // ({ sessionId, mcpReq: { id }, http: { req } }).
  const id = prop(extra, 'requestId') ?? prop(prop(extra, 'mcpReq'), 'id');
  if (id !== undefined && id !== null) a['jsonrpc.request.id'] = str(id);
  const session = prop(extra, 'sessionId');
  if (typeof session === 'string') a['mcp.session.id'] = session;
  const headers = prop(prop(extra, 'requestInfo'), 'headers') ?? prop(prop(prop(extra, 'http'), 'req'), 'headers');
  const version = method === 'initialize' ? prop(params, 'protocolVersion') : headerOf(headers, 'mcp-protocol-version');
  if (typeof version === 'string') a['mcp.protocol.version'] = version;
  return { attributes: a, target: typeof target === 'string' ? target : undefined };
}

function headerOf(headers, name) {
  if (!headers) return undefined;
  if (typeof headers.get === 'function') return safe(() => headers.get(name)) ?? undefined;
  const v = prop(headers, name);
  return Array.isArray(v) ? v[0] : v;
}

// Records what a request answered on its span: a tool's result (and `isError`), or a JSON-RPC
// error's code.
function settleSpan(span, method, result, error) {
  if (error !== undefined) {
    const code = prop(error, 'code');
    span.setAttribute('error.type', typeof code === 'number' ? String(code) : str(prop(error, 'name') ?? 'Error'));
    span.recordError(error);
  } else if (method === 'tools/call' && result && typeof result === 'object') {
    const content = prop(result, 'structuredContent') ?? prop(result, 'content');
    if (content !== undefined) span.setAttribute('gen_ai.tool.call.result', safeJson(content));
    if (prop(result, 'isError') === true) {
      span.setAttribute('error.type', 'tool_error');
      span.setStatus('error');
    }
  }
  span.end();
}

// Runs one request (`run()`, its handler or its sending) on `span`: a tool call's arguments
// recorded first, the answer or the error when it settles; what `run` returns or throws is
// handed on unchanged.
function runRequest(span, method, params, run) {
  if (method === 'tools/call') {
    const args = prop(params, 'arguments');
    if (args !== undefined) span.setAttribute('gen_ai.tool.call.arguments', safeJson(args));
  }
  let out;
  try {
    out = run();
  } catch (e) {
    settleSpan(span, method, undefined, e);
    throw e;
  }
  return Promise.resolve(out).then(
    (result) => {
      settleSpan(span, method, result);
      return result;
    },
    (e) => {
      settleSpan(span, method, undefined, e);
      throw e;
    },
  );
}

// The Protocol object that dispatches requests: an McpServer's `server`, or the Server itself.
function protocolOf(server) {
  const inner = prop(server, 'server');
  const p = inner && typeof inner === 'object' && prop(inner, '_requestHandlers') instanceof Map ? inner : server;
  return prop(p, '_requestHandlers') instanceof Map ? p : null;
}

/** Traces every request `server` handles; see docs/mcp.md. Returns the server. */
export function instrumentMcpServer(server, init) {
  const tracer = tracerOf('instrumentMcpServer', init);
  const protocol = server && typeof server === 'object' ? protocolOf(server) : null;
  if (!protocol) throw new TypeError('edgespan: instrumentMcpServer(server) needs an MCP server (McpServer or Server of @modelcontextprotocol/sdk 1.x or @modelcontextprotocol/server 2.x)');
  const handlers = protocol._requestHandlers;
  if (handlers.edgespan) return server;
  const wrapped = new WeakMap();
  const wrap = (method, handler) => {
    let w = wrapped.get(handler);
    if (w) return w;
    w = function traced(request, extra) {
      const params = prop(request, 'params');
      const meta = prop(params, '_meta') ?? prop(prop(extra, 'mcpReq'), '_meta');
      const { attributes, target } = baseAttributes(method, params, extra);
      const span = startFor(target ? `${method} ${target}` : method, { kind: 'server', type: method === 'tools/call' ? 'tool' : undefined, attributes }, prop(meta, 'traceparent'), tracer());
      if (!span) {
        if (!warned) {
          warned = true;
          console.warn('edgespan: instrumentMcpServer: a request handled outside any traced code (no current span, no init tracer) is not traced');
        }
        return handler.call(this, request, extra);
      }
      const baggage = prop(meta, 'baggage');
      if (typeof baggage === 'string') span[APPLY_BAGGAGE]?.(baggage);
      return runRequest(span, method, params, () => withSpan(span, () => handler.call(this, request, extra)));
    };
    wrapped.set(handler, w);
    return w;
  };
  // The handler table, read at each request: every handler, set before or after, is traced.
  const traced = new (class extends Map {
    get(method) {
      const h = super.get(method);
      return typeof h === 'function' ? wrap(method, h) : h;
    }
  })(handlers);
  traced.edgespan = true;
  protocol._requestHandlers = traced;
  return server;
}

/** Traces every request `client` sends, carrying the trace in `params._meta`; see docs/mcp.md.
 * Returns the client. */
export function instrumentMcpClient(client, init) {
  const tracer = tracerOf('instrumentMcpClient', init);
  const original = client && typeof client === 'object' ? prop(client, 'request') : undefined;
  if (typeof original !== 'function') throw new TypeError('edgespan: instrumentMcpClient(client) needs an MCP Client (of @modelcontextprotocol/sdk 1.x or @modelcontextprotocol/client 2.x)');
  if (original.edgespan) return client;
  const request = function request(req, resultSchema, options) {
    const method = prop(req, 'method');
    const params = prop(req, 'params');
    if (typeof method !== 'string') return original.call(this, req, resultSchema, options);
    const { attributes, target } = baseAttributes(method, params, undefined);
    const span = startFor(target ? `${method} ${target}` : method, { kind: 'client', attributes }, undefined, tracer());
    if (!span) return original.call(this, req, resultSchema, options);
    // The caller's own `_meta` keys kept; the trace, and the session and user, added.
    const meta = Object.assign({}, prop(params, '_meta'), { traceparent: span.traceparent });
    const baggage = span[BAGGAGE]?.(typeof meta.baggage === 'string' ? meta.baggage : '');
    if (baggage) meta.baggage = baggage;
    const sent = Object.assign({}, req, { params: Object.assign({}, params, { _meta: meta }) });
    return runRequest(span, method, params, () => original.call(this, sent, resultSchema, options));
  };
  request.edgespan = true;
  client.request = request;
  return client;
}
