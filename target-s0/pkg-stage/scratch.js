// The scratch numbers: eight f64 slots in wasm memory through which calls receive ids, limits and
// answers instead of long argument lists (abi.SCRATCH_* says which slot is which). Write them
// right before the call that reads them.

import * as w from './wasm/edgespan.js';
import * as abi from './abi.js';

let view = null;

/** The slots (a new view after wasm memory grew and detached the old one). */
export function scratch() {
  if (!view || view.buffer.byteLength === 0) view = new Float64Array(w.initSync().memory.buffer, w.scratch(), abi.SCRATCH_LEN);
  return view;
}
