// Untrusted input never throws out of a reader or hangs it: arbitrary bytes, text and values into
// every JS reader of what a collector, a caller or the environment hands the SDK. A configuration
// reader may refuse what it is given, but only with an Error that says `edgespan: …`.
//
// `make test` runs 10 000 cases per reader; `make fuzz` sets EDGESPAN_FUZZ_CASES (a million).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { retryAfterMs, partialSuccess } from '../../js/rules/answer.js';
import { parseTraceparent } from '../../js/rules/traceparent.js';
import { fromOptions } from '../../js/config.js';
import { cut, MARKER } from '../../js/text.js';
import { fromEnv, parseHeaders } from '../../js/env.js';

const numRuns = Number(process.env.EDGESPAN_FUZZ_CASES) || 10_000;
const runs = process.env.EDGESPAN_FUZZ_CASES ? { numRuns } : { numRuns, seed: 20261206 };
const check = (property) => fc.assert(property, runs);

// Refused with an edgespan Error, or accepted; anything else fails.
const refusedCleanly = (fn) => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error && e.message.startsWith('edgespan: '), String(e));
  }
};

const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), fc.stringMatching(/^[0-9a-fA-F -]{50,60}$/));

test('answers: any bytes read as an answer give a count and a message', () => {
  check(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.json().map((j) => new TextEncoder().encode(j))), fc.constantFrom('application/json', 'application/x-protobuf'), (body, type) => {
      const [n, m] = partialSuccess(body, type);
      assert.ok(Number.isSafeInteger(n) && n >= 0 && typeof m === 'string');
    }),
  );
});

test('Retry-After and traceparent: any text gives a value or none', () => {
  check(
    fc.property(text, fc.double(), (v, now) => {
      const ms = retryAfterMs(v, now);
      assert.ok(ms === -1 || ms >= 0 || Number.isNaN(now), `${v}: ${ms}`);
      const tp = parseTraceparent(v);
      assert.ok(tp === null || (tp.t.length === 4 && tp.p.length === 2));
    }),
  );
});

test('configuration: any headers text, environment or options object is accepted or refused with an edgespan Error', () => {
  check(
    fc.property(text, fc.dictionary(fc.constantFrom('OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TIMEOUT', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG', 'BRAINTRUST_API_KEY', 'LANGFUSE_PUBLIC_KEY', 'PHOENIX_API_KEY', 'LMNR_PROJECT_API_KEY'), fc.anything()), fc.anything(), (h, env, options) => {
      refusedCleanly(() => parseHeaders(h));
      refusedCleanly(() => fromEnv(env));
      refusedCleanly(() => fromOptions(options));
      refusedCleanly(() => fromOptions({ endpoint: 'http://c', ...(options && typeof options === 'object' ? options : {}) }));
    }),
  );
});

test('cut: any string, lone and paired surrogates included, is cut to the limit without splitting a pair', () => {
  const surrogates = fc.string({ unit: fc.constantFrom('a', '😀', '\ud800', '\udc00', 'é', '\u0000'), maxLength: 40 });
  check(
    fc.property(fc.oneof(surrogates, fc.string({ unit: 'binary', maxLength: 40 })), fc.integer({ min: 1, max: 45 }), (s, max) => {
      const out = cut(s, max);
      if (s.length <= max) return assert.equal(out, s);
      assert.ok(out.endsWith(MARKER));
      const kept = out.slice(0, out.length - MARKER.length);
      assert.ok(kept.length <= max && s.startsWith(kept));
      // A pair whole in `s` is never split: the kept text ends on a whole character.
      if (s.isWellFormed()) assert.ok(kept.isWellFormed(), JSON.stringify({ s, max }));
    }),
  );
});
