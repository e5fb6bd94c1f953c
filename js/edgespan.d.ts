// Types for the `edgespan` package. Hand-written: the public API is the JS layer over the wasm
// core, and these types are part of that API.

/** A value a span attribute, metadata entry or metric can hold. Integral numbers are sent as
 * OTLP ints, others as doubles; BigInt as an int when it fits in 64 bits; arrays and plain
 * objects as OTLP arrays and key/value lists (8 levels, 1000 items each). */
export type AttributeValue =
  | string
  | number
  | boolean
  | bigint
  | null
  | undefined
  | Date
  | readonly AttributeValue[]
  | { readonly [key: string]: AttributeValue };

/** OTLP span kind. */
export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** One destination: where spans go and how they are encoded. */
export interface ExporterOptions {
  /** The full URL: an OTLP/HTTP traces URL (`…/v1/traces`), or Braintrust's `…/logs3`. */
  endpoint: string;
  /** Extra request headers (authentication, say). */
  headers?: Record<string, string> | Headers | ReadonlyArray<readonly [string, string]>;
  /** Wire encoding: OTLP/HTTP `protobuf` (default, as in OTLP) or `json`. */
  protocol?: 'json' | 'protobuf';
  /** Body compression through `CompressionStream`. Default `none`. */
  compression?: 'gzip' | 'none';
  /** Extra attributes for a backend; set by the presets. Default `otlp`. */
  backend?: 'otlp' | 'braintrust' | 'langfuse' | 'laminar';
  /** `otlp` (default) or Braintrust's native `logs3` rows (set by `braintrustLogs()`). */
  format?: 'otlp' | 'logs3';
  /** The Braintrust project of `logs3` rows. */
  projectId?: string;  /** `logs3` only: at each flush, send spans still open as open rows (no end) so Braintrust
   * shows them in progress; each one's final row completes it as a merge row. Default false. */
  openRows?: boolean;
}

/** Options of `new Tracer(options)`. Bad values throw an `Error` from the constructor. */
export interface TracerOptions {
  /** The full OTLP/HTTP traces URL, e.g. `https://collector.example/v1/traces`. Required unless
   * `exporters` is given. */
  endpoint?: string;
  /** Several destinations fed from the one buffer (1 to 8), each with its own endpoint, format and
   * failures (reported per exporter in `FlushReport.exporters`). Replaces `endpoint`, `headers`,
   * `protocol`, `compression` and `backend` at the top level. */
  exporters?: readonly ExporterOptions[];
  /** The Braintrust project of `logs3` rows (with `format: 'logs3'`). */
  projectId?: string;
  /** `logs3` only: at each flush, send spans still open as open rows (no end) so Braintrust
   * shows them in progress; each one's final row completes it as a merge row. Default false. */
  openRows?: boolean;
  /** `otlp` (default) or `logs3`. */
  format?: 'otlp' | 'logs3';
  /** Extra request headers (authentication, say). */
  headers?: Record<string, string> | Headers | ReadonlyArray<readonly [string, string]>;
  /** `service.name` of the resource. Default `unknown_service`. */
  serviceName?: string;
  /** Wire encoding: OTLP/HTTP `protobuf` (default, as in OTLP) or `json`. */
  protocol?: 'json' | 'protobuf';
  /** Body compression through `CompressionStream`. Default `none`. */
  compression?: 'gzip' | 'none';
  /** Flush deadline in ms, retries included. Default 25000 (below the 30 s of `waitUntil`). */
  timeoutMs?: number;
  /** Most ended spans kept in memory until a flush; more are dropped and counted. Default 2048. */
  maxQueueSpans?: number;
  /** Most estimated bytes of ended spans kept in memory. Default 8 MiB. */
  maxQueueBytes?: number;
  /** Most body bytes per request before compression; bigger flushes are split. Default 1 MiB. */
  maxBatchBytes?: number;
  /** Most requests one flush runs at once. Default 6 (Cloudflare's open-connection limit). */
  maxConcurrentRequests?: number;
  /** Extra attributes for a backend; set by the presets (`braintrust()`, `langfuse()`,
   * `laminar()`). Default `otlp` (the default mapping only). */
  backend?: 'otlp' | 'braintrust' | 'langfuse' | 'laminar';
  /** Receives warnings as text (the first span dropped in a flush window, say). The console stays
   * silent by default; an exception thrown here is ignored. */
  onDiagnostic?: (message: string) => void;
  /** Which traces are exported (see docs/sampling.md). Default: all. */
  sampling?: SamplingOptions;
  /** More resource attributes (`deployment.environment.name`, `service.version`, …), sent after
   * `service.name`; edgespan's own `telemetry.sdk.*` stay, and `service.name` is `serviceName`'s.
   * Env: `OTEL_RESOURCE_ATTRIBUTES`. */
  resourceAttributes?: Readonly<Record<string, string | number | boolean>>;
  /** `false` keeps prompts out of every span: `log`'s input, the GenAI input messages and system
   * instructions (`logLLM`, the wrappers, the OpenTelemetry bridge), tool call arguments, the AI
   * SDK's `ai.prompt*`. Spans keep their model, token counts, timing and status. Default true. */
  recordInputs?: boolean;
  /** `false` keeps answers out of every span: `log`'s output, the GenAI output messages, tool
   * call results, the AI SDK's `ai.response.*`. Default true. */
  recordOutputs?: boolean;
  /** Called on every string of every prompt and answer before it is recorded (never after), with
   * the field it belongs to (`input`, `output`, `gen_ai.input.messages`,
   * `gen_ai.tool.call.arguments`, …); what it returns is recorded. If it throws, that field is
   * left out and the error said once. */
  mask?: (text: string, info: { field: string }) => string;
}

/** Head sampling and the keep rules of request scopes. */
export interface SamplingOptions {
  /** The share of new traces kept, 0 to 1, decided on the trace id (the same trace, the same
   * decision, in every Worker). Default 1. */
  ratio?: number;
  /** Keep a request scope's whole trace when any of its spans ended in ERROR, whatever the
   * ratio said. Default false. */
  keepErrors?: boolean;
  /** Keep a request scope's whole trace when its root took longer than this (ms). */
  keepSlowerThanMs?: number;
  /** Honour an incoming `traceparent`'s sampled flag (default true; `OTEL_TRACES_SAMPLER=traceidratio`
   * turns it off). */
  parentBased?: boolean;
}

/** The Workers `env` variables `Tracer.fromEnv` reads. Other bindings are ignored. */
export interface OtlpEnv {
  /** Base URL; `/v1/traces` is appended. */
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  /** Full traces URL, used as is; wins over `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  /** `key=value,key2=value2`, URL-encoded. */
  OTEL_EXPORTER_OTLP_HEADERS?: string;
  /** `http/json` or `http/protobuf`. */
  OTEL_EXPORTER_OTLP_PROTOCOL?: string;
  /** `gzip` or `none`. */
  OTEL_EXPORTER_OTLP_COMPRESSION?: string;
  /** Flush deadline in ms. */
  OTEL_EXPORTER_OTLP_TIMEOUT?: string;
  /** `always_on`, `always_off`, `traceidratio`, `parentbased_always_on` (default),
   * `parentbased_always_off` or `parentbased_traceidratio`. */
  OTEL_TRACES_SAMPLER?: string;
  /** The ratio of the `traceidratio` samplers, 0 to 1. */
  OTEL_TRACES_SAMPLER_ARG?: string;
  /** `service.name`. */
  OTEL_SERVICE_NAME?: string;
  /** `key=value,key2=value2`, percent-encoded: more resource attributes; its `service.name` names
   * the service when `OTEL_SERVICE_NAME` is not set. */
  OTEL_RESOURCE_ATTRIBUTES?: string;
}

/** Options of `startSpan`. */
export interface SpanOptions {
  /** The parent: a span, or a W3C `traceparent` header value. An invalid string starts a new trace. */
  parent?: Span | string;
  /** Default `internal`. */
  kind?: SpanKind;
  /** What the span is, spelled for each backend (`openinference.span.kind`, Braintrust's span
   * type, Langfuse's observation type, `lmnr.span.type`, `gen_ai.operation.name`). Default: `llm`
   * for a span with `logLLM` fields, `chain` for any other. */
  type?: SpanType;
  /** Attributes to set at start. */
  attributes?: Readonly<Record<string, AttributeValue>>;
  /** Start time, Unix ms. Default: now. */
  startTime?: number;
  /** Attributes of the whole trace, as `span.setTraceAttributes` sets them. */
  traceAttributes?: TraceAttributes;
}

/** What every span of a trace carries, in each backend's spelling (docs/sessions.md): the
 * session (a conversation), the end user, tags and metadata. */
export interface TraceAttributes {
  /** `session.id` and `gen_ai.conversation.id` (Phoenix's and Langfuse's sessions, MLflow's
   * `mlflow.trace.session`). */
  sessionId?: string;
  /** `user.id`. */
  userId?: string;
  /** Added to the tags set before. */
  tags?: readonly string[];
  /** Merged with the metadata set before, a later value of a key winning. */
  metadata?: Readonly<Record<string, AttributeValue>>;
}

/** A span's type in an LLM application. */
export type SpanType = 'llm' | 'embedding' | 'tool' | 'retriever' | 'reranker' | 'agent' | 'chain' | 'guardrail' | 'evaluator' | 'task';

/** What `span.log` records. docs/backends.md says which attribute each field becomes. */
export interface LogFields {
  /** A string is sent verbatim; anything else as JSON text. */
  input?: unknown;
  /** As `input`. */
  output?: unknown;
  /** Typed entries, merged by key across calls. */
  metadata?: Readonly<Record<string, AttributeValue>>;
  /** Numbers such as token counts, merged by key across calls. */
  metrics?: Readonly<Record<string, number>>;
  /** An error to record, as `recordError`. */
  error?: unknown;
  /** Tags, without repeats. */
  tags?: readonly string[];
}

/** A chat message as logLLM takes it: the GenAI form `{ role, parts }`, an OpenAI chat message
 * (string, null or parts content, `tool_calls`, `role: 'tool'` results) or choice
 * (`{ message, finish_reason }`), an Anthropic message (content blocks, `stop_reason`), an AI SDK
 * message, or a string (one turn). */
export type LlmMessage =
  | string
  | {
      readonly role?: string;
      readonly parts?: readonly unknown[];
      readonly content?: unknown;
      readonly tool_calls?: unknown;
      readonly message?: unknown;
      readonly finish_reason?: unknown;
      readonly stop_reason?: unknown;
    };

/** What `span.logLLM` records, as `gen_ai.*` attributes (see docs/llm.md). Fields it cannot use
 * are reported once through `onDiagnostic`. */
export interface LlmFields {
  /** `gen_ai.provider.name`: `openai`, `anthropic`, `gcp.vertex_ai`, `aws.bedrock`, … */
  provider?: string;
  /** `gen_ai.request.model`. */
  model?: string | null;
  /** `gen_ai.operation.name`; default `chat`. */
  operation?: string;
  /** `gen_ai.input.messages` (JSON text of GenAI messages). */
  inputMessages?: readonly LlmMessage[] | string | null;
  /** `gen_ai.output.messages`, each with its `finish_reason`. */
  outputMessages?: readonly LlmMessage[] | string | null;
  /** `gen_ai.system_instructions`: a string, or text parts (Anthropic's `system`). */
  systemInstructions?: string | readonly unknown[] | null;
  /** `gen_ai.tool.definitions`: the tools offered, in OpenAI chat, Responses or Anthropic form. */
  toolDefinitions?: readonly unknown[] | null;
  /** `gen_ai.usage.*` (ints), in our names or the SDKs' own usage object. */
  usage?: LlmUsage | null;
  /** `gen_ai.request.*`: temperature, topP, frequencyPenalty, presencePenalty as doubles;
   * maxTokens, topK, seed, choiceCount as ints (camelCase or the SDKs' snake_case); other keys
   * in snake_case as given. */
  params?: Readonly<Record<string, unknown>>;
  /** `gen_ai.response.id`. */
  responseId?: string | null;
  /** `gen_ai.response.model`. */
  responseModel?: string | null;
  /** `gen_ai.response.finish_reasons`; by default those of the output messages. */
  finishReasons?: readonly string[] | null;
}

/** Token counts of an LLM call (`gen_ai.usage.*`, ints): ours, or the usage object of OpenAI chat
 * (and Workers AI), OpenAI Responses, Anthropic (cached input is added to the input count, as
 * GenAI counts it) or the AI SDK. */
export interface LlmUsage {
  inputTokens?: number | null;
  outputTokens?: number | null;
  cachedTokens?: number | null;
  cacheCreationTokens?: number | null;
  reasoningTokens?: number | null;
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: unknown;
  completion_tokens_details?: unknown;
  input_tokens?: number | null;
  output_tokens?: number | null;
  input_tokens_details?: unknown;
  output_tokens_details?: unknown;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/** Options of `traceStream`. */
export interface TraceStreamOptions<T = unknown> {
  /** Record the streamed text as the span's output (within the span limits): `true` takes
   * strings, UTF-8 bytes and chunks' `text`/`delta` strings; a function maps a chunk to its text. */
  captureOutput?: boolean | ((chunk: T) => string | undefined);
}

/** Options of `wrapOpenAI`, `wrapAnthropic` and `wrapWorkersAI`. */
export interface WrapOptions {
  /** The parent of each call's span: a span (`ctx.span`), a `traceparent` (needs `tracer`), or a
   * function returning either, asked at each call. By default the current span where
   * AsyncLocalStorage exists (the `nodejs_compat` flag), else a root on `tracer`. */
  parent?: Span | string | (() => Span | string | undefined);
  /** Where calls with no parent start their root span. */
  tracer?: Tracer;
  /** The client's base URL is AI Gateway's (a custom domain, say): each request names its span in
   * `cf-aig-otel-*` headers and Gateway's log id is recorded. Default: when the base URL is
   * `gateway.ai.cloudflare.com`. */
  aiGateway?: boolean;
}

/** A span its code did not end, named in a FlushReport. */
export interface UnfinishedSpan {
  name: string;
  spanId: string;
  /** `incomplete`: ended by a scope finish or shutdown; `open`: still running. */
  state: 'open' | 'incomplete';
}

/** One exporter's part of a flush (with several exporters). */
export interface ExporterReport {
  /** `otlp <url>` or `logs3 <url>`, without URL credentials. */
  name: string;
  exported: number;
  failed: number;
  retried: number;
  pending: number;
  openRows: number;
  requests: number;
  bytes: number;
  errors: string[];
}

/** Options of one flush. */
export interface FlushOptions {
  /** End this flush within this many ms (or the tracer's `timeoutMs` when that is shorter):
   * a platform that must answer by a time (AWS Lambda's remaining time) flushes within it. What
   * it leaves undelivered stays buffered for the next flush (`FlushReport.pending`). */
  timeoutMs?: number;
}

/** What one flush did. `flush()` never rejects: problems are counted here. */
export interface FlushReport {
  /** Spans the collector accepted. */
  exported: number;
  /** Spans not exported because sampling left their trace out (never encoded). */
  sampledOut: number;
  /** Spans refused for good: a non-retryable status, or rejected through `partialSuccess`. */
  failed: number;
  /** Spans dropped since the previous flush because the buffer was full. */
  dropped: number;
  /** Requests sent again after a retryable failure (429, 502, 503, 504, network, timeout). */
  retried: number;
  /** Spans undelivered at the deadline, kept for the next flush. */
  pending: number;
  /** Spans still open when the flush started; a plain flush never exports them. */
  openSpans: number;
  /** Open rows delivered: spans still open, shown in progress by a Braintrust `logs3` exporter
   * with `openRows: true`. Not spans: `exported`, `failed` and `pending` count spans only. */
  openRows: number;
  /** HTTP requests started. */
  requests: number;
  /** Body bytes sent, after compression. */
  bytes: number;
  /** Time from the call to the report, in ms. */
  durationMs: number;
  /** One line per problem (at most ten). */
  errors: string[];
  /** Up to ten spans their code did not end: `incomplete` ones were ended by a scope's
   * `finish()` or `shutdown()` since the last flush; `open` ones are still running. */
  unfinished: UnfinishedSpan[];
  /** With several exporters: each one's own numbers and errors (the totals above are summed over
   * exporters, and each error line starts with the exporter's name). */
  exporters?: ExporterReport[];
}

/** Options of `startTrace`. */
export interface TraceOptions extends SpanOptions {
  /** The incoming request: sets `http.request.method`, `url.full`, `user_agent.original`, continues
   * its `traceparent`, and makes the kind `server` unless given. */
  request?: Request;
}

// The platform's types, merged with @cloudflare/workers-types (or `wrangler types`) where the
// project has them and empty otherwise: with them, the context instrument() passes is a real
// ExecutionContext (props, …), the controller a ScheduledController (noRetry, …) and the batch a
// MessageBatch; without them the members below still type the common uses. Nothing is added to
// them: the instrumented types below add the span.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-unused-vars
  interface ExecutionContext<Props = unknown> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-unused-vars
  interface DurableObjectState<Props = unknown> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface ScheduledController {}
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface MessageBatch<Body = unknown> {}
}

/** What the SDK needs of a Workers context (every `ExecutionContext` has it). */
export interface WorkersContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

/** The `ctx` an instrumented handler receives: the platform's `ExecutionContext`, with the
 * event's root span at `span`. Its `waitUntil` also makes the scope wait for the promise (up to
 * 10 s) before it finishes. */
export type InstrumentedContext<Props = {}> = ExecutionContext<Props> & WorkersContext & {
  /** The event's root span; start child spans from it. */
  readonly span: Span;
};

/** The `ctx` of an instrumented Durable Object or agent: the platform's `DurableObjectState`,
 * with the running event's root span at `span`. Declare it in the class so `this.ctx.span` is a
 * `Span`: `declare protected readonly ctx: InstrumentedState;` (and, in an instrumented
 * WorkerEntrypoint, `declare protected readonly ctx: InstrumentedContext;`). */
export type InstrumentedState<Props = {}> = DurableObjectState<Props> & {
  /** The running event's root span; start child spans from it. */
  readonly span: Span;
};

/** The controller of a cron trigger: the platform's `ScheduledController`. */
export type InstrumentedController = ScheduledController & { readonly cron: string; readonly scheduledTime: number };

/** A queue batch: the platform's `MessageBatch`. */
export type InstrumentedBatch<Body = unknown> = MessageBatch<Body> & { readonly queue: string; readonly messages: readonly unknown[] };

/** A Workers module handler as `instrument()` accepts it: an `ExportedHandler<Env>` fits, and an
 * inline handler's `ctx` is typed with the root span. */
export interface InstrumentableHandler<Env = unknown, Body = unknown, Props = unknown> {
  fetch?(request: Request, env: Env, ctx: InstrumentedContext<Props>): Response | Promise<Response>;
  scheduled?(controller: InstrumentedController, env: Env, ctx: InstrumentedContext<Props>): void | Promise<void>;
  queue?(batch: InstrumentedBatch<Body>, env: Env, ctx: InstrumentedContext<Props>): void | Promise<void>;
}

/** An OpenTelemetry `Context` (immutable: `setValue` and `deleteValue` return a new one). */
export interface OtelContext {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): OtelContext;
  deleteValue(key: symbol): OtelContext;
}

/** OpenTelemetry TimeInput: ms since the epoch, `[seconds, nanoseconds]`, or a Date. */
export type OtelTime = number | [number, number] | Date;

/** The options of an OpenTelemetry `startSpan`. */
export interface OtelSpanOptions {
  /** SpanKind: 0 internal, 1 server, 2 client, 3 producer, 4 consumer. */
  kind?: number;
  attributes?: Readonly<Record<string, unknown>>;
  links?: ReadonlyArray<{ context: OtelSpanContext; attributes?: Readonly<Record<string, unknown>> }>;
  startTime?: OtelTime;
  /** Start a new trace, whatever the context holds. */
  root?: boolean;
}

/** An OpenTelemetry `SpanContext`. */
export interface OtelSpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
  isRemote?: boolean;
}

/** An OpenTelemetry `Span` over an edgespan span (it satisfies `@opentelemetry/api`'s `Span`). */
export interface OtelSpan {
  /** The edgespan span underneath. */
  readonly edgespan: Span;
  spanContext(): OtelSpanContext;
  setAttribute(key: string, value: unknown): this;
  setAttributes(attributes: Readonly<Record<string, unknown>>): this;
  addEvent(name: string, attributesOrStartTime?: Readonly<Record<string, unknown>> | OtelTime, startTime?: OtelTime): this;
  addLink(link: { context: OtelSpanContext; attributes?: Readonly<Record<string, unknown>> }): this;
  addLinks(links: ReadonlyArray<{ context: OtelSpanContext; attributes?: Readonly<Record<string, unknown>> }>): this;
  setStatus(status: { code: number; message?: string }): this;
  updateName(name: string): this;
  end(endTime?: OtelTime): void;
  isRecording(): boolean;
  recordException(exception: unknown, time?: OtelTime): void;
}

/** An OpenTelemetry `Tracer` whose spans are edgespan spans (it satisfies `@opentelemetry/api`'s
 * `Tracer`). Without AsyncLocalStorage, a span started inside a running `startActiveSpan`
 * callback of the same tracer is its child. */
export interface OtelTracer {
  startSpan(name: string, options?: OtelSpanOptions, context?: OtelContext): OtelSpan;
  startActiveSpan<F extends (span: OtelSpan) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: OtelSpan) => unknown>(name: string, options: OtelSpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: OtelSpan) => unknown>(name: string, options: OtelSpanOptions, context: OtelContext, fn: F): ReturnType<F>;
}

/** What `instrument()` returns: the same handler, whose fetch, scheduled and queue take the
 * platform's context (so it `satisfies ExportedHandler<Env>`). */
export type InstrumentedHandler<H> = {
  [K in keyof H]: K extends 'fetch' | 'scheduled' | 'queue'
    ? NonNullable<H[K]> extends (event: infer E, env: infer V, ctx: never) => infer R
      ? (event: E, env: V, ctx: ExecutionContext & WorkersContext) => R
      : H[K]
    : H[K];
};

/** Options of `instrument()`. */
export interface InstrumentOptions {
  /** Receives the FlushReport of every event's scope, inside that event's waitUntil. An
   * exception thrown here is reported through onDiagnostic. */
  onFlush?: (report: FlushReport) => void | Promise<void>;
}

/** A span. Every method is safe in any state: after `end()` calls are no-ops, and nothing throws. */
export declare class Span {
  private constructor();
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** 16 lowercase hex digits. */
  readonly spanId: string;
  /** The parent's span id, or `undefined` for a root span. */
  readonly parentSpanId: string | undefined;
  /** True once `end()` was called. */
  readonly ended: boolean;
  /** A W3C `traceparent` value naming this span, for outgoing requests. */
  readonly traceparent: string;
  /** Sets an attribute (replacing an earlier value of the same key). */
  setAttribute(key: string, value: AttributeValue): this;
  /** Sets several attributes. */
  setAttributes(attributes: Readonly<Record<string, AttributeValue>>): this;
  /** Records input, output, metadata, metrics, an error or tags. */
  log(fields: LogFields): this;
  /** Records an LLM call with the GenAI conventions (`gen_ai.*`, typed); sets the kind CLIENT and,
   * when the span has no name, `{operation} {model}`. */
  logLLM(fields: LlmFields): this;
  /** Adds a timestamped event. */
  addEvent(name: string, attributes?: Readonly<Record<string, AttributeValue>>): this;
  /** Adds an `exception` event (type, message, stack) and sets status ERROR. */
  recordError(error: unknown): this;
  /** Sets the status explicitly. */
  setStatus(code: 'unset' | 'ok' | 'error', message?: string): this;
  /** Renames the span. */
  updateName(name: string): this;
  /** Links this span to another span, of this trace or another (OTLP `Span.links`): a Span, a
   * `traceparent`, or `{ traceId, spanId, traceState? }` (an OpenTelemetry SpanContext). */
  addLink(target: Span | string | { traceId: string; spanId: string; traceState?: string | { serialize(): string } }, attributes?: Readonly<Record<string, AttributeValue>>): this;
  /** Sets attributes of the whole trace (session, user, tags, metadata): every span of the
   * trace the tracer still holds gets them, and every span of it recorded later. Spans already
   * delivered by an earlier flush are not sent again. */
  setTraceAttributes(attributes: TraceAttributes): this;
  /** Starts a child span. */
  startSpan(name: string, options?: Omit<SpanOptions, 'parent'>): Span;
  /** Sets what the span is (see `SpanType`). */
  setType(type: SpanType): this;
  /** An OpenTelemetry Tracer whose spans are edgespan spans in this span's trace: a span with
   * no parent in its context becomes a child of this one. Pass it as the AI SDK's
   * `experimental_telemetry.tracer`. */
  otelTracer(): OtelTracer;
  /** Runs `fn` in a child span that ends when `fn` returns, throws, resolves or rejects. Errors
   * are recorded and rethrown unchanged. */
  traced<T>(name: string, fn: (span: Span) => T, options?: Omit<SpanOptions, 'parent'>): T;
  /** `fetch(input, init)` as a CLIENT child span (`http.request.method`, `url.full`,
   * `server.address`, `server.port`, `http.response.status_code`; ERROR and `error.type` for a
   * status ≥ 400 or a failure) that sends this trace's `traceparent`. Resolves and rejects as
   * fetch does. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** A service binding, Durable Object namespace or stub whose `fetch` and RPC calls are CLIENT
   * children of this span; an instrumented callee continues the trace. */
  wrapBinding<B>(binding: B): B;
  /** Ends the span (now, or at `endTimeMs`, Unix ms). Idempotent. */
  end(endTimeMs?: number): void;
  /** Ends a request scope started with `startTrace`: this span if still open, then every span of
   * the scope still open as incomplete (status ERROR, `edgespan.incomplete = true`), then
   * flushes (within `options.timeoutMs`, as `tracer.flush` takes it). Hand the promise to
   * `ctx.waitUntil`. Never rejects. */
  finish(options?: FlushOptions): Promise<FlushReport>;
  /** Passes `stream` through unchanged and ends this span when it closes (OK), errors (ERROR) or
   * is cancelled (`edgespan.stream.cancelled = true`), with `gen_ai.response.time_to_first_chunk`
   * (seconds from the span's start) and `edgespan.stream.chunks`. */
  traceStream<T>(stream: ReadableStream<T>, options?: TraceStreamOptions<T>): ReadableStream<T>;
}

/** Buffers spans in memory and delivers them when you call `flush()`. One per isolate. */
export declare class Tracer {
  /** Throws an `Error` naming the problem when the options are invalid. */
  constructor(options: TracerOptions);
  /** Reads the standard OTLP variables from a Workers `env` (or `process.env`). Throws on bad
   * values, or when no endpoint is set. */
  static fromEnv(env: OtlpEnv | object, options?: Pick<TracerOptions, 'onDiagnostic' | 'sampling' | 'recordInputs' | 'recordOutputs' | 'mask'>): Tracer;
  /** Starts a span: a new trace, or a child of `options.parent`. */
  startSpan(name: string, options?: SpanOptions): Span;
  /** Runs `fn` in a span that ends when `fn` returns, throws, resolves or rejects. Errors are
   * recorded and rethrown unchanged. */
  traced<T>(name: string, fn: (span: Span) => T, options?: SpanOptions): T;
  /** Starts a request scope (a trace per request): its root span's `finish()` ends it, ends the
   * scope's still-open spans as incomplete, and flushes. Other requests' spans are never touched. */
  startTrace(name: string, options?: TraceOptions): Span;
  /** Wraps a Workers handler: each fetch, scheduled and queue event becomes its own trace, its
   * root span at `ctx.span`. The root ends when the response body has streamed out; the scope
   * finishes (and flushes, in the event's waitUntil) after the handler's own waitUntil promises. */
  instrument<H extends InstrumentableHandler>(handler: H, options?: InstrumentOptions): InstrumentedHandler<NoInfer<H>>;
  /** As `tracer.instrument`, building the tracer on the first event from `init(env)` (default:
   * `Tracer.fromEnv(env)`), once per isolate. */
  static instrument<Env = unknown, H extends InstrumentableHandler<Env> = InstrumentableHandler<Env>>(
    handler: H,
    init?: (env: Env) => Tracer | TracerOptions,
    options?: InstrumentOptions,
  ): InstrumentedHandler<NoInfer<H>>;
  /** A WorkerEntrypoint class, as `instrumentEntrypoint(Class, init)`. */
  static instrument<C extends EntryClass>(Class: C, init?: EntryInit): C;
  /** An OpenTelemetry Tracer whose spans are edgespan spans; a span with no parent in its
   * context starts a new trace. */
  otelTracer(): OtelTracer;
  /** Delivers every span ended so far. Resolves after delivery (and after earlier flushes still
   * in flight, within this flush's deadline); never rejects. Hand it to `ctx.waitUntil`. */
  flush(options?: FlushOptions): Promise<FlushReport>;
  /** Ends every open span as incomplete, flushes, and makes later span calls no-ops. For the end
   * of a script or a test, not for each request. */
  shutdown(): Promise<FlushReport>;
}

/** Options of a preset: the backend's credentials plus any TracerOptions but the endpoint. */
type PresetOptions = Omit<TracerOptions, 'endpoint' | 'headers' | 'backend' | 'exporters' | 'format' | 'projectId'>;

/** Braintrust over OTLP (`{apiUrl}/otel/v1/traces`, Bearer auth, `x-bt-parent`), adding
 * `braintrust.input`, `braintrust.output` and `braintrust.metadata`. */
export declare function braintrust(
  options: PresetOptions & { apiKey: string; apiUrl?: string } & ({ projectId: string; projectName?: string } | { projectName: string; projectId?: string }),
): TracerOptions & ExporterOptions;

/** Langfuse over OTLP (`{baseUrl}/api/public/otel/v1/traces`, Basic auth), adding
 * `langfuse.observation.input` and `langfuse.observation.output`. Default host: EU cloud. */
export declare function langfuse(options: PresetOptions & { publicKey: string; secretKey: string; baseUrl?: string }): TracerOptions & ExporterOptions;

/** Braintrust's native ingestion: rows to `{apiUrl}/logs3` (`api_version` 2), keyed by span id
 * so re-sends merge instead of duplicating. Use alone, or as one of `exporters`. */
export declare function braintrustLogs(
  options: PresetOptions & { apiKey: string; projectId: string; apiUrl?: string; openRows?: boolean },
): TracerOptions & ExporterOptions;

/** Laminar over OTLP protobuf (`{baseUrl}/v1/traces`, Bearer auth), adding `lmnr.span.input`,
 * `lmnr.span.output` and `lmnr.span.type`. */
export declare function laminar(options: PresetOptions & { apiKey: string; baseUrl?: string }): TracerOptions & ExporterOptions;
/** Arize Phoenix over OTLP protobuf: `{baseUrl}/v1/traces` (default Phoenix Cloud,
 * `https://app.phoenix.arize.com`), `Authorization: Bearer {apiKey}` when given, the project in
 * `x-project-name`. `fromEnv` picks it from `PHOENIX_COLLECTOR_ENDPOINT`, `PHOENIX_API_KEY` and
 * `PHOENIX_PROJECT_NAME`. */
export declare function phoenix(options?: PresetOptions & { baseUrl?: string; apiKey?: string; projectName?: string }): TracerOptions & ExporterOptions;

/** The `openai` client with `chat.completions.create`, `responses.create` and
 * `embeddings.create` traced as GenAI CLIENT spans; it returns what the client returns. */
export declare function wrapOpenAI<C extends object>(client: C, options?: WrapOptions): C;

/** The `@anthropic-ai/sdk` client with `messages.create` and `messages.stream` traced. */
export declare function wrapAnthropic<C extends object>(client: C, options?: WrapOptions): C;

/** The Workers AI binding (`env.AI`) with `run` traced: text generation (streamed or not),
 * embeddings and the other tasks. */
export declare function wrapWorkersAI<A extends { run(...args: never[]): unknown }>(ai: A, options?: WrapOptions): A;

/** What `instrumentMcpServer` and `instrumentMcpClient` start their spans in when there is no
 * current span: a Tracer, TracerOptions, or a function returning either. */
export type McpInit = Tracer | TracerOptions | (() => Tracer | TracerOptions);

/** An MCP server of `@modelcontextprotocol/sdk` (`McpServer` or `Server`), instrumented in place
 * and returned: each request it handles is a SERVER span (`tools/call get_weather`) by the
 * OpenTelemetry MCP conventions, continuing the caller's trace from `params._meta`, current while
 * its handler runs. */
export declare function instrumentMcpServer<S extends object>(server: S, init?: McpInit): S;

/** An MCP `Client` of `@modelcontextprotocol/sdk`, instrumented in place and returned: each
 * request it sends is a CLIENT span whose `traceparent` (and the trace's session and user in
 * `baggage`) travel in `params._meta`. */
export declare function instrumentMcpClient<C extends object>(client: C, init?: McpInit): C;

/** A Vectorize index binding (`env.MY_INDEX`) with `query` and `queryById` traced as retriever
 * spans (the returned documents' ids, scores and metadata) and `insert`, `upsert`, `getByIds`,
 * `deleteByIds` as CLIENT spans with their counts. `name` is the index's name, for the spans'
 * names and `db.collection.name`. */
export declare function wrapVectorize<I extends { query(...args: never[]): unknown }>(index: I, options?: WrapOptions & { name?: string }): I;

/** An `@opentelemetry/api` ContextManager over edgespan's current span:
 * `context.setGlobalContextManager(otelContextManager())` makes `context.active()` and
 * `context.with()` see and set it (exact across awaits with `nodejs_compat`; without it, for the
 * synchronous part of a callback). */
export declare function otelContextManager(): OtelContextManager;

/** The ContextManager shape of `@opentelemetry/api`. */
export interface OtelContextManager {
  active(): OtelContext;
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: OtelContext, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F>;
  bind<T>(context: OtelContext, target: T): T;
  enable(): this;
  disable(): this;
}

/** A class the runtime instantiates with `(ctx, env)`: a Durable Object or a WorkerEntrypoint. */
export type EntryClass = abstract new (...args: never[]) => object;

/** How an instrumented class gets its tracer: a Tracer, TracerOptions, or `(env) => either`
 * (default `Tracer.fromEnv(env)`), once per isolate. */
export type EntryInit = Tracer | TracerOptions | ((env: never) => Tracer | TracerOptions);

/** `Class` with its `fetch`, `alarm`, `webSocketMessage`, `webSocketClose`, `webSocketError` and
 * public RPC methods each run in a request scope, flushed through the object's `ctx.waitUntil`;
 * the running root is at `this.ctx.span`. */
export declare function instrumentDurableObject<C extends EntryClass>(Class: C, init?: EntryInit, options?: ObjectOptions): C;

/** Options of `instrumentDurableObject` and `instrumentAgent`. */
export interface ObjectOptions {
  /** Send a `webSocketClose` event as a trace of its own even when its code started no span and
   * recorded no error. Default false: such a close is not sent (a WebSocket app would otherwise
   * get a one-span trace per closed socket). */
  traceWebSocketClose?: boolean;
}

/** `Class` (a WorkerEntrypoint) with its `fetch` and public RPC methods each run in a request
 * scope. */
export declare function instrumentEntrypoint<C extends EntryClass>(Class: C, init?: EntryInit): C;

/** An Agents SDK agent class (`Agent`, `AIChatAgent`): as `instrumentDurableObject`, and its chat
 * turns (`invoke_agent` spans, current while they run), tool results, schedule runs and state
 * changes as spans, from the SDK's own observability events. Needs `nodejs_compat`, as the SDK
 * does. */
export declare function instrumentAgent<C extends EntryClass>(Class: C, init?: EntryInit, options?: ObjectOptions): C;

/** Options of `instrumentHandler`. */
export interface HandlerOptions {
  /** Keeps the scope's flush alive after the response (the runtime's own `waitUntil`). By default
   * a `waitUntil` on the handler's context argument, Vercel's request context, or
   * `EdgeRuntime.waitUntil`; in a long-lived process the flush simply runs. */
  waitUntil?: (promise: Promise<unknown>) => void;
  /** Receives each request's FlushReport. */
  onFlush?: (report: FlushReport) => void;
}

/** A fetch-style handler `(request, ...rest) => Response` (Vercel, Netlify, Supabase,
 * `Deno.serve`, `Bun.serve`) with each request a trace, its root current while the handler runs
 * and also passed after the runtime's own arguments; see docs/runtimes.md. `init` defaults to
 * `Tracer.fromEnv` over `process.env` or `Deno.env`. */
export declare function instrumentHandler<H extends (request: Request, ...rest: never[]) => Response | Promise<Response>>(handler: H, init?: Tracer | TracerOptions | (() => Tracer | TracerOptions), options?: HandlerOptions): H;

/** Options of `instrumentLambda`. */
export interface LambdaOptions {
  /** Receives each invocation's FlushReport (`pending` counts what the time left could not
   * deliver; it stays buffered for the next invocation). */
  onFlush?: (report: FlushReport) => void;
  /** How much of the invocation's remaining time the flush leaves unused. Default 500 ms. */
  safetyMarginMs?: number;
}

/** The `context` of an instrumented Lambda handler: Lambda's own, with the invocation's root. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
  readonly awsRequestId: string;
  readonly functionName: string;
  /** The invocation's root span (also the current span while the handler runs). */
  readonly span: Span;
}

/** An AWS Lambda handler (Node) with each invocation a trace: SERVER with the HTTP conventions
 * for API Gateway, function URLs and ALB, CONSUMER for SQS, SNS and EventBridge, the FaaS
 * conventions on every root, the caller's `traceparent` continued; the flush awaited before the
 * result is handed back, within the invocation's remaining time; see docs/lambda.md. `init`
 * defaults to `Tracer.fromEnv(process.env)`, named after the function unless `OTEL_SERVICE_NAME`
 * is set. */
export declare function instrumentLambda<E = unknown, R = unknown, C extends object = object>(
  handler: (event: E, context: C & LambdaContext) => R | Promise<R>,
  init?: Tracer | TracerOptions | (() => Tracer | TracerOptions),
  options?: LambdaOptions,
): (event: E, context: C) => Promise<Awaited<R>>;

/** A WorkflowEntrypoint class whose runs are one trace per instance, across every invocation: the
 * caller's (when the instance was created through an instrumented `env`), else one derived from
 * the instance id; a `workflow {Class}` root sent once when `run` finally returns or throws, and a
 * span for each step whose callback runs, each sleep and each wait. `this.ctx.span` is the running
 * step's span, else the root (see docs/workflows.md). */
export declare function instrumentWorkflow<C extends EntryClass>(Class: C, init?: EntryInit): C;
