// Entry for the `edge-light` condition (Next.js Edge routes, Vercel's edge-runtime) and bundlers
// that cannot carry a `.wasm` file: the wasm travels inside this file (base64, as in the Node entry), decoded
// with the platform's atob, so nothing but the JS needs bundling. No top-level await.
import { initSync } from './wasm/edgespan.js';
import wasm from './wasm-inline.js';
import { load } from './load.js';

// Vercel's production Edge runtime refuses to compile bytes at run time: then edgespan is off.
load(() => initSync({ module: Uint8Array.from(atob(wasm), (c) => c.charCodeAt(0)) }));

export * from './exports.js';
