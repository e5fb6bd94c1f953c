// instrumentAgent(AgentClass, init?): an Agents SDK agent (a Durable Object) instrumented as
// instrumentDurableObject does, plus the SDK's own observability events, which it publishes on
// node:diagnostics_channel (`agents:*`; the `agents` package needs nodejs_compat, so
// AsyncLocalStorage is there too). A chat turn becomes an `invoke_agent` span of the running
// event's trace and is the current span until it ends, so the model calls made inside it (a
// wrapped client, or the AI SDK with `this.ctx.span.otelTracer()`) nest under it; tool results,
// schedule runs and state changes become spans of that turn (or of the event).

import { instrumentClass } from './classes.js';
import { currentSpan, setCurrent } from '../context.js';
import { safe, str } from '../text.js';
import { instrumentMcpClient, instrumentMcpServer } from '../integrations/mcp.js';

const CHANNELS = ['agents:message', 'agents:chat', 'agents:schedule', 'agents:state', 'agents:rpc', 'agents:agent_tool'];

// Open turns, by the span that was current when each began (restored when it ends).
const turns = new WeakMap();
let listening = false;

function listen() {
  if (listening) return;
  const dc = safe(() => globalThis.process?.getBuiltinModule?.('node:diagnostics_channel'));
  if (!dc || typeof dc.subscribe !== 'function') {
    // Without it the agent's turns would go untraced with no word: say so where it is set up.
    throw new TypeError('edgespan: instrumentAgent() needs node:diagnostics_channel, which the Agents SDK needs too: enable the nodejs_compat compatibility flag');
  }
  listening = true;
  for (const name of CHANNELS) safe(() => dc.subscribe(name, (ev) => safe(() => onEvent(ev))));
}

// Schedule id → the traceparent of the span that created it, handed from an agent's own event
// (linkSchedules, which reads the agent's storage) to the span made for it here, in one emit.
const setters = new Map();

const attrsOf = (ev) => ({ 'gen_ai.agent.name': ev.agent, 'cloudflare.agents.name': ev.name });

function instant(parent, name, type, attributes) {
  const s = parent.startSpan(name, { type, attributes });
  s.end();
  return s;
}

function onEvent(ev) {
  const span = currentSpan();
  if (!span || !ev || typeof ev.type !== 'string') return;
  const p = ev.payload ?? {};
  switch (ev.type) {
    case 'message:request': {
      const turn = span.startSpan(`invoke_agent ${ev.agent ?? 'agent'}`, { type: 'agent', attributes: { 'gen_ai.operation.name': 'invoke_agent', ...attrsOf(ev) } });
      turns.set(turn, span);
      setCurrent(turn);
      return;
    }
    case 'message:response':
    case 'message:error':
    case 'message:cancel': {
      const before = turns.get(span);
      if (!before) return;
      turns.delete(span);
      if (ev.type === 'message:error') span.recordError(new Error(str(p.error ?? 'chat turn failed')));
      if (ev.type === 'message:cancel') span.setAttribute('edgespan.turn.cancelled', true);
      span.end();
      setCurrent(before);
      return;
    }
    case 'tool:result':
      instant(span, `execute_tool ${p.toolName ?? 'tool'}`, 'tool', { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': p.toolName, 'gen_ai.tool.call.id': p.toolCallId, ...attrsOf(ev) });
      return;
    case 'schedule:execute':
    case 'schedule:error':
    case 'schedule:retry': {
      const s = span.startSpan(`schedule ${p.callback ?? ''}`.trim(), { type: 'task', attributes: { 'cloudflare.agents.schedule.id': p.id, 'cloudflare.agents.schedule.callback': p.callback, 'cloudflare.agents.event': ev.type, ...attrsOf(ev) } });
      const setter = ev.type === 'schedule:execute' ? safe(() => setters.get(p.id)) : undefined;
      if (setter) s.addLink(setter, { 'link.kind': 'scheduled_by' });
      if (ev.type === 'schedule:error') s.setStatus?.('error', str(p.error));
      s.end();
      return;
    }
    case 'state:update':
      instant(span, 'state update', 'task', attrsOf(ev));
      return;
    default:
      // Other events (rpc, chat:*, agent_tool:*) are recorded as events of the current span.
      span.addEvent(`agents.${ev.type}`, { ...attrsOf(ev), ...flat(p) });
  }
}

// Scalar payload fields only, as event attributes.
function flat(p) {
  const out = {};
  for (const [k, v] of Object.entries(p)) if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[`cloudflare.agents.${k}`] = v;
  return out;
}

/** An Agents SDK class with its entry points traced and its observability events as spans; an
 * McpAgent's MCP server, and every MCP connection the agent opens (`addMcpServer`), instrumented. */
export function instrumentAgentClass(Class, getTracer, options) {
  listen();
  const Traced = instrumentClass(Class, getTracer, 'durableObject', options);
  const Agent = class extends Traced {
    constructor(ctx, env) {
      super(ctx, env);
      instrumentMcp(this);
      linkSchedules(this);
    }
  };
  Object.defineProperty(Agent, 'name', { value: Traced.name });
  return Agent;
}

// Where a schedule's creator is kept, in the agent's own storage: one key per schedule id.
const SCHEDULE_SETTER = '__edgespan_schedule:';
const REPEATS = new Set(['cron', 'interval']);

// Each schedule an agent creates inside a traced event keeps that span's traceparent under its id
// (the agent's synchronous SQLite storage, `ctx.storage.kv`; every Agent is SQLite-backed) and
// notes the planned time on the span; the run of that schedule links to it. A one-off schedule's
// record goes when it runs, a repeating one's when it is cancelled; a cancelled schedule leaves
// nothing. Seen through the agent's own observability events, which carry the instance.
function linkSchedules(agent) {
  const kv = safe(() => agent.ctx.storage.kv);
  const obs = safe(() => agent.observability);
  if (!kv || typeof kv.get !== 'function' || !obs || typeof obs.emit !== 'function') return;
  const emit = obs.emit;
  const traced = new Proxy(obs, {
    get: (t, k) => (k === 'emit' ? (ev) => (safe(() => onSchedule(agent, kv, ev)), Reflect.apply(emit, t, [ev])) : Reflect.get(t, k)),
  });
  safe(() => (agent.observability = traced));
}

function onSchedule(agent, kv, ev) {
  const id = ev?.payload?.id;
  if (typeof id !== 'string' || typeof ev.type !== 'string' || !ev.type.startsWith('schedule:')) return;
  const key = SCHEDULE_SETTER + id;
  switch (ev.type) {
    case 'schedule:create': {
      const span = currentSpan();
      if (!span) return;
      const schedule = safe(() => agent.getSchedule(id));
      const time = schedule?.time;
      if (typeof time === 'number') span.addEvent('agents.schedule', { 'cloudflare.agents.schedule.id': id, 'cloudflare.agents.schedule.callback': ev.payload.callback, 'cloudflare.agents.schedule.time': new Date(time * 1000).toISOString() });
      kv.put(key, { traceparent: span.traceparent, repeats: REPEATS.has(schedule?.type) });
      return;
    }
    case 'schedule:execute': {
      const kept = kv.get(key);
      if (typeof kept?.traceparent !== 'string') return;
      if (!kept.repeats) kv.delete(key);
      setters.set(id, kept.traceparent);
      // Read by the channel's listener within this emit; gone after it.
      queueMicrotask(() => setters.delete(id));
      return;
    }
    case 'schedule:cancel':
      kv.delete(key);
      return;
    case 'schedule:error':
      if (!kv.get(key)?.repeats) kv.delete(key);
      return;
  }
}

// An agent's MCP: an McpAgent's `server` (fields are set by now), and the client of each connection
// of `this.mcp` (its MCPClientManager), whenever one is added or its client replaced.
function instrumentMcp(agent) {
  const server = safe(() => agent.server);
  if (server && typeof server === 'object') safe(() => instrumentMcpServer(server));
  const manager = safe(() => agent.mcp);
  const conns = manager && safe(() => manager.mcpConnections);
  if (!conns || typeof conns !== 'object' || conns[TRACED]) return;
  for (const conn of Object.values(conns)) watchClient(conn);
  const traced = new Proxy(conns, {
    get: (t, k) => (k === TRACED ? true : Reflect.get(t, k)),
    set(t, k, conn) {
      watchClient(conn);
      return Reflect.set(t, k, conn);
    },
  });
  safe(() => (manager.mcpConnections = traced));
}

const TRACED = Symbol('edgespan.mcpConnections');

// A connection whose client, now and whenever it is replaced (a reconnect), is instrumented.
function watchClient(conn) {
  if (!conn || typeof conn !== 'object') return;
  let client = safe(() => conn.client);
  if (client && typeof client === 'object') safe(() => instrumentMcpClient(client));
  safe(() =>
    Object.defineProperty(conn, 'client', {
      configurable: true,
      enumerable: true,
      get: () => client,
      set(v) {
        client = v;
        if (v && typeof v === 'object') safe(() => instrumentMcpClient(v));
      },
    }),
  );
}
