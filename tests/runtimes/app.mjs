// What the framework tests (Next.js, Nitro, Vite) share: the packed tarball installed into the
// app's folder and a loopback collector for the file's tests, the build output removed after
// them, and an app server started in its own process group, ready once it answers at all, and
// stopped with it.
import { before, after } from 'node:test';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { installTarball, startCollector, waitFor, freePort } from '../e2e/harness.mjs';

/** Installs the tarball into `dir` and starts a collector before the file's tests; removes
 * `leftovers` (folders of `dir`) after them. Returns `() => collector`. */
export function appTests(dir, leftovers) {
  let collector;
  before(async () => {
    installTarball(dir);
    collector = await startCollector();
  });
  after(() => {
    collector?.stop();
    for (const d of leftovers) rmSync(join(dir, d), { recursive: true, force: true });
  });
  return () => collector;
}

/** Runs `command(port)` → [cmd, args, env] in `dir` on a free port until `ready(url)` holds
 * (within 60 s); resolves to { url, stop() }. */
export async function startApp(dir, command, ready = async (url) => (await fetch(url).catch(() => null)) !== null) {
  const port = await freePort();
  const [cmd, args, env] = command(port);
  const child = spawn(cmd, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  if (!(await waitFor(() => ready(url), 60_000, 250))) {
    stop();
    throw new Error(`${cmd} ${args.join(' ')} did not answer at ${url} within 60 s`);
  }
  return { url, stop };
}
