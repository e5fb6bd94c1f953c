// wrapWorkersAI(env.AI, { parent?, tracer? }): the Workers AI binding with run(model, inputs,
// options?) traced as GenAI CLIENT spans: text generation (JSON, or with `stream: true` an SSE
// ReadableStream), embeddings and the other tasks. Everything else is the binding's own.

import { now } from '../clock.js';
import { beginCall, callSpans, replaceMethods, traceCall, endStream, pick } from './call.js';
import { endOnce } from '../hooks.js';
import { LOG_ID_ATTRIBUTE, gatewayHeaders } from '../rules/ai-gateway.js';
import { passThrough } from '../passthrough.js';
import { TextSink, prop, safe, safeJson } from '../text.js';

// The provider name OpenTelemetry instrumentations use for Workers AI.
const PROVIDER = 'cloudflare.workers_ai';
const PARAMS = ['max_tokens', 'temperature', 'top_p', 'top_k', 'seed', 'frequency_penalty', 'presence_penalty', 'repetition_penalty'];

/** Traces the binding's `run` calls; see docs/llm.md ("Workers AI"). */
export function wrapWorkersAI(ai, options) {
  const spanFor = callSpans('wrapWorkersAI', options);
  if (ai === null || typeof ai !== 'object' || typeof ai.run !== 'function') throw new TypeError('edgespan: wrapWorkersAI(ai) needs the Workers AI binding (env.AI)');
  return replaceMethods(ai, {
    run: (original, _proxy, target) =>
      function run(model, inputs, opts) {
        return traceRun(spanFor, (...a) => original.apply(target, a), { model, inputs, opts, argc: arguments.length, ai: target });
      },
  });
}

function traceRun(spanFor, send, { model, inputs, opts, argc, ai }) {
  // The inputs' fields, read at their own sites (a shared reader such as prop goes megamorphic and
  // crowds V8's stub cache); a throwing getter leaves the ones after it unread.
  let chat, prompt, tools;
  try {
    chat = inputs.messages;
    prompt = inputs.prompt;
    tools = inputs.tools;
  } catch {
    // what was read so far
  }
  // The GenAI operation of a run, from its inputs.
  const operation = chat !== undefined ? 'chat' : prompt !== undefined ? 'text_completion' : 'generate_content';
  const args = argc > 2 ? [model, inputs, opts] : [model, inputs];
  // Through AI Gateway (the `gateway` option), the request names its span in extraHeaders, so
  // Gateway's own spans join the trace; its log id is on the binding once the call answers.
  const gateway = opts !== null && typeof opts === 'object' && safe(() => opts.gateway) != null;
  const sendWith = (a, span) => {
    if (!gateway || !span) return send(...a);
    const extraHeaders = Object.assign({}, safe(() => opts.extraHeaders), gatewayHeaders(span));
    return send(a[0], a[1], Object.assign({}, opts, { extraHeaders }));
  };
  const { span, result } = beginCall(spanFor, { name: `${operation} ${model}`, type: 'llm' }, sendWith, args);
  if (!span) return result;
  if (gateway) {
    // Registered before the span's own observer, so it runs before the span ends.
    Promise.resolve(result).then(
      () => {
        const id = safe(() => ai.aiGatewayLogId);
        if (typeof id === 'string' && id) span.setAttribute(LOG_ID_ATTRIBUTE, id);
      },
      () => undefined,
    );
  }
  const messages = chat ?? prompt;
  const base = { provider: PROVIDER, operation, model: String(model), inputMessages: messages, toolDefinitions: tools, params: pick(inputs, PARAMS) };
  if (messages === undefined) {
    const text = prop(inputs, 'text');
    if (text !== undefined) span.log({ input: text });
  }
  return traceCall(span, result, base, {
    isStream: (res) => res instanceof ReadableStream,
    observe: (res, t0) => sse(span, base, t0, res),
    plain(res) {
      if (res instanceof Response || !res || typeof res !== 'object') return;
      let shape, data, usage;
      try {
        shape = res.shape;
        data = res.data;
        usage = res.usage;
      } catch {
        // what was read so far
      }
      if (!Array.isArray(shape) || !Array.isArray(data)) return void answer(res, base);
      // An embedding model: [count, dimensions].
      base.operation = 'embeddings';
      base.usage = usage;
      span.updateName(`embeddings ${model}`);
      span.setType('embedding');
      if (typeof shape[1] === 'number') span.setAttribute('gen_ai.embeddings.dimension.count', shape[1]);
    },
  });
}

// logLLM fields of a text generation result, set on `into`: `{ response, tool_calls?, usage? }`,
// or the OpenAI-compatible `{ choices, usage }` some models return.
function answer(res, into) {
  let usage, choices, id, model, response, calls;
  try {
    usage = res.usage;
    choices = res.choices;
    if (Array.isArray(choices)) {
      id = res.id;
      model = res.model;
    } else {
      response = res.response;
      calls = res.tool_calls;
    }
  } catch {
    // a throwing getter: the fields read so far
  }
  into.usage = usage;
  if (Array.isArray(choices)) {
    into.outputMessages = choices;
    into.responseId = id;
    into.responseModel = model;
    return into;
  }
  if (response === undefined && calls === undefined) return into;
  const content = response === undefined || response === null ? null : typeof response === 'string' ? response : safeJson(response);
  const called = Array.isArray(calls) && calls.length > 0;
  into.outputMessages = [{ role: 'assistant', content, tool_calls: called ? calls : undefined, finish_reason: called ? 'tool_call' : 'stop' }];
  return into;
}

// A `stream: true` answer: SSE `data: {"response": …}` lines (or OpenAI-style chunks), `[DONE]`
// last. Passed through unchanged; its text, usage and timing go on the span.
function sse(span, base, t0, stream) {
  const text = new TextSink();
  const decoder = new TextDecoder();
  let line = '';
  let usage;
  let first = 0;
  let chunks = 0;
  const event = (data) => {
    if (data === '[DONE]') return;
    const ev = safe(() => JSON.parse(data));
    if (!ev || typeof ev !== 'object') return;
    const piece = typeof ev.response === 'string' ? ev.response : safe(() => ev.choices[0].delta.content);
    if (typeof piece === 'string' && piece) {
      first ||= now();
      text.add(piece);
    }
    if (ev.usage) usage = ev.usage;
  };
  const ended = endOnce(span, (how, err) => {
    if (line.startsWith('data:')) event(line.slice(5).trim());
    const answerText = text.text();
    base.usage = usage;
    base.outputMessages = answerText ? [{ role: 'assistant', content: answerText, finish_reason: how === 'ok' ? 'stop' : undefined }] : undefined;
    span.logLLM(base);
    endStream(span, { t0, first, chunks }, how === 'ok' ? 'done' : how, err);
  });
  const out = passThrough(
    stream,
    (chunk) => {
      chunks++;
      line += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      let i;
      while ((i = line.indexOf('\n')) >= 0) {
        const l = line.slice(0, i).replace(/\r$/, '');
        line = line.slice(i + 1);
        if (l.startsWith('data:')) event(l.slice(5).trim());
      }
    },
    ended,
  );
  if (!out) {
    ended.forget();
    span.logLLM(base);
    span.end();
    return stream;
  }
  return out;
}
