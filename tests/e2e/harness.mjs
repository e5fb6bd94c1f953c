// Shared plumbing for the end-to-end tests: the loopback collector, the packed tarball installed
// into a Worker, and `wrangler dev` running that Worker in local workerd. Everything listens on
// 127.0.0.1, and every wait is bounded.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function tarball() {
  const version = /^version = "([^"]+)"/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))[1];
  const t = join(root, 'dist', `edgespan-${version}.tgz`);
  if (!existsSync(t)) throw new Error(`${t} is missing: run \`make pkg\` first`);
  return t;
}

/** Installs the packed package into `dir`'s node_modules, as a user would. */
export function installTarball(dir) {
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', tarball()], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const children = new Set();
function cleanup() {
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(1));

function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Starts the collector; resolves to { url, spans(), requests(), rows(), trace(id, enough), tree(), stats(), faults(text), reset(), stop() }. */
export async function startCollector({ quiet = true } = {}) {
  const bin = join(root, 'target', 'debug', 'edgespan-collector');
  const child = track(spawn(bin, ['--port', '0', '--max-seconds', '1800'], { detached: true, stdio: ['ignore', 'pipe', quiet ? 'ignore' : 'inherit'] }));
  const url = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('collector did not start within 10 s')), 10_000);
    rl.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.replace('listening on ', '').trim());
    });
    child.once('exit', (code) => reject(new Error(`collector exited with ${code}`)));
  });
  const get = async (path) => (await fetch(url + path)).json();
  const post = (path, body = '') => fetch(url + path, { method: 'POST', body }).then((r) => r.text());
  return {
    url,
    spans: () => get('/spans'),
    requests: () => get('/requests'),
    rows: () => get('/rows'),
    /** The spans of trace `traceId` once `enough(spans)` holds (within 30 s). */
    async trace(traceId, enough) {
      let spans = [];
      await waitFor(async () => {
        spans = (await get('/spans')).filter((s) => s.traceId === traceId);
        return enough(spans);
      }, 30_000);
      return spans;
    },
    tree: () => fetch(url + '/tree').then((r) => r.text()),
    stats: () => get('/stats'),
    faults: (text) => post('/faults', text),
    reset: () => post('/reset'),
    stop: () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    },
  };
}

/** Runs `wrangler dev` for the Worker in `dir`; resolves to { url, stop(), log() }. */
export async function startWorker(dir, vars, { config = 'wrangler.toml', args: extra = [], env = {}, readyMs = 60_000 } = {}) {
  const port = await freePort();
  const args = ['dev', '--config', config, '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(await freePort()), '--show-interactive-dev-session=false', '--log-level', 'warn'];
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  args.push(...extra);
  const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
  let log = '';
  const child = track(spawn(wrangler, args, {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', ...env },
  }));
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${log}`);
    try {
      const r = await fetch(url + '/__health');
      await r.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`wrangler dev not ready after ${readyMs / 1000} s:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    url,
    log: () => log,
    stop: () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    },
  };
}

/** Polls `fn` until it returns a truthy value or `ms` pass; returns the last value. */
export async function waitFor(fn, ms = 15_000, every = 100) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Runs `fn(i)` for i in [0, n) with at most `conc` in flight. */
export async function pool(n, conc, fn) {
  const out = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(conc, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

/** Counts how many records the collector holds for each span id. */
export function countById(spans) {
  const m = new Map();
  for (const s of spans) m.set(s.spanId, (m.get(s.spanId) ?? 0) + 1);
  return m;
}

/** What worker-build needs to run offline: local wasm-bindgen, esbuild and wasm-opt. */
export function workerBuildEnv() {
  const bin = (name) => join(root, 'node_modules', '.bin', name);
  const cargoBin = join(process.env.CARGO_HOME ?? join(process.env.HOME ?? '/root', '.cargo'), 'bin');
  return {
    WASM_BINDGEN_BIN: join(cargoBin, 'wasm-bindgen'),
    ESBUILD_BIN: bin('esbuild'),
    WASM_OPT_BIN: bin('wasm-opt'),
    PATH: `${cargoBin}:${process.env.PATH}`,
  };
}

/** Waits (bounded) until every span id in `ids` has reached `collector`; returns its spans. */
export async function arrived(collector, ids, ms = 30_000) {
  const want = new Set(ids);
  let spans = [];
  await waitFor(async () => {
    spans = await collector.spans();
    const have = new Set(spans.map((s) => s.spanId));
    return [...want].every((id) => have.has(id));
  }, ms);
  return spans;
}
