// Entry for Node >= 20, which cannot `import` a .wasm file: read it next to this module.
import { readFileSync } from 'node:fs';
import { initSync } from './wasm/edgespan.js';

initSync({ module: readFileSync(new URL('./edgespan_bg.wasm', import.meta.url)) });

export * from './exports.js';
