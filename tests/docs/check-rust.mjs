// The Rust samples of docs/ and README.md compile: each ```rust block that is a whole Worker (it
// has `#[event(`) becomes the src/lib.rs of a scratch crate whose Cargo.toml is the last ```toml
// sample with a [package] before it on its page (README.md uses docs/rust.md's first), edgespan taken from this
// repository instead of crates.io, and is checked for wasm32 with warnings denied. The scratch crates share examples/rust-worker's
// target directory, so the workers-rs dependencies build once.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(root, 'target', 'docs-rust');
rmSync(out, { recursive: true, force: true });
let checked = 0;
const blocksOf = (path) => {
  const blocks = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i + 1;
    const body = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    blocks.push({ lang: open[1], start, text: body.join('\n') });
  }
  return blocks;
};
const manifestOf = (blocks) => blocks.find((b) => b.lang === 'toml' && /^\[package\]/m.test(b.text));
const rustPage = manifestOf(blocksOf(join(root, 'docs', 'rust.md')));
const pages = [...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), 'README.md'];
for (const page of pages) {
  const blocks = blocksOf(join(root, page));
  // A sample's manifest is the last Cargo.toml sample before it on its page.
  const manifestBefore = (b) => manifestOf(blocks.filter((x) => x.start < b.start).reverse());
  for (const b of blocks.filter((x) => x.lang === 'rust' && /#\[event\(/.test(x.text))) {
    const manifest = page === 'README.md' ? rustPage : manifestBefore(b);
    if (!manifest) throw new Error(`${page}:${b.start}: a Worker sample with no Cargo.toml sample on its page`);
    const dir = join(out, `${page.replace(/\.md$/, '').replace('/', '-')}-${b.start}`);
    mkdirSync(join(dir, 'src'), { recursive: true });
    const toml = manifest.text.replace(/^edgespan = \{ version = "[^"]*",/m, `edgespan = { path = ${JSON.stringify(root)},`);
    if (toml === manifest.text) throw new Error(`${page}: its Cargo.toml sample does not depend on edgespan by version`);
    writeFileSync(join(dir, 'Cargo.toml'), `${toml}\n\n[workspace]\n`);
    writeFileSync(join(dir, 'src', 'lib.rs'), `#![deny(warnings)]\n// ${page}:${b.start}\n${b.text}\n`);
    execFileSync('cargo', ['check', '-q', '--target', 'wasm32-unknown-unknown'], {
      cwd: dir,
      stdio: 'inherit',
      env: { ...process.env, CARGO_TARGET_DIR: join(root, 'examples', 'rust-worker', 'target') },
    });
    checked++;
  }
}
if (checked < 2) throw new Error('the Rust Worker samples of docs/rust.md and README.md were not found');
console.log(`docs samples: ${checked} Rust Worker sample(s) check for wasm32 with warnings denied`);
