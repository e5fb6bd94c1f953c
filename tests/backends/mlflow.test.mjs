// Against a real MLflow tracking server (PyPI `mlflow`, on loopback with SQLite, started here;
// `make test-backends` installs it): the README's chat Worker in workerd exports plain OTLP to
// MLflow's `/v1/traces`, and MLflow's own client finds the conversation's two traces by session
// (`mlflow.trace.session`) and by user (`mlflow.trace.user`), which it reads from the spans'
// `session.id` and `user.id`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { freePort, waitFor } from '../e2e/harness.mjs';
import { startReadmeChat } from './readme-chat.mjs';

const MLFLOW = process.env.MLFLOW_BIN ?? 'mlflow'; // make test-backends sets it
const PYTHON = join(dirname(MLFLOW), 'python');
let server, base, workdir, chat, log = '';

before(async () => {
  const port = await freePort();
  workdir = mkdtempSync(join(tmpdir(), 'mlflow-'));
  server = spawn(MLFLOW, ['server', '--host', '127.0.0.1', '--port', String(port), '--backend-store-uri', `sqlite:///${workdir}/mlflow.db`, '--default-artifact-root', join(workdir, 'artifacts'), '--workers', '1'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MLFLOW_ENABLE_TELEMETRY: 'false', DO_NOT_TRACK: 'true' },
  });
  server.stdout.on('data', (d) => (log += d));
  server.stderr.on('data', (d) => (log += d));
  base = `http://127.0.0.1:${port}`;
  const ready = await waitFor(async () => {
    if (server.exitCode !== null) throw new Error(`mlflow exited:\n${log}`);
    try {
      return (await fetch(`${base}/health`)).ok;
    } catch {
      return false;
    }
  }, 180_000, 500);
  assert.ok(ready, `mlflow not ready:\n${log.slice(-2000)}`);
});

after(() => {
  chat?.stop();
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {
    // gone
  }
  rmSync(workdir, { recursive: true, force: true });
});

// MLflow's own client: the traces of experiment `id` that match `filter`, as [session, user] pairs.
function search(id, filter) {
  const script = `
import json, sys, mlflow
mlflow.set_tracking_uri(sys.argv[1])
found = mlflow.search_traces(locations=[sys.argv[2]], filter_string=sys.argv[3], return_type="list")
print(json.dumps([[t.info.trace_metadata.get("mlflow.trace.session"), t.info.trace_metadata.get("mlflow.trace.user")] for t in found]))
`;
  const out = execFileSync(PYTHON, ['-c', script, base, id, filter], { encoding: 'utf8', env: { ...process.env, MLFLOW_ENABLE_TELEMETRY: 'false' } });
  return JSON.parse(out.trim().split('\n').pop());
}

test('MLflow: the README chat Worker, two requests of one conversation and a third of another: MLflow finds exactly the two by session and by user', async () => {
  const created = await (await fetch(`${base}/api/2.0/mlflow/experiments/create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'readme-chat' }) })).json();
  const id = created.experiment_id;
  assert.ok(id, JSON.stringify(created));
  chat = await startReadmeChat({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${base}/v1/traces`, OTEL_EXPORTER_OTLP_HEADERS: `x-mlflow-experiment-id=${id}`, OTEL_SERVICE_NAME: 'readme-chat' });
  const first = await chat.ask('What is the weather in Paris?', { user: 'user-1' });
  const conversation = first.cookie.split('=')[1];
  await chat.ask('And tomorrow?', { cookie: first.cookie, user: 'user-1' });
  await chat.ask('Something else', { user: 'user-2' });
  let bySession = [];
  await waitFor(() => {
    bySession = search(id, `metadata.\`mlflow.trace.session\` = '${conversation}'`);
    return bySession.length >= 2;
  }, 60_000, 1000);
  assert.deepEqual(bySession, [[conversation, 'user-1'], [conversation, 'user-1']]);
  const byUser = search(id, "metadata.`mlflow.trace.user` = 'user-1'");
  assert.deepEqual(byUser, [[conversation, 'user-1'], [conversation, 'user-1']]);
  const other = search(id, "metadata.`mlflow.trace.user` = 'user-2'");
  assert.equal(other.length, 1);
  assert.notEqual(other[0][0], conversation);
});
