// Tracer: buffers spans in the wasm core and delivers them when flush() is called. Nothing here
// throws into user code except the constructor on bad configuration.
//
// The tracer's state is one plain object (`core` below) that its spans share: the wasm tracer
// id, the exporters, flushes in flight, and the broken / shut-down flags.

import * as w from './wasm/edgespan.js';
import * as abi from './abi.js';
import { now, seed, spanWords, traceWords } from './clock.js';
import { parseTraceparent } from './rules/traceparent.js';
import { prop, safe, str } from './text.js';
import { fromOptions, privacyOf, samplingOf, requestHeaders } from './config.js';
import { fromEnv } from './env.js';
import { KEEP_ALL, sampledFlags } from './rules/sampling.js';
import { flush } from './driver.js';
import { loadFailure } from './load.js';
import { scratch } from './scratch.js';
import { secretsOf, withoutCredentials } from './rules/redact.js';
import { endpointHint, exportWatcher } from './diagnose.js';
import { say, cleared } from './say.js';
import { Span, runTraced, spanState } from './span.js';
import { APPLY_BAGGAGE, WITH_IDS } from './hooks.js';
import { put } from './value.js';
import { ext } from './ext.js';

const KINDS = { __proto__: null, internal: abi.KIND_INTERNAL, server: abi.KIND_SERVER, client: abi.KIND_CLIENT, producer: abi.KIND_PRODUCER, consumer: abi.KIND_CONSUMER };


// A tracer whose wasm id is collected with it (users who create one per request by mistake do
// not leak the core's memory).
const registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((c) => safe(() => w.destroy(c))) : null;
const FROM_ENV = Symbol('edgespan.fromEnv');
/** @internal The key of a tracer's state, for tests. */
export const INTERNAL = Symbol.for('edgespan.internal');

// What the driver needs per exporter: where, with which headers, gzipped or not.
function destination(e) {
  const headers = requestHeaders(e);
  // An uncompressed body never claims an encoding (as in the Rust driver).
  const plain = headers.filter((h) => h[0] !== 'content-encoding');
  return { url: e.endpoint, headers, plain, gzip: e.gzip, logs3: e.format === abi.FORMAT_LOGS3, name: `${e.format === abi.FORMAT_LOGS3 ? 'logs3' : 'otlp'} ${withoutCredentials(e.endpoint)}` };
}

export class Tracer {
  #core;

  constructor(options, settings) {
    const cfg = options === FROM_ENV ? settings : fromOptions(options);
    // A tracer that is off (a configuration it cannot use, fail open) is a broken one from the
    // start: every span call is a no-op and every flush resolves at once with the reason.
    // A wasm this runtime would not load (loadFailure) turns every tracer off, literal options too.
    const refused = loadFailure();
    const unloaded = refused && `this runtime refused to load edgespan's WebAssembly (${refused}); on Vercel, run this route on the Node.js runtime, whose functions load it`;
    const why = cfg.off || unloaded || null;
    const off = why && `edgespan: tracing is off for this isolate (the app runs untraced): ${why.replace(/^edgespan: /, '')}`;
    const sm = cfg.sampling ?? KEEP_ALL;
    const exporters = cfg.exporters ?? [];
    let c = abi.NONE_TRACER;
    if (!off) {
      const rules = (sm.parentBased ? abi.SAMPLING_PARENT_BASED : 0) | (sm.keepErrors ? abi.SAMPLING_KEEP_ERRORS : 0);
      const slots = scratch();
      slots[abi.SCRATCH_TIMEOUT_MS] = cfg.timeoutMs;
      slots[abi.SCRATCH_MAX_QUEUE_SPANS] = cfg.maxQueueSpans;
      slots[abi.SCRATCH_MAX_QUEUE_BYTES] = cfg.maxQueueBytes;
      slots[abi.SCRATCH_MAX_BATCH_BYTES] = cfg.maxBatchBytes;
      slots[abi.SCRATCH_MAX_CONCURRENT_REQUESTS] = cfg.maxConcurrentRequests;
      slots[abi.SCRATCH_SAMPLING_RATIO] = sm.ratio;
      slots[abi.SCRATCH_SAMPLING_RULES] = rules;
      slots[abi.SCRATCH_KEEP_SLOWER_THAN_MS] = sm.keepSlowerThanMs ?? abi.NONE;
      c = w.create(cfg.serviceName, seed());
      if (cfg.recordInputs === false || cfg.recordOutputs === false) w.set_recording(c, cfg.recordInputs !== false, cfg.recordOutputs !== false);
      // Resource attributes before the exporters, whose encoders write them.
      for (const [k, v] of cfg.resourceAttributes ?? []) put(c, abi.NONE_HANDLE, abi.TARGET_RESOURCE, k, v);
      for (const e of exporters) {
        w.add_exporter(c, e.format, e.backend, e.projectId, e.openRows);
      }
      registry?.register(this, c);
    }
    const limitsText = `maxQueueSpans ${cfg.maxQueueSpans}, maxQueueBytes ${cfg.maxQueueBytes}`;
    const core = {
      off: why,
      c,
      exp: exporters.map(destination),
      secrets: secretsOf(exporters),
      timeoutMs: cfg.timeoutMs,
      sampling: sm,
      inflight: new Set(),
      // Per request scope, what runs if it finishes while a stream is still open (hooks.js).
      closers: new Map(),
      broken: off || null,
      recordInputs: cfg.recordInputs !== false,
      recordOutputs: cfg.recordOutputs !== false,
      mask: typeof cfg.mask === 'function' ? cfg.mask : undefined,
      shut: !!off,
      dropNoted: false,
      scopes: 0,
      // To onDiagnostic, or the console once per isolate and `key` (say.js).
      diagnose(text, key = text, level = 'warn') {
        say(cfg.onDiagnostic, key, text, level);
      },
      dropped() {
        if (core.dropNoted) return;
        core.dropNoted = true;
        core.diagnose(`edgespan: span buffer full (${limitsText}): dropping spans until the next flush; FlushReport.dropped counts them`, 'dropped', 'error');
      },
      fail(e) {
        // A trap inside wasm leaves the instance unusable; stop calling it, say so now and at flush.
        if (core.broken) return;
        core.broken = `edgespan internal error, tracing disabled: ${str(e && e.message ? e.message : e)}`;
        core.diagnose(core.broken, 'broken', 'error');
      },
      start: (name, options, parent, newScope) => start(core, name, options, parent, newScope),
      flush: (options) => flush(core, flushWithin(core, options)),
      // A mistake in how the API was called (a bad status, say): said once per kind, then ignored.
      misused: new Set(),
      misuse(kind, text) {
        if (core.misused.has(kind)) return;
        core.misused.add(kind);
        core.diagnose(`edgespan: ${text} (said once per tracer)`, `misuse ${kind}`);
      },
      // Each exporter's report after a flush: its first failure is said; its first delivery after
      // that clears it.
      exported(i, report) {
        const key = `export ${core.exp[i]?.name}`;
        if (report.failed === 0 && report.pending === 0) cleared(key);
        if (report.dropped === 0) cleared('dropped');
        const text = core.watchers[i]?.(report);
        if (text) core.diagnose(text, key, 'error');
      },
    };
    core.watchers = core.exp.map(exportWatcher);
    this.#core = core;
    if (off) core.diagnose(off, `off ${why}`, 'error');
    for (const e of core.exp) {
      const hint = endpointHint(e);
      if (hint) core.diagnose(hint, hint, 'error');
    }
  }

  /** @internal Exporters and deadline, for tests. */
  get [INTERNAL]() {
    const core = this.#core;
    return { exporters: core.exp.map((e) => ({ ...e, headers: Object.fromEntries(e.headers) })), timeoutMs: core.timeoutMs, sampling: core.sampling, off: core.off || null };
  }

  /** Builds a tracer from the standard OTLP variables of a Workers `env` (or `process.env`).
   * Never throws: a configuration it cannot use gives a tracer that is off (its spans record
   * nothing), and the reason is said once. */
  static fromEnv(env, options) {
    const o = options !== null && typeof options === 'object' ? options : {};
    const onDiagnostic = o.onDiagnostic; // used only when it is a function (say.js)
    try {
      const cfg = fromEnv(env);
      cfg.onDiagnostic = onDiagnostic;
      // Privacy is the code's to decide, with the environment's destination.
      Object.assign(cfg, privacyOf(o));
      // `sampling` given here refines what OTEL_TRACES_SAMPLER set.
      if (o.sampling !== undefined) cfg.sampling = samplingOf(o.sampling, cfg.sampling);
      return new Tracer(FROM_ENV, cfg);
    } catch (e) {
      // Where a Worker keeps its settings, for the most common first mistake.
      const where = /no endpoint configured/.test(e?.message) ? ' (in a Worker: the `vars` of the wrangler configuration, or .dev.vars for wrangler dev)' : '';
      return Tracer.#off(str(e?.message ?? e) + where, onDiagnostic);
    }
  }

  // A tracer that is off for this isolate because of `e` (a configuration error, or a wasm that
  // would not start): its spans are no-ops, its flushes say why.
  static #off(e, onDiagnostic) {
    return new Tracer(FROM_ENV, { off: str(e?.message ?? e), onDiagnostic });
  }

  /** @internal A tracer from `init` (a Tracer, TracerOptions, or `(env) => either`; by default
   * `Tracer.fromEnv(env)`) that never throws: any failure gives a tracer that is off. */
  static fromInit(init, env) {
    try {
      const made = typeof init === 'function' ? init(env) : init ?? Tracer.fromEnv(env);
      return made instanceof Tracer ? made : new Tracer(made);
    } catch (e) {
      return Tracer.#off(e, init?.onDiagnostic);
    }
  }

  /** @internal Bytes of wasm linear memory, for memory measurements. */
  _memoryBytes() {
    return w.memory_bytes();
  }

  startSpan(name, options) {
    return start(this.#core, name, options, null, abi.NONE_SCOPE);
  }

  /** Starts a request scope: a root span whose `finish()` ends it, ends its still-open
   * descendants as incomplete, and flushes. With `request`, the HTTP attributes and an incoming
   * `traceparent` are taken from it and the kind defaults to `server`. */
  startTrace(name, options) {
    const o = options !== null && typeof options === 'object' ? { ...options } : {};
    const req = o.request;
    if (req && typeof req === 'object' && typeof req.url === 'string') {
      const headers = prop(req, 'headers');
      const get = (k) => safe(() => headers.get(k)) ?? undefined;
      o.parent ??= get('traceparent');
      o.kind ??= 'server';
      o.attributes = {
        'http.request.method': prop(req, 'method'),
        'url.full': withoutCredentials(req.url),
        'user_agent.original': get('user-agent'),
        ...o.attributes,
      };
    }
    const core = this.#core;
    core.scopes = (core.scopes % 0xffffffff) + 1;
    const root = start(core, name, o, null, core.scopes);
    // The caller's session and user, carried in W3C baggage (a Worker, a Durable Object, a client).
    if (req && typeof req === 'object' && typeof req.url === 'string') root[APPLY_BAGGAGE](safe(() => req.headers.get('baggage')));
    return root;
  }

  /** Wraps a Workers handler: each fetch, scheduled and queue event runs in its own trace, with
   * its root span at `ctx.span`. See docs/api.md. */
  instrument(handler, options) {
    return ext.instrumentHandler(handler, () => this, options, this.#core.diagnose);
  }

  /** Like `tracer.instrument(handler, options)`, with the tracer built on the first event from
   * `init(env)` (a Tracer or TracerOptions; by default `Tracer.fromEnv(env)`), once per isolate. */
  static instrument(handler, init, options) {
    // A WorkerEntrypoint class (or any class) is instrumented as one.
    const get = lazyTracer(init);
    if (typeof handler === 'function') return ext.instrumentClass(handler, get, 'entrypoint');
    return ext.instrumentHandler(handler, get, options, (text) => get.made?.#core.diagnose(text));
  }

  traced(name, fn, options) {
    return runTraced(this.startSpan(name, options), fn);
  }

  /** An @opentelemetry/api Tracer whose spans are edgespan spans; a span with no parent in the
   * context it is given starts a new trace. */
  otelTracer() {
    const core = this.#core;
    return ext.otelTracer((name, options) => start(core, name, options, null, abi.NONE_SCOPE), null);
  }

  /** Delivers what is buffered. `{ timeoutMs }`: this flush ends within that many ms (or the
   * tracer's `timeoutMs` when shorter); what it leaves undelivered stays for the next flush. */
  flush(options) {
    return this.#core.flush(options);
  }

  /** Ends every open span as incomplete, flushes, and turns later span calls into no-ops. */
  shutdown() {
    const core = this.#core;
    if (!core.shut && !core.broken) {
      try {
        w.end_all_open(core.c, 'span was still open at tracer.shutdown()', now());
      } catch (e) {
        core.fail(e);
      }
    }
    core.shut = true;
    return this.flush();
  }
}

// A flush's deadline: its `timeoutMs` option when that is a number of ms from 0 (never past the
// tracer's own), else the tracer's; a wrong option is said once and ignored (flush never throws).
function flushWithin(core, options) {
  if (options === undefined || options === null) return core.timeoutMs;
  const ms = typeof options === 'object' ? prop(options, 'timeoutMs') : undefined;
  if (ms === undefined && typeof options === 'object') return core.timeoutMs;
  if (typeof ms === 'number' && ms >= 0) return Math.min(ms, core.timeoutMs);
  core.misuse('flush', 'flush(options) takes { timeoutMs } (a number of ms from 0); the option was ignored');
  return core.timeoutMs;
}

/** The tracer of an instrumented handler or class, made on the first event, once per isolate:
 * `init` is a Tracer, TracerOptions, or `(env) => either`; by default Tracer.fromEnv(env). The
 * function keeps it at `.made`. */
export function lazyTracer(init) {
  const get = (env) => (get.made ??= Tracer.fromInit(init, env));
  return get;
}

// Starts a span of tracer `core`; `parentSpan` wins over `options.parent`; `newScope` (non-zero)
// makes it the root of that request scope.
function start(core, name, options, parentSpan, newScope) {
  // The common call has no options: skip the guarded reads then.
  const o = options !== null && typeof options === 'object' ? options : null;
  const parent = parentSpan ?? (o && prop(o, 'parent'));
  let t, p = null, rel = abi.PARENT_NONE, flags, scope = newScope;
  if (parent instanceof Span) {
    const ps = spanState(parent);
    if (ps.root) ps.kids = true;
    t = ps.t;
    p = ps.s;
    rel = abi.PARENT_LOCAL;
    flags = ps.flags;
    scope ||= ps.scope;
  } else if (typeof parent === 'string') {
    const tp = parseTraceparent(parent);
    if (tp) {
      t = tp.t;
      p = tp.p;
      rel = abi.PARENT_REMOTE;
      flags = tp.flags;
    }
  }
  const ids = o ? o[WITH_IDS] : undefined;
  t ??= ids?.t ?? traceWords();
  // The head decision (sampling.js), as the core makes it again in wasm.
  flags = sampledFlags(core.sampling, t, flags, rel === abi.PARENT_REMOTE);
  const at = o ? prop(o, 'startTime') : undefined;
  const t0 = typeof at === 'number' && Number.isFinite(at) ? at : now();
  const s = ids?.s ?? spanWords();
  let h = abi.NONE_HANDLE;
  if (!core.broken && !core.shut) {
    try {
      let kind = o && prop(o, 'kind');
      if (kind !== undefined && kind !== null && !(typeof kind === 'string' && KINDS[kind])) {
        core.misuse('kind', `span kind ${typeof kind === 'string' ? JSON.stringify(kind) : typeof kind} ignored (expected internal, server, client, producer or consumer); the span is internal`);
        kind = undefined;
      }
      const words = scratch();
      words[abi.SCRATCH_TRACE] = t[0];
      words[abi.SCRATCH_TRACE + 1] = t[1];
      words[abi.SCRATCH_TRACE + 2] = t[2];
      words[abi.SCRATCH_TRACE + 3] = t[3];
      words[abi.SCRATCH_SPAN] = s[0];
      words[abi.SCRATCH_SPAN + 1] = s[1];
      if (p) {
        words[abi.SCRATCH_PARENT] = p[0];
        words[abi.SCRATCH_PARENT + 1] = p[1];
      }
      h = w.start(core.c, str(name), (typeof kind === 'string' && KINDS[kind]) || abi.KIND_INTERNAL, rel, flags, scope, t0);
    } catch (e) {
      core.fail(e);
    }
  }
  if (h === abi.NONE_HANDLE && !core.broken && !core.shut) core.dropped();
  const span = new Span({ core, h, t, s, p, flags, scope, root: !!newScope, t0, ended: false });
  const type = o ? prop(o, 'type') : undefined;
  if (type !== undefined) span.setType(type);
  const attrs = o && prop(o, 'attributes');
  if (attrs) span.setAttributes(attrs);
  const traceAttrs = o ? prop(o, 'traceAttributes') : undefined;
  if (traceAttrs !== undefined) span.setTraceAttributes(traceAttrs);
  return span;
}

// For the groups that take an `init` without importing the tracer (and its wasm): integrations/mcp.js.
ext.fromInit = (init, env) => Tracer.fromInit(init, env);
