import * as abi from './abi.js';
import { withoutCredentials } from './rules/redact.js';
import { didYouMean } from './text.js';
import { KEEP_ALL } from './rules/sampling.js';

// Configuration for the npm build: the options of `new Tracer(options)`, validated (env.js reads
// the environment into the same settings), and the endpoint and header rules both use. It mirrors `crates/core/src/config.rs` (used by Rust callers) rule for rule
// and message for message; `tests/vectors/env.json` runs the same cases against both. Keeping
// this in JS keeps URL and header parsing out of the wasm, where it cost about a third of the
// binary (BENCHMARKS.md).

export const DEFAULTS = {
  serviceName: 'unknown_service',
  // OTLP's own default, and what measured smaller and cheaper (BENCHMARKS.md).
  protobuf: true,
  timeoutMs: 25000,
  maxQueueSpans: 2048,
  maxQueueBytes: 8 * 1024 * 1024,
  maxBatchBytes: 1024 * 1024,
  maxConcurrentRequests: 6,
};

const LIMITS = [
  ['timeoutMs', 'timeoutMs', 10 * 60 * 1000],
  ['maxQueueSpans', 'maxQueueSpans', 1 << 24],
  ['maxQueueBytes', 'maxQueueBytes (bytes)', 4294967295],
  ['maxBatchBytes', 'maxBatchBytes', 1 << 30],
  ['maxConcurrentRequests', 'maxConcurrentRequests', 64],
];

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Visible ASCII and anything non-ASCII, plus tab: what a header value may hold.
const BAD_VALUE = /[\0-\x08\n-\x1f\x7f]/;

export const fail = (head, detail = '') => {
  throw new Error(head + [...String(detail)].slice(0, 200).join(''));
};

const ENDPOINT = /^https?:\/\/([^/?#\\]*@)?([\w.-]+|\[[\da-fA-F:.]+\])(:\d{1,5})?([/?#\\]|$)/;

export function checkEndpoint(e) {
  if (e.trim() === '') {
    fail('edgespan: no endpoint configured; pass `endpoint` (the full OTLP traces URL) or set OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT');
  }
  let u = null;
  try {
    u = new URL(e);
  } catch {
    // refused below
  }
  // The rule of crates/core/src/config.rs (valid_http_url): a lowercase http(s) scheme, a host of
  // ASCII letters, digits, `.`, `-` and `_` (or a bracketed IPv6 address), a port of 1 to 5
  // digits, no spaces or control characters; the core's IPv4 and IPv6 checks are the URL
  // standard's, which the platform parser applies here.
  if (!u || !ENDPOINT.test(e) || /[\0- \x7f]/.test(e)) {
    fail('edgespan: endpoint must be an absolute http:// or https:// URL, got: ', withoutCredentials(e));
  }
}

export function checkHeader(k, v) {
  if (!TOKEN.test(k) || BAD_VALUE.test(v)) fail('edgespan: invalid header: ', k);
}

// true for protobuf, false for JSON.
export function protocol(p) {
  const t = p.trim();
  if (t === 'protobuf' || t === 'http/protobuf') return true;
  if (t === 'json' || t === 'http/json') return false;
  return fail('edgespan: unknown protocol (expected "json", "protobuf", or OTEL_EXPORTER_OTLP_PROTOCOL=http/json or http/protobuf; Workers have no gRPC): ', t);
}

export function gzip(z) {
  const t = z.trim();
  if (t === 'gzip') return true;
  if (t === 'none' || t === '') return false;
  return fail('edgespan: unknown compression (expected "gzip" or "none"): ', t);
}

// `shown`: the value as the user wrote it (an environment variable's text).
export function limit(v, name, max, shown = v) {
  if (!Number.isInteger(v) || v <= 0 || v > max) fail(`edgespan: ${name} must be an integer from 1 to ${max}, got: `, typeof shown === 'string' ? shown : safeText(shown));
  return v;
}

function safeText(v) {
  try {
    return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
  } catch {
    return typeof v;
  }
}

const EXPORTER_KEYS = ['endpoint', 'headers', 'protocol', 'compression', 'backend', 'format', 'projectId', 'openRows'];
const OPTION_KEYS = [...EXPORTER_KEYS, 'exporters', 'serviceName', 'timeoutMs', 'maxQueueSpans', 'maxQueueBytes', 'maxBatchBytes', 'maxConcurrentRequests', 'onDiagnostic', 'sampling', 'resourceAttributes', 'recordInputs', 'recordOutputs', 'mask'];
const SAMPLING_KEYS = ['ratio', 'keepErrors', 'keepSlowerThanMs', 'parentBased'];

// `sampling: { ratio?, keepErrors?, keepSlowerThanMs?, parentBased? }`, checked as the core
// checks it (edgespan_core::Sampling::validate), over `base`.
export function samplingOf(o, base = KEEP_ALL) {
  if (o === undefined) return base;
  if (o === null || typeof o !== 'object') fail('edgespan: option `sampling` must be an object ({ ratio?, keepErrors?, keepSlowerThanMs? })');
  checkKeys(o, SAMPLING_KEYS, '`sampling`');
  const s = { ...base };
  if (o.ratio !== undefined) {
    if (typeof o.ratio !== 'number' || !(o.ratio >= 0 && o.ratio <= 1)) fail('edgespan: invalid sampling: `sampling.ratio` must be a number from 0 to 1');
    s.ratio = o.ratio;
  }
  if (o.keepSlowerThanMs !== undefined) {
    if (typeof o.keepSlowerThanMs !== 'number' || !(o.keepSlowerThanMs >= 0 && Number.isFinite(o.keepSlowerThanMs))) {
      fail('edgespan: invalid sampling: `sampling.keepSlowerThanMs` must be a finite number of ms, 0 or more');
    }
    s.keepSlowerThanMs = o.keepSlowerThanMs;
  }
  for (const k of ['keepErrors', 'parentBased']) {
    if (o[k] === undefined) continue;
    if (typeof o[k] !== 'boolean') fail(`edgespan: option \`sampling.${k}\` must be a boolean`);
    s[k] = o[k];
  }
  return s;
}

// Unknown keys (with a value) are a mistake the user can fix: say which, and the nearest known.
function checkKeys(o, known, what) {
  for (const k of Object.keys(o)) {
    if (known.includes(k) || o[k] === undefined) continue;
    fail(`edgespan: unknown option \`${k}\` in ${what}${didYouMean(k, known)} (known: ${known.join(', ')})`);
  }
}

// A destination with the defaults: OTLP protobuf, plain OTLP mapping, no compression.
export const newExporter = (endpoint) => ({
  endpoint,
  headers: [],
  format: DEFAULTS.protobuf ? abi.FORMAT_OTLP_PROTOBUF : abi.FORMAT_OTLP_JSON,
  gzip: false,
  backend: abi.BACKEND_OTLP,
  projectId: '',
  openRows: false,
});

// One destination: endpoint, headers, wire format, compression, backend mapping.
function exporter(o, what) {
  if (o === null || typeof o !== 'object') fail(`edgespan: ${what} must be an options object`);
  if (what !== 'options') checkKeys(o, EXPORTER_KEYS, what);
  for (const k of ['endpoint', 'protocol', 'compression', 'backend', 'format', 'projectId']) {
    if (o[k] !== undefined && typeof o[k] !== 'string') fail(`edgespan: option \`${k}\` must be a string`);
  }
  const e = newExporter(o.endpoint ?? '');
  checkEndpoint(e.endpoint);
  const h = o.headers;
  if (h !== undefined) {
    let pairs;
    if (typeof Headers !== 'undefined' && h instanceof Headers) pairs = [...h.entries()];
    else if (Array.isArray(h)) pairs = h;
    else if (h !== null && typeof h === 'object') pairs = Object.entries(h);
    else fail('edgespan: option `headers` must be an object of strings');
    for (const pair of pairs) {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
        fail('edgespan: option `headers` must map header names to string values');
      }
      checkHeader(pair[0], pair[1]);
      e.headers.push([pair[0], pair[1]]);
    }
  }
  if (o.protocol !== undefined) e.format = protocol(o.protocol) ? abi.FORMAT_OTLP_PROTOBUF : abi.FORMAT_OTLP_JSON;
  if (o.backend !== undefined) {
    e.backend = BACKENDS[o.backend];
    if (e.backend === undefined) fail('edgespan: unknown backend (expected "otlp", "braintrust", "langfuse" or "laminar"): ', o.backend);
  }
  if (o.format !== undefined && o.format !== 'otlp') {
    if (o.format !== 'logs3') fail('edgespan: unknown format (expected "otlp" or "logs3"): ', o.format);
    if (!o.projectId) fail('edgespan: the logs3 format needs `projectId`');
    e.format = abi.FORMAT_LOGS3;
    e.projectId = o.projectId;
  }
  if (o.openRows !== undefined) {
    if (typeof o.openRows !== 'boolean') fail('edgespan: option `openRows` must be true or false');
    if (e.format !== abi.FORMAT_LOGS3) fail('edgespan: option `openRows` needs the logs3 format (braintrustLogs)');
    e.openRows = o.openRows;
  }
  if (o.compression !== undefined) e.gzip = gzip(o.compression);
  return e;
}

/** Validates `new Tracer(options)`; returns the resolved settings, with `exporters` (one or
 * more destinations; the first is the options themselves unless `exporters` lists them). */
export function fromOptions(o) {
  if (o === null || typeof o !== 'object') {
    fail('edgespan: new Tracer(options) needs an options object, e.g. { endpoint: "https://collector.example/v1/traces" }');
  }
  checkKeys(o, OPTION_KEYS, 'the Tracer options');
  if (o.serviceName !== undefined && typeof o.serviceName !== 'string') fail('edgespan: option `serviceName` must be a string');
  for (const [k] of LIMITS) {
    if (o[k] !== undefined && typeof o[k] !== 'number') fail(`edgespan: option \`${k}\` must be a number`);
  }
  if (o.onDiagnostic !== undefined && typeof o.onDiagnostic !== 'function') {
    fail('edgespan: option `onDiagnostic` must be a function');
  }
  const s = { ...DEFAULTS, onDiagnostic: o.onDiagnostic, resourceAttributes: [], ...privacyOf(o) };
  if (o.serviceName !== undefined) s.serviceName = o.serviceName;
  const ra = o.resourceAttributes;
  if (ra !== undefined) {
    if (ra === null || typeof ra !== 'object' || Array.isArray(ra)) fail('edgespan: option `resourceAttributes` must be an object of strings, numbers or booleans');
    for (const [k, v] of Object.entries(ra)) {
      if (!['string', 'number', 'boolean'].includes(typeof v)) fail('edgespan: option `resourceAttributes` values must be strings, numbers or booleans; not this one: ', k);
      setResourceAttribute(s.resourceAttributes, k, v);
    }
  }
  if (o.exporters !== undefined) {
    if (!Array.isArray(o.exporters) || o.exporters.length === 0 || o.exporters.length > 8) {
      fail('edgespan: option `exporters` must list 1 to 8 destinations');
    }
    s.exporters = o.exporters.map((x, i) => exporter(x, `exporters[${i}]`));
  } else {
    s.exporters = [exporter(o, 'options')];
  }
  for (const [k, name, max] of LIMITS) if (o[k] !== undefined) s[k] = limit(o[k], name, max);
  s.sampling = samplingOf(o.sampling);
  return s;
}

/** The privacy options of `o` (`recordInputs`, `recordOutputs`, `mask`), validated. */
export function privacyOf(o) {
  for (const k of ['recordInputs', 'recordOutputs']) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') fail(`edgespan: option \`${k}\` must be a boolean`);
  }
  if (o.mask !== undefined && typeof o.mask !== 'function') fail('edgespan: option `mask` must be a function (text, { field }) => text');
  return { recordInputs: o.recordInputs !== false, recordOutputs: o.recordOutputs !== false, mask: o.mask };
}

/** Sets resource attribute `k` in `list` ([k, v] pairs), a key set again replacing its value
 * where it stood; `service.name` and `telemetry.sdk.*` are edgespan's own and skipped
 * (Config::with_resource_attribute). */
export function setResourceAttribute(list, k, v) {
  if (k === 'service.name' || k.startsWith('telemetry.sdk.')) return;
  const slot = list.find((p) => p[0] === k);
  if (slot) slot[1] = v;
  else list.push([k, v]);
}

/** The headers of an exporter's requests (`e` as resolved here): content-type, content-encoding
 * when gzipped, then the user's; names lowercased, a name given again replacing the earlier
 * value where it stood (edgespan_core's Exporter::request_headers). */
export function requestHeaders(e) {
  const out = [];
  const put = (k, v) => {
    k = k.replace(/[A-Z]+/g, (c) => c.toLowerCase());
    const slot = out.find((p) => p[0] === k);
    if (slot) slot[1] = v;
    else out.push([k, v]);
  };
  put('content-type', e.format === abi.FORMAT_OTLP_PROTOBUF ? 'application/x-protobuf' : 'application/json');
  if (e.gzip) put('content-encoding', 'gzip');
  for (const [k, v] of e.headers) put(k, v);
  return out;
}

const BACKENDS = {
  __proto__: null,
  otlp: abi.BACKEND_OTLP,
  braintrust: abi.BACKEND_BRAINTRUST,
  langfuse: abi.BACKEND_LANGFUSE,
  laminar: abi.BACKEND_LAMINAR,
};

