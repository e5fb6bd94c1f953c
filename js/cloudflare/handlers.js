import { serveResponse } from '../response.js';
import { sleep } from '../sleep.js';
import { tracedEnv } from './bindings.js';
import { ext } from '../ext.js';
import { settle } from '../settle.js';

// tracer.instrument(handler): a Workers ExportedHandler whose every fetch, scheduled and queue
// event is its own trace (a request scope). The scope finishes only after the response body has
// streamed out and the handler's own ctx.waitUntil promises have settled; finishing ends any span
// still open as incomplete and flushes, inside the event's own waitUntil.

// How long a scope waits for the handler's own waitUntil promises before finishing anyway: a
// promise that never settles must not cost the whole trace (waitUntil work is cut off at 30 s).
const USER_WAIT_MS = 10_000;

// The execution context the handler sees: ctx, with waitUntil also recorded for the scope, and the
// root span at `ctx.span`. Everything else is forwarded to the real context.
function scopedContext(ctx, root, waits) {
  const waitUntil = (p) => {
    const settled = Promise.resolve(p).then(
      () => undefined,
      () => undefined,
    );
    waits.push(settled);
    ctx.waitUntil(p);
  };
  return new Proxy(ctx, {
    get(target, prop) {
      if (prop === 'waitUntil') return waitUntil;
      if (prop === 'span') return root;
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

// Waits for the handler's waitUntil promises, including those added while waiting, within a cap.
async function userWaits(waits) {
  const deadline = Date.now() + USER_WAIT_MS;
  for (let seen = 0; seen < waits.length; ) {
    const batch = waits.slice(seen);
    seen = waits.length;
    const left = deadline - Date.now();
    if (left <= 0) return;
    const timer = sleep(left);
    timer.unref();
    await Promise.race([Promise.all(batch), timer.p]);
    timer.cancel();
  }
}

// Finishes `root`'s scope inside ctx.waitUntil, after `before` (the response body sent) and the
// user's own waitUntil promises (`waits`). `onFlush` sees each scope's report (inside the same
// waitUntil); if it throws, the tracer says so through onDiagnostic.
function finishScope(ctx, root, { waits, before = null, onFlush }) {
  const done = (async () => {
    await before;
    await userWaits(waits);
    const report = await root.finish();
    if (onFlush) {
      try {
        await onFlush(report);
      } catch (e) {
        onFlush.failed(e);
      }
    }
    return report;
  })();
  ctx.waitUntil(done);
}

function wrapFetch(fetchFn, getTracer, onFlush) {
  return function fetch(request, env, ctx) {
    const root = getTracer(env).startTrace(String(request.method || 'GET'), { request });
    const waits = [];
    const scoped = scopedContext(ctx, root, waits);
    const failed = (e) => {
      root.recordError(e);
      finishScope(ctx, root, { waits, onFlush });
    };
    return settle(root, () => fetchFn.call(this, request, tracedEnv(env, () => root), scoped), (value) => {
      const { response, sent } = serveResponse(root, value);
      finishScope(ctx, root, { waits, before: sent, onFlush });
      return response;
    }, failed);
  };
}

// An event handler (scheduled, queue) as a request scope: its root named `name(event)`, of `kind`,
// with `attributes(event)`.
function wrapEvent(fn, getTracer, { onFlush, name, attributes, kind }) {
  return function (event, env, ctx) {
    const root = getTracer(env).startTrace(name(event), { kind, attributes: attributes(event) });
    const waits = [];
    const scoped = scopedContext(ctx, root, waits);
    return settle(
      root,
      () => fn.call(this, event, tracedEnv(env, () => root), scoped),
      (v) => {
        finishScope(ctx, root, { waits, onFlush });
        return v;
      },
      (e) => {
        root.recordError(e);
        finishScope(ctx, root, { waits, onFlush });
      },
    );
  };
}

/** Wraps `handler`'s fetch, scheduled and queue methods; other members are kept as they are.
 * `options.onFlush(report)` receives the FlushReport of every event's scope. `diagnose(env)`
 * gives the tracer's onDiagnostic. */
export function instrumentHandler(handler, getTracer, options, diagnose) {
  if (handler === null || typeof handler !== 'object') {
    throw new Error('edgespan: instrument(handler) needs a Workers handler object ({ fetch, scheduled, queue, … })');
  }
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new Error('edgespan: instrument(handler, options) takes an options object ({ onFlush })');
  }
  for (const k of Object.keys(options ?? {})) {
    if (k !== 'onFlush' && options[k] !== undefined) throw new Error(`edgespan: unknown instrument() option \`${k}\` (known: onFlush)`);
  }
  let onFlush = options?.onFlush;
  if (onFlush !== undefined) {
    if (typeof onFlush !== 'function') throw new Error('edgespan: instrument() option `onFlush` must be a function');
    const user = onFlush;
    onFlush = (report) => user(report);
    onFlush.failed = (e) => diagnose(`edgespan: onFlush threw, ignored: ${e && e.message ? e.message : String(e)}`);
  }
  const out = { ...handler };
  if (typeof handler.fetch === 'function') out.fetch = wrapFetch(handler.fetch, getTracer, onFlush);
  if (typeof handler.scheduled === 'function') {
    out.scheduled = wrapEvent(handler.scheduled, getTracer, {
      onFlush,
      name: (c) => `scheduled ${c?.cron ?? ''}`.trim(),
      attributes: (c) => ({ 'faas.trigger': 'timer', 'faas.cron': c?.cron, 'faas.time': typeof c?.scheduledTime === 'number' ? new Date(c.scheduledTime).toISOString() : undefined }),
      kind: 'internal',
    });
  }
  if (typeof handler.queue === 'function') {
    out.queue = wrapEvent(handler.queue, getTracer, {
      onFlush,
      name: (b) => `process ${b?.queue ?? 'queue'}`,
      attributes: (b) => ({ 'messaging.system': 'cloudflare_queues', 'messaging.operation.type': 'process', 'messaging.destination.name': b?.queue, 'messaging.batch.message_count': b?.messages?.length }),
      kind: 'consumer',
    });
  }
  return out;
}

ext.instrumentHandler = instrumentHandler;
