// The package's exports, one list for every entry (entry-workerd.js, entry-node.js). Importing
// the groups here also lends the core their method bodies (ext.js).
export { Tracer } from './tracer.js';
export { Span } from './span.js';
export { instrumentAgent, instrumentDurableObject, instrumentEntrypoint, instrumentWorkflow } from './cloudflare/instrument.js';
export { braintrust, braintrustLogs, langfuse, laminar, phoenix } from './presets.js';
export { wrapOpenAI } from './integrations/openai.js';
export { wrapAnthropic } from './integrations/anthropic.js';
export { wrapWorkersAI } from './integrations/workersai.js';
export { wrapVectorize } from './integrations/vectorize.js';
export { instrumentMcpServer, instrumentMcpClient } from './integrations/mcp.js';
export { otelContextManager } from './integrations/otel-context.js';
export { instrumentHandler } from './runtimes/handler.js';
export { instrumentLambda } from './runtimes/lambda.js';
import './cloudflare/handlers.js';
import './cloudflare/http.js';
import './cloudflare/bindings.js';
import './integrations/otel.js';
