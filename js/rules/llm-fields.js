// logLLM's field table: which field of an LLM call becomes which gen_ai.* attribute, with which
// type. The same table as edgespan_core::llm, pinned by tests/vectors/llm.json, which the native
// and the unit tests both read. Pure: no wasm.

/** [JS name (`usage.` for fields of `usage`), key under `gen_ai.`, type]. */
export const LLM_FIELDS = [
  ['operation', 'operation.name', 'string'],
  ['provider', 'provider.name', 'string'],
  ['model', 'request.model', 'string'],
  ['inputMessages', 'input.messages', 'messages'],
  ['outputMessages', 'output.messages', 'messages'],
  ['systemInstructions', 'system_instructions', 'json'],
  ['toolDefinitions', 'tool.definitions', 'json'],
  ['usage.inputTokens', 'usage.input_tokens', 'int'],
  ['usage.outputTokens', 'usage.output_tokens', 'int'],
  ['usage.cachedTokens', 'usage.cache_read.input_tokens', 'int'],
  ['usage.cacheCreationTokens', 'usage.cache_creation.input_tokens', 'int'],
  ['usage.reasoningTokens', 'usage.reasoning.output_tokens', 'int'],
  ['responseId', 'response.id', 'string'],
  ['responseModel', 'response.model', 'string'],
  ['finishReasons', 'response.finish_reasons', 'strings'],
];
export const DOUBLE_PARAMS = ['temperature', 'topP', 'frequencyPenalty', 'presencePenalty'];
export const INT_PARAMS = ['maxTokens', 'topK', 'seed', 'choiceCount'];
export const DEFAULT_OPERATION = 'chat';
