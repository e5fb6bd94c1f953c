// wrapAnthropic(client, { parent?, tracer? }): the official `@anthropic-ai/sdk` client with
// messages.create (streaming or not) and messages.stream traced as GenAI CLIENT spans.
// messages.stream runs through the wrapped create, so both are traced the same way and once.

import { beginCall, callSpans, recordGatewayLogId, replaceMethods, traceCall, pick, withGateway } from './call.js';
import { isGateway } from '../rules/ai-gateway.js';
import { parseArgs } from '../llm.js';
import { TextSink, safe } from '../text.js';

const PARAMS = ['max_tokens', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'tool_choice', 'service_tier'];

/** Traces `client`'s model calls; see docs/llm.md ("Anthropic"). */
export function wrapAnthropic(client, options) {
  const spanFor = callSpans('wrapAnthropic', options);
  if (client === null || typeof client !== 'object') throw new TypeError('edgespan: wrapAnthropic(client) needs an Anthropic client (new Anthropic({ … }))');
  // Through AI Gateway, each request names its span, so Gateway's own spans join the trace.
  const gateway = options?.aiGateway ?? isGateway(safe(() => client.baseURL));
  return replaceMethods(client, {}, {
    messages: [
      {
        create: (original, _proxy, target) =>
          function create(body, opts) {
            return messages(spanFor, (b, span) => {
              if (!gateway || !span) return original.call(target, b, opts);
              const result = original.call(target, b, withGateway(opts, span));
              recordGatewayLogId(span, result);
              return result;
            }, body);
          },
        // The helper calls `this.create`: with the wrapper as `this`, that is the traced create.
        stream: (original, proxy) =>
          function stream(body, opts) {
            return original.call(proxy, body, opts);
          },
      },
    ],
  });
}

function messages(spanFor, send, body) {
  // The request's fields, read at their own sites, as in openai.js: a shared reader (prop)
  // goes megamorphic and crowds V8's stub cache, which slows the SDK's own reads as well. A
  // throwing getter leaves the ones after it unread.
  let model, streaming, system, input, tools;
  try {
    model = body.model;
    streaming = body.stream === true;
    system = body.system;
    input = body.messages;
    tools = body.tools;
  } catch {
    // what was read so far
  }
  const { span, result } = beginCall(spanFor, { name: `chat ${model}`, type: 'llm' }, send, body);
  if (!span) return result;
  const base = { provider: 'anthropic', operation: 'chat', model, systemInstructions: system, inputMessages: input, toolDefinitions: tools, params: pick(body, PARAMS) };
  return traceCall(span, result, base, {
    isStream: () => streaming,
    plain: (res) => void answer(res, base),
    events: () => new MessageEvents(base),
  });
}

// logLLM fields of a Message (or one put together from a stream), set on `into`.
function answer(m, into) {
  if (!m || typeof m !== 'object') return into;
  into.outputMessages = [m];
  try {
    const stop = m.stop_reason;
    into.finishReasons = typeof stop === 'string' ? [stop] : undefined;
    into.usage = m.usage;
    into.responseId = m.id;
    into.responseModel = m.model;
  } catch {
    // a throwing getter: the fields read so far
  }
  return into;
}

// The Message of a messages stream, put together from its events (traceCall's `events`), which
// all reach the caller as they are.
class MessageEvents {
  constructor(base) {
    this.base = base;
    this.msg = null;
    this.usage = {};
    this.blocks = [];
  }
  first(ev) {
    return ev?.type === 'content_block_delta';
  }
  event(ev) {
    const blocks = this.blocks;
    switch (ev?.type) {
      case 'message_start': {
        const m = ev.message;
        this.msg = { id: m?.id, model: m?.model, role: m?.role ?? 'assistant', stop_reason: m?.stop_reason ?? undefined };
        Object.assign(this.usage, m?.usage);
        break;
      }
      case 'content_block_start':
        blocks[ev.index ?? blocks.length] = { block: ev.content_block ?? {}, text: new TextSink(), json: '' };
        break;
      case 'content_block_delta': {
        const b = blocks[ev.index ?? blocks.length - 1];
        const d = ev.delta ?? {};
        if (!b) break;
        if (d.type === 'text_delta') b.text.add(d.text);
        else if (d.type === 'thinking_delta') b.text.add(d.thinking);
        else if (d.type === 'input_json_delta' && typeof d.partial_json === 'string') b.json += d.partial_json;
        break;
      }
      case 'message_delta': {
        if (this.msg && ev.delta?.stop_reason) this.msg.stop_reason = ev.delta.stop_reason;
        // Counts in message_delta are cumulative: the last one wins.
        const u = ev.usage;
        if (u && typeof u === 'object') {
          for (const k in u) {
            const v = u[k];
            if (v !== null && v !== undefined) this.usage[k] = v;
          }
        }
        break;
      }
    }
    return ev;
  }
  end(how, err) {
    answer(this.message(), this.base);
    return [how, err];
  }
  message() {
    if (!this.msg) return null;
    const content = this.blocks.filter(Boolean).map(({ block, text, json }) => {
      if (block.type === 'text') return { type: 'text', text: (block.text ?? '') + text.text() };
      if (block.type === 'thinking') return { type: 'thinking', thinking: (block.thinking ?? '') + text.text() };
      if (block.type === 'tool_use' || block.type === 'server_tool_use') return Object.assign({}, block, { input: json ? parseArgs(json) : block.input });
      return block;
    });
    return Object.assign({}, this.msg, { content, usage: this.usage });
  }
}
