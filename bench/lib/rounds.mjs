// How the wrapper benches (wrap-cpu.mjs, wrap-workerd.mjs) order their subjects and sum up
// their rounds.

const TITLES = { plain: 'chat.completions.create', stream: 'chat.completions.create({ stream: true })', anthropic: 'Anthropic messages.create', 'anthropic-stream': 'Anthropic messages.create({ stream: true })', 'workers-ai': 'Workers AI run', 'workers-ai-stream': 'Workers AI run({ stream: true })' };
/** The call a kind of the benches makes, for a table's title (`anthropic stream` in wrap-cpu.mjs
 * and `anthropic-stream` in wrap-workerd.mjs's paths are the same kind). */
export const title = (kind) => TITLES[kind.replace(' ', '-')];

/** Orders of `names` for successive rounds, balanced for what comes before: over one cycle of
 * them (n orders for n names when n is even, 2n when odd; a Williams design) each subject runs
 * first equally often and follows every other subject equally often. That matters because a
 * block pays for some of the garbage the block before it left. */
export function balancedOrders(names) {
  const n = names.length;
  const first = [];
  for (let i = 0, lo = 0, hi = n - 1; i < n; i++) first.push(i % 2 === 0 ? lo++ : hi--);
  // 0, n-1, 1, n-2, …: consecutive differences that are all distinct mod n.
  const rows = [];
  for (let r = 0; r < n; r++) rows.push(first.map((x) => names[(x + r) % n]));
  if (n % 2 === 1) for (let r = 0; r < n; r++) rows.push([...rows[r]].reverse());
  return rows;
}

const sorted = (a) => [...a].sort((x, y) => x - y);
export const median = (a) => sorted(a)[a.length >> 1];
/** The first and third quartiles of `a`. */
export function quartiles(a) {
  const s = sorted(a);
  return [s[Math.floor((s.length - 1) / 4)], s[Math.ceil(((s.length - 1) * 3) / 4)]];
}

/** A 95 % interval for the median of `a`: the 2.5th and 97.5th percentiles of the medians of
 * 2000 resamples (a bootstrap, with a fixed seed so a run's figures can be reproduced from its
 * raw data). */
export function medianInterval(a) {
  let seed = 0x9e3779b9;
  const rand = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const meds = [];
  for (let r = 0; r < 2000; r++) meds.push(median(Array.from(a, () => a[Math.floor(rand() * a.length)])));
  const s = sorted(meds);
  return [s[Math.floor(s.length * 0.025)], s[Math.ceil(s.length * 0.975) - 1]];
}

/** Markdown rows, one per subject of `times` ({ name: [µs per call, one per round] }): the median
 * per call, the median of its per-round ratios to `ref` with a 95 % interval for that median and
 * the middle half of the ratios, and the median per-round cost above `base`. */
export function table(times, ref, base) {
  const out = ['| subject | µs/call | × by hand | [95 % interval] | [middle half] | tracing cost µs (− untraced) |', '|---|---|---|---|---|---|'];
  for (const [k, v] of Object.entries(times)) {
    const ratios = v.map((x, i) => x / times[ref][i]);
    const [q1, q3] = quartiles(ratios);
    const [lo, hi] = medianInterval(ratios);
    const cost = v.map((x, i) => x - times[base][i]);
    out.push(`| ${k} | ${median(v).toFixed(1)} | ${median(ratios).toFixed(2)} | ${lo.toFixed(2)}–${hi.toFixed(2)} | ${q1.toFixed(2)}–${q3.toFixed(2)} | ${median(cost).toFixed(1)} |`);
  }
  return out.join('\n');
}

/** Rounds from several processes as one set: `parts` is a list of `times` objects (see table),
 * one per process, with the same subjects; the result appends their rounds. */
export function pooled(parts) {
  const out = {};
  for (const part of parts) for (const [k, v] of Object.entries(part)) (out[k] ??= []).push(...v);
  return out;
}

/** One line: each subject's median ratio to `ref` in each process of `parts`, which shows how far
 * processes land apart (the pooled interval is of rounds, and does not see that). */
export function perProcess(parts, ref) {
  const names = Object.keys(parts[0]).filter((k) => k !== ref);
  const cell = (k) => parts.map((p) => median(p[k].map((x, i) => x / p[ref][i])).toFixed(2)).join(', ');
  return `Per process (× by hand): ${names.map((k) => `${k} ${cell(k)}`).join('; ')}.`;
}
