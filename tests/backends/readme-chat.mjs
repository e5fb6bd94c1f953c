// The README's chat Worker, as a user copies it: its code block under "An AI chat Worker" written
// to tests/backends/chat/src/index.ts and run in workerd (wrangler dev) with the packed tarball
// and the real `openai` package, against a loopback fake of the OpenAI API. The backend tests
// point it at a real backend and talk to it as a browser would: a cookie per conversation.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, installTarball, startWorker } from '../e2e/harness.mjs';
import { startFakeLLM } from '../e2e/fake-llm.mjs';

const dir = join(root, 'tests', 'backends', 'chat');

/** The first ```ts block after the README heading `## An AI chat Worker`. */
export function readmeChatWorker() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const at = readme.indexOf('## An AI chat Worker');
  const m = /```ts\n([\s\S]*?)\n```/.exec(readme.slice(at));
  if (at < 0 || !m) throw new Error('README.md has no chat Worker sample under "## An AI chat Worker"');
  return m[1];
}

/** Starts the README's chat Worker with `vars` (the backend's settings) and a fake model API;
 * resolves to { url, ask(question, { cookie, user }) → { text, cookie }, stop() }. */
export async function startReadmeChat(vars) {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'index.ts'), readmeChatWorker());
  installTarball(dir);
  const fake = await startFakeLLM({ firstChunkMs: 5 });
  const worker = await startWorker(dir, { OPENAI_API_KEY: 'sk-fake', OPENAI_BASE_URL: `${fake.url}/v1`, ...vars });
  return {
    url: worker.url,
    fake,
    async ask(question, { cookie, user } = {}) {
      const headers = { 'content-type': 'application/json' };
      if (cookie) headers.cookie = cookie;
      if (user) headers['x-user-id'] = user;
      const r = await fetch(worker.url, { method: 'POST', headers, body: JSON.stringify({ question }) });
      if (r.status !== 200) throw new Error(`chat answered ${r.status}: ${await r.text()}`);
      const text = await r.text();
      const set = r.headers.get('set-cookie') ?? '';
      return { text, cookie: set.split(';')[0] };
    },
    stop() {
      worker.stop();
      fake.stop();
    },
  };
}
