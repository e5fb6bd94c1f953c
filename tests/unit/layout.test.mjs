// The layout of js/ (docs/architecture.md): the arrows run one way. rules/ (pure twins of core
// rules) import only rules/; the core (js/*.js) imports only the core and rules/; cloudflare/ and
// integrations/ import the core, rules/ and their own group; cloudflare/ may also import
// integrations/ (an Agent's MCP server and connections), never the other way; runtimes/ (other
// serverless runtimes) imports the core and rules/ only. Only the entry
// files and exports.js import the groups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const js = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'js');
const files = readdirSync(js, { recursive: true }).filter((f) => f.endsWith('.js') && !f.startsWith('wasm'));
const groupOf = (f) => (f.includes('/') ? f.split('/')[0] : 'core');
const ENTRIES = new Set(['entry-node.js', 'entry-workerd.js', 'entry-edge.js', 'exports.js']);
const ALLOWED = { rules: ['rules'], core: ['core', 'rules'], cloudflare: ['core', 'rules', 'cloudflare', 'integrations'], integrations: ['core', 'rules', 'integrations'], runtimes: ['core', 'rules', 'runtimes'] };

test('js/ imports run one way: rules <- core <- integrations <- cloudflare', () => {
  assert.ok(files.length > 30, files.join());
  for (const f of files) {
    if (ENTRIES.has(f)) continue;
    const src = readFileSync(join(js, f), 'utf8');
    for (const [, spec] of src.matchAll(/(?:from|import)\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = relative(js, normalize(join(js, dirname(f), spec)));
      if (target.startsWith('wasm/')) continue;
      assert.ok(ALLOWED[groupOf(f)].includes(groupOf(target)), `${f} imports ${target}`);
    }
  }
});
