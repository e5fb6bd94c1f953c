// Entry for Node >= 20, Deno and Bun: the wasm travels inside this file (base64, written by
// scripts/build-pkg.mjs into wasm-inline.js), so it loads unbundled, from an ESM or CJS bundle
// (esbuild, as AWS CDK and SAM run it), or through require(), with no file to find beside it.
import { Buffer } from 'node:buffer';
import { initSync } from './wasm/edgespan.js';
import wasm from './wasm-inline.js';
import { load } from './load.js';

load(() => initSync({ module: Buffer.from(wasm, 'base64') }));

export * from './exports.js';
