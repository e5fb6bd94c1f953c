// The Rust side of a differential test: a rules binary built with `cargo build -q <args>`, asked one
// JSON request per line over a pipe, its answers read back in order.
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

/** Builds and starts `target/debug/examples/<example>` (cargo args `buildArgs`, run in `root`);
 * resolves to { ask(request) → Promise<answer>, stop() }. */
export function rustPipe(root, buildArgs, example) {
  execFileSync('cargo', ['build', '-q', ...buildArgs], { cwd: root, stdio: 'inherit' });
  const child = spawn(join(root, 'target', 'debug', 'examples', example), { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(JSON.parse(line)));
  return {
    ask: (req) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin.write(`${JSON.stringify(req)}\n`);
      }),
    stop: () => child.kill(),
  };
}
