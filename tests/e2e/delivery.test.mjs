// Delivery through a bad network, end to end in workerd: the loopback collector injects faults on
// command, and each FlushReport must match the collector's own log exactly.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, installTarball, startCollector, startWorker, freePort, waitFor } from './harness.mjs';

const workerDir = join(root, 'tests', 'e2e', 'worker');
let collector, worker;

before(async () => {
  installTarball(workerDir);
  collector = await startCollector();
  worker = await startWorker(workerDir, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
});
after(() => {
  worker?.stop();
  collector?.stop();
});
beforeEach(() => collector.reset());

async function deliver(params) {
  const q = new URLSearchParams({ ...params, cfg: JSON.stringify(params.cfg ?? {}) });
  const r = await fetch(`${worker.url}/deliver?${q}`);
  assert.equal(r.status, 200, await r.clone().text());
  return r.json();
}

// The report against the collector's log: requests, bytes and accepted spans, exactly.
async function matchesLog(report) {
  const log = await collector.requests();
  assert.equal(report.requests, log.length, 'requests');
  assert.equal(report.bytes, log.reduce((n, r) => n + r.bytes, 0), 'bytes');
  assert.equal(report.exported, log.reduce((n, r) => n + r.spans, 0), 'exported');
  return log;
}

test('503, 503, 200: everything delivered, retried = 2', async () => {
  await collector.faults('503\n503\n200');
  const { report } = await deliver({ n: 5 });
  assert.deepEqual({ ...report, durationMs: 0, bytes: 0 }, { exported: 5, failed: 0, dropped: 0, sampledOut: 0, retried: 2, pending: 0, openSpans: 0, openRows: 0, requests: 3, bytes: 0, durationMs: 0, errors: [], unfinished: [] });
  const log = await matchesLog(report);
  assert.deepEqual(log.map((r) => r.status), [503, 503, 200]);
  assert.equal(new Set(log.map((r) => r.bytes)).size, 1, 'the same body every time');
});

test('429 with Retry-After: 1: delivered, and the second attempt waited at least 1 s', async () => {
  await collector.faults('429 retry-after=1\n200');
  const { report } = await deliver({ n: 3 });
  assert.equal(report.exported, 3);
  assert.equal(report.retried, 1);
  const log = await matchesLog(report);
  assert.ok(log[1].at - log[0].at >= 1000, `waited ${log[1].at - log[0].at} ms`);
});

test('503 with Retry-After as an HTTP date is honoured too', async () => {
  const at = new Date(Date.now() + 2000).toUTCString().replaceAll(' ', '_');
  await collector.faults(`503 retry-after=${at}\n200`);
  const { report } = await deliver({ n: 1 });
  assert.equal(report.exported, 1);
  const log = await matchesLog(report);
  assert.ok(log[1].at - log[0].at >= 900, `waited ${log[1].at - log[0].at} ms`);
});

test('400: no retry, all spans failed, one reason', async () => {
  await collector.faults('400');
  const { report } = await deliver({ n: 4 });
  assert.equal(report.failed, 4);
  assert.equal(report.retried, 0);
  assert.equal(report.pending, 0);
  assert.equal(report.errors.length, 1);
  assert.match(report.errors[0], /^HTTP 400 \(not retried\): 4 spans failed/);
  await matchesLog(report);
});

test('partial success: rejected spans are failed, not retried', async () => {
  await collector.faults('200 partial=2');
  const { report } = await deliver({ n: 5 });
  assert.equal(report.failed, 2);
  assert.equal(report.exported + report.failed, 5);
  assert.equal(report.requests, 1);
  assert.match(report.errors[0], /partial success: 2 spans rejected by the collector: rejected by the test collector/);
});

test('a hung collector: the flush resolves by its deadline with spans pending; a later flush delivers them', async () => {
  await collector.faults('200 delay-ms=6000 drop');
  const cfg = { timeoutMs: 2500 };
  const { report, spans } = await deliver({ n: 3, cfg });
  // The deadline (2.5 s) cut the attempt short: the flush resolved with the spans pending rather
  // than waiting for the 6 s hang to answer (an answer would have counted them exported).
  assert.equal(report.pending, 3);
  assert.equal(report.exported, 0);
  assert.ok(report.errors.some((e) => /3 spans pending .*attempt timed out/.test(e)), report.errors.join('\n'));
  // The exporter timed out: the next flushes in the cool-down make one attempt each.
  assert.ok(report.errors.some((e) => /cooling down for 10 s/.test(e)), report.errors.join('\n'));
  const later = await (await fetch(`${worker.url}/reflush?${new URLSearchParams({ cfg: JSON.stringify(cfg) })}`)).json();
  assert.equal(later.exported, 3);
  const got = (await collector.spans()).map((s) => s.spanId);
  assert.deepEqual(got.sort(), spans.map((s) => s.spanId).sort());
});

test('connection refused: retried, then pending; nothing thrown', async () => {
  const port = await freePort();
  const { report, diagnostics } = await deliver({ n: 2, cfg: { endpoint: `http://127.0.0.1:${port}/v1/traces`, timeoutMs: 2000 } });
  // The failure is not silent: onDiagnostic hears of it, once, with the reason.
  const said = diagnostics.filter((d) => d.includes('export to otlp'));
  assert.equal(said.length, 1, diagnostics.join('\n'));
  assert.match(said[0], /failed \(0 failed, 2 pending\): 2 spans pending .*network error/);
  assert.equal(report.exported, 0);
  assert.equal(report.pending, 2);
  assert.ok(report.retried >= 1, JSON.stringify(report));
  assert.ok(report.errors.some((e) => /2 spans pending .*network error/.test(e)), report.errors.join('\n'));
  assert.ok(report.errors.some((e) => /cooling down for 10 s/.test(e)), report.errors.join('\n'));
});

test('a 5 MB input string arrives truncated with the marker; the other spans are untouched', async () => {
  const { report, spans } = await deliver({ n: 3, big: 5_000_000 });
  assert.equal(report.exported, 3);
  await matchesLog(report);
  const got = new Map((await collector.spans()).map((s) => [s.spanId, s]));
  const big = got.get(spans[0].spanId);
  assert.match(big.attributes['input.value'], /^x+…\[truncated\]$/);
  assert.ok(big.attributes['input.value'].length <= 1024 * 1024);
  assert.deepEqual(big.attributes['edgespan.truncated'], ['input']);
  for (const [i, s] of spans.slice(1).entries()) {
    const a = got.get(s.spanId).attributes;
    assert.equal(a['input.value'], `small input ${i + 1}`);
    assert.equal(a['edgespan.truncated'], undefined);
  }
});

test('3000 spans with maxQueueSpans 2048: 952 dropped, one diagnostic, the 2048 others arrive', async () => {
  const { report, diagnostics } = await deliver({ n: 3000, cfg: { maxQueueSpans: 2048 } });
  assert.equal(report.dropped, 952);
  assert.equal(report.exported, 2048);
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0], /span buffer full \(maxQueueSpans 2048/);
  await matchesLog(report);
  assert.equal((await collector.spans()).length, 2048);
});

test('10 000 small spans: never more than 6 requests at once', async () => {
  await collector.faults('default 200 delay-ms=15');
  const { report } = await deliver({ n: 10_000, cfg: { maxQueueSpans: 10_000, maxBatchBytes: 32_768 } });
  assert.equal(report.exported, 10_000);
  assert.ok(report.requests > 20, `${report.requests} requests`);
  await matchesLog(report);
  const { maxInFlight } = await collector.stats();
  assert.ok(maxInFlight <= 6, `${maxInFlight} at once`);
  assert.ok(maxInFlight >= 2, `requests did overlap (${maxInFlight})`);
  assert.equal(new Set((await collector.spans()).map((s) => s.spanId)).size, 10_000);

  // The cap is edgespan's own, not the platform's: a lower setting is kept too.
  await collector.reset();
  await collector.faults('default 200 delay-ms=15');
  const two = await deliver({ n: 2000, cfg: { maxQueueSpans: 10_000, maxBatchBytes: 32_768, maxConcurrentRequests: 2 } });
  assert.equal(two.report.exported, 2000);
  assert.equal((await collector.stats()).maxInFlight, 2);
});

test('gzip: the collector decompresses and gets the same spans', async () => {
  const { report, spans } = await deliver({ n: 20, cfg: { compression: 'gzip' } });
  assert.equal(report.exported, 20);
  const log = await matchesLog(report);
  assert.ok(log.every((r) => r.contentEncoding === 'gzip'));
  const got = await waitFor(async () => {
    const all = await collector.spans();
    return all.length === 20 ? all : null;
  });
  assert.deepEqual(got.map((s) => s.spanId).sort(), spans.map((s) => s.spanId).sort());
  assert.equal(got.find((s) => s.spanId === spans[3].spanId).attributes['input.value'], 'small input 3');
});

test('protobuf: the collector decodes the same spans; a protobuf partialSuccess is read', async () => {
  const { report, spans } = await deliver({ n: 20, cfg: { protocol: 'protobuf' } });
  assert.equal(report.exported, 20);
  const log = await matchesLog(report);
  assert.ok(log.every((r) => r.contentType === 'application/x-protobuf'));
  const got = await collector.spans();
  assert.deepEqual(got.map((s) => s.spanId).sort(), spans.map((s) => s.spanId).sort());
  const s3 = got.find((s) => s.spanId === spans[3].spanId);
  assert.equal(s3.attributes['input.value'], 'small input 3');
  assert.equal(s3.attributes.i, 3);
  assert.equal(typeof s3.attributes['edgespan.seq'], 'number');

  await collector.reset();
  await collector.faults('200 partial=3');
  const partial = await deliver({ n: 5, cfg: { protocol: 'protobuf', compression: 'gzip' } });
  assert.equal(partial.report.failed, 3);
  assert.equal(partial.report.exported, 2);
  assert.match(partial.report.errors[0], /partial success: 3 spans rejected by the collector: rejected by the test collector/);
  const plog = await collector.requests();
  assert.equal(plog[0].contentEncoding, 'gzip');
});

test('backend presets: each ingestion path and auth check, the backend attributes, and a 401 not retried', async () => {
  const basic = Buffer.from('pk-lf-1:sk-lf-1').toString('base64');
  await fetch(`${collector.url}/auth`, {
    method: 'POST',
    body: [
      '/otel/v1/traces Bearer bt-key x-bt-parent=project_name:my app',
      `/api/public/otel/v1/traces Basic ${basic}`,
      '/v1/traces Bearer lmnr-key',
    ].join('\n'),
  });
  const presets = [
    ['braintrust', { apiKey: 'bt-key', projectName: 'my app' }, '/otel/v1/traces', 'application/x-protobuf', 'braintrust.input', '"What is 2+2?"'],
    ['langfuse', { publicKey: 'pk-lf-1', secretKey: 'sk-lf-1' }, '/api/public/otel/v1/traces', 'application/x-protobuf', 'langfuse.observation.input', 'What is 2+2?'],
    ['laminar', { apiKey: 'lmnr-key' }, '/v1/traces', 'application/x-protobuf', 'lmnr.span.input', '"What is 2+2?"'],
  ];
  for (const [name, cfg, path, ctype, key, value] of presets) {
    await collector.reset();
    await fetch(`${collector.url}/auth`, { method: 'POST', body: { braintrust: '/otel/v1/traces Bearer bt-key x-bt-parent=project_name:my app', langfuse: `/api/public/otel/v1/traces Basic ${basic}`, laminar: '/v1/traces Bearer lmnr-key' }[name] });
    const q = new URLSearchParams({ name, cfg: JSON.stringify(cfg) });
    const { report, spans } = await (await fetch(`${worker.url}/preset?${q}`)).json();
    assert.equal(report.exported, 2, `${name}: ${JSON.stringify(report)}`);
    const log = await matchesLog(report);
    assert.equal(log[0].path, path, name);
    assert.equal(log[0].contentType, ctype, name);
    const got = new Map((await collector.spans()).map((s) => [s.spanId, s]));
    assert.equal(got.get(spans[0].spanId).attributes[key], value, `${name} ${key}`);
    const llm = got.get(spans[1].spanId);
    assert.equal(llm.name, 'chat gpt-4o-mini');
    assert.equal(llm.attributes['gen_ai.usage.input_tokens'], 10);
    if (name === 'braintrust') assert.deepEqual(JSON.parse(got.get(spans[0].spanId).attributes['braintrust.metadata']), { user: 'u1' });
    if (name === 'laminar') assert.equal(llm.attributes['lmnr.span.type'], 'LLM');

    // Wrong credentials: 401, reported, not retried.
    const bad = new URLSearchParams({ name, cfg: JSON.stringify({ ...cfg, apiKey: cfg.apiKey && 'wrong', secretKey: cfg.secretKey && 'wrong' }) });
    const denied = (await (await fetch(`${worker.url}/preset?${bad}`)).json()).report;
    assert.equal(denied.failed, 2, name);
    assert.equal(denied.retried, 0, name);
    assert.equal(denied.requests, 1, name);
    assert.match(denied.errors[0], /^HTTP 401 \(not retried\): 2 spans failed: .*unauthorized/, name);
  }
});

test('one buffer, three exporters: OTLP protobuf, OTLP JSON and Braintrust logs3 receive the same trace', async () => {
  await fetch(`${collector.url}/auth`, { method: 'POST', body: '/logs3 Bearer bt-key' });
  const { report, spans } = await (await fetch(`${worker.url}/multi`)).json();
  assert.equal(report.exporters.length, 3);
  assert.deepEqual(report.exporters.map((e) => e.exported), [3, 3, 3]);
  assert.equal(report.exported, 9, 'totals are summed over exporters');
  assert.deepEqual(report.errors, []);
  const log = await collector.requests();
  assert.deepEqual(log.map((r) => r.path).sort(), ['/json/v1/traces', '/logs3', '/proto/v1/traces']);
  const ids = spans.map((s) => s.spanId).sort();
  const all = await collector.spans();
  for (const path of ['/proto/v1/traces', '/json/v1/traces']) {
    const req = log.find((r) => r.path === path);
    assert.deepEqual(all.filter((s) => s.request === req.index).map((s) => s.spanId).sort(), ids, path);
  }
  const rows = await (await fetch(`${collector.url}/rows`)).json();
  assert.deepEqual(rows.map((r) => r.id).sort(), ids);
  const [root, llm, tool] = spans;
  const row = (id) => rows.find((r) => r.id === id);
  assert.equal(row(root.spanId).root_span_id, root.traceId);
  assert.equal(row(root.spanId).span_parents, undefined);
  assert.deepEqual(row(llm.spanId).span_parents, [root.spanId]);
  assert.equal(row(root.spanId).project_id, 'proj-1');
  assert.equal(row(root.spanId).log_id, 'g');
  assert.match(row(root.spanId).created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.deepEqual(row(root.spanId).input, { question: 'What is 2+2?' });
  assert.equal(row(root.spanId).output, '4');
  assert.equal(row(root.spanId).metadata.user, 'u1');
  assert.deepEqual(row(root.spanId).tags, ['e2e']);
  assert.deepEqual(row(root.spanId).span_attributes, { name: 'request', type: 'task' });
  assert.deepEqual(row(llm.spanId).span_attributes, { name: 'chat gpt-4o-mini', type: 'llm' });
  assert.deepEqual([row(llm.spanId).metrics.prompt_tokens, row(llm.spanId).metrics.completion_tokens, row(llm.spanId).metrics.tokens], [10, 2, 12]);
  assert.ok(row(root.spanId).metrics.end >= row(root.spanId).metrics.start && row(root.spanId).metrics.start > 1.7e9);
  assert.equal(row(tool.spanId).error, 'tool failed');
  assert.equal(row(root.spanId)._is_merge, false);

  // A failure at one exporter is reported as that exporter's, and not retried; the others deliver.
  await collector.reset();
  await fetch(`${collector.url}/auth`, { method: 'POST', body: '/logs3 Bearer bt-key' });
  const bad = (await (await fetch(`${worker.url}/multi?logs3key=wrong`)).json()).report;
  assert.deepEqual(bad.exporters.map((e) => [e.exported, e.failed, e.requests]), [[3, 0, 1], [3, 0, 1], [0, 3, 1]]);
  assert.equal(bad.errors.length, 1);
  assert.match(bad.errors[0], /^logs3 http:\/\/127\.0\.0\.1:\d+\/logs3: HTTP 401 \(not retried\)/);
  // The collector echoes the key it was sent, as some backends do: the report must not.
  assert.match(bad.errors[0], /invalid api key: \[redacted\]/);
  assert.ok(!JSON.stringify(bad).includes('Bearer wrong'), bad.errors[0]);
});

test('logs3 open rows: spans show in progress, and a late open row cannot undo their end', async () => {
  await fetch(`${collector.url}/auth`, { method: 'POST', body: '/logs3 Bearer bt-key' });
  // The first request (the open rows) is answered and stored only after 1.5 s: it lands after
  // the final rows sent by a later flush.
  await collector.faults('200 delay-ms=1500');
  const { spans } = await (await fetch(`${worker.url}/openrows?step=start`)).json();
  const [root, child, forgotten] = spans;
  // The open rows' request has reached the collector (and is being held) before the next flush.
  const stats = async () => (await (await fetch(`${collector.url}/stats`)).json()).maxInFlight;
  assert.ok(await waitFor(async () => (await stats()) >= 1), 'the open rows reached the collector');
  const report = await (await fetch(`${worker.url}/openrows?step=end`)).json();
  assert.equal(report.exported, 3, JSON.stringify(report));
  assert.equal(report.openRows, 0);
  assert.deepEqual(report.errors, []);
  const first = await waitFor(async () => (await fetch(`${worker.url}/openrows?step=report`)).json());
  assert.equal(first.openRows, 3, JSON.stringify(first));
  assert.equal(first.exported, 0);
  assert.equal(first.openSpans, 3);

  // The collector stored the final rows first, then the open rows.
  const log = await collector.requests();
  assert.deepEqual(log.map((r) => [r.path, r.status, r.spans]), [['/logs3', 200, 3], ['/logs3', 200, 3]]);
  const rows = await (await fetch(`${collector.url}/rows`)).json();
  assert.deepEqual(rows.map((r) => r.metrics.end === undefined), [false, false, false, true, true, true]);
  for (const r of rows.slice(3)) {
    assert.equal(r._is_merge, true);
    assert.equal(r.input, undefined);
    assert.deepEqual(Object.keys(r.span_attributes), ['name']);
  }
  for (const r of rows.slice(0, 3)) assert.equal(r._is_merge, true, 'final rows complete an open row');

  // Applied as Braintrust does, every row is complete.
  const merged = await (await fetch(`${collector.url}/merged`)).json();
  assert.equal(merged.length, 3);
  const row = (id) => merged.find((r) => r.id === id.spanId);
  for (const s of spans) {
    const r = row(s);
    assert.ok(r.metrics.end >= r.metrics.start, `${s.spanId} has its end`);
    assert.equal(r.root_span_id, root.traceId);
    assert.equal(r.span_attributes.type, 'task');
  }
  assert.deepEqual(row(root).input, { question: 'Where is it?' });
  assert.equal(row(root).output, 'here');
  assert.equal(row(child).output, 'found it');
  assert.deepEqual(row(child).span_parents, [root.spanId]);
  assert.equal(row(forgotten).span_attributes.name, 'never ended');
  assert.equal(row(forgotten).metadata['edgespan.incomplete'], true, JSON.stringify(row(forgotten)));
});
