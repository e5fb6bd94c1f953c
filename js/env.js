// The environment into a tracer's settings: the standard OTEL_* variables, and without an OTLP
// endpoint a backend's own (BRAINTRUST_*, LANGFUSE_*, PHOENIX_*, LMNR_*), by the rule of
// edgespan_core's Config::from_vars, checked against it on generated environments
// (tests/unit/differential.test.mjs) and tests/vectors/env.json. Pure: no wasm.

import * as abi from './abi.js';
import { braintrust, langfuse, laminar, phoenix } from './presets.js';
import { DEFAULTS, checkEndpoint, checkHeader, fail, fromOptions, gzip, limit, newExporter, protocol, setResourceAttribute } from './config.js';
import { KEEP_ALL } from './rules/sampling.js';

const SAMPLERS = {
  __proto__: null,
  always_on: [1, false],
  always_off: [0, false],
  traceidratio: [null, false],
  parentbased_always_on: [1, true],
  parentbased_always_off: [0, true],
  parentbased_traceidratio: [null, true],
};

// OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG, as edgespan_core::Sampling::from_env reads them.
function samplerFromEnv(name, arg) {
  const known = SAMPLERS[name];
  if (!known) {
    fail(`edgespan: invalid sampling: unknown OTEL_TRACES_SAMPLER (expected always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off or parentbased_traceidratio), got: ${name.slice(0, 40)}`);
  }
  let [ratio, parentBased] = known;
  if (ratio === null) {
    ratio = 1;
    if (arg !== undefined) {
      const r = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(arg) ? Number(arg) : NaN;
      if (!(r >= 0 && r <= 1)) fail(`edgespan: invalid sampling: OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got: ${arg.slice(0, 40)}`);
      ratio = r;
    }
  }
  return { ...KEEP_ALL, ratio, parentBased };
}

// Percent-decoding that never fails: invalid escapes stay as they are, invalid UTF-8 becomes
// U+FFFD (as in crates/core/src/config.rs).
function percentDecode(s) {
  const enc = new TextEncoder();
  const bytes = [];
  for (let i = 0; i < s.length; ) {
    if (s[i] === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      const cp = s.codePointAt(i);
      const ch = String.fromCodePoint(cp);
      bytes.push(...enc.encode(ch));
      i += ch.length;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Parses OTEL_EXPORTER_OTLP_HEADERS (`k=v,k2=v2`, URL-encoded). */
export function parseHeaders(s) {
  const out = [];
  for (const entry of s.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    // Named by what looks like its name, never echoed whole: it is most often `name: value`
    // with a credential as the value (the same text as crates/core/src/config.rs).
    if (eq < 0) fail('edgespan: invalid header: ', entry.trim().split(/[: \t]/)[0] + ' (no `=` in this entry, whose value is not shown: the form is name=value,name2=value2)');
    const k = percentDecode(entry.slice(0, eq).trim());
    const v = percentDecode(entry.slice(eq + 1).trim());
    checkHeader(k, v);
    out.push([k, v]);
  }
  return out;
}

/** Parses `OTEL_RESOURCE_ATTRIBUTES`: comma-separated `key=value` pairs, each side
 * percent-decoded and trimmed; empty entries skipped; an entry without `=` or with an empty key is
 * an error (crates/core/src/config.rs, parse_resource_attributes). */
export function parseResourceAttributes(s) {
  const out = [];
  for (const entry of s.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    const k = eq < 0 ? '' : percentDecode(entry.slice(0, eq).trim());
    if (k === '') {
      // Named by what looks like its key, never echoed whole.
      const name = [...entry.trim().split(/[: \t=]/)[0]].slice(0, 40).join('');
      fail('edgespan: OTEL_RESOURCE_ATTRIBUTES takes key=value,key2=value2; this entry has no `=` or no key: ', name);
    }
    out.push([k, percentDecode(entry.slice(eq + 1).trim())]);
  }
  return out;
}

/** Reads the standard OTLP variables (strings only; empty means unset). Without an OTLP endpoint,
 * a backend's own variables select its preset: BRAINTRUST_API_KEY, LANGFUSE_PUBLIC_KEY with
 * LANGFUSE_SECRET_KEY, or LMNR_PROJECT_API_KEY. */
export function fromEnv(env) {
  const get = (k) => {
    let v;
    try {
      v = env !== null && typeof env === 'object' ? env[k] : undefined;
    } catch {
      v = undefined;
    }
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const traces = get('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const base = get('OTEL_EXPORTER_OTLP_ENDPOINT');
  // The sampler variables, then the resource attributes, are read last on either path, as the
  // core reads them.
  const sampler = (s) => {
    const name = get('OTEL_TRACES_SAMPLER');
    s.sampling = name === undefined ? KEEP_ALL : samplerFromEnv(name, get('OTEL_TRACES_SAMPLER_ARG'));
    const list = get('OTEL_RESOURCE_ATTRIBUTES');
    if (list !== undefined) {
      for (const [k, v] of parseResourceAttributes(list)) {
        // Its service.name names the service unless OTEL_SERVICE_NAME does.
        if (k === 'service.name') {
          if (get('OTEL_SERVICE_NAME') === undefined && v !== '') s.serviceName = v;
        } else setResourceAttribute(s.resourceAttributes, k, v);
      }
    }
    return s;
  };
  if (traces === undefined && base === undefined) {
    const preset = presetFromEnv(get);
    if (preset) {
      const name = get('OTEL_SERVICE_NAME');
      return sampler(fromOptions(name === undefined ? preset : { ...preset, serviceName: name }));
    }
  }
  const endpoint = traces ?? (base === undefined ? '' : base + (base.endsWith('/') ? '' : '/') + 'v1/traces');
  checkEndpoint(endpoint);
  const s = { ...DEFAULTS, resourceAttributes: [] };
  const e = newExporter(endpoint);
  s.exporters = [e];
  const headers = get('OTEL_EXPORTER_OTLP_HEADERS');
  if (headers !== undefined) e.headers = parseHeaders(headers);
  const p = get('OTEL_EXPORTER_OTLP_PROTOCOL');
  if (p !== undefined) e.format = protocol(p) ? abi.FORMAT_OTLP_PROTOBUF : abi.FORMAT_OTLP_JSON;
  const z = get('OTEL_EXPORTER_OTLP_COMPRESSION');
  if (z !== undefined) e.gzip = gzip(z);
  const t = get('OTEL_EXPORTER_OTLP_TIMEOUT');
  if (t !== undefined) s.timeoutMs = limit(/^\d+$/.test(t) ? Number(t) : NaN, 'OTEL_EXPORTER_OTLP_TIMEOUT', 10 * 60 * 1000, t);
  const name = get('OTEL_SERVICE_NAME');
  if (name !== undefined) s.serviceName = name;
  return sampler(s);
}

function presetFromEnv(get) {
  if (get('BRAINTRUST_API_KEY')) {
    if (!get('BRAINTRUST_PROJECT_ID') && !get('BRAINTRUST_PROJECT_NAME') && !get('BRAINTRUST_DEFAULT_PROJECT')) {
      fail('edgespan: BRAINTRUST_API_KEY is set, but none of BRAINTRUST_PROJECT_ID, BRAINTRUST_PROJECT_NAME or BRAINTRUST_DEFAULT_PROJECT');
    }
    return braintrust({
      apiKey: get('BRAINTRUST_API_KEY'),
      projectId: get('BRAINTRUST_PROJECT_ID'),
      projectName: get('BRAINTRUST_PROJECT_NAME') ?? get('BRAINTRUST_DEFAULT_PROJECT'),
      apiUrl: get('BRAINTRUST_API_URL'),
    });
  }
  if (get('LANGFUSE_PUBLIC_KEY') || get('LANGFUSE_SECRET_KEY')) {
    if (!get('LANGFUSE_PUBLIC_KEY') || !get('LANGFUSE_SECRET_KEY')) fail('edgespan: Langfuse needs both LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY; only one is set');
    return langfuse({
      publicKey: get('LANGFUSE_PUBLIC_KEY'),
      secretKey: get('LANGFUSE_SECRET_KEY'),
      baseUrl: get('LANGFUSE_BASE_URL') ?? get('LANGFUSE_HOST'),
    });
  }
  if (get('PHOENIX_COLLECTOR_ENDPOINT') || get('PHOENIX_API_KEY')) {
    return phoenix({ baseUrl: get('PHOENIX_COLLECTOR_ENDPOINT'), apiKey: get('PHOENIX_API_KEY'), projectName: get('PHOENIX_PROJECT_NAME') });
  }
  if (get('LMNR_PROJECT_API_KEY')) {
    return laminar({ apiKey: get('LMNR_PROJECT_API_KEY'), baseUrl: get('LMNR_BASE_URL') });
  }
  return null;
}
