/**
 * Adds an exporter in `format` (`abi::format`) with attribute mapping `backend`
 * (`abi::backend`); for logs3, rows go to `project_id` and `open_rows` turns on rows for spans
 * still open. Returns its index.
 * @param {number} c
 * @param {number} format
 * @param {number} backend
 * @param {string} project_id
 * @param {boolean} open_rows
 * @returns {number}
 */
export function add_exporter(c, format, backend, project_id, open_rows) {
    const val2 = +c;
    const val3 = +format;
    const val4 = +backend;
    const val5 = +open_rows;
    const ptr0 = passStringToWasm0(project_id, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.add_exporter(val2, val3, val4, ptr0, len0, val5);
    return ret >>> 0;
}

/**
 * The length of the body of the last `flush_body`.
 * @returns {number}
 */
export function body_len() {
    const ret = wasm.body_len();
    return ret >>> 0;
}

/**
 * Registers a tracer and returns its id. The JS layer (`js/config.js`) has already validated
 * the configuration, including the endpoint and headers, which only it uses. Its exporters are
 * then set with `add_exporter` (the first replaces the default OTLP protobuf one). The limits
 * are in the scratch numbers (`abi::scratch::LIMITS`); `seed` seeds the retry jitter.
 * @param {string} service_name
 * @param {number} seed
 * @returns {number}
 */
export function create(service_name, seed) {
    const val2 = +seed;
    const ptr0 = passStringToWasm0(service_name, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.create(ptr0, len0, val2);
    return ret >>> 0;
}

/**
 * Forgets a tracer (called by the JS layer's FinalizationRegistry).
 * @param {number} c
 */
export function destroy(c) {
    wasm.destroy(c);
}

/**
 * Forgets open span `h` without exporting it; returns 1 when it was open.
 * @param {number} c
 * @param {number} h
 * @returns {number}
 */
export function discard(c, h) {
    const ret = wasm.discard(c, h);
    return ret >>> 0;
}

/**
 * Ends a span; returns an `abi::end`.
 * @param {number} c
 * @param {number} h
 * @param {number} now_ms
 * @returns {number}
 */
export function end(c, h, now_ms) {
    const ret = wasm.end(c, h, now_ms);
    return ret;
}

/**
 * Ends every open span as incomplete (status ERROR, `edgespan.incomplete = true`).
 * @param {number} c
 * @param {string} reason
 * @param {number} now_ms
 * @returns {number}
 */
export function end_all_open(c, reason, now_ms) {
    const val2 = +c;
    const val3 = +now_ms;
    const ptr0 = passStringToWasm0(reason, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.end_all_open(val2, ptr0, len0, val3);
    return ret >>> 0;
}

/**
 * Ends the open spans of request scope `scope`, as incomplete with `reason`, or as cancelled when
 * `cancelled` (what the scope served went away); returns how many there were.
 * @param {number} c
 * @param {number} scope
 * @param {string} reason
 * @param {number} now_ms
 * @param {boolean} cancelled
 * @returns {number}
 */
export function end_scope(c, scope, reason, now_ms, cancelled) {
    const val2 = +c;
    const val3 = +scope;
    const val4 = +now_ms;
    const val5 = +cancelled;
    const ptr0 = passStringToWasm0(reason, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.end_scope(val2, val3, ptr0, len0, val4, val5);
    return ret >>> 0;
}

/**
 * Takes the flush snapshot; returns one job id per exporter, in exporter order.
 * @param {number} c
 * @param {number} now_ms
 * @returns {Uint32Array}
 */
export function flush_begin(c, now_ms) {
    const ret = wasm.flush_begin(c, now_ms);
    var v1 = getArrayU32FromWasm0(ret[0], ret[1]).slice();
    wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
    return v1;
}

/**
 * Where a batch's request body is in wasm memory; its length is then `body_len()`. The JS layer
 * copies it out at once, before any other call (nothing is copied on the wasm side).
 * @param {number} c
 * @param {number} id
 * @param {number} batch
 * @returns {number}
 */
export function flush_body(c, id, batch) {
    const ret = wasm.flush_body(c, id, batch);
    return ret >>> 0;
}

/**
 * Feeds back a network error or a per-attempt timeout.
 * @param {number} c
 * @param {number} id
 * @param {number} batch
 * @param {boolean} timed_out
 * @param {string} message
 * @param {number} now_ms
 */
export function flush_error(c, id, batch, timed_out, message, now_ms) {
    const val2 = +c;
    const val3 = +id;
    const val4 = +batch;
    const val5 = +timed_out;
    const val6 = +now_ms;
    const ptr0 = passStringToWasm0(message, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    wasm.flush_error(val2, val3, val4, val5, ptr0, len0, val6);
}

/**
 * Ends the job: requeues what is pending and returns the report as JSON.
 * @param {number} c
 * @param {number} id
 * @param {number} now_ms
 * @returns {string}
 */
export function flush_finish(c, id, now_ms) {
    let deferred1_0;
    let deferred1_1;
    try {
        const ret = wasm.flush_finish(c, id, now_ms);
        deferred1_0 = ret[0];
        deferred1_1 = ret[1];
        return getStringFromWasm0(ret[0], ret[1]);
    } finally {
        wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
}

/**
 * The next step of job `id` (`abi::step`); its batch and duration go to the step registers
 * (`step_batch`, `step_ms`: -1 for "until an answer").
 * @param {number} c
 * @param {number} id
 * @param {number} now_ms
 * @returns {number}
 */
export function flush_poll(c, id, now_ms) {
    const ret = wasm.flush_poll(c, id, now_ms);
    return ret;
}

/**
 * Feeds back an HTTP answer, read by the JS driver with the rules pinned by
 * `tests/vectors/answers.json`: status, retryAfterMs (< 0 when absent or unreadable) and
 * rejectedSpans are in the scratch numbers (`abi::scratch::ANSWER`); `text` is the
 * partial-success message for a 2xx and the start of the body otherwise.
 * @param {number} c
 * @param {number} id
 * @param {number} batch
 * @param {string} text
 * @param {number} now_ms
 */
export function flush_response(c, id, batch, text, now_ms) {
    const val2 = +c;
    const val3 = +id;
    const val4 = +batch;
    const val5 = +now_ms;
    const ptr0 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    wasm.flush_response(val2, val3, val4, ptr0, len0, val5);
}

/**
 * Counts the bytes that went on the wire for one attempt.
 * @param {number} c
 * @param {number} id
 * @param {number} bytes
 */
export function flush_sent(c, id, bytes) {
    wasm.flush_sent(c, id, bytes);
}

/**
 * Bytes of linear memory the wasm instance holds (for memory measurements).
 * @returns {number}
 */
export function memory_bytes() {
    const ret = wasm.memory_bytes();
    return ret;
}

/**
 * Records an error: an `exception` event and status ERROR.
 * @param {number} c
 * @param {number} h
 * @param {string} kind
 * @param {string} message
 * @param {string} stack
 * @param {number} now_ms
 */
export function record_error(c, h, kind, message, stack, now_ms) {
    const val4 = +c;
    const val5 = +h;
    const val6 = +now_ms;
    let ptr0, len0, ptr1, len1, ptr2, len2;
    try {
        ptr0 = passStringToWasm0(kind, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len0 = WASM_VECTOR_LEN;
        ptr1 = passStringToWasm0(message, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len1 = WASM_VECTOR_LEN;
        ptr2 = passStringToWasm0(stack, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len2 = WASM_VECTOR_LEN;
    } catch (e) {
        if (ptr2) { wasm.__wbindgen_free(ptr2, len2 * 1, 1); }
        if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
        if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
        throw e;
    }
    wasm.record_error(val4, val5, ptr0, len0, ptr1, len1, ptr2, len2, val6);
}

/**
 * Where JS writes the scratch numbers (`abi::scratch` says which slot is which).
 * @returns {number}
 */
export function scratch() {
    const ret = wasm.scratch();
    return ret >>> 0;
}

/**
 * Sets a string on a span, at `target` (`abi::target`).
 * @param {number} c
 * @param {number} h
 * @param {number} target
 * @param {string} key
 * @param {string} v
 */
export function set_str(c, h, target, key, v) {
    const val3 = +c;
    const val4 = +h;
    const val5 = +target;
    let ptr0, len0, ptr1, len1;
    try {
        ptr0 = passStringToWasm0(key, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len0 = WASM_VECTOR_LEN;
        ptr1 = passStringToWasm0(v, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len1 = WASM_VECTOR_LEN;
    } catch (e) {
        if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
        if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
        throw e;
    }
    wasm.set_str(val3, val4, val5, ptr0, len0, ptr1, len1);
}

/**
 * Sets a number, a boolean or the staged value, as `kind` (`abi::number`) says.
 * @param {number} c
 * @param {number} h
 * @param {number} target
 * @param {string} key
 * @param {number} kind
 * @param {number} n
 */
export function set_val(c, h, target, key, kind, n) {
    const val2 = +c;
    const val3 = +h;
    const val4 = +target;
    const val5 = +kind;
    const val6 = +n;
    const ptr0 = passStringToWasm0(key, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    wasm.set_val(val2, val3, val4, ptr0, len0, val5, val6);
}

/**
 * One-string span operations (`abi::text`).
 * @param {number} c
 * @param {number} h
 * @param {number} op
 * @param {string} s
 * @param {number} now_ms
 */
export function span_text(c, h, op, s, now_ms) {
    const val2 = +c;
    const val3 = +h;
    const val4 = +op;
    const val5 = +now_ms;
    const ptr0 = passStringToWasm0(s, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    wasm.span_text(val2, val3, val4, ptr0, len0, val5);
}

/**
 * Starts a span with the ids in the scratch words; returns its handle (0 when not recorded).
 * `kind` is the OTLP number (1-5); `parent` is an `abi::parent`; `scope` the request scope it
 * belongs to (0: none).
 * @param {number} c
 * @param {string} name
 * @param {number} kind
 * @param {number} parent
 * @param {number} flags
 * @param {number} scope
 * @param {number} now_ms
 * @returns {number}
 */
export function start(c, name, kind, parent, flags, scope, now_ms) {
    const val2 = +c;
    const val3 = +kind;
    const val4 = +parent;
    const val5 = +flags;
    const val6 = +scope;
    const val7 = +now_ms;
    const ptr0 = passStringToWasm0(name, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.start(val2, ptr0, len0, val3, val4, val5, val6, val7);
    return ret;
}

/**
 * The batch of the last send step.
 * @returns {number}
 */
export function step_batch() {
    const ret = wasm.step_batch();
    return ret >>> 0;
}

/**
 * The duration of the last step, in ms.
 * @returns {number}
 */
export function step_ms() {
    const ret = wasm.step_ms();
    return ret;
}

/**
 * Replaces the last `n` staged values by an array, or the last `n` key/value pairs by a map
 * (`abi::group`).
 * @param {number} c
 * @param {number} kind
 * @param {number} n
 */
export function v_group(c, kind, n) {
    wasm.v_group(c, kind, n);
}

/**
 * Stages text, as `kind` (`abi::stage_text`) says.
 * @param {number} c
 * @param {number} kind
 * @param {string} s
 */
export function v_text(c, kind, s) {
    const val2 = +c;
    const val3 = +kind;
    const ptr0 = passStringToWasm0(s, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    wasm.v_text(val2, val3, ptr0, len0);
}

/**
 * Stages a number or a boolean (`abi::stage_val`).
 * @param {number} c
 * @param {number} kind
 * @param {number} n
 */
export function v_val(c, kind, n) {
    wasm.v_val(c, kind, n);
}
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_String_846b3fe325e864a6: function(arg0, arg1) {
            const ret = String(arg1);
            const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            const len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
        },
        __wbg___wbindgen_throw_4c88d8bf264fd984: function(arg0, arg1) {
            throw new Error(getStringFromWasm0(arg0, arg1));
        },
        __wbindgen_init_externref_table: function() {
            const table = wasm.__wbindgen_externrefs;
            table.set(0, undefined);
            table.set(1024, undefined);
            table.set(1025, null);
            table.set(1026, true);
            table.set(1027, false);
        },
    };
    return {
        __proto__: null,
        "./edgespan_bg.js": import0,
    };
}

function getArrayU32FromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return getUint32ArrayMemory0().subarray(ptr / 4, ptr / 4 + len);
}

let cachedDataViewMemory0 = null;
function getDataViewMemory0() {
    if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || (cachedDataViewMemory0.buffer.detached === undefined && cachedDataViewMemory0.buffer !== wasm.memory.buffer)) {
        cachedDataViewMemory0 = new DataView(wasm.memory.buffer);
    }
    return cachedDataViewMemory0;
}

function getStringFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}

let cachedUint32ArrayMemory0 = null;
function getUint32ArrayMemory0() {
    if (cachedUint32ArrayMemory0 === null || cachedUint32ArrayMemory0.byteLength === 0) {
        cachedUint32ArrayMemory0 = new Uint32Array(wasm.memory.buffer);
    }
    return cachedUint32ArrayMemory0;
}

let cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
    if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
        cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
    }
    return cachedUint8ArrayMemory0;
}

function passStringToWasm0(arg, malloc, realloc) {
    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }

    if (arg.length > 32) {
        const cap = arg.length * 3;
        const p = malloc(cap, 1) >>> 0;
        const { written } = cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(p, p + cap));
        WASM_VECTOR_LEN = written;
        return realloc(p, cap, written, 1) >>> 0;
    }
    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;

    const mem = getUint8ArrayMemory0();

    let offset = 0;

    for (; offset < len; offset++) {
        const code = arg.charCodeAt(offset);
        if (code > 0x7F) break;
        mem[ptr + offset] = code;
    }
    if (offset !== len) {
        if (offset !== 0) {
            arg = arg.slice(offset);
        }
        ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
        const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
        const ret = cachedTextEncoder.encodeInto(arg, view);

        offset += ret.written;
        ptr = realloc(ptr, len, offset, 1) >>> 0;
    }

    WASM_VECTOR_LEN = offset;
    return ptr;
}

let cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
cachedTextDecoder.decode();
const MAX_SAFARI_DECODE_BYTES = 2146435072;
let numBytesDecoded = 0;
function decodeText(bytes) {
    numBytesDecoded += bytes.length;
    if (numBytesDecoded >= MAX_SAFARI_DECODE_BYTES) {
        cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
        cachedTextDecoder.decode();
        numBytesDecoded = bytes.length;
    }
    return cachedTextDecoder.decode(bytes);
}

const cachedTextEncoder = new TextEncoder();

if (!('encodeInto' in cachedTextEncoder)) {
    cachedTextEncoder.encodeInto = function (arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
            read: arg.length,
            written: buf.length
        };
    };
}

let WASM_VECTOR_LEN = 0;

let wasmModule, wasmInstance, wasm;
function __wbg_finalize_init(instance, module) {
    wasmInstance = instance;
    wasm = instance.exports;
    wasmModule = module;
    cachedDataViewMemory0 = null;
    cachedUint32ArrayMemory0 = null;
    cachedUint8ArrayMemory0 = null;
    wasm.__wbindgen_start();
    return wasm;
}

async function __wbg_load(module, imports) {
    if (typeof Response === 'function' && module instanceof Response) {
        if (!module.ok) {
            throw new Error(`failed to fetch Wasm: ${module.status} ${module.statusText} fetching '${module.url}'`);
        }

        if (typeof WebAssembly.instantiateStreaming === 'function') {
            try {
                return await WebAssembly.instantiateStreaming(module, imports);
            } catch (e) {
                const validResponse = expectedResponseType(module.type);

                if (validResponse && module.headers.get('Content-Type') !== 'application/wasm') {
                    console.warn("`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\n", e);

                } else { throw e; }
            }
        }

        const bytes = await module.arrayBuffer();
        return await WebAssembly.instantiate(bytes, imports);
    } else {
        const instance = await WebAssembly.instantiate(module, imports);

        if (instance instanceof WebAssembly.Instance) {
            return { instance, module };
        } else {
            return instance;
        }
    }

    function expectedResponseType(type) {
        switch (type) {
            case 'basic': case 'cors': case 'default': return true;
        }
        return false;
    }
}

function initSync(module) {
    if (wasm !== undefined) return wasm;


    if (module !== undefined) {
        if (Object.getPrototypeOf(module) === Object.prototype) {
            ({module} = module)
        } else {
            console.warn('using deprecated parameters for `initSync()`; pass a single object instead')
        }
    }

    const imports = __wbg_get_imports();
    if (!(module instanceof WebAssembly.Module)) {
        module = new WebAssembly.Module(module);
    }
    const instance = new WebAssembly.Instance(module, imports);
    return __wbg_finalize_init(instance, module);
}

let __wbg_init_promise;
async function __wbg_init(module_or_path) {
    if (wasm !== undefined) return wasm;
    if (__wbg_init_promise === undefined) {
        __wbg_init_promise = __wbg_init_once(module_or_path);
        __wbg_init_promise.catch(() => { __wbg_init_promise = undefined; });
    }
    return __wbg_init_promise;
}

async function __wbg_init_once(module_or_path) {

    if (module_or_path !== undefined) {
        if (Object.getPrototypeOf(module_or_path) === Object.prototype) {
            ({module_or_path} = module_or_path)
        } else {
            console.warn('using deprecated parameters for the initialization function; pass a single object instead')
        }
    }

    if (module_or_path === undefined) {
        module_or_path = new URL('edgespan_bg.wasm', import.meta.url);
    }
    const imports = __wbg_get_imports();

    if (typeof module_or_path === 'string' || (typeof Request === 'function' && module_or_path instanceof Request) || (typeof URL === 'function' && module_or_path instanceof URL)) {
        module_or_path = fetch(module_or_path);
    }

    const { instance, module } = await __wbg_load(await module_or_path, imports);

    return __wbg_finalize_init(instance, module);
}

export { initSync, __wbg_init as default };
