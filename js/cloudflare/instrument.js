// The package's Cloudflare class entry points: each takes the user's class and how to make the
// tracer (made on the first event, once per isolate).
import { lazyTracer } from '../tracer.js';
import { instrumentClass } from './classes.js';
import { instrumentAgentClass } from './agents.js';
import { instrumentWorkflowClass } from './workflows.js';

/** A Durable Object class whose fetch, alarm, WebSocket handlers and RPC methods each run in a
 * request scope (see docs/workers.md). */
export function instrumentDurableObject(Class, init, options) {
  return instrumentClass(Class, lazyTracer(init), 'durableObject', options);
}

/** A WorkerEntrypoint class whose fetch and RPC methods each run in a request scope. */
export function instrumentEntrypoint(Class, init) {
  return instrumentClass(Class, lazyTracer(init), 'entrypoint');
}

/** An Agents SDK agent class: as instrumentDurableObject, with its chat turns, tool results,
 * schedule runs and state changes as spans (see docs/workers.md). */
export function instrumentAgent(Class, init, options) {
  return instrumentAgentClass(Class, lazyTracer(init), options);
}

/** A WorkflowEntrypoint class whose runs are one trace per instance (see docs/workflows.md). */
export function instrumentWorkflow(Class, init) {
  return instrumentWorkflowClass(Class, lazyTracer(init));
}
