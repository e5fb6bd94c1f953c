// The shaping of what logLLM is given: how the SDKs' own objects (OpenAI chat and Responses,
// Anthropic messages, Workers AI) become GenAI messages, usage and parameters, applied to the
// field table of rules/llm-fields.js (which field becomes which gen_ai.* attribute). Pure: no wasm; span.js
// applies what `llmAttributes` returns and reports its problems once each.

import { didYouMean, prop, safe, safeJson, str } from './text.js';
import { DEFAULT_OPERATION, DOUBLE_PARAMS, INT_PARAMS, LLM_FIELDS } from './rules/llm-fields.js';

const TOP_KEYS = [...new Set(LLM_FIELDS.map(([n]) => n.split('.')[0])), 'params'];

/** Where each usage field is found in the SDKs' usage objects (first match wins): ours, OpenAI
 * chat (and Workers AI), OpenAI Responses, Anthropic, the AI SDK. */
export const USAGE_ALIASES = [
  ['inputTokens', ['inputTokens', 'input_tokens', 'prompt_tokens', 'promptTokens']],
  ['outputTokens', ['outputTokens', 'output_tokens', 'completion_tokens', 'completionTokens']],
  ['cachedTokens', ['cachedTokens', 'cache_read_input_tokens', 'prompt_tokens_details.cached_tokens', 'input_tokens_details.cached_tokens', 'cachedInputTokens']],
  ['cacheCreationTokens', ['cacheCreationTokens', 'cache_creation_input_tokens']],
  ['reasoningTokens', ['reasoningTokens', 'completion_tokens_details.reasoning_tokens', 'output_tokens_details.reasoning_tokens']],
];
// Usage keys the SDKs send that hold nothing recorded (totals, provider extras): not a mistake.
const USAGE_QUIET = ['totalTokens', 'total_tokens', 'prompt_tokens_details', 'completion_tokens_details', 'input_tokens_details', 'output_tokens_details', 'cache_creation', 'server_tool_use', 'service_tier', 'inference_geo', 'outputTokenDetails', 'inputTokenDetails'];
const USAGE_KNOWN = [...new Set([...USAGE_ALIASES.flatMap(([, a]) => a.map((k) => k.split('.')[0])), ...USAGE_QUIET])];
// The aliases as [text, first key, second key or undefined], split once.
const USAGE_PATHS = USAGE_ALIASES.map(([name, aliases]) => [name, aliases.map((a) => [a, ...a.split('.')])]);

// Request parameters by their SDK names (after snake_case → camelCase) that mean one of ours.
const PARAM_ALIASES = { __proto__: null, maxCompletionTokens: 'maxTokens', maxOutputTokens: 'maxTokens', n: 'choiceCount', stop: 'stopSequences' };

// Provider finish reasons in the GenAI form of an output message's `finish_reason`.
const FINISH = { __proto__: null, tool_calls: 'tool_call', function_call: 'tool_call', tool_use: 'tool_call', end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'length', pause_turn: 'stop', refusal: 'content_filter' };

const isObj = (o) => o !== null && typeof o === 'object';
const get = (o, k) => (isObj(o) ? prop(o, k) : undefined);
const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** A provider finish reason as GenAI names it (`stop`, `length`, `content_filter`, `tool_call`,
 * `error`); other values pass through. */
export const finishReason = (r) => (typeof r === 'string' ? FINISH[r] ?? r : undefined);

/** A tool's `arguments` as a value: JSON text is parsed, anything else kept. */
export function parseArgs(a) {
  if (typeof a !== 'string') return a;
  const v = safe(() => JSON.parse(a));
  return v === undefined ? a : v;
}

/** The text of content that may be a string or text parts (a tool result, say). */
function textOf(content) {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content;
  const texts = content.map((p) => (typeof p === 'string' ? p : get(p, 'text'))).filter((t) => typeof t === 'string');
  return texts.length === content.length ? texts.join('') : content;
}

/** One content part in the GenAI form: text, tool_call, tool_call_response, reasoning, uri,
 * blob; other parts are kept as they are. */
export function toPart(p) {
  if (typeof p === 'string') return { type: 'text', content: p };
  if (!isObj(p)) return p;
  const type = prop(p, 'type');
  switch (type) {
    case 'text':
    case 'input_text':
    case 'output_text': {
      const text = prop(p, 'text') ?? prop(p, 'content');
      return typeof text === 'string' ? { type: 'text', content: text } : p;
    }
    case 'refusal':
      return { type: 'refusal', content: str(prop(p, 'refusal')) };
    case 'tool_use':
    case 'server_tool_use':
      return { type: 'tool_call', id: prop(p, 'id'), name: prop(p, 'name'), arguments: prop(p, 'input') };
    case 'tool-call':
      return { type: 'tool_call', id: prop(p, 'toolCallId'), name: prop(p, 'toolName'), arguments: prop(p, 'input') ?? prop(p, 'args') };
    case 'tool_result':
      return { type: 'tool_call_response', id: prop(p, 'tool_use_id'), response: textOf(prop(p, 'content')) };
    case 'thinking':
      return { type: 'reasoning', content: prop(p, 'thinking') };
    case 'image_url': {
      const u = prop(p, 'image_url');
      return { type: 'uri', modality: 'image', uri: typeof u === 'string' ? u : get(u, 'url') };
    }
    case 'input_image':
      return { type: 'uri', modality: 'image', uri: prop(p, 'image_url') };
    case 'image':
    case 'document': {
      const src = prop(p, 'source');
      const modality = type === 'image' ? 'image' : 'document';
      if (get(src, 'type') === 'base64') return { type: 'blob', modality, mime_type: get(src, 'media_type'), content: get(src, 'data') };
      if (get(src, 'type') === 'url') return { type: 'uri', modality, uri: get(src, 'url') };
      return p;
    }
    default:
      return p;
  }
}

/** An OpenAI `tool_calls` entry (or one of ours) as a GenAI tool_call part. */
function toolCallPart(tc) {
  const fn = get(tc, 'function');
  return { type: 'tool_call', id: get(tc, 'id'), name: get(fn, 'name') ?? get(tc, 'name'), arguments: parseArgs(get(fn, 'arguments') ?? get(tc, 'arguments')) };
}

/** A chat message in the GenAI form `{ role, parts, name?, finish_reason? }`. Takes ours,
 * OpenAI chat messages (string, null or parts content; `tool_calls`; `role: 'tool'` results) and
 * choices (`{ message, finish_reason }`), Anthropic messages (content blocks, `stop_reason`), a
 * bare string (a user turn). Anything else is kept as it is. */
export function toMessage(m, role = 'user') {
  if (typeof m === 'string') return { role, parts: [{ type: 'text', content: m }] };
  if (!isObj(m) || Array.isArray(m)) return m;
  const inner = prop(m, 'message');
  if (isObj(inner) && prop(m, 'finish_reason') !== undefined) {
    const out = toMessage(inner, 'assistant');
    const why = finishReason(prop(m, 'finish_reason'));
    if (!isObj(out) || !why) return out;
    // A message made here is ours to finish; the caller's own is copied (Object.assign: V8's
    // `{ ...out, key }` is slow).
    if (out === inner) return Object.assign({}, out, { finish_reason: why });
    out.finish_reason = why;
    return out;
  }
  const given = prop(m, 'parts');
  const content = prop(m, 'content');
  const toolCalls = prop(m, 'tool_calls');
  if (!Array.isArray(given) && content === undefined && toolCalls === undefined) return m;
  const r = prop(m, 'role');
  let parts;
  if (Array.isArray(given)) parts = given;
  else if (r === 'tool' && prop(m, 'tool_call_id') !== undefined) {
    parts = [{ type: 'tool_call_response', id: prop(m, 'tool_call_id'), response: textOf(content) }];
  } else {
    parts = typeof content === 'string' ? [{ type: 'text', content }] : Array.isArray(content) ? content.map(toPart) : [];
    const refusal = prop(m, 'refusal');
    if (typeof refusal === 'string') parts.push({ type: 'refusal', content: refusal });
    if (Array.isArray(toolCalls)) for (const tc of toolCalls) parts.push(toolCallPart(tc));
  }
  const out = { role: r === 'model' ? 'assistant' : r ?? role, parts };
  const name = prop(m, 'name');
  if (typeof name === 'string') out.name = name;
  const why = finishReason(prop(m, 'finish_reason') ?? prop(m, 'stop_reason'));
  if (why) out.finish_reason = why;
  return out;
}

/** Messages as given to logLLM (an array, or one string) in the GenAI form. */
export function toMessages(v, role) {
  if (typeof v === 'string') return [toMessage(v, role)];
  return Array.isArray(v) ? v.map((m) => toMessage(m, role)) : undefined;
}

/** A tool definition in the GenAI form `{ type, name, description?, parameters? }`, from
 * OpenAI chat (`{ type: 'function', function }`), OpenAI Responses or Anthropic
 * (`input_schema`). */
export function toTool(t) {
  if (!isObj(t)) return t;
  const fn = prop(t, 'function');
  const src = isObj(fn) ? fn : t;
  const name = prop(src, 'name');
  if (typeof name !== 'string') return t;
  const out = { type: isObj(fn) ? 'function' : prop(t, 'type') ?? 'function', name };
  const description = prop(src, 'description');
  if (description !== undefined) out.description = description;
  const parameters = prop(src, 'parameters') ?? prop(src, 'input_schema') ?? prop(src, 'inputSchema');
  if (parameters !== undefined) out.parameters = parameters;
  return out;
}

/** Usage in our names from any of the SDKs' forms, and the keys it could not use. */
export function usageOf(u) {
  const out = {};
  const bad = [];
  if (!isObj(u)) return { usage: out, bad };
  for (const [name, aliases] of USAGE_PATHS) {
    for (const [a, k1, k2] of aliases) {
      const first = prop(u, k1);
      const v = k2 === undefined ? first : get(first, k2);
      if (v === undefined || v === null) continue;
      if (typeof v === 'number' && Number.isFinite(v)) out[name] = v;
      else bad.push(`${a} (${typeof v === 'number' ? v : typeof v})`);
      break;
    }
  }
  // Anthropic counts cached input apart from input_tokens; GenAI's input_tokens includes it.
  const read = prop(u, 'cache_read_input_tokens');
  const made = prop(u, 'cache_creation_input_tokens');
  if ((typeof read === 'number' || typeof made === 'number') && typeof out.inputTokens === 'number' && prop(u, 'input_tokens') === out.inputTokens) {
    out.inputTokens += (Number.isFinite(read) ? read : 0) + (Number.isFinite(made) ? made : 0);
  }
  for (const k of safe(() => Object.keys(u)) || []) if (!USAGE_KNOWN.includes(k)) bad.push(k + didYouMean(k, USAGE_ALIASES.map(([n]) => n)));
  return { usage: out, bad };
}

// The answer: the text parts of output messages (already in the GenAI form), joined; undefined
// when they have none. It becomes the span's output.
function answerText(list) {
  if (!list) return undefined;
  const texts = [];
  for (const m of list) {
    const parts = get(m, 'parts');
    if (!Array.isArray(parts)) continue;
    for (const part of parts) if (get(part, 'type') === 'text' && typeof part.content === 'string') texts.push(part.content);
  }
  return texts.length ? texts.join('\n') : undefined;
}

// LLM_FIELDS as llmAttributes reads them, split once: a usage field's name within the usage, or
// whether the value is one llmAttributes derives (messages, tools, finish reasons).
const DERIVED = ['operation', 'inputMessages', 'outputMessages', 'systemInstructions', 'toolDefinitions', 'finishReasons'];
const FIELD_PLAN = LLM_FIELDS.map(([name, key, type]) => {
  const dot = name.indexOf('.');
  return { name, key, type, usageKey: dot > 0 ? name.slice(dot + 1) : undefined, derived: DERIVED.includes(name) };
});

// A request parameter's attribute key (`request.max_tokens`) and type (double, int, or null for
// as given), by the name it was passed under. Remembered for the first 256 names: an app passes
// the same few on every call, and the conversion is two regular expressions.
const PARAM_KEYS = new Map();
export function paramKey(k) {
  let r = PARAM_KEYS.get(k);
  if (r === undefined) {
    const c = camel(k);
    const name = PARAM_ALIASES[c] ?? c;
    r = ['request.' + name.replace(/[A-Z]/g, (x) => '_' + x.toLowerCase()), DOUBLE_PARAMS.includes(name) ? 'double' : INT_PARAMS.includes(name) ? 'int' : null];
    if (PARAM_KEYS.size < 256) PARAM_KEYS.set(k, r);
  }
  return r;
}

/** The attributes of `fields` as [key, type, value], type one of string, int, double, json (as
 * JSON text), strings and value (a request parameter as given); the span name
 * `{operation} {model}`; the answer text; and `problems`, [kind, text] of what could not be used.
 * `privacy(field, value)`, when given, returns what to record of the messages and instructions
 * (`gen_ai.input.messages`, …) and of the answer (`output`), or undefined to leave it out. */
export function llmAttributes(fields, privacy) {
  const out = [];
  const problems = [];
  const said = (kind, text) => problems.push([kind, text]);
  for (const k of safe(() => Object.keys(fields)) || []) {
    if (!TOP_KEYS.includes(k) && prop(fields, k) !== undefined) said('llm.' + k, `logLLM({ ${k} }) ignored: not a logLLM field${didYouMean(k, TOP_KEYS)}`);
  }
  const operation = get(fields, 'operation') ?? DEFAULT_OPERATION;
  const { usage, bad } = usageOf(get(fields, 'usage'));
  if (bad.length) said('llm.usage', `logLLM usage: ${bad.join(', ')} not used (token counts are finite numbers: ${USAGE_ALIASES.map(([n]) => n).join(', ')}, or the SDKs' own usage objects)`);
  const input = toMessages(get(fields, 'inputMessages'), 'user');
  const output = toMessages(get(fields, 'outputMessages'), 'assistant');
  let reasons = get(fields, 'finishReasons');
  if (!Array.isArray(reasons) && output) {
    const mine = output.map((m) => get(m, 'finish_reason')).filter((r) => typeof r === 'string');
    if (mine.length) reasons = mine;
  } else if (Array.isArray(reasons) && output && reasons.length === output.length) {
    // Each output message carries its finish reason, as the GenAI conventions require.
    output.forEach((m, i) => {
      if (isObj(m) && get(m, 'finish_reason') === undefined && finishReason(reasons[i])) m.finish_reason = finishReason(reasons[i]);
    });
  }
  const sys = get(fields, 'systemInstructions');
  const tools = get(fields, 'toolDefinitions');
  const value = {
    operation,
    inputMessages: input,
    outputMessages: output,
    systemInstructions: typeof sys === 'string' ? [{ type: 'text', content: sys }] : Array.isArray(sys) ? sys.map(toPart) : sys,
    toolDefinitions: Array.isArray(tools) ? tools.map(toTool) : tools,
    finishReasons: reasons,
  };
  for (const { name, key, type, usageKey, derived } of FIELD_PLAN) {
    let v = usageKey !== undefined ? usage[usageKey] : derived ? value[name] : get(fields, name);
    if (v === undefined || v === null) continue;
    if (privacy && (type === 'messages' || type === 'json')) {
      v = privacy(`gen_ai.${key}`, v);
      if (v === undefined) continue;
    }
    if (type === 'string') out.push([key, 'string', str(v)]);
    else if (type === 'int') out.push([key, 'int', Math.trunc(v)]);
    else if (type === 'messages' || type === 'json') out.push([key, 'json', safeJson(v)]);
    else if (Array.isArray(v)) out.push([key, 'strings', v.map(str)]);
  }
  const params = get(fields, 'params');
  for (const k of (isObj(params) && safe(() => Object.keys(params))) || []) {
    const v = get(params, k);
    if (v === undefined || v === null) continue;
    const [key, typed] = paramKey(k);
    if (!typed) out.push([key, 'value', v]);
    else if (typeof v === 'number' && Number.isFinite(v)) out.push([key, typed, typed === 'int' ? Math.trunc(v) : v]);
    else said('llm.params.' + k, `logLLM params.${k} ignored: it must be a finite number, got ${typeof v === 'string' ? JSON.stringify(v) : typeof v}`);
  }
  const model = get(fields, 'model');
  const name = model === undefined ? str(operation) : `${str(operation)} ${str(model)}`;
  const answer = answerText(output);
  return { attributes: out, name, answer: privacy && answer !== undefined ? privacy('output', answer) : answer, problems };
}
