// Rules that live twice, in the Rust core and as a JS twin in the npm build, run on the same
// generated inputs and compared: the Rust side through `crates/core/examples/rules.rs` (one JSON
// request per line on a pipe), the JS side straight from js/. fast-check generates the inputs
// and, on a difference, shrinks it to the smallest input it can find and prints it.
//
// `make test` runs 10 000 cases per rule with a fixed seed. `make fuzz` sets EDGESPAN_FUZZ_SECONDS:
// random seeds, as many cases as fit in that time per rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { retryAfterMs } from '../../js/answer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fuzzSeconds = Number(process.env.EDGESPAN_FUZZ_SECONDS) || 0;
const runs = fuzzSeconds ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: fuzzSeconds * 1000, markInterruptAsFailure: false } : { numRuns: 10_000, seed: 20261206 };

// The Rust side: requests answered in order over one pipe.
let rust;
before(() => {
  execFileSync('cargo', ['build', '-q', '-p', 'edgespan-core', '--example', 'rules'], { cwd: root, stdio: 'inherit' });
  const child = spawn(join(root, 'target', 'debug', 'examples', 'rules'), { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(JSON.parse(line)));
  rust = {
    ask: (req) => new Promise((resolve) => {
      waiting.push(resolve);
      child.stdin.write(`${JSON.stringify(req)}\n`);
    }),
    stop: () => child.kill(),
  };
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
