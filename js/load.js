// Loading the wasm, which each entry does at import: a runtime that refuses to compile WebAssembly
// at run time (Vercel's production Edge runtime compiles only modules bundled as such) must not
// fail the app's import. The failure is kept, and every Tracer is then off and says why.

import { str } from './text.js';

let failure = null;

/** Runs an entry's `init()` (decode and compile the wasm); a failure leaves edgespan off. */
export function load(init) {
  try {
    init();
  } catch (e) {
    failure = str(e && e.message ? e.message : e);
  }
}

/** Why the wasm could not be loaded, or null. */
export const loadFailure = () => failure;
