// Every code sample of README.md and docs/*.md is complete and compiles: each ```ts block is
// written to tests/docs/.samples/ as a module of its own (named after its page and line) and all
// of them are compiled under strict TypeScript against the published edgespan.d.ts, the Workers
// types and the real packages they import (tests/docs/package.json). A sample whose first line is
// `// AI SDK 6` is compiled against `ai` 6 instead of 7. A ```js block is refused (the samples are
// TypeScript, so that they are checked), and a ```jsonc block must parse.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(here, '.samples');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'ai6'), { recursive: true });

const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const problems = [];
let samples = 0;
for (const page of pages) {
  const lines = readFileSync(join(root, page), 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    const lang = open[1];
    const where = `${page}:${start + 1}`;
    if (lang === 'js' || lang === 'javascript') problems.push(`${where}: a js sample; write it as ts so it is compiled`);
    if (lang === 'jsonc' || lang === 'json') {
      const text = body.join('\n').replace(/^\s*\/\/.*$/gm, '').replace(/,(\s*[}\]])/g, '$1');
      try {
        JSON.parse(text);
      } catch (e) {
        problems.push(`${where}: ${lang} that does not parse: ${e.message}`);
      }
    }
    if (lang !== 'ts' && lang !== 'typescript') continue;
    const src = body.join('\n');
    if (!/^\s*(import|export)\b/m.test(src)) problems.push(`${where}: a sample that is not a module (no import or export): it would not be complete`);
    const name = `${basename(page, '.md').toLowerCase()}-${start + 1}.ts`;
    const group = /^\/\/ AI SDK 6\b/.test(src) ? 'ai6' : '';
    writeFileSync(join(out, group, name), `// ${where}\n${src}\n`);
    samples++;
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const options = (paths) => ({
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: 'es2022',
    module: 'es2022',
    moduleResolution: 'bundler',
    lib: ['es2022'],
    types: ['@cloudflare/workers-types'],
    // The packages' own .d.ts are theirs to check; the samples and edgespan's types are ours.
    skipLibCheck: true,
    paths,
  },
  include: ['*.ts'],
});
const edgespan = join(root, 'js', 'edgespan.d.ts');
// Deno's and Bun's globals, for the runtime pages' samples.
writeFileSync(join(out, 'platform-globals.d.ts'), readFileSync(join(here, 'platform-globals.d.ts')));
const modules = join(here, 'node_modules');
writeFileSync(join(out, 'tsconfig.json'), JSON.stringify(options({ edgespan: [edgespan] }), null, 2));
writeFileSync(join(out, 'ai6', 'tsconfig.json'), JSON.stringify(options({
  edgespan: [edgespan],
  ai: [join(modules, 'ai-v6')],
  '@ai-sdk/openai': [join(modules, '@ai-sdk', 'openai-v6')],
}), null, 2));
for (const dir of [out, join(out, 'ai6')]) {
  if (!readdirSync(dir).some((f) => f.endsWith('.ts'))) continue;
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', dir], { stdio: 'inherit' });
  } catch {
    console.error('docs samples: tsc failed (the file names above give the page and line of each sample)');
    process.exit(1);
  }
}
console.log(`docs samples: ${samples} TypeScript samples from ${pages.length} pages compile under strict`);
