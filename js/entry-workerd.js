// Entry for workerd / Cloudflare Workers and other bundlers: wrangler turns this `.wasm` import
// into a compiled WebAssembly.Module; bundlers that inline it as bytes work too.
import wasm from './edgespan_bg.wasm';
import { initSync } from './wasm/edgespan.js';
import { load } from './load.js';

load(() => initSync({ module: wasm }));

export * from './exports.js';
