// instrumentHandler(handler, init?, { waitUntil?, onFlush? }): a fetch-style handler
// `(request, ...rest) => Response` as Vercel, Netlify, Supabase, Deno.serve and Bun.serve call it,
// each request a trace (a SERVER root with the HTTP conventions, continuing an incoming
// traceparent), current while the handler runs, finished and flushed once the response body has
// been sent, kept alive by the runtime's own way: the `waitUntil` option; a `waitUntil` on the
// handler's context argument (Netlify, Vercel middleware); Vercel's request context;
// `EdgeRuntime.waitUntil` (Supabase); else, in a long-lived process, the flush simply runs, and
// whatever the tracer still holds is flushed when the process is about to exit.

import { ext } from '../ext.js';
import { serveResponse } from '../response.js';
import { settle } from '../settle.js';
import { safe } from '../text.js';

const OPTION_KEYS = ['waitUntil', 'onFlush'];

// The environment of the process: Node's and Bun's process.env, Deno's Deno.env.
function processEnv() {
  const deno = globalThis.Deno;
  if (deno?.env && typeof deno.env.toObject === 'function') return safe(() => deno.env.toObject()) ?? {};
  return globalThis.process?.env ?? {};
}

// The runtime's own way to keep work alive after the response, for this request.
function keepAliveOf(rest) {
  for (const a of rest) {
    const w = a && typeof a === 'object' ? safe(() => a.waitUntil) : undefined;
    if (typeof w === 'function') return (p) => w.call(a, p);
  }
  // Vercel's request context, what @vercel/functions' waitUntil reads.
  const vercel = safe(() => globalThis[Symbol.for('@vercel/request-context')]?.get?.());
  if (typeof vercel?.waitUntil === 'function') return (p) => vercel.waitUntil(p);
  const edge = globalThis.EdgeRuntime;
  if (edge && typeof edge.waitUntil === 'function') return (p) => edge.waitUntil(p);
  return null;
}

// Flushes what a tracer still holds when the process is about to exit, once per tracer.
const hooked = new WeakSet();
function flushOnExit(tracer) {
  if (hooked.has(tracer)) return;
  hooked.add(tracer);
  const flush = () => tracer.flush();
  const deno = globalThis.Deno;
  if (deno && typeof globalThis.addEventListener === 'function') {
    safe(() => globalThis.addEventListener('beforeunload', flush));
    return;
  }
  const proc = globalThis.process;
  if (!proc || typeof proc.once !== 'function') return;
  // beforeExit: the event loop is empty, and a flush keeps it alive until delivered.
  safe(() => proc.once('beforeExit', flush));
  // SIGTERM (a platform stopping the process): deliver, then exit as the signal asked.
  safe(() =>
    proc.once('SIGTERM', () => {
      flush().finally(() => proc.exit(143));
    }),
  );
}

/** Traces every request of a fetch-style handler; see docs/runtimes.md. */
export function instrumentHandler(handler, init, options) {
  const fn = typeof handler === 'function' ? handler : typeof handler?.fetch === 'function' ? handler.fetch : null;
  if (!fn) throw new TypeError('edgespan: instrumentHandler(handler) needs a function (request, ...) => Response, or an object with fetch');
  if (options !== undefined && (options === null || typeof options !== 'object')) throw new TypeError('edgespan: instrumentHandler(handler, init, options) takes { waitUntil?, onFlush? }');
  const o = options ?? {};
  for (const k of Object.keys(o)) if (!OPTION_KEYS.includes(k)) throw new TypeError(`edgespan: unknown instrumentHandler() option \`${k}\` (known: ${OPTION_KEYS.join(', ')})`);
  for (const k of OPTION_KEYS) if (o[k] !== undefined && typeof o[k] !== 'function') throw new TypeError(`edgespan: instrumentHandler() option \`${k}\` must be a function`);
  let tracer;
  const traced = function (request, ...rest) {
    tracer ??= ext.fromInit(init, processEnv());
    flushOnExit(tracer);
    const root = tracer.startTrace(String(safe(() => request.method) ?? 'GET'), { request });
    const keepAlive = o.waitUntil ?? keepAliveOf(rest);
    const finish = (sent) => {
      const done = Promise.resolve(sent)
        .then(() => root.finish())
        .then((report) => {
          if (o.onFlush) {
            try {
              o.onFlush(report);
            } catch {
              // the user's callback failed: the report was delivered all the same
            }
          }
          return report;
        });
      if (keepAlive) safe(() => keepAlive(done));
      return done;
    };
    // The root is also handed to the handler, after the runtime's own arguments, for runtimes
    // without AsyncLocalStorage (Vercel's Edge runtime), where it cannot be the current span.
    return settle(
      root,
      () => fn.call(this, request, ...rest, root),
      (value) => {
        const { response, sent } = serveResponse(root, value);
        finish(sent);
        return response;
      },
      (e) => {
        root.recordError(e);
        finish(null);
      },
    );
  };
  return typeof handler === 'function' ? traced : Object.assign(Object.create(Object.getPrototypeOf(handler)), handler, { fetch: traced });
}
