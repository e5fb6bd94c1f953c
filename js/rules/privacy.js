// Which attributes carry an app's prompts and answers: the JS copy of edgespan_core::privacy's
// tables (the differential test compares them). The core removes them from a span when
// `recordInputs` / `recordOutputs` is false; span.js passes their text through the `mask` option
// before anything is recorded. Pure: no wasm.

/** Attributes that carry what went into a model, a tool or a span: the prompt. */
export const INPUT_KEYS = [
  'input.value',
  'gen_ai.input.messages',
  'gen_ai.system_instructions',
  'gen_ai.prompt',
  'gen_ai.tool.call.arguments',
  'ai.prompt',
  'ai.prompt.messages',
  'ai.toolCall.args',
  'ai.value',
  'ai.values',
  'langfuse.observation.input',
  'lmnr.span.input',
  'braintrust.input',
];

/** Attributes that carry what came out: the answer. */
export const OUTPUT_KEYS = [
  'output.value',
  'gen_ai.output.messages',
  'gen_ai.completion',
  'gen_ai.tool.call.result',
  'ai.response.text',
  'ai.response.object',
  'ai.response.toolCalls',
  'ai.response.reasoning',
  'ai.toolCall.result',
  'langfuse.observation.output',
  'lmnr.span.output',
  'braintrust.output',
];

const KIND = new Map([...INPUT_KEYS.map((k) => [k, 'input']), ...OUTPUT_KEYS.map((k) => [k, 'output']), ['input', 'input'], ['output', 'output']]);

/** 'input', 'output' or undefined: which of the two the field `key` carries (`input` and `output`
 * are log()'s own). */
export const carries = (key) => KIND.get(key);

const MAX_DEPTH = 8;

/** `v` with every string in it passed through `mask(text, { field })`: a string is masked
 * itself; arrays and plain objects are copied with their strings masked; other values are kept.
 * Throws what `mask` throws (the caller drops the field). */
export function maskValue(mask, field, v, depth = 0) {
  if (typeof v === 'string') return mask(v, { field });
  if (v === null || typeof v !== 'object' || depth >= MAX_DEPTH) return v;
  if (Array.isArray(v)) return v.map((x) => maskValue(mask, field, x, depth + 1));
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  const out = {};
  for (const k of Object.keys(v)) out[k] = maskValue(mask, field, v[k], depth + 1);
  return out;
}
