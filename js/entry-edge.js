// Entry for the Vercel Edge runtime and bundlers that cannot carry a `.wasm` file (esbuild with its
// defaults, Vite / Nitro): the wasm travels inside this file (base64, as in the Node entry), decoded
// with the platform's atob, so nothing but the JS needs bundling. No top-level await.
import { initSync } from './wasm/edgespan.js';
import wasm from './wasm-inline.js';

const bytes = Uint8Array.from(atob(wasm), (c) => c.charCodeAt(0));
initSync({ module: bytes });

export * from './exports.js';
