// wrapOpenAI(client, { parent?, tracer? }): the official `openai` client with chat.completions.create,
// responses.create and embeddings.create traced as GenAI CLIENT spans. What the caller gets back,
// APIPromise, values and streams, is what the client returns; everything else is the client's own.

import { SKIP, beginCall, callSpans, recordGatewayLogId, replaceMethods, traceCall, pick, withGateway } from './call.js';
import { isGateway } from '../rules/ai-gateway.js';
import { finishReason, parseArgs, toPart } from '../llm.js';
import { TextSink, prop, safe } from '../text.js';

const CHAT_PARAMS = ['temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'frequency_penalty', 'presence_penalty', 'seed', 'n', 'stop', 'tool_choice', 'parallel_tool_calls', 'reasoning_effort', 'service_tier'];
const RESPONSES_PARAMS = ['temperature', 'top_p', 'max_output_tokens', 'tool_choice', 'parallel_tool_calls', 'service_tier'];
const PROVIDER = 'openai';

/** Traces `client`'s model calls; see docs/llm.md ("OpenAI"). */
export function wrapOpenAI(client, options) {
  const spanFor = callSpans('wrapOpenAI', options);
  if (client === null || typeof client !== 'object') throw new TypeError('edgespan: wrapOpenAI(client) needs an OpenAI client (new OpenAI({ … }))');
  // Through AI Gateway, each request names its span, so Gateway's own spans join the trace.
  const gateway = options?.aiGateway ?? isGateway(safe(() => client.baseURL));
  const traced = (fn) => (original, _proxy, target) =>
    function create(body, opts) {
      return fn(spanFor, (b, span) => {
        if (!gateway || !span) return original.call(target, b, opts);
        const result = original.call(target, b, withGateway(opts, span));
        recordGatewayLogId(span, result);
        return result;
      }, body);
    };
  return replaceMethods(client, {}, {
    chat: [{}, { completions: [{ create: traced(chat) }] }],
    responses: [{ create: traced(responses) }],
    embeddings: [{ create: traced(embeddings) }],
  });
}

function chat(spanFor, send, body) {
  // The request's fields, read at their own sites (a shared reader such as prop goes megamorphic);
  // a throwing getter leaves the ones after it unread.
  let model, streaming, options, messages, tools;
  try {
    model = body.model;
    streaming = body.stream === true;
    options = streaming ? body.stream_options : undefined;
    messages = body.messages;
    tools = body.tools;
  } catch {
    // what was read so far
  }
  // A stream reports usage only when asked; the chunk that answers is kept from a caller who did
  // not ask, so what they read is what the unwrapped client gives.
  const askUsage = streaming === true && (options === undefined || options === null || prop(options, 'include_usage') === undefined);
  // Object.assign rather than `{ ...body, key }`: V8 takes a slow path for a spread followed by a
  // property (0.7 µs against 0.1 µs here).
  const sent = askUsage ? Object.assign({}, body, { stream_options: Object.assign({}, options, { include_usage: true }) }) : body;
  const { span, result } = beginCall(spanFor, { name: `chat ${model}`, type: 'llm' }, send, sent);
  if (!span) return result;
  const base = { provider: PROVIDER, operation: 'chat', model, inputMessages: messages, toolDefinitions: tools, params: pick(body, CHAT_PARAMS) };
  return traceCall(span, result, base, {
    isStream: () => streaming,
    plain(res) {
      const choices = prop(res, 'choices');
      base.outputMessages = choices;
      base.usage = prop(res, 'usage');
      base.responseId = prop(res, 'id');
      base.responseModel = prop(res, 'model');
      const reasons = Array.isArray(choices) ? choices.map((c) => c?.finish_reason).filter(Boolean) : [];
      base.finishReasons = reasons.length ? reasons : undefined;
    },
    events: () => new ChatChunks(base, askUsage),
  });
}

// The answer of a chat.completions stream, put together from its chunks (traceCall's `events`).
// When the wrapper asked for usage, the chunk that answers is kept from the caller and the others
// reach them without their `usage: null`, so what they read is what the unwrapped client gives.
// Those are copies: `delete` on a parsed chunk costs 2.6 µs in workerd (the object loses its fast
// shape, and the SDK copies every chunk after us), the copy 0.3 µs.
class ChatChunks {
  constructor(base, askUsage) {
    this.base = base;
    this.askUsage = askUsage;
    this.choices = [];
    this.id = undefined;
    this.model = undefined;
    this.usage = undefined;
  }
  first() {
    return true;
  }
  event(c) {
    if (!c || typeof c !== 'object') return c;
    this.id ??= c.id;
    this.model ??= c.model;
    const usage = c.usage;
    if (usage) this.usage = usage;
    const list = c.choices;
    if (Array.isArray(list)) for (const ch of list) this.add(ch);
    if (!this.askUsage) return c;
    if (usage === null) {
      // A chunk that is not a plain object (an SDK that made it a class) keeps its prototype.
      if (Object.getPrototypeOf(c) !== Object.prototype) return (delete c.usage, c);
      const { usage: _, ...rest } = c;
      return rest;
    }
    return usage && Array.isArray(list) && list.length === 0 ? SKIP : c;
  }
  add(ch) {
    const m = (this.choices[ch?.index ?? 0] ??= { role: 'assistant', text: new TextSink(), refusal: null, tools: [], finish: undefined });
    const d = ch?.delta;
    if (d) {
      if (typeof d.role === 'string') m.role = d.role;
      m.text.add(d.content);
      if (typeof d.refusal === 'string') (m.refusal ??= new TextSink()).add(d.refusal);
      if (Array.isArray(d.tool_calls)) {
        for (const tc of d.tool_calls) {
          const t = (m.tools[tc?.index ?? 0] ??= { id: undefined, name: '', args: '' });
          if (tc.id) t.id = tc.id;
          if (typeof tc.function?.name === 'string') t.name += tc.function.name;
          if (typeof tc.function?.arguments === 'string') t.args += tc.function.arguments;
        }
      }
    }
    if (ch?.finish_reason) m.finish = ch.finish_reason;
  }
  // The answer's logLLM fields, set on the call's base, in the GenAI form already (logLLM has
  // nothing to convert).
  end(how, err) {
    const into = this.base;
    const reasons = [];
    const messages = [];
    for (const m of this.choices) {
      if (!m) continue;
      if (m.finish) reasons.push(m.finish);
      const parts = [];
      const text = m.text.text();
      if (text) parts.push({ type: 'text', content: text });
      const refusal = m.refusal?.text();
      if (refusal) parts.push({ type: 'refusal', content: refusal });
      for (const t of m.tools) if (t) parts.push({ type: 'tool_call', id: t.id, name: t.name, arguments: parseArgs(t.args) });
      messages.push({ role: m.role, parts, finish_reason: finishReason(m.finish) });
    }
    into.responseId = this.id;
    into.responseModel = this.model;
    into.usage = this.usage;
    into.finishReasons = reasons.length ? reasons : undefined;
    into.outputMessages = messages;
    return [how, err];
  }
}

function responses(spanFor, send, body) {
  const model = prop(body, 'model');
  const { span, result } = beginCall(spanFor, { name: `chat ${model}`, type: 'llm' }, send, body);
  if (!span) return result;
  const base = { provider: PROVIDER, operation: 'chat', model, inputMessages: responsesInput(prop(body, 'input')), systemInstructions: prop(body, 'instructions'), toolDefinitions: prop(body, 'tools'), params: pick(body, RESPONSES_PARAMS) };
  const failure = (res) => (prop(res, 'status') === 'failed' ? prop(res, 'error') ?? 'response failed' : undefined);
  return traceCall(span, result, base, {
    isStream: () => prop(body, 'stream') === true,
    plain: (res) => (responsesOutput(res, base), failure(res)),
    events() {
      const text = new TextSink();
      let final;
      return {
        first: (ev) => typeof ev?.type === 'string' && ev.type.endsWith('.delta'),
        event(ev) {
          const type = ev?.type;
          if (type === 'response.output_text.delta') text.add(ev.delta);
          if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') final = ev.response;
          return ev;
        },
        end(how, err) {
          const partial = text.text();
          if (final) responsesOutput(final, base);
          else base.outputMessages = partial ? [{ role: 'assistant', content: partial }] : undefined;
          const failed = how === 'done' ? failure(final) : undefined;
          return failed === undefined ? [how, err] : ['error', failed];
        },
      };
    },
  });
}

const summary = (item) => (Array.isArray(item?.summary) ? item.summary.map((s) => s?.text).filter((t) => typeof t === 'string').join('\n') : '');

// Responses API input items as chat messages.
function responsesInput(input) {
  if (!Array.isArray(input)) return input;
  return input.map((item) => {
    switch (item?.type) {
      case 'function_call':
        return { role: 'assistant', parts: [{ type: 'tool_call', id: item.call_id, name: item.name, arguments: parseArgs(item.arguments) }] };
      case 'function_call_output':
        return { role: 'tool', parts: [{ type: 'tool_call_response', id: item.call_id, response: item.output }] };
      case 'reasoning':
        return { role: 'assistant', parts: [{ type: 'reasoning', content: summary(item) }] };
      default:
        return item;
    }
  });
}

// A Response's output items as one assistant message, with its finish reason, set on `into`.
function responsesOutput(res, into) {
  const parts = [];
  let called = false;
  for (const item of Array.isArray(prop(res, 'output')) ? res.output : []) {
    if (item?.type === 'message') for (const c of Array.isArray(item.content) ? item.content : []) parts.push(toPart(c));
    else if (item?.type === 'function_call') {
      called = true;
      parts.push({ type: 'tool_call', id: item.call_id, name: item.name, arguments: parseArgs(item.arguments) });
    } else if (item?.type === 'reasoning') parts.push({ type: 'reasoning', content: summary(item) });
    else if (item && typeof item.type === 'string') parts.push({ type: item.type, id: item.id });
  }
  const status = prop(res, 'status');
  const why = safe(() => res.incomplete_details.reason);
  const reason = status === 'incomplete' ? (why === 'content_filter' ? 'content_filter' : 'length') : status === 'failed' ? 'error' : called ? 'tool_call' : 'stop';
  into.responseId = prop(res, 'id');
  into.responseModel = prop(res, 'model');
  into.usage = prop(res, 'usage');
  into.outputMessages = [{ role: 'assistant', parts, finish_reason: reason }];
  into.finishReasons = [reason];
  return into;
}

function embeddings(spanFor, send, body) {
  const model = prop(body, 'model');
  const { span, result } = beginCall(spanFor, { name: `embeddings ${model}`, type: 'embedding' }, send, body);
  if (!span) return result;
  const base = { provider: PROVIDER, operation: 'embeddings', model, params: pick(body, ['dimensions', 'encoding_format']) };
  span.log({ input: prop(body, 'input') });
  return traceCall(span, result, base, {
    isStream: () => false,
    plain(res) {
      base.usage = prop(res, 'usage');
      base.responseModel = prop(res, 'model');
      const v = safe(() => res.data[0].embedding);
      if (Array.isArray(v)) span.setAttribute('gen_ai.embeddings.dimension.count', v.length);
    },
  });
}
