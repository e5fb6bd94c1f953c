// logLLM's field table and message shaping: which field of an LLM call becomes which gen_ai.*
// attribute, with which type. The same table as edgespan_core::llm, pinned by
// tests/vectors/llm.json. Pure: no wasm; span.js applies what `llmAttributes` returns.

import { prop, safe, safeJson, str } from './text.js';

/** [JS name (`usage.` for fields of `usage`), key under `gen_ai.`, type]. */
export const LLM_FIELDS = [
  ['operation', 'operation.name', 'string'],
  ['provider', 'provider.name', 'string'],
  ['model', 'request.model', 'string'],
  ['inputMessages', 'input.messages', 'messages'],
  ['outputMessages', 'output.messages', 'messages'],
  ['usage.inputTokens', 'usage.input_tokens', 'int'],
  ['usage.outputTokens', 'usage.output_tokens', 'int'],
  ['usage.cachedTokens', 'usage.cache_read.input_tokens', 'int'],
  ['usage.reasoningTokens', 'usage.reasoning.output_tokens', 'int'],
  ['responseId', 'response.id', 'string'],
  ['responseModel', 'response.model', 'string'],
  ['finishReasons', 'response.finish_reasons', 'strings'],
];
export const DOUBLE_PARAMS = ['temperature', 'topP', 'frequencyPenalty', 'presencePenalty'];
export const INT_PARAMS = ['maxTokens', 'topK', 'seed', 'choiceCount'];
export const DEFAULT_OPERATION = 'chat';

const get = (o, k) => (o && typeof o === 'object' ? prop(o, k) : undefined);

/** A chat message in the GenAI form { role, parts: [{ type: 'text', content }] }; OpenAI-style
 * { role, content } (a string or text parts) is converted, anything else kept as it is. */
export function toParts(m) {
  if (!m || typeof m !== 'object' || Array.isArray(prop(m, 'parts'))) return m;
  const content = prop(m, 'content');
  if (typeof content === 'string') return { ...m, content: undefined, parts: [{ type: 'text', content }] };
  if (Array.isArray(content)) {
    const parts = content.map((p) => (p && p.type === 'text' && typeof p.text === 'string' ? { type: 'text', content: p.text } : p));
    return { ...m, content: undefined, parts };
  }
  return m;
}

/** The text of the output messages (their text parts, joined), for the span's output; undefined
 * when they have none. */
export function answerOf(messages) {
  if (!Array.isArray(messages)) return undefined;
  const texts = [];
  for (const m of messages) {
    const p = toParts(m);
    const parts = p && typeof p === 'object' ? prop(p, 'parts') : undefined;
    if (!Array.isArray(parts)) continue;
    for (const part of parts) if (part && part.type === 'text' && typeof part.content === 'string') texts.push(part.content);
  }
  return texts.length ? texts.join('\n') : undefined;
}

/** The attributes of `fields` as [key, type, value], type one of string, int, double, json
 * (messages as JSON text), strings and value (a request parameter as given); plus the span name
 * `{operation} {model}`. */
export function llmAttributes(fields) {
  const out = [];
  const operation = get(fields, 'operation') ?? DEFAULT_OPERATION;
  for (const [name, key, type] of LLM_FIELDS) {
    const dot = name.indexOf('.');
    const v = name === 'operation' ? operation : dot < 0 ? get(fields, name) : get(get(fields, name.slice(0, dot)), name.slice(dot + 1));
    if (v === undefined || v === null) continue;
    if (type === 'string') out.push([key, 'string', str(v)]);
    else if (type === 'int') {
      if (typeof v === 'number' && Number.isFinite(v)) out.push([key, 'int', Math.trunc(v)]);
    } else if (type === 'messages') {
      if (Array.isArray(v)) out.push([key, 'json', safeJson(v.map(toParts))]);
    } else if (Array.isArray(v)) out.push([key, 'strings', v.map(str)]);
  }
  const params = get(fields, 'params');
  for (const k of (params && typeof params === 'object' && safe(() => Object.keys(params))) || []) {
    const v = get(params, k);
    const key = 'request.' + k.replace(/[A-Z]/g, (x) => '_' + x.toLowerCase());
    if (DOUBLE_PARAMS.includes(k)) {
      if (typeof v === 'number') out.push([key, 'double', v]);
    } else if (INT_PARAMS.includes(k)) {
      if (typeof v === 'number' && Number.isFinite(v)) out.push([key, 'int', Math.trunc(v)]);
    } else out.push([key, 'value', v]);
  }
  const model = get(fields, 'model');
  const name = model === undefined ? str(operation) : `${str(operation)} ${str(model)}`;
  return { attributes: out, name, answer: answerOf(get(fields, 'outputMessages')) };
}
