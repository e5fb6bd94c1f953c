var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// node_modules/edgespan/workerd.js
import St from "./fb559a5824bc7bf9b1400276a208fe32bb813370-edgespan_bg.wasm";
function Z(t2, e, r, n, s, o, i, a) {
  let c = +e, f = +r, l = +n, d = +s, _ = +o, h = +i, m = +a, w = y(t2, u.__wbindgen_malloc, u.__wbindgen_realloc), O = g;
  return u.create(w, O, c, f, l, d, _, h, m) >>> 0;
}
__name(Z, "Z");
function ee(t2) {
  u.destroy(t2);
}
__name(ee, "ee");
function te(t2, e, r) {
  return u.end(t2, e, r);
}
__name(te, "te");
function ne(t2, e, r) {
  let n = +t2, s = +r, o = y(e, u.__wbindgen_malloc, u.__wbindgen_realloc), i = g;
  return u.end_all_open(n, o, i, s) >>> 0;
}
__name(ne, "ne");
function re(t2, e, r, n) {
  let s = +t2, o = +e, i = +n, a = y(r, u.__wbindgen_malloc, u.__wbindgen_realloc), c = g;
  return u.end_scope(s, o, a, c, i) >>> 0;
}
__name(re, "re");
function se(t2, e) {
  return u.flush_begin(t2, e) >>> 0;
}
__name(se, "se");
function oe(t2, e, r) {
  let n = u.flush_body(t2, e, r);
  var s = Ge(n[0], n[1]).slice();
  return u.__wbindgen_free(n[0], n[1] * 1, 1), s;
}
__name(oe, "oe");
function ie(t2, e, r, n, s, o) {
  let i = +t2, a = +e, c = +r, f = +n, l = +o, d = y(s, u.__wbindgen_malloc, u.__wbindgen_realloc), _ = g;
  u.flush_error(i, a, c, f, d, _, l);
}
__name(ie, "ie");
function ce(t2, e, r) {
  let n, s;
  try {
    let o = u.flush_finish(t2, e, r);
    return n = o[0], s = o[1], he(o[0], o[1]);
  } finally {
    u.__wbindgen_free(n, s, 1);
  }
}
__name(ce, "ce");
function q(t2, e, r) {
  return u.flush_poll(t2, e, r);
}
__name(q, "q");
function ae(t2, e, r, n, s, o, i, a) {
  let c = +t2, f = +e, l = +r, d = +n, _ = +s, h = +o, m = +a, w = y(i, u.__wbindgen_malloc, u.__wbindgen_realloc), O = g;
  u.flush_response(c, f, l, d, _, h, w, O, m);
}
__name(ae, "ae");
function ue(t2, e, r) {
  u.flush_sent(t2, e, r);
}
__name(ue, "ue");
function fe() {
  return u.memory_bytes();
}
__name(fe, "fe");
function le(t2, e, r, n, s, o) {
  let i = +t2, a = +e, c = +o, f, l, d, _, h, m;
  try {
    f = y(r, u.__wbindgen_malloc, u.__wbindgen_realloc), l = g, d = y(n, u.__wbindgen_malloc, u.__wbindgen_realloc), _ = g, h = y(s, u.__wbindgen_malloc, u.__wbindgen_realloc), m = g;
  } catch (w) {
    throw h && u.__wbindgen_free(h, m * 1, 1), d && u.__wbindgen_free(d, _ * 1, 1), f && u.__wbindgen_free(f, l * 1, 1), w;
  }
  u.record_error(i, a, f, l, d, _, h, m, c);
}
__name(le, "le");
function de(t2, e, r, n, s) {
  let o = +t2, i = +e, a = +r, c, f, l, d;
  try {
    c = y(n, u.__wbindgen_malloc, u.__wbindgen_realloc), f = g, l = y(s, u.__wbindgen_malloc, u.__wbindgen_realloc), d = g;
  } catch (_) {
    throw l && u.__wbindgen_free(l, d * 1, 1), c && u.__wbindgen_free(c, f * 1, 1), _;
  }
  u.set_str(o, i, a, c, f, l, d);
}
__name(de, "de");
function B(t2, e, r, n, s, o) {
  let i = +t2, a = +e, c = +r, f = +s, l = +o, d = y(n, u.__wbindgen_malloc, u.__wbindgen_realloc), _ = g;
  u.set_val(i, a, c, d, _, f, l);
}
__name(B, "B");
function S(t2, e, r, n, s) {
  let o = +t2, i = +e, a = +r, c = +s, f = y(n, u.__wbindgen_malloc, u.__wbindgen_realloc), l = g;
  u.span_text(o, i, a, f, l, c);
}
__name(S, "S");
function _e(t2, e, r, n, s, o, i, a, c, f, l, d, _, h, m) {
  let w = +t2, O = +r, I = +n, v = +s, $e = +o, Be = +i, Ce = +a, We = +c, Ue = +f, ze = +l, qe = +d, Fe = +_, Xe = +h, Qe = +m, Ve = y(e, u.__wbindgen_malloc, u.__wbindgen_realloc), He = g;
  return u.start(w, Ve, He, O, I, v, $e, Be, Ce, We, Ue, ze, qe, Fe, Xe, Qe);
}
__name(_e, "_e");
function pe() {
  return u.step_batch() >>> 0;
}
__name(pe, "pe");
function F() {
  return u.step_ms();
}
__name(F, "F");
function X(t2, e, r) {
  u.v_group(t2, e, r);
}
__name(X, "X");
function E(t2, e, r) {
  let n = +t2, s = +e, o = y(r, u.__wbindgen_malloc, u.__wbindgen_realloc), i = g;
  u.v_text(n, s, o, i);
}
__name(E, "E");
function Q(t2, e, r) {
  u.v_val(t2, e, r);
}
__name(Q, "Q");
function Je() {
  return { __proto__: null, "./edgespan_bg.js": { __proto__: null, __wbg_String_0d7c448b95c18ecc: /* @__PURE__ */ __name(function(e, r) {
    let n = String(r), s = y(n, u.__wbindgen_malloc, u.__wbindgen_realloc), o = g;
    Y().setInt32((e >>> 0) + 4, o, true), Y().setInt32((e >>> 0) + 0, s, true);
  }, "__wbg_String_0d7c448b95c18ecc"), __wbg___wbindgen_throw_4c88d8bf264fd984: /* @__PURE__ */ __name(function(e, r) {
    throw new Error(he(e, r));
  }, "__wbg___wbindgen_throw_4c88d8bf264fd984"), __wbindgen_init_externref_table: /* @__PURE__ */ __name(function() {
    let e = u.__wbindgen_externrefs;
    e.set(0, void 0), e.set(1024, void 0), e.set(1025, null), e.set(1026, true), e.set(1027, false);
  }, "__wbindgen_init_externref_table") } };
}
__name(Je, "Je");
function Ge(t2, e) {
  return t2 = t2 >>> 0, M().subarray(t2 / 1, t2 / 1 + e);
}
__name(Ge, "Ge");
var P = null;
function Y() {
  return (P === null || P.buffer.detached === true || P.buffer.detached === void 0 && P.buffer !== u.memory.buffer) && (P = new DataView(u.memory.buffer)), P;
}
__name(Y, "Y");
function he(t2, e) {
  return t2 = t2 >>> 0, Ye(M().subarray(t2, t2 + e));
}
__name(he, "he");
var D = null;
function M() {
  return (D === null || D.byteLength === 0) && (D = new Uint8Array(u.memory.buffer)), D;
}
__name(M, "M");
function y(t2, e, r) {
  if (r === void 0) {
    let a = k.encode(t2), c = e(a.length, 1) >>> 0;
    return M().subarray(c, c + a.length).set(a), g = a.length, c;
  }
  if (t2.length > 32) {
    let a = t2.length * 3, c = e(a, 1) >>> 0, { written: f } = k.encodeInto(t2, M().subarray(c, c + a));
    return g = f, r(c, a, f, 1) >>> 0;
  }
  let n = t2.length, s = e(n, 1) >>> 0, o = M(), i = 0;
  for (; i < n; i++) {
    let a = t2.charCodeAt(i);
    if (a > 127) break;
    o[s + i] = a;
  }
  if (i !== n) {
    i !== 0 && (t2 = t2.slice(i)), s = r(s, n, n = i + t2.length * 3, 1) >>> 0;
    let a = M().subarray(s + i, s + n), c = k.encodeInto(t2, a);
    i += c.written, s = r(s, n, i, 1) >>> 0;
  }
  return g = i, s;
}
__name(y, "y");
var $ = new TextDecoder("utf-8", { ignoreBOM: true });
$.decode();
var Ke = 2146435072;
var z = 0;
function Ye(t2) {
  return z += t2.length, z >= Ke && ($ = new TextDecoder("utf-8", { ignoreBOM: true }), $.decode(), z = t2.length), $.decode(t2);
}
__name(Ye, "Ye");
var k = new TextEncoder();
"encodeInto" in k || (k.encodeInto = function(t2, e) {
  let r = k.encode(t2);
  return e.set(r), { read: t2.length, written: r.length };
});
var g = 0;
var Ze;
var et;
var u;
function tt(t2, e) {
  return et = t2, u = t2.exports, Ze = e, P = null, D = null, u.__wbindgen_start(), u;
}
__name(tt, "tt");
function ge(t2) {
  if (u !== void 0) return u;
  t2 !== void 0 && (Object.getPrototypeOf(t2) === Object.prototype ? { module: t2 } = t2 : console.warn("using deprecated parameters for `initSync()`; pass a single object instead"));
  let e = Je();
  t2 instanceof WebAssembly.Module || (t2 = new WebAssembly.Module(t2));
  let r = new WebAssembly.Instance(t2, e);
  return tt(r, t2);
}
__name(ge, "ge");
var ye = { serviceName: "unknown_service", protobuf: false, timeoutMs: 25e3, maxQueueSpans: 2048, maxQueueBytes: 8388608, maxBatchBytes: 1048576, maxConcurrentRequests: 6 };
var me = [["timeoutMs", "timeoutMs", 600 * 1e3], ["maxQueueSpans", "maxQueueSpans", 1 << 24], ["maxQueueBytes", "maxQueueBytes (bytes)", 4294967295], ["maxBatchBytes", "maxBatchBytes", 1 << 30], ["maxConcurrentRequests", "maxConcurrentRequests", 64]];
var rt = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
var st = /[\0-\x08\n-\x1f\x7f]/;
var T = /* @__PURE__ */ __name((t2, e = "") => {
  throw new Error(t2 + [...String(e)].slice(0, 200).join(""));
}, "T");
function be(t2) {
  t2.trim() === "" && T("edgespan: no endpoint configured; pass `endpoint` (the full OTLP traces URL) or set OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT");
  let e = null;
  try {
    e = new URL(t2);
  } catch {
  }
  (!e || !/^https?:\/\/[^/?#]/.test(t2) || e.protocol !== "http:" && e.protocol !== "https:" || !e.hostname || /[\0- \x7f]/.test(t2)) && T("edgespan: endpoint must be an absolute http:// or https:// URL, got: ", t2);
}
__name(be, "be");
function xe(t2, e) {
  (!rt.test(t2) || st.test(e)) && T("edgespan: invalid header: ", t2);
}
__name(xe, "xe");
function Ee(t2) {
  let e = t2.trim();
  return e === "protobuf" || e === "http/protobuf" ? true : e === "json" || e === "http/json" ? false : T('edgespan: unknown protocol (expected "json", "protobuf", or OTEL_EXPORTER_OTLP_PROTOCOL=http/json or http/protobuf; Workers have no gRPC): ', e);
}
__name(Ee, "Ee");
function Te(t2) {
  let e = t2.trim();
  return e === "gzip" ? true : e === "none" || e === "" ? false : T('edgespan: unknown compression (expected "gzip" or "none"): ', e);
}
__name(Te, "Te");
function ve(t2, e, r) {
  return (!Number.isInteger(t2) || t2 <= 0 || t2 > r) && T("edgespan: must be a positive integer within range: ", e), t2;
}
__name(ve, "ve");
function Oe(t2) {
  (t2 === null || typeof t2 != "object") && T('edgespan: new Tracer(options) needs an options object, e.g. { endpoint: "https://collector.example/v1/traces" }');
  for (let n of ["endpoint", "serviceName", "protocol", "compression"]) t2[n] !== void 0 && typeof t2[n] != "string" && T(`edgespan: option \`${n}\` must be a string`);
  for (let [n] of me) t2[n] !== void 0 && typeof t2[n] != "number" && T(`edgespan: option \`${n}\` must be a number`);
  t2.onDiagnostic !== void 0 && typeof t2.onDiagnostic != "function" && T("edgespan: option `onDiagnostic` must be a function");
  let e = { ...ye, endpoint: t2.endpoint ?? "", headers: [], gzip: false, onDiagnostic: t2.onDiagnostic };
  t2.serviceName !== void 0 && (e.serviceName = t2.serviceName), be(e.endpoint);
  let r = t2.headers;
  if (r !== void 0) {
    let n;
    typeof Headers < "u" && r instanceof Headers ? n = [...r.entries()] : Array.isArray(r) ? n = r : r !== null && typeof r == "object" ? n = Object.entries(r) : T("edgespan: option `headers` must be an object of strings");
    for (let s of n) (!Array.isArray(s) || s.length !== 2 || typeof s[0] != "string" || typeof s[1] != "string") && T("edgespan: option `headers` must map header names to string values"), xe(s[0], s[1]), e.headers.push([s[0], s[1]]);
  }
  t2.protocol !== void 0 && (e.protobuf = Ee(t2.protocol)), t2.compression !== void 0 && (e.gzip = Te(t2.compression));
  for (let [n, s, o] of me) t2[n] !== void 0 && (e[n] = ve(t2[n], s, o));
  return e;
}
__name(Oe, "Oe");
function we(t2) {
  let e = new TextEncoder(), r = [];
  for (let n = 0; n < t2.length; ) if (t2[n] === "%" && /^[0-9a-fA-F]{2}$/.test(t2.slice(n + 1, n + 3))) r.push(parseInt(t2.slice(n + 1, n + 3), 16)), n += 3;
  else {
    let s = t2.codePointAt(n), o = String.fromCodePoint(s);
    r.push(...e.encode(o)), n += o.length;
  }
  return new TextDecoder().decode(new Uint8Array(r));
}
__name(we, "we");
function ot(t2) {
  let e = [];
  for (let r of t2.split(",")) {
    if (r.trim() === "") continue;
    let n = r.indexOf("=");
    n < 0 && T("edgespan: invalid header: ", r);
    let s = we(r.slice(0, n).trim()), o = we(r.slice(n + 1).trim());
    xe(s, o), e.push([s, o]);
  }
  return e;
}
__name(ot, "ot");
function Se(t2) {
  let e = /* @__PURE__ */ __name((d) => {
    let _;
    try {
      _ = t2 !== null && typeof t2 == "object" ? t2[d] : void 0;
    } catch {
      _ = void 0;
    }
    return typeof _ == "string" && _.trim() !== "" ? _.trim() : void 0;
  }, "e"), r = e("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), n = e("OTEL_EXPORTER_OTLP_ENDPOINT"), s = r ?? (n === void 0 ? "" : n + (n.endsWith("/") ? "" : "/") + "v1/traces");
  be(s);
  let o = { ...ye, endpoint: s, headers: [], gzip: false }, i = e("OTEL_EXPORTER_OTLP_HEADERS");
  i !== void 0 && (o.headers = ot(i));
  let a = e("OTEL_EXPORTER_OTLP_PROTOCOL");
  a !== void 0 && (o.protobuf = Ee(a));
  let c = e("OTEL_EXPORTER_OTLP_COMPRESSION");
  c !== void 0 && (o.gzip = Te(c));
  let f = e("OTEL_EXPORTER_OTLP_TIMEOUT");
  f !== void 0 && (o.timeoutMs = ve(/^\d+$/.test(f) ? Number(f) : NaN, "OTEL_EXPORTER_OTLP_TIMEOUT", 600 * 1e3));
  let l = e("OTEL_SERVICE_NAME");
  return l !== void 0 && (o.serviceName = l), o;
}
__name(Se, "Se");
function it(t2) {
  return new Promise((e) => {
    let r = setTimeout(e, t2);
    typeof r == "object" && typeof r.unref == "function" && r.unref();
  });
}
__name(it, "it");
function Ae(t2, e, r) {
  let n = /* @__PURE__ */ __name((s) => {
    let o = Promise.resolve(s).then(() => {
    }, () => {
    });
    r.push(o), t2.waitUntil(s);
  }, "n");
  return new Proxy(t2, { get(s, o) {
    if (o === "waitUntil") return n;
    if (o === "span") return e;
    let i = Reflect.get(s, o, s);
    return typeof i == "function" ? i.bind(s) : i;
  } });
}
__name(Ae, "Ae");
async function ct(t2) {
  let e = Date.now() + 1e4;
  for (let r = 0; r < t2.length; ) {
    let n = t2.slice(r);
    r = t2.length;
    let s = e - Date.now();
    if (s <= 0) return;
    await Promise.race([Promise.all(n), it(s)]);
  }
}
__name(ct, "ct");
function at(t2, e) {
  let r = t2.getReader();
  return new ReadableStream({ async pull(n) {
    let s;
    try {
      s = await r.read();
    } catch (o) {
      e("error", o), n.error(o);
      return;
    }
    s.done ? (e("ok"), n.close()) : n.enqueue(s.value);
  }, cancel(n) {
    return e("cancel"), r.cancel(n);
  } });
}
__name(at, "at");
function j(t2, e, r, n) {
  let s = (async () => (await n, await ct(r), e.finish()))();
  t2.waitUntil(s);
}
__name(j, "j");
function ut(t2, e) {
  return function(n, s, o) {
    let i = e(s).startTrace(String(n.method || "GET"), { request: n }), a = [], c = Ae(o, i, a), f = /* @__PURE__ */ __name((d) => {
      throw i.recordError(d), j(o, i, a, null), d;
    }, "f"), l;
    try {
      l = t2.call(this, n, s, c);
    } catch (d) {
      f(d);
    }
    return Promise.resolve(l).then((d) => {
      let _ = null;
      if (d instanceof Response && (i.setAttribute("http.response.status_code", d.status), d.status >= 500 && i.setStatus("error"), d.body && d.status !== 101 && !d.webSocket)) {
        let h;
        _ = new Promise((w) => h = w);
        let m = at(d.body, (w, O) => {
          w === "cancel" && i.setAttribute("edgespan.response.cancelled", true), w === "error" && i.recordError(O), i.end(), h();
        });
        d = new Response(m, d);
      }
      return j(o, i, a, _), d;
    }, f);
  };
}
__name(ut, "ut");
function Re(t2, e, r, n, s) {
  return function(o, i, a) {
    let c = e(i).startTrace(r(o), { kind: s, attributes: n(o) }), f = [], l = Ae(a, c, f), d;
    try {
      d = t2.call(this, o, i, l);
    } catch (_) {
      throw c.recordError(_), j(a, c, f, null), _;
    }
    return Promise.resolve(d).then((_) => (j(a, c, f, null), _), (_) => {
      throw c.recordError(_), j(a, c, f, null), _;
    });
  };
}
__name(Re, "Re");
function V(t2, e) {
  if (t2 === null || typeof t2 != "object") throw new Error("edgespan: instrument(handler) needs a Workers handler object ({ fetch, scheduled, queue, \u2026 })");
  let r = { ...t2 };
  return typeof t2.fetch == "function" && (r.fetch = ut(t2.fetch, e)), typeof t2.scheduled == "function" && (r.scheduled = Re(t2.scheduled, e, (n) => `scheduled ${n?.cron ?? ""}`.trim(), (n) => ({ "faas.trigger": "timer", "faas.cron": n?.cron, "faas.time": typeof n?.scheduledTime == "number" ? new Date(n.scheduledTime).toISOString() : void 0 }), "internal")), typeof t2.queue == "function" && (r.queue = Re(t2.queue, e, (n) => `process ${n?.queue ?? "queue"}`, (n) => ({ "messaging.system": "cloudflare_queues", "messaging.operation.type": "process", "messaging.destination.name": n?.queue, "messaging.batch.message_count": n?.messages?.length }), "consumer")), r;
}
__name(V, "V");
var Pe = 0;
var ft = 1;
var lt = 2;
var dt = 3;
var _t = { __proto__: null, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
var pt = 8;
var J = 1e3;
var U = 512 * 1024;
var ht = typeof performance == "object" && typeof performance.now == "function" && performance.timeOrigin > 1e12;
var b = ht ? () => performance.timeOrigin + performance.now() : () => Date.now();
var W = new Uint32Array(256);
var H = W.length;
function A() {
  return H === W.length && (crypto.getRandomValues(W), H = 0), W[H++];
}
__name(A, "A");
function gt() {
  for (; ; ) {
    let t2 = [A(), A(), A(), A()];
    if (t2[0] | t2[1] | t2[2] | t2[3]) return t2;
  }
}
__name(gt, "gt");
var R = /* @__PURE__ */ __name((t2) => (t2 >>> 0).toString(16).padStart(8, "0"), "R");
var mt = /^[ \t]*([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^]*)?[ \t]*$/;
function wt(t2) {
  let e = mt.exec(t2);
  if (!e || e[1] === "ff" || e[1] === "00" && e[5] !== void 0) return null;
  let r = [0, 8, 16, 24].map((o) => parseInt(e[2].slice(o, o + 8), 16)), n = parseInt(e[3].slice(0, 8), 16), s = parseInt(e[3].slice(8), 16);
  return !(r[0] | r[1] | r[2] | r[3]) || !(n | s) ? null : { t: r, p0: n, p1: s, flags: parseInt(e[4], 16) };
}
__name(wt, "wt");
function x(t2) {
  if (typeof t2 == "string") return t2;
  try {
    return String(t2);
  } catch {
    return "[unprintable]";
  }
}
__name(x, "x");
function L(t2, e, r, n) {
  if (n.length <= U) return n;
  p(() => S(t2, e, 5, r, 0));
  let s = U, o = n.charCodeAt(s - 1);
  return o >= 55296 && o <= 56319 && s--, n.slice(0, s) + "\u2026[truncated]";
}
__name(L, "L");
function p(t2) {
  try {
    return t2();
  } catch {
    return;
  }
}
__name(p, "p");
function Ie(t2) {
  if (t2 instanceof Error || t2 && typeof t2 == "object" && "message" in t2) {
    let e = p(() => t2.name) || p(() => t2.constructor && t2.constructor.name) || "Error";
    return [x(e), x(p(() => t2.message) ?? ""), x(p(() => t2.stack) ?? "")];
  }
  return [typeof t2 == "object" ? "Error" : typeof t2, typeof t2 == "string" ? t2 : yt(t2), ""];
}
__name(Ie, "Ie");
function yt(t2) {
  let e = De(t2);
  return e.startsWith('"') ? x(t2) : e;
}
__name(yt, "yt");
function De(t2) {
  t2 instanceof Error && (t2 = { name: t2.name, message: t2.message, stack: t2.stack });
  try {
    let r = JSON.stringify(t2);
    if (r !== void 0) return r;
  } catch {
  }
  let e = [];
  try {
    let r = JSON.stringify(t2, function(n, s) {
      switch (typeof s) {
        case "bigint":
          return s.toString();
        case "function":
          return `[Function ${s.name || "anonymous"}]`;
        case "symbol":
          return s.toString();
        case "object":
          if (s === null) return s;
          for (; e.length && e[e.length - 1] !== this; ) e.pop();
          return e.includes(s) ? "[Circular]" : (e.push(s), s);
        default:
          return s;
      }
    });
    return r === void 0 ? "null" : r;
  } catch {
    return JSON.stringify(x(t2));
  }
}
__name(De, "De");
function G(t2, e, r, n) {
  switch (typeof e) {
    case "string":
      return E(t2, 0, e.length > U ? e.slice(0, U) + "\u2026[truncated]" : e);
    case "number":
      return Q(t2, 0, e);
    case "boolean":
      return Q(t2, 1, e ? 1 : 0);
    case "bigint":
      return E(t2, 2, e.toString());
    case "undefined":
      return E(t2, 0, "undefined");
    case "function":
      return E(t2, 0, `[Function ${p(() => e.name) || "anonymous"}]`);
    case "symbol":
      return E(t2, 0, e.toString());
  }
  if (e === null) return E(t2, 0, "null");
  if (n.includes(e)) return E(t2, 0, "[Circular]");
  if (r >= pt) return E(t2, 0, "[MaxDepth]");
  if (e instanceof Date) return E(t2, 0, p(() => e.toISOString()) ?? "Invalid Date");
  if (e instanceof Error) return E(t2, 0, Ie(e).slice(0, 2).join(": "));
  n.push(e);
  try {
    if (Array.isArray(e) || ArrayBuffer.isView(e)) {
      let s = Math.min(e.length, J);
      for (let o = 0; o < s; o++) {
        let i = p(() => e[o]);
        G(t2, typeof i == "bigint" && !Array.isArray(e) ? Number(i) : i, r + 1, n);
      }
      X(t2, 0, s);
    } else {
      let s = e instanceof Map ? [...e.entries()] : Object.keys(e).map((i) => [i, p(() => e[i])]), o = 0;
      for (let [i, a] of s) {
        if (o === J) break;
        a !== void 0 && (E(t2, 1, x(i)), G(t2, a, r + 1, n), o++);
      }
      X(t2, 1, o);
    }
  } catch {
    E(t2, 0, "[unreadable]");
  } finally {
    n.pop();
  }
}
__name(G, "G");
function je(t2, e, r, n, s) {
  switch (n = x(n), typeof s) {
    case "string":
      return de(t2, e, r, n, L(t2, e, n, s));
    case "number":
      return B(t2, e, r, n, 0, s);
    case "boolean":
      return B(t2, e, r, n, 1, s ? 1 : 0);
    case "undefined":
      return;
  }
  s !== null && (G(t2, s, 0, []), B(t2, e, r, n, 2, 0));
}
__name(je, "je");
function C(t2, e, r, n) {
  if (!n || typeof n != "object") return;
  let s = p(() => Object.keys(n)) ?? [];
  for (let o of s) je(t2, e, r, o, p(() => n[o]));
}
__name(C, "C");
var Me = /* @__PURE__ */ __name(() => ({ exported: 0, failed: 0, dropped: 0, retried: 0, pending: 0, openSpans: 0, requests: 0, bytes: 0, durationMs: 0, errors: [], unfinished: [] }), "Me");
function ke(t2) {
  let e;
  return { p: new Promise((n) => {
    e = setTimeout(n, t2);
  }), cancel: /* @__PURE__ */ __name(() => clearTimeout(e), "cancel"), unref: /* @__PURE__ */ __name(() => typeof e == "object" && typeof e.unref == "function" && e.unref(), "unref") };
}
__name(ke, "ke");
async function bt(t2) {
  let e = new Blob([t2]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(e).arrayBuffer());
}
__name(bt, "bt");
function xt(t2) {
  if (t2 === null) return -1;
  if (t2 = t2.trim(), /^\d+$/.test(t2)) return Math.min(Number(t2), 31536e3) * 1e3;
  let e = Date.parse(t2);
  return Number.isNaN(e) ? -1 : Math.max(0, e - Date.now());
}
__name(xt, "xt");
function Et(t2, e) {
  try {
    if (e) return Tt(t2);
    let r = JSON.parse(new TextDecoder().decode(t2)).partialSuccess;
    if (r && typeof r == "object") {
      let n = Number(r.rejectedSpans ?? 0);
      return [Number.isFinite(n) && n > 0 ? n : 0, typeof r.errorMessage == "string" ? r.errorMessage.slice(0, 200) : ""];
    }
  } catch {
  }
  return [0, ""];
}
__name(Et, "Et");
function Tt(t2) {
  let e = 0, r = /* @__PURE__ */ __name(() => {
    let a = 0;
    for (let c = 1; e < t2.length; c *= 128) {
      let f = t2[e++];
      if (a += (f & 127) * c, f < 128) return a;
    }
    throw new Error("truncated");
  }, "r"), n = /* @__PURE__ */ __name((a) => {
    let c = [];
    for (; e < a; ) {
      let f = r(), l = f & 7;
      if (l === 0) c.push([f >>> 3, r()]);
      else if (l === 2) {
        let d = r();
        c.push([f >>> 3, [e, e + d]]), e += d;
      } else if (l === 1) e += 8;
      else if (l === 5) e += 4;
      else throw new Error("wire type");
    }
    return c;
  }, "n"), s = n(t2.length).find(([a, c]) => a === 1 && Array.isArray(c));
  if (!s) return [0, ""];
  e = s[1][0];
  let o = 0, i = "";
  for (let [a, c] of n(s[1][1])) a === 1 && typeof c == "number" && (o = c), a === 2 && Array.isArray(c) && (i = new TextDecoder().decode(t2.subarray(c[0], c[1])).slice(0, 200));
  return [o, i];
}
__name(Tt, "Tt");
function Le(t2, e) {
  if (typeof e != "function") {
    t2.recordError(new TypeError("edgespan: traced() needs a function")), t2.end();
    return;
  }
  let r;
  try {
    r = e(t2);
  } catch (n) {
    throw t2.recordError(n), t2.end(), n;
  }
  return r !== null && (typeof r == "object" || typeof r == "function") && typeof r.then == "function" ? Promise.resolve(r).then((n) => (t2.end(), n), (n) => {
    throw t2.recordError(n), t2.end(), n;
  }) : (t2.end(), r);
}
__name(Le, "Le");
var N = class {
  static {
    __name(this, "N");
  }
  constructor(e, r, n, s, o, i, a, c, f, l) {
    this._tr = e, this._h = r, this._t = n, this._s0 = s, this._s1 = o, this._p = i, this._f = a, this._scope = c, this._root = f, this._t0 = l, this._ended = false;
  }
  get traceId() {
    return R(this._t[0]) + R(this._t[1]) + R(this._t[2]) + R(this._t[3]);
  }
  get spanId() {
    return R(this._s0) + R(this._s1);
  }
  get parentSpanId() {
    return this._p ? R(this._p[0]) + R(this._p[1]) : void 0;
  }
  get ended() {
    return this._ended;
  }
  get traceparent() {
    return `00-${this.traceId}-${this.spanId}-${(this._f & 255).toString(16).padStart(2, "0")}`;
  }
  _live() {
    return !this._ended && this._h !== 0 && !this._tr._broken;
  }
  _call(e) {
    if (!this._live()) return this;
    try {
      e(this._tr._c, this._h);
    } catch (r) {
      r instanceof WebAssembly.RuntimeError && this._tr._fail(r);
    }
    return this;
  }
  setAttribute(e, r) {
    return this._call((n, s) => je(n, s, Pe, e, r));
  }
  setAttributes(e) {
    return this._call((r, n) => C(r, n, Pe, e));
  }
  log(e) {
    return this._call((r, n) => {
      if (!e || typeof e != "object") return;
      for (let [i, a] of [[0, "input"], [1, "output"]]) {
        let c = p(() => e[a]);
        c !== void 0 && (typeof c == "string" ? S(r, n, 2 * i, L(r, n, a, c), 0) : S(r, n, 2 * i + 1, L(r, n, a, De(c)), 0));
      }
      C(r, n, ft, p(() => e.metadata)), C(r, n, lt, p(() => e.metrics));
      let s = p(() => e.tags);
      if (Array.isArray(s)) for (let i of s.slice(0, J)) S(r, n, 4, x(i), 0);
      let o = p(() => e.error);
      o != null && this._error(r, n, o);
    });
  }
  addEvent(e, r) {
    return this._call((n, s) => {
      S(n, s, 7, x(e), b()), C(n, s, dt, r);
    });
  }
  _error(e, r, n) {
    let [s, o, i] = Ie(n);
    le(e, r, s, L(e, r, "exception.message", o), L(e, r, "exception.stacktrace", i), b());
  }
  recordError(e) {
    return this._call((r, n) => this._error(r, n, e));
  }
  setStatus(e, r) {
    let n = e === "ok" ? 8 : e === "error" ? 9 : e === "unset" ? 10 : 0;
    return n ? this._call((s, o) => S(s, o, n, r === void 0 ? "" : x(r), 0)) : this;
  }
  updateName(e) {
    return this._call((r, n) => S(r, n, 6, x(e), 0));
  }
  startSpan(e, r) {
    return this._tr._start(e, r, this);
  }
  traced(e, r, n) {
    return Le(this.startSpan(e, n), r);
  }
  finish() {
    this.end();
    let e = this._tr, r = 0;
    if (this._root && !e._broken) try {
      r = re(e._c, this._scope, "span was still open when its trace finished", b());
    } catch (n) {
      e._fail(n);
    }
    return e.flush().then((n) => {
      if (r > 0) {
        let s = n.unfinished.filter((o) => o.state === "incomplete").map((o) => `${o.name} (${o.spanId})`);
        e._diagnose(`edgespan: ${r} span(s) of trace ${this.traceId} were still open when it finished and were ended as incomplete: ${s.join(", ")}`);
      }
      return n;
    });
  }
  traceStream(e) {
    if (!e || typeof e.getReader != "function" || this._ended) return e;
    let r;
    try {
      r = e.getReader();
    } catch {
      return e;
    }
    let n = 0, s = 0, o = false, i = /* @__PURE__ */ __name((a, c) => {
      if (o) return;
      o = true;
      let f = { "edgespan.stream.chunks": n };
      n && (f["gen_ai.response.time_to_first_chunk"] = Math.max(0, s - this._t0) / 1e3), a === "cancel" && (f["edgespan.stream.cancelled"] = true), this.setAttributes(f), a === "error" ? this.recordError(c) : a === "ok" && this.setStatus("ok"), this.end();
    }, "i");
    return new ReadableStream({ async pull(a) {
      let c;
      try {
        c = await r.read();
      } catch (f) {
        i("error", f), a.error(f);
        return;
      }
      c.done ? (i("ok"), a.close()) : (n++ === 0 && (s = b()), a.enqueue(c.value));
    }, cancel(a) {
      return i("cancel"), r.cancel(a);
    } });
  }
  end(e) {
    if (this._ended || (this._ended = true, this._h === 0 || this._tr._broken)) return;
    let r = typeof e == "number" && Number.isFinite(e) ? e : b();
    try {
      te(this._tr._c, this._h, r) === 2 && this._tr._dropped();
    } catch (n) {
      this._tr._fail(n);
    }
  }
};
function vt() {
  return A() * 4294967296 + A();
}
__name(vt, "vt");
var Ot = typeof FinalizationRegistry == "function" ? new FinalizationRegistry((t2) => p(() => ee(t2))) : null;
var Ne = /* @__PURE__ */ Symbol("edgespan.fromEnv");
var K = class t {
  static {
    __name(this, "t");
  }
  constructor(e, r) {
    let n = e === Ne ? r : Oe(e), s = Z(n.serviceName, n.protobuf, n.timeoutMs, n.maxQueueSpans, n.maxQueueBytes, n.maxBatchBytes, n.maxConcurrentRequests, vt());
    this._c = s, Ot?.register(this, s), this._url = n.endpoint, this._timeout = n.timeoutMs, this._gzip = n.gzip, this._headers = { "content-type": n.protobuf ? "application/x-protobuf" : "application/json" }, n.gzip && (this._headers["content-encoding"] = "gzip");
    for (let [o, i] of n.headers) this._headers[o.toLowerCase()] = i;
    this._inflight = /* @__PURE__ */ new Set(), this._broken = null, this._shut = false, this._diag = n.onDiagnostic, this._dropNoted = false, this._scopes = 0, this._limits = `maxQueueSpans ${n.maxQueueSpans}, maxQueueBytes ${n.maxQueueBytes}`;
  }
  static fromEnv(e, r) {
    let n = Se(e), s = r !== null && typeof r == "object" ? r : {};
    return typeof s.onDiagnostic == "function" && (n.onDiagnostic = s.onDiagnostic), new t(Ne, n);
  }
  _diagnose(e) {
    this._diag && p(() => this._diag(e));
  }
  _dropped() {
    this._dropNoted || (this._dropNoted = true, this._diagnose(`edgespan: span buffer full (${this._limits}): dropping spans until the next flush; FlushReport.dropped counts them`));
  }
  _memoryBytes() {
    return fe();
  }
  _fail(e) {
    this._broken ??= `edgespan internal error, tracing disabled: ${x(e && e.message ? e.message : e)}`;
  }
  _start(e, r, n, s) {
    let o = r !== null && typeof r == "object" ? r : {}, i = n ?? p(() => o.parent), a = s || (i instanceof N ? i._scope : 0), c, f = null, l = 0, d = 1;
    if (i instanceof N) c = i._t, f = [i._s0, i._s1], l = 1, d = i._f;
    else if (typeof i == "string") {
      let v = wt(i);
      v && (c = v.t, f = [v.p0, v.p1], l = 2, d = v.flags);
    }
    c ??= gt();
    let _ = b(), h, m;
    do
      h = A(), m = A();
    while (!(h | m));
    let w = 0;
    if (!this._broken && !this._shut) try {
      let v = p(() => o.kind);
      w = _e(this._c, x(e), typeof v == "string" && _t[v] || 1, c[0], c[1], c[2], c[3], h, m, l, f ? f[0] : 0, f ? f[1] : 0, d, a, _);
    } catch (v) {
      this._fail(v);
    }
    w === 0 && !this._broken && !this._shut && this._dropped();
    let O = new N(this, w, c, h, m, f, d, a, !!s, _), I = p(() => o.attributes);
    return I && O.setAttributes(I), O;
  }
  startSpan(e, r) {
    return this._start(e, r, null);
  }
  startTrace(e, r) {
    let n = r !== null && typeof r == "object" ? { ...r } : {}, s = n.request;
    if (s && typeof s == "object" && typeof s.url == "string") {
      let o = p(() => s.headers), i = /* @__PURE__ */ __name((a) => p(() => o.get(a)) ?? void 0, "i");
      n.parent ??= i("traceparent"), n.kind ??= "server", n.attributes = { "http.request.method": p(() => s.method), "url.full": s.url, "user_agent.original": i("user-agent"), ...n.attributes };
    }
    return this._scopes = this._scopes % 4294967295 + 1, this._start(e, n, null, this._scopes);
  }
  instrument(e) {
    return V(e, () => this);
  }
  static instrument(e, r) {
    let n;
    return V(e, (s) => {
      if (!n) {
        let o = typeof r == "function" ? r(s) : t.fromEnv(s);
        n = o instanceof t ? o : new t(o);
      }
      return n;
    });
  }
  traced(e, r, n) {
    return Le(this.startSpan(e, n), r);
  }
  flush() {
    let e = b(), r = this._c, n = /* @__PURE__ */ __name(() => Promise.resolve({ ...Me(), errors: [this._broken] }), "n");
    if (this._broken) return n();
    let s, o;
    this._dropNoted = false;
    try {
      s = se(r, e), o = q(r, s, e);
    } catch (l) {
      return this._fail(l), n();
    }
    let i = /* @__PURE__ */ __name(() => {
      try {
        return JSON.parse(ce(r, s, b()));
      } catch (l) {
        return this._fail(l), { ...Me(), errors: [this._broken] };
      }
    }, "i"), a = [...this._inflight];
    if (o === 3 && a.length === 0) return Promise.resolve(i());
    let c = o === 3 ? Promise.resolve() : this._drive(s, o), f = c.then(() => {
      this._inflight.delete(f);
    });
    return this._inflight.add(f), c.then(async () => {
      let l = i();
      if (a.length) {
        let d = ke(Math.max(0, e + this._timeout - b()));
        d.unref(), await Promise.race([Promise.all(a).then(() => true), d.p.then(() => false)]) || l.errors.push("an earlier flush was still in flight at this flush's deadline");
      }
      return l.durationMs = Math.max(0, Math.round(b() - e)), l;
    });
  }
  async _drive(e, r) {
    let n = this._c, s = /* @__PURE__ */ new Map(), o = /* @__PURE__ */ new Map();
    try {
      for (; ; r = q(n, e, b())) {
        if (r === 1) {
          let a = pe(), c = this._send(e, a, F(), o).then(() => s.delete(a));
          s.set(a, c);
          continue;
        }
        if (r !== 2) return;
        let i = F();
        if (i < 0) {
          if (s.size === 0) return;
          await Promise.race(s.values());
        } else {
          let a = ke(i);
          await Promise.race([...s.values(), a.p]), a.cancel();
        }
      }
    } catch (i) {
      this._fail(i), await Promise.allSettled(s.values());
    }
  }
  async _send(e, r, n, s) {
    let o = this._c, i = false, a;
    try {
      let c = s.get(r);
      c || (c = oe(o, e, r), this._gzip && (c = await bt(c)), s.set(r, c)), ue(o, e, c.byteLength);
      let f = new AbortController();
      a = setTimeout(() => {
        i = true, f.abort();
      }, n);
      let l = await fetch(this._url, { method: "POST", headers: this._headers, body: c, signal: f.signal }), d = new Uint8Array(await l.arrayBuffer());
      clearTimeout(a);
      let [_, h] = l.ok ? Et(d, /protobuf/.test(l.headers.get("content-type") ?? "")) : [0, new TextDecoder().decode(d.subarray(0, 800)).slice(0, 200)];
      ae(o, e, r, l.status, xt(l.headers.get("retry-after")), _, h, b());
    } catch (c) {
      clearTimeout(a);
      try {
        ie(o, e, r, i, x(c && c.message ? c.message : c), b());
      } catch (f) {
        this._fail(f);
      }
    }
  }
  shutdown() {
    if (!this._shut && !this._broken) try {
      ne(this._c, "span was still open at tracer.shutdown()", b());
    } catch (e) {
      this._fail(e);
    }
    return this._shut = true, this.flush();
  }
};
ge({ module: St });

// src/index.js
var tracer;
var getTracer = /* @__PURE__ */ __name((env) => tracer ??= K.fromEnv(env), "getTracer");
var sleep = /* @__PURE__ */ __name((ms) => new Promise((resolve) => setTimeout(resolve, ms)), "sleep");
var ids = /* @__PURE__ */ __name((spans) => spans.map((s) => ({ spanId: s.spanId, parentSpanId: s.parentSpanId ?? null, traceId: s.traceId, name: s.name })), "ids");
async function storm(root, ctx) {
  await sleep(Math.random() * 20);
  const spans = [root];
  for (let i = 0; i < 5; i++) {
    const c = root.startSpan(`child.${i}`);
    c.log({ input: `in ${i}`, output: `out ${i}` });
    c.end();
    spans.push(c);
  }
  const bg = root.startSpan("background");
  spans.push(bg);
  const later = sleep(5 + Math.random() * 20).then(() => bg.end());
  return { spans, later };
}
__name(storm, "storm");
var handler = {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const root = ctx.span;
    switch (url.pathname) {
      case "/storm": {
        const { spans, later } = await storm(root, ctx);
        ctx.waitUntil(later);
        return Response.json({ spans: ids(spans) });
      }
      case "/forgot": {
        const done = root.startSpan("remembered");
        done.end();
        const forgotten = root.startSpan("forgotten");
        await sleep(1);
        return Response.json({ spans: ids([root, done, forgotten]) });
      }
      case "/stream": {
        const n = Number(url.searchParams.get("n") ?? 50);
        const delay = Number(url.searchParams.get("delay") ?? 2);
        const llm = root.startSpan("llm.stream", { kind: "client" });
        let i = 0;
        const upstream = new ReadableStream({
          async pull(controller) {
            if (i === n) return controller.close();
            await sleep(delay);
            controller.enqueue(new TextEncoder().encode(`chunk ${i++}
`));
          }
        });
        return new Response(llm.traceStream(upstream), {
          headers: { "x-root": root.spanId, "x-llm": llm.spanId, "x-trace": root.traceId }
        });
      }
      case "/stream-cancel": {
        const llm = root.startSpan("llm.stream", { kind: "client" });
        let i = 0;
        const upstream = new ReadableStream({
          async pull(controller) {
            await sleep(2);
            controller.enqueue(new TextEncoder().encode(`chunk ${i++}
`));
          }
        });
        const reader = llm.traceStream(upstream).getReader();
        for (let k2 = 0; k2 < 3; k2++) await reader.read();
        await reader.cancel("client went away");
        return Response.json({ spans: ids([root, llm]), produced: i });
      }
      case "/throw":
        root.startSpan("before.throw").end();
        throw new TypeError("handler threw");
      case "/reject":
        await sleep(1);
        root.startSpan("before.reject").end();
        throw new RangeError("handler rejected");
      default:
        return new Response("not found", { status: 404 });
    }
  }
};
handler.scheduled = async (controller, env, ctx) => {
  const job = ctx.span.startSpan("cron.job");
  await sleep(2);
  job.end();
  const tail = ctx.span.startSpan("cron.tail");
  ctx.waitUntil(sleep(5).then(() => tail.end()));
};
var instrumented = K.instrument(handler, getTracer);
async function manual(request, env, ctx) {
  const t2 = getTracer(env);
  const root = t2.startSpan("manual", { kind: "server" });
  const { spans, later } = await storm(root, ctx);
  root.end();
  ctx.waitUntil(later.then(() => t2.flush()));
  return Response.json({ spans: ids(spans) });
}
__name(manual, "manual");
var pending = 0;
function counting(ctx) {
  return {
    waitUntil(p2) {
      pending++;
      Promise.resolve(p2).finally(() => pending--);
      ctx.waitUntil(p2);
    },
    passThroughOnException: /* @__PURE__ */ __name(() => ctx.passThroughOnException(), "passThroughOnException")
  };
}
__name(counting, "counting");
var src_default = {
  scheduled: /* @__PURE__ */ __name((controller, env, ctx) => instrumented.scheduled(controller, env, counting(ctx)), "scheduled"),
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path === "/pending") return Response.json({ pending });
    if (path === "/manual") return manual(request, env, counting(ctx));
    return instrumented.fetch(request, env, counting(ctx));
  }
};

// ../../../node_modules/wrangler/templates/middleware/middleware-ensure-req-body-drained.ts
var drainBody = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  try {
    return await middlewareCtx.next(request, env);
  } finally {
    try {
      if (request.body !== null && !request.bodyUsed) {
        const reader = request.body.getReader();
        while (!(await reader.read()).done) {
        }
      }
    } catch (e) {
      console.error("Failed to drain the unused request body.", e);
    }
  }
}, "drainBody");
var middleware_ensure_req_body_drained_default = drainBody;

// ../../../node_modules/wrangler/templates/middleware/middleware-scheduled.ts
var scheduled = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  const url = new URL(request.url);
  if (url.pathname === "/__scheduled") {
    const cron = url.searchParams.get("cron") ?? "";
    await middlewareCtx.dispatch("scheduled", { cron });
    return new Response("Ran scheduled event");
  }
  const resp = await middlewareCtx.next(request, env);
  if (request.headers.get("referer")?.endsWith("/__scheduled") && url.pathname === "/favicon.ico" && resp.status === 500) {
    return new Response(null, { status: 404 });
  }
  return resp;
}, "scheduled");
var middleware_scheduled_default = scheduled;

// ../../../node_modules/wrangler/templates/middleware/middleware-miniflare3-json-error.ts
function reduceError(e) {
  return {
    name: e?.name,
    message: e?.message ?? String(e),
    stack: e?.stack,
    cause: e?.cause === void 0 ? void 0 : reduceError(e.cause)
  };
}
__name(reduceError, "reduceError");
var jsonError = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  try {
    return await middlewareCtx.next(request, env);
  } catch (e) {
    const error = reduceError(e);
    return Response.json(error, {
      status: 500,
      headers: { "MF-Experimental-Error-Stack": "true" }
    });
  }
}, "jsonError");
var middleware_miniflare3_json_error_default = jsonError;

// .wrangler/tmp/bundle-cYCI4E/middleware-insertion-facade.js
var __INTERNAL_WRANGLER_MIDDLEWARE__ = [
  middleware_ensure_req_body_drained_default,
  middleware_scheduled_default,
  middleware_miniflare3_json_error_default
];
var middleware_insertion_facade_default = src_default;

// ../../../node_modules/wrangler/templates/middleware/common.ts
var __facade_middleware__ = [];
function __facade_register__(...args) {
  __facade_middleware__.push(...args.flat());
}
__name(__facade_register__, "__facade_register__");
function __facade_invokeChain__(request, env, ctx, dispatch, middlewareChain) {
  const [head, ...tail] = middlewareChain;
  const middlewareCtx = {
    dispatch,
    next(newRequest, newEnv) {
      return __facade_invokeChain__(newRequest, newEnv, ctx, dispatch, tail);
    }
  };
  return head(request, env, ctx, middlewareCtx);
}
__name(__facade_invokeChain__, "__facade_invokeChain__");
function __facade_invoke__(request, env, ctx, dispatch, finalMiddleware) {
  return __facade_invokeChain__(request, env, ctx, dispatch, [
    ...__facade_middleware__,
    finalMiddleware
  ]);
}
__name(__facade_invoke__, "__facade_invoke__");

// .wrangler/tmp/bundle-cYCI4E/middleware-loader.entry.ts
var __Facade_ScheduledController__ = class ___Facade_ScheduledController__ {
  constructor(scheduledTime, cron, noRetry) {
    this.scheduledTime = scheduledTime;
    this.cron = cron;
    this.#noRetry = noRetry;
  }
  static {
    __name(this, "__Facade_ScheduledController__");
  }
  #noRetry;
  noRetry() {
    if (!(this instanceof ___Facade_ScheduledController__)) {
      throw new TypeError("Illegal invocation");
    }
    this.#noRetry();
  }
};
function wrapExportedHandler(worker) {
  if (__INTERNAL_WRANGLER_MIDDLEWARE__ === void 0 || __INTERNAL_WRANGLER_MIDDLEWARE__.length === 0) {
    return worker;
  }
  for (const middleware of __INTERNAL_WRANGLER_MIDDLEWARE__) {
    __facade_register__(middleware);
  }
  const fetchDispatcher = /* @__PURE__ */ __name(function(request, env, ctx) {
    if (worker.fetch === void 0) {
      throw new Error("Handler does not export a fetch() function.");
    }
    return worker.fetch(request, env, ctx);
  }, "fetchDispatcher");
  return {
    ...worker,
    fetch(request, env, ctx) {
      const dispatcher = /* @__PURE__ */ __name(function(type, init) {
        if (type === "scheduled" && worker.scheduled !== void 0) {
          const controller = new __Facade_ScheduledController__(
            Date.now(),
            init.cron ?? "",
            () => {
            }
          );
          return worker.scheduled(controller, env, ctx);
        }
      }, "dispatcher");
      return __facade_invoke__(request, env, ctx, dispatcher, fetchDispatcher);
    }
  };
}
__name(wrapExportedHandler, "wrapExportedHandler");
function wrapWorkerEntrypoint(klass) {
  if (__INTERNAL_WRANGLER_MIDDLEWARE__ === void 0 || __INTERNAL_WRANGLER_MIDDLEWARE__.length === 0) {
    return klass;
  }
  for (const middleware of __INTERNAL_WRANGLER_MIDDLEWARE__) {
    __facade_register__(middleware);
  }
  return class extends klass {
    #fetchDispatcher = /* @__PURE__ */ __name((request, env, ctx) => {
      this.env = env;
      this.ctx = ctx;
      if (super.fetch === void 0) {
        throw new Error("Entrypoint class does not define a fetch() function.");
      }
      return super.fetch(request);
    }, "#fetchDispatcher");
    #dispatcher = /* @__PURE__ */ __name((type, init) => {
      if (type === "scheduled" && super.scheduled !== void 0) {
        const controller = new __Facade_ScheduledController__(
          Date.now(),
          init.cron ?? "",
          () => {
          }
        );
        return super.scheduled(controller);
      }
    }, "#dispatcher");
    fetch(request) {
      return __facade_invoke__(
        request,
        this.env,
        this.ctx,
        this.#dispatcher,
        this.#fetchDispatcher
      );
    }
  };
}
__name(wrapWorkerEntrypoint, "wrapWorkerEntrypoint");
var WRAPPED_ENTRY;
if (typeof middleware_insertion_facade_default === "object") {
  WRAPPED_ENTRY = wrapExportedHandler(middleware_insertion_facade_default);
} else if (typeof middleware_insertion_facade_default === "function") {
  WRAPPED_ENTRY = wrapWorkerEntrypoint(middleware_insertion_facade_default);
}
var middleware_loader_entry_default = WRAPPED_ENTRY;
export {
  __INTERNAL_WRANGLER_MIDDLEWARE__,
  middleware_loader_entry_default as default
};
//# sourceMappingURL=index.js.map
