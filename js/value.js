// The value path: every user value a span records goes into wasm through here, converted on the
// way (text or JSON text, cut at the string limit with the cut noted, typed scalars, arrays and
// maps built bottom-up on the core's stage). Odd values (cycles, BigInt, symbols, functions,
// hostile proxies, huge strings) are serialised safely; nothing here throws. span.js calls this
// module; this module calls text.js's pure readers; nothing calls back.

import * as w from './wasm/edgespan.js';
import * as abi from './abi.js';
import { MAX_DEPTH, MAX_ITEMS, MAX_STRING, cut, errorParts, prop, safe, safeJson, str } from './text.js';
import { now } from './clock.js';

/** `s` cut to the string limit; a cut is noted on span `h` under `key` (`edgespan.truncated`). */
export function clip(c, h, key, s) {
  if (s.length <= MAX_STRING) return s;
  safe(() => w.span_text(c, h, abi.TEXT_TRUNCATED, key, 0));
  return cut(s);
}

const text = (c, s) => w.v_text(c, abi.STAGE_TEXT_STRING, s);

// Pushes exactly one value onto the tracer's stage.
function stage(c, v, depth, seen) {
  switch (typeof v) {
    case 'string':
      return text(c, cut(v));
    case 'number':
      return w.v_val(c, abi.STAGE_VAL_NUMBER, v);
    case 'boolean':
      return w.v_val(c, abi.STAGE_VAL_BOOL, v ? 1 : 0);
    case 'bigint':
      return w.v_text(c, abi.STAGE_TEXT_BIGINT, v.toString());
    case 'undefined':
      return text(c, 'undefined');
    case 'function':
      return text(c, `[Function ${prop(v, 'name') || 'anonymous'}]`);
    case 'symbol':
      return text(c, v.toString());
  }
  if (v === null) return text(c, 'null');
  if (seen.includes(v)) return text(c, '[Circular]');
  if (depth >= MAX_DEPTH) return text(c, '[MaxDepth]');
  if (v instanceof Date) return text(c, safe(() => v.toISOString()) ?? 'Invalid Date');
  if (v instanceof Error) return text(c, errorParts(v).slice(0, 2).join(': '));
  seen.push(v);
  try {
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      const n = Math.min(v.length, MAX_ITEMS);
      for (let i = 0; i < n; i++) {
        const item = prop(v, i);
        stage(c, typeof item === 'bigint' && !Array.isArray(v) ? Number(item) : item, depth + 1, seen);
      }
      w.v_group(c, abi.GROUP_ARRAY, n);
    } else {
      const entries = v instanceof Map ? [...v.entries()] : Object.keys(v).map((k) => [k, prop(v, k)]);
      let n = 0;
      for (const [k, item] of entries) {
        if (n === MAX_ITEMS) break;
        if (item === undefined) continue;
        w.v_text(c, abi.STAGE_TEXT_KEY, str(k));
        stage(c, item, depth + 1, seen);
        n++;
      }
      w.v_group(c, abi.GROUP_MAP, n);
    }
  } catch {
    text(c, '[unreadable]');
  } finally {
    seen.pop();
  }
}

/** Sets one typed value on span `h` at `target` (an `abi.TARGET_*`). */
export function put(c, h, target, key, v) {
  key = str(key);
  switch (typeof v) {
    case 'string':
      return w.set_str(c, h, target, key, clip(c, h, key, v));
    case 'number':
      return w.set_val(c, h, target, key, abi.NUMBER_NUMBER, v);
    case 'boolean':
      return w.set_val(c, h, target, key, abi.NUMBER_BOOL, v ? 1 : 0);
    case 'undefined':
      return undefined;
  }
  if (v === null) return undefined;
  stage(c, v, 0, []);
  w.set_val(c, h, target, key, abi.NUMBER_STAGED, 0);
}

/** Sets text `s` on span `h` with text op `op` (an `abi.TEXT_*`), cut at the limit and the cut
 * noted under `key`. */
export function putText(c, h, op, key, s) {
  w.span_text(c, h, op, clip(c, h, key, s), 0);
}

/** Sets log()'s `input` or `output`: a string as text (`asText`), anything else as its JSON text
 * (`asJson`). */
export function putIO(c, h, key, v, asText, asJson) {
  if (typeof v === 'string') putText(c, h, asText, key, v);
  else putText(c, h, asJson, key, safeJson(v));
}

/** Records anything thrown as an exception event (type, message and stack, each cut). */
export function putError(c, h, err) {
  const [type, message, stack] = errorParts(err);
  w.record_error(c, h, type, clip(c, h, 'exception.message', message), clip(c, h, 'exception.stacktrace', stack), now());
}

/** Sets logLLM's typed attributes: `[key, type, value]` with type int, double, json (text, cut)
 * or any other (a value, as put takes it). */
export function putLlm(c, h, attributes) {
  for (const [key, type, v] of attributes) {
    if (type === 'int') w.set_val(c, h, abi.TARGET_LLM, key, abi.NUMBER_NUMBER, v);
    else if (type === 'double') w.set_val(c, h, abi.TARGET_LLM, key, abi.NUMBER_DOUBLE, v);
    else put(c, h, abi.TARGET_LLM, key, type === 'json' ? clip(c, h, key, v) : v);
  }
}

/** Sets every own key of `obj`. */
export function putAll(c, h, target, obj) {
  if (!obj || typeof obj !== 'object') return;
  const keys = safe(() => Object.keys(obj)) ?? [];
  for (const k of keys) put(c, h, target, k, prop(obj, k));
}
