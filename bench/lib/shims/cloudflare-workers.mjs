// What Node lacks of workerd's built-in `cloudflare:workers` module, for the Node bundle of an SDK
// that imports it at module scope (otel-cf-workers). Only bench/compare.mjs uses it.

// workerd's global `scheduler.wait(ms)`, which otel-cf-workers calls before it exports. What is
// timed in Node is wall time, so the stand-in yields without sleeping.
globalThis.scheduler ??= { wait: () => new Promise((r) => setImmediate(r)) };
export class WorkerEntrypoint {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}
export class DurableObject extends WorkerEntrypoint {}
export class WorkflowEntrypoint extends WorkerEntrypoint {}
export class RpcTarget {}
export const env = {};
export function waitUntil() {}
