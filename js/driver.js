// The flush driver: carries out the core's orders for one flush with the global fetch (send,
// wait, done) and feeds back what happened. Every decision is the core's; only this flush's own
// fetches and timers are awaited here (DESIGN: I/O belongs to the request that flushes).

import * as w from './wasm/edgespan.js';
import * as abi from './abi.js';
import { now } from './clock.js';
import { str } from './text.js';
import { emptyReport, mergeReports } from './rules/report.js';
import { partialSuccess, retryAfterMs } from './rules/answer.js';
import { sleep } from './sleep.js';
import { scratch } from './scratch.js';
import { redact } from './rules/redact.js';

async function gzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// The step registers, read right after each poll (they live in one place in wasm).
const poll = (c, id) => {
  const step = w.flush_poll(c, id, now());
  return [step, w.step_batch(), w.step_ms()];
};

/** One flush of `core` (the tracer's shared state): snapshot now, deliver, report, within
 * `timeoutMs` (at most the tracer's own). Never rejects. */
export function flush(core, timeoutMs = core.timeoutMs) {
  const t0 = now();
  const c = core.c;
  const broken = () => Promise.resolve(Object.assign(emptyReport(), { errors: [core.broken] }));
  if (core.broken) return broken();
  let jobs;
  core.dropNoted = false;
  try {
    jobs = Array.from(w.flush_begin(c, t0, timeoutMs), (id, i) => ({ id, exp: core.exp[i] ?? core.exp[0], first: poll(c, id) }));
  } catch (e) {
    core.fail(e);
    return broken();
  }
  const finish = () => {
    try {
      const reports = jobs.map((j) => JSON.parse(w.flush_finish(c, j.id, now())));
      jobs.forEach((j, i) => j.plain && reports[i].errors.push(GZIP_FAILED));
      reports.forEach((r, i) => core.exported(i, r));
      return mergeReports(reports, jobs.map((j) => j.exp.name));
    } catch (e) {
      core.fail(e);
      return Object.assign(emptyReport(), { errors: [core.broken] });
    }
  };
  const earlier = [...core.inflight];
  const sending = jobs.filter((j) => j.first[0] !== abi.STEP_EMPTY);
  // Nothing to send and nothing in flight: resolve at once, without a request.
  if (sending.length === 0 && earlier.length === 0) return Promise.resolve(finish());

  const own = Promise.all(sending.map((j) => drive(core, j)));
  const settled = own.then(() => {
    core.inflight.delete(settled);
  });
  core.inflight.add(settled);
  return own.then(async () => {
    const report = finish();
    if (earlier.length) {
      // Wait for earlier flushes with plain promises only, never past our own deadline.
      const timer = sleep(Math.max(0, t0 + timeoutMs - now()));
      timer.unref();
      const done = await Promise.race([Promise.all(earlier).then(() => true), timer.p.then(() => false)]);
      timer.cancel(); // no timer left pending for the rest of the deadline
      if (!done) report.errors.push("an earlier flush was still in flight at this flush's deadline");
    }
    report.durationMs = Math.max(0, Math.round(now() - t0));
    return report;
  });
}

// Carries out the core's orders for flush job `j` until it says it is done.
async function drive(core, j) {
  const { id, first } = j;
  const c = core.c;
  const running = new Map();
  const bodies = new Map();
  try {
    for (let [step, batch, ms] = first; ; [step, batch, ms] = poll(c, id)) {
      if (step === abi.STEP_SEND) {
        const p = send(core, j, { batch, timeoutMs: ms, bodies }).then(() => running.delete(batch));
        running.set(batch, p);
        continue;
      }
      if (step !== abi.STEP_WAIT) return;
      if (ms < 0) {
        if (running.size === 0) return; // cannot happen unless the core is broken
        await Promise.race(running.values());
      } else {
        const t = sleep(ms);
        await Promise.race([...running.values(), t.p]);
        t.cancel();
      }
    }
  } catch (e) {
    core.fail(e);
    await Promise.allSettled(running.values());
  }
}

// What a report says when gzip failed (the Rust driver says the same).
const GZIP_FAILED = 'gzip was not available; bodies were sent uncompressed';

async function send(core, j, { batch, timeoutMs, bodies }) {
  const { id, exp } = j;
  const c = core.c;
  let timedOut = false;
  let timer;
  try {
    let [body, zipped] = bodies.get(batch) ?? [];
    if (!body) {
      // One copy, out of wasm memory (workerd keeps a reference to a body's buffer instead of
      // copying it, so a view of wasm memory would not be safe).
      const at = w.flush_body(c, id, batch);
      body = new Uint8Array(w.initSync().memory.buffer, at, w.body_len()).slice();
      // A compressor that fails is not a network error: the body goes as it is, and the report
      // says so (as in the Rust driver).
      zipped = false;
      if (exp.gzip && !j.plain) {
        try {
          body = await gzip(body);
          zipped = true;
        } catch {
          j.plain = true;
        }
      }
      bodies.set(batch, [body, zipped]);
    }
    w.flush_sent(c, id, body.byteLength);
    const ac = new AbortController();
    timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, timeoutMs);
    const res = await fetch(exp.url, { method: 'POST', headers: zipped ? exp.headers : exp.plain, body, signal: ac.signal });
    const answer = new Uint8Array(await res.arrayBuffer()); // always consume the body
    clearTimeout(timer);
    const [rejected, message] = res.ok
      ? partialSuccess(answer, res.headers.get('content-type'))
      : [0, new TextDecoder().decode(answer.subarray(0, 800))]; // redacted whole below; the core cuts it to 200
    const slots = scratch();
    slots[abi.SCRATCH_STATUS] = res.status;
    slots[abi.SCRATCH_RETRY_AFTER_MS] = retryAfterMs(res.headers.get('retry-after'));
    slots[abi.SCRATCH_REJECTED] = rejected;
    w.flush_response(c, id, batch, redact(message, core.secrets), now());
  } catch (e) {
    clearTimeout(timer);
    try {
      w.flush_error(c, id, batch, timedOut, redact(str(e && e.message ? e.message : e), core.secrets), now());
    } catch (e2) {
      core.fail(e2);
    }
  }
}
