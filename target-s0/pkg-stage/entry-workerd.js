// Entry for workerd / Cloudflare Workers and other bundlers: wrangler turns this `.wasm` import
// into a compiled WebAssembly.Module; bundlers that inline it as bytes work too.
import wasm from './edgespan_bg.wasm';
import { initSync } from './wasm/edgespan.js';

initSync({ module: wasm });

export { Tracer, instrumentAgent, instrumentDurableObject, instrumentEntrypoint } from './tracer.js';
export { Span } from './span.js';
export { braintrust, braintrustLogs, langfuse, laminar, phoenix } from './presets.js';
export { wrapOpenAI } from './wrap-openai.js';
export { wrapAnthropic } from './wrap-anthropic.js';
export { wrapWorkersAI } from './wrap-workersai.js';
export { otelContextManager } from './otel-context.js';
