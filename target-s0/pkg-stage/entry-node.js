// Entry for Node >= 20, which cannot `import` a .wasm file: read it next to this module.
import { readFileSync } from 'node:fs';
import { initSync } from './wasm/edgespan.js';

initSync({ module: readFileSync(new URL('./edgespan_bg.wasm', import.meta.url)) });

export { Tracer, instrumentAgent, instrumentDurableObject, instrumentEntrypoint } from './tracer.js';
export { Span } from './span.js';
export { braintrust, braintrustLogs, langfuse, laminar, phoenix } from './presets.js';
export { wrapOpenAI } from './wrap-openai.js';
export { wrapAnthropic } from './wrap-anthropic.js';
export { wrapWorkersAI } from './wrap-workersai.js';
export { otelContextManager } from './otel-context.js';
