// Rules that live twice, in the Rust core and as a JS twin in the npm build, run on the same
// generated inputs and compared: the Rust side through `crates/core/examples/rules.rs` (one JSON
// request per line on a pipe), the JS side straight from js/. fast-check generates the inputs
// and, on a difference, shrinks it to the smallest input it can find and prints it.
//
// `make test` runs 10 000 cases per rule with a fixed seed. `make fuzz` sets EDGESPAN_FUZZ_SECONDS:
// random seeds, as many cases as fit in that time per rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { rustPipe } from './rust-pipe.mjs';
import { retryAfterMs, partialSuccess } from '../../js/rules/answer.js';
import { parseTraceparent, formatTraceparent } from '../../js/rules/traceparent.js';
import { sampledFlags } from '../../js/rules/sampling.js';
import { fromOptions, requestHeaders, DEFAULTS } from '../../js/config.js';
import { fromEnv, parseHeaders } from '../../js/env.js';
import { mergeReports } from '../../js/rules/report.js';
import { secretsOf, redact, withoutCredentials, REDACTED } from '../../js/rules/redact.js';
import { MARKER } from '../../js/text.js';
import { statusIsError } from '../../js/rules/http-status.js';
import * as abi from '../../js/abi.js';
import { INPUT_KEYS, OUTPUT_KEYS } from '../../js/rules/privacy.js';
import { TRACE_KEYS } from '../../js/rules/trace-attributes.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fuzzSeconds = Number(process.env.EDGESPAN_FUZZ_SECONDS) || 0;
const runs = fuzzSeconds ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: fuzzSeconds * 1000, markInterruptAsFailure: false } : { numRuns: 10_000, seed: 20261206 };

// The Rust side: requests answered in order over one pipe.
let rust;
before(() => {
  rust = rustPipe(root, ['-p', 'edgespan-core', '--example', 'rules'], 'rules');
});
after(() => rust?.stop());

const check = (property) => fc.assert(property, runs);

// Retry-After values as collectors send them and as they go wrong: delta-seconds of any length,
// the three HTTP date forms with each part valid or not, other zones, whitespace Rust and JS trim
// differently, and arbitrary text.
const pad = (n) => String(n).padStart(2, '0');
const caseOf = (s, how) => (how === 0 ? s : how === 1 ? s.toUpperCase() : s[0].toUpperCase() + s.slice(1));
const part = {
  weekday: fc.tuple(fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'sunday', 'xyz', 'mo'), fc.nat(2)).map(([d, c]) => caseOf(d, c)),
  day: fc.oneof(fc.integer({ min: 1, max: 31 }).map(pad), fc.integer({ min: 0, max: 99 }).map(String), fc.constantFrom('', '1', '007', '+5', '-1')),
  month: fc.tuple(fc.constantFrom('jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec', 'janu', 'foo', 'ja'), fc.nat(2)).map(([m, c]) => caseOf(m, c)),
  year: fc.oneof(fc.integer({ min: 1900, max: 2100 }).map(String), fc.integer({ min: 0, max: 99 }).map(pad), fc.constantFrom('0050', '99999', '123', '1', '12345678901234567890123')),
  time: fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 60 })).map(([h, m, s]) => `${pad(h)}:${pad(m)}:${pad(s)}`),
    fc.tuple(fc.integer({ min: 0, max: 130 }), fc.integer({ min: 0, max: 130 }), fc.integer({ min: 0, max: 130 })).map((t) => t.join(':')),
    fc.constantFrom('1:2:3', '-1:00:00', '+1:00:00', '12:00', '12:00:00:00', '1a:00:00', '::', '012:00:00'),
  ),
  zone: fc.constantFrom('GMT', 'gmt', 'UTC', 'PST', 'EST', '+0000', 'Z', ''),
  space: fc.constantFrom(' ', '  ', '\t', '\u00a0', '\u0085', '\ufeff', '\u2003', ''),
};
const httpDate = fc
  .tuple(fc.nat(2), part.weekday, part.day, part.month, part.year, part.time, part.zone)
  .map(([form, w, d, m, y, t, z]) => {
    if (form === 0) return `${w}, ${d} ${m} ${y} ${t} ${z}`; // IMF-fixdate
    if (form === 1) return `${w}, ${d}-${m}-${y} ${t} ${z}`; // RFC 850
    return `${w} ${m} ${d.padStart(2, ' ')} ${t} ${y}`; // asctime
  });
const retryAfter = fc
  .tuple(
    part.space,
    fc.oneof(
      httpDate,
      fc.stringMatching(/^[0-9]{1,40}$/),
      fc.integer({ min: -100, max: 1e9 }).map(String),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
    ),
    part.space,
  )
  .map(([a, v, b]) => a + v + b);

test('Retry-After: the JS twin reads every generated value as the Rust core does', async () => {
  await check(
    fc.asyncProperty(retryAfter, fc.oneof(fc.integer({ min: 0, max: 4e12 }), fc.double({ min: 0, max: 4e12, noNaN: true })), async (value, nowMs) => {
      const { ms } = await rust.ask({ rule: 'retryAfter', value, nowMs });
      assert.equal(retryAfterMs(value, nowMs), ms ?? -1, JSON.stringify({ value, nowMs }));
    }),
  );
});

// ---- partialSuccess: JSON bodies in both key spellings, protobuf bodies, and arbitrary bytes.

const hexOf = (b) => Buffer.from(b).toString('hex');
const message = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 260 }),
  fc.string({ unit: 'binary', maxLength: 260 }), // lone surrogates: JSON escapes can carry them
  fc.constantFrom('', 'x'.repeat(199) + '😀', 'é'.repeat(201), '😀'.repeat(250)),
);
const count = fc.oneof(fc.nat(1000), fc.integer({ min: -5, max: 5 }), fc.constantFrom(2 ** 31, 2 ** 32 + 1, 2 ** 53 - 1), fc.double({ noNaN: true, min: -1e3, max: 1e20 }));
const jsonBody = fc
  .tuple(
    fc.constantFrom('partialSuccess', 'partial_success', 'PartialSuccess', 'other'),
    fc.constantFrom('rejectedSpans', 'rejected_spans', 'rejected'),
    fc.constantFrom('errorMessage', 'error_message', 'message'),
    fc.oneof(count, count.map(String), fc.constant(null), fc.constant(true)),
    fc.oneof(message, fc.constant(null), fc.nat()),
    fc.boolean(),
  )
  .map(([outer, rk, mk, n, m, both]) => {
    const inner = { [rk]: n, [mk]: m };
    if (both) inner.rejectedSpans = 3;
    return new TextEncoder().encode(JSON.stringify({ [outer]: inner }));
  });
const varint = (n) => {
  const out = [];
  for (let v = BigInt(n); ; v >>= 7n) {
    if (v < 128n) return [...out, Number(v)];
    out.push(Number(v & 127n) | 128);
  }
};
const field = (f, wire, payload) => [...varint(f * 8 + wire), ...payload];
const lenField = (f, bytes) => field(f, 2, [...varint(bytes.length), ...bytes]);
const protoBody = fc
  .tuple(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), message, fc.array(fc.nat(3), { maxLength: 3 }), fc.boolean())
  .map(([n, m, extras, cut]) => {
    const inner = [...field(1, 0, varint(n)), ...lenField(2, [...new TextEncoder().encode(m)])];
    for (const e of extras) inner.push(...(e === 0 ? field(3, 5, [1, 2, 3, 4]) : e === 1 ? field(4, 1, [1, 2, 3, 4, 5, 6, 7, 8]) : lenField(9, [1])));
    const body = [...lenField(7, [1, 2]), ...lenField(1, inner)];
    return Uint8Array.from(cut ? body.slice(0, body.length - 1) : body);
  });
// Valid JSON around it, or not: a byte-order mark, trailing text, the key twice, deep nesting.
const jsonVariant = fc
  .tuple(jsonBody, fc.constantFrom('', '\ufeff', ' ', '[', '{"a":' + '['.repeat(100) + ']'.repeat(100) + ','), fc.constantFrom('', ' ', 'x', ',', '}', '\n', ' null'), fc.boolean())
  .map(([b, pre, post, twice]) => {
    let t = new TextDecoder().decode(b);
    if (twice) t = t.replace(/^\{/, '{"partialSuccess":{"rejectedSpans":9},"partial_success":{"rejected_spans":8},');
    if (pre.startsWith('{"a"')) t = pre + t.slice(1);
    else t = pre + t;
    return new TextEncoder().encode(t + post);
  });
const anyBody = fc.oneof(jsonBody, jsonVariant, protoBody, fc.uint8Array({ maxLength: 64 }), fc.string({ maxLength: 40 }).map((t) => new TextEncoder().encode(t)));

test('partialSuccess: the JS twin reads every generated answer as the Rust core does', async () => {
  await check(
    fc.asyncProperty(anyBody, fc.constantFrom('application/json', 'application/x-protobuf', 'application/json; charset=utf-8', '', 'text/plain'), async (body, contentType) => {
      const want = await rust.ask({ rule: 'partialSuccess', hex: hexOf(body), contentType });
      assert.deepEqual(partialSuccess(body, contentType), [want.rejected, want.message], JSON.stringify({ body: hexOf(body), contentType }));
    }),
  );
});

// ---- traceparent: valid headers, each part mutated, and arbitrary text.

const hex = (n) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const anyHex = (n) => fc.oneof(hex(n), fc.constant('0'.repeat(n)), fc.stringMatching(new RegExp(`^[0-9a-fA-FxX-]{${n - 1},${n + 1}}$`)));
const traceparent = fc.oneof(
  fc
    .tuple(fc.oneof(hex(2), fc.constantFrom('00', 'ff', '01', 'FF', '0')), anyHex(32), anyHex(16), anyHex(2), fc.constantFrom('', '-', '-x', '-00', 'x'), fc.constantFrom('', ' ', '\t', '  \t'), fc.constantFrom('', ' ', '\t', '\n'))
    .map(([v, t, p, f, tail, a, b]) => `${a}${v}-${t}-${p}-${f}${tail}${b}`),
  fc.string({ unit: 'grapheme-ascii', maxLength: 70 }),
);

test('traceparent: the JS twin parses and formats every generated header as the Rust core does', async () => {
  const h8 = (w) => (w >>> 0).toString(16).padStart(8, '0');
  await check(
    fc.asyncProperty(traceparent, async (value) => {
      const { parsed } = await rust.ask({ rule: 'traceparent', value });
      const tp = parseTraceparent(value);
      const js = tp && { traceId: tp.t.map(h8).join(''), parentId: tp.p.map(h8).join(''), flags: tp.flags };
      if (parsed) {
        assert.equal(formatTraceparent(parsed.traceId, parsed.parentId, parsed.flags), parsed.formatted, 'formatting');
        delete parsed.formatted;
      }
      assert.deepEqual(js, parsed, JSON.stringify(value));
    }),
  );
});

// ---- sampling: the flags of a new span for any trace id, ratio and parent.

const words = (h) => [0, 8, 16, 24].map((i) => parseInt(h.slice(i, i + 8), 16));
test('sampling: the JS twin gives every generated span the flags the Rust core does', async () => {
  await check(
    fc.asyncProperty(
      hex(32),
      fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5, 2 ** -53, 1 - 2 ** -53)),
      fc.boolean(),
      fc.option(fc.record({ flags: fc.nat(255), remote: fc.boolean() })),
      async (traceId, ratio, parentBased, parent) => {
        const { flags } = await rust.ask({ rule: 'sampleFlags', traceId, sampling: { ratio, parentBased }, parent });
        const js = sampledFlags({ ratio, parentBased }, words(traceId), parent?.flags, parent?.remote);
        assert.equal(js, flags, JSON.stringify({ traceId, ratio, parentBased, parent }));
      },
    ),
  );
});

// ---- configuration: environment maps and option objects, resolved to the same settings.

const FORMATS = { [abi.FORMAT_OTLP_PROTOBUF]: 'protobuf', [abi.FORMAT_OTLP_JSON]: 'json', [abi.FORMAT_LOGS3]: 'logs3' };
const BACKENDS = { [abi.BACKEND_OTLP]: 'otlp', [abi.BACKEND_BRAINTRUST]: 'braintrust', [abi.BACKEND_LANGFUSE]: 'langfuse', [abi.BACKEND_LAMINAR]: 'laminar' };
function settings(make) {
  let s;
  try {
    s = make();
  } catch (e) {
    return { error: e.message };
  }
  return {
    settings: {
      exporters: s.exporters.map((e) => ({ endpoint: e.endpoint, headers: requestHeaders(e), format: FORMATS[e.format], gzip: e.gzip, backend: BACKENDS[e.backend], projectId: e.projectId })),
      resourceAttributes: s.resourceAttributes,
      serviceName: s.serviceName, timeoutMs: s.timeoutMs, maxQueueSpans: s.maxQueueSpans, maxQueueBytes: s.maxQueueBytes, maxBatchBytes: s.maxBatchBytes, maxConcurrentRequests: s.maxConcurrentRequests,
      sampling: { ratio: s.sampling.ratio, parentBased: s.sampling.parentBased, keepErrors: s.sampling.keepErrors, keepSlowerThanMs: s.sampling.keepSlowerThanMs ?? null },
    },
  };
}

const ws = fc.constantFrom('', '', ' ', '\t', ' \n');
const padded = (a) => fc.tuple(ws, a, ws).map(([x, v, y]) => x + v + y);
const url = fc.oneof(
  fc.constantFrom(
    'http://c', 'http://c:4318', 'https://api.example/base/', 'http://[::1]:4318/v1/traces', 'https://alice:s3cr3t-pass@h.example/v1/traces',
    'ftp://x/v1/traces', 'http://exa mple/x', 'http://host:port/x', 'http://host:99999/x', 'http:///x', 'localhost:4318', 'HTTP://C/x',
    'http://h?x=1', 'http://h#f', 'http://h@', 'http://@h', 'http://h:0', 'http://h:', 'http://ä.example/x', 'http://h/\u0000', 'http://%41/',
    'http://a b@h', 'http://[::1', 'http://999.1.1.1/', 'https://h/p?q=@x', 'http://h\\x', 'http://-h/', 'http://h..x/', 'https://h:65535/',
    'http://h:443/v1/traces/', 'http://h/\u00e9', 'http:/h/x', 'http:h', '//h/x', 'http://h\t/x',
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  // Hosts that are IPv4 or IPv6 addresses, valid or not, as the URL standard reads them.
  fc
    .tuple(
      fc.oneof(
        fc.array(fc.oneof(fc.nat(300).map(String), fc.constantFrom('0x7f', '0X', '0x', '08', '010', '4294967295', '4294967296', '', 'a', '1e1')), { minLength: 1, maxLength: 5 }).map((p) => p.join('.')),
        fc.array(fc.oneof(fc.stringMatching(/^[0-9a-f]{0,5}$/), fc.constantFrom('1.2.3.4', '01.2.3.4', '256.1.1.1', '1.2.3')), { minLength: 1, maxLength: 10 }).map((p) => `[${p.join(':')}]`),
      ),
      fc.constantFrom('', '.', ':80', ':', '/x'),
    )
    .map(([h, tail]) => `http://${h}${tail}`),
  fc.tuple(fc.constantFrom('http://', 'https://', 'HTTPS://', 'http:', ''), fc.string({ unit: fc.constantFrom(...'ab1:@/?#[]%.-_ ~\\é'), maxLength: 16 })).map(([a, b]) => a + b),
);
const token = fc.oneof(fc.constantFrom('authorization', 'Authorization', 'x-bt-parent', 'X-API-Key', 'content-type', 'Content-Encoding', '__proto__', '123', 'a', 'x_y'), fc.string({ unit: fc.constantFrom(...'aZ09-_.!~ :é"'), minLength: 0, maxLength: 8 }));
const headerValue = fc.oneof(fc.constantFrom('Bearer sk-live-123456789', 'v', '', 'a%20b', '%zz%ff', '%e2%82%ac', 'x=y', 'a%0Ab', 'a\tb', 'é'), fc.string({ maxLength: 12 }));
const headerList = fc.array(fc.tuple(token, fc.constantFrom('=', '=', ':', '', '=='), headerValue, ws), { maxLength: 4 }).map((es) => es.map(([k, eq, v, w]) => `${w}${k}${eq}${v}`).join(','));
const headersEnv = fc.oneof(headerList, fc.array(fc.tuple(token, headerValue), { maxLength: 3 }).map((es) => es.map(([k, v]) => `${k}=${v}`).join(',')));
const number = fc.oneof(fc.nat(700000).map(String), fc.constantFrom('0', '600000', '600001', '-1', '1.5', '1e3', ' 5', 'soon', '99999999999999999999', '0x10'));
const samplerName = fc.constantFrom('always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio', 'jaeger_remote', 'AlwaysOn', '');
const samplerArg = fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }).map(String), fc.constantFrom('0', '1', '0.5', '.5', '5.', '1e-1', '+0.5', '-0', 'half', ' 0.25 ', 'NaN', 'Infinity', '0x1', '1_0', '١'));
const text = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('k', 'pk', 'sk', 'proj', 'sk-live-123456789', 'a b', 'a\nb'));
const envMap = fc.record(
  {
    OTEL_EXPORTER_OTLP_ENDPOINT: padded(url),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: padded(url),
    OTEL_EXPORTER_OTLP_HEADERS: headersEnv,
    OTEL_EXPORTER_OTLP_PROTOCOL: padded(fc.constantFrom('http/protobuf', 'http/json', 'json', 'protobuf', 'grpc', 'JSON', '')),
    OTEL_EXPORTER_OTLP_COMPRESSION: padded(fc.constantFrom('gzip', 'none', 'br', 'GZIP', '')),
    OTEL_EXPORTER_OTLP_TIMEOUT: number,
    OTEL_SERVICE_NAME: text,
    OTEL_TRACES_SAMPLER: padded(samplerName),
    OTEL_TRACES_SAMPLER_ARG: samplerArg,
    OTEL_RESOURCE_ATTRIBUTES: fc.oneof(
      fc.array(fc.tuple(fc.oneof(token, fc.constantFrom('service.name', 'service.version', 'deployment.environment.name', 'telemetry.sdk.name', 'telemetry.sdk.x', ' k ')), fc.constantFrom('=', '=', ':', '', '=='), headerValue, ws), { maxLength: 4 }).map((es) => es.map(([k, eq, v, w]) => `${w}${k}${eq}${v}`).join(',')),
      fc.constantFrom('deployment.environment.name=prod,service.version=1.2.3', 'service.name=from-resource', 'a=1,a=2', 'k=v%2Cw', '=v', ' , ,k=v'),
    ),
    BRAINTRUST_API_KEY: text, BRAINTRUST_PROJECT_ID: text, BRAINTRUST_PROJECT_NAME: text, BRAINTRUST_DEFAULT_PROJECT: text, BRAINTRUST_API_URL: url,
    LANGFUSE_PUBLIC_KEY: text, LANGFUSE_SECRET_KEY: text, LANGFUSE_BASE_URL: url, LANGFUSE_HOST: url,
    PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: text, PHOENIX_PROJECT_NAME: text,
    LMNR_PROJECT_API_KEY: text, LMNR_BASE_URL: url,
  },
  { requiredKeys: [] },
);

test('environment: the JS twin resolves every generated environment as the Rust core does', async () => {
  await check(
    fc.asyncProperty(envMap, async (env) => {
      const want = await rust.ask({ rule: 'env', env });
      assert.deepEqual(settings(() => fromEnv(env)), want, JSON.stringify(env));
    }),
  );
});

const limitValue = fc.oneof(fc.constantFrom(0, 1, 64, 65, 600000, 600001, 1 << 24, (1 << 24) + 1, 1 << 30, (1 << 30) + 1, 2 ** 32 - 1), fc.nat(2 ** 32 - 1));
const optionsObject = fc.record(
  {
    endpoint: url,
    headers: fc.array(fc.tuple(token, headerValue), { maxLength: 4 }),
    protocol: fc.constantFrom('json', 'protobuf', 'http/json', 'http/protobuf'),
    compression: fc.constantFrom('gzip', 'none'),
    serviceName: text,
    timeoutMs: limitValue, maxQueueSpans: limitValue, maxQueueBytes: limitValue, maxBatchBytes: limitValue, maxConcurrentRequests: limitValue,
    sampling: fc.record(
      { ratio: fc.oneof(fc.double({ min: -0.5, max: 1.5, noNaN: true }), fc.constantFrom(0, 1)), keepSlowerThanMs: fc.oneof(fc.double({ min: -10, max: 1e6, noNaN: true }), fc.constant(0)), keepErrors: fc.boolean(), parentBased: fc.boolean() },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['endpoint'] },
);

test('options: the JS twin validates every generated options object as the Rust Config does', async () => {
  await check(
    fc.asyncProperty(optionsObject, async (options) => {
      const want = await rust.ask({ rule: 'options', options });
      assert.deepEqual(settings(() => fromOptions(options)), want, JSON.stringify(options));
    }),
  );
});

test('OTEL_EXPORTER_OTLP_HEADERS: the JS twin parses every generated list as the Rust core does', async () => {
  await check(
    fc.asyncProperty(fc.oneof(headersEnv, fc.string({ maxLength: 30 })), async (value) => {
      const want = await rust.ask({ rule: 'headers', value });
      let js;
      try {
        js = { headers: parseHeaders(value) };
      } catch (e) {
        js = { error: e.message };
      }
      assert.deepEqual(js, want, JSON.stringify(value));
    }),
  );
});

// ---- reports: merging the reports of several exporters.

const errorLine = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('HTTP 503', 'timed out'));
const oneReport = fc.record({
  exported: fc.nat(1e6), failed: fc.nat(50), dropped: fc.nat(50), sampledOut: fc.nat(50), retried: fc.nat(50), pending: fc.nat(50),
  openSpans: fc.nat(50), openRows: fc.nat(50), requests: fc.nat(50), bytes: fc.nat(1e9), durationMs: fc.nat(30000),
  errors: fc.array(errorLine, { maxLength: 3 }),
  unfinished: fc.array(fc.record({ name: fc.string({ maxLength: 8 }), spanId: hex(16), state: fc.constantFrom('open', 'incomplete') }), { maxLength: 2 }),
});
test('reports: the JS twin merges every generated set of reports as the Rust core does', async () => {
  await check(
    fc.asyncProperty(fc.array(fc.tuple(fc.string({ maxLength: 20 }), oneReport), { minLength: 1, maxLength: 4 }), async (pairs) => {
      const { report } = await rust.ask({ rule: 'merge', reports: pairs });
      const js = mergeReports(pairs.map((p) => structuredClone(p[1])), pairs.map((p) => p[0]));
      assert.deepEqual(js, report, JSON.stringify(pairs));
    }),
  );
});

// ---- credentials: URLs without their user:password, and answers with every secret redacted.

const secretish = fc.oneof(fc.constantFrom('sk-live-123456789', 'Bearer sk-live-123456789', 'p4ssw0rd-long', 'short', 'éééé', '😀😀'), fc.string({ maxLength: 20 }));
test('credentials: the JS twin strips and redacts every generated secret as the Rust core does', async () => {
  await check(
    fc.asyncProperty(
      url,
      fc.array(fc.record({ endpoint: fc.oneof(url, fc.tuple(secretish, secretish).map(([u, p]) => `https://${u}:${p}@h.example/v1/traces`)), headers: fc.array(fc.tuple(token, secretish), { maxLength: 3 }) }), { maxLength: 3 }),
      fc.array(fc.oneof(secretish, fc.string({ maxLength: 10 })), { maxLength: 6 }).map((parts) => parts.join(' ')),
      async (u, exporters, text) => {
        assert.equal(withoutCredentials(u), (await rust.ask({ rule: 'withoutCredentials', url: u })).url, JSON.stringify(u));
        const want = (await rust.ask({ rule: 'redact', exporters, text })).text;
        assert.equal(redact(text, secretsOf(exporters)), want, JSON.stringify({ exporters, text }));
      },
    ),
  );
});

// ---- HTTP: which response status makes a server or client span an error.

test('HTTP status: the JS twin marks the same responses as errors as the Rust core does', async () => {
  await check(
    fc.asyncProperty(fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constantFrom(399, 400, 499, 500, 599, 600)), fc.boolean(), async (status, server) => {
      const { error } = await rust.ask({ rule: 'httpStatus', status, server });
      assert.equal(statusIsError(status, server), error, JSON.stringify({ status, server }));
    }),
  );
});

// ---- constants both sides hold: defaults and limits, the truncation marker, span kinds.

test('constants: defaults, limits, markers and span kinds are the same on both sides', async () => {
  const want = await rust.ask({ rule: 'constants' });
  assert.deepEqual(DEFAULTS, want.defaults);
  assert.equal(MARKER, want.marker);
  assert.equal(REDACTED, want.redacted);
  assert.deepEqual(INPUT_KEYS, want.inputKeys, 'the attributes that carry prompts');
  assert.deepEqual(OUTPUT_KEYS, want.outputKeys, 'the attributes that carry answers');
  assert.deepEqual(TRACE_KEYS, want.traceFields, 'the fields of setTraceAttributes');
  assert.deepEqual(['session.id', 'user.id'], want.baggageKeys);
  for (const [name, n, roundTrips] of want.kinds) {
    assert.equal(abi[`KIND_${name.toUpperCase()}`], n, name);
    assert.ok(roundTrips, name);
  }
  // The limits, at their edges, through the options rule.
  assert.match(settings(() => fromOptions({ endpoint: 'http://c', timeoutMs: want.maxTimeoutMs + 1 })).error, new RegExp(`from 1 to ${want.maxTimeoutMs}`));
  assert.match(settings(() => fromOptions({ endpoint: 'http://c', exporters: Array(want.maxExporters + 1).fill({ endpoint: 'http://c' }) })).error, /1 to 8/);
});
