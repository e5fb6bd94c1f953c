var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// node_modules/edgespan/workerd.js
import Se from "./84cbb0fde9d74aeac7cac52ef0873a823d798b68-edgespan_bg.wasm";
function Z(e2, t, r, n, s, o, i) {
  let c = +t, a = +r, f = +n, d = +s, l = +o, _ = +i, h = y(e2, u.__wbindgen_malloc, u.__wbindgen_realloc), m = g;
  return u.create(h, m, c, a, f, d, l, _) >>> 0;
}
__name(Z, "Z");
function tt(e2) {
  u.destroy(e2);
}
__name(tt, "tt");
function et(e2, t, r) {
  return u.end(e2, t, r);
}
__name(et, "et");
function nt(e2, t, r) {
  let n = +e2, s = +r, o = y(t, u.__wbindgen_malloc, u.__wbindgen_realloc), i = g;
  return u.end_all_open(n, o, i, s) >>> 0;
}
__name(nt, "nt");
function rt(e2, t, r, n) {
  let s = +e2, o = +t, i = +n, c = y(r, u.__wbindgen_malloc, u.__wbindgen_realloc), a = g;
  return u.end_scope(s, o, c, a, i) >>> 0;
}
__name(rt, "rt");
function st(e2, t) {
  return u.flush_begin(e2, t) >>> 0;
}
__name(st, "st");
function ot(e2, t, r) {
  let n = u.flush_body(e2, t, r);
  var s = Gt(n[0], n[1]).slice();
  return u.__wbindgen_free(n[0], n[1] * 1, 1), s;
}
__name(ot, "ot");
function it(e2, t, r, n, s, o) {
  let i = +e2, c = +t, a = +r, f = +n, d = +o, l = y(s, u.__wbindgen_malloc, u.__wbindgen_realloc), _ = g;
  u.flush_error(i, c, a, f, l, _, d);
}
__name(it, "it");
function ct(e2, t, r) {
  let n, s;
  try {
    let o = u.flush_finish(e2, t, r);
    return n = o[0], s = o[1], ht(o[0], o[1]);
  } finally {
    u.__wbindgen_free(n, s, 1);
  }
}
__name(ct, "ct");
function q(e2, t, r) {
  return u.flush_poll(e2, t, r);
}
__name(q, "q");
function at(e2, t, r, n, s, o, i, c) {
  let a = +e2, f = +t, d = +r, l = +n, _ = +s, h = +o, m = +c, w = y(i, u.__wbindgen_malloc, u.__wbindgen_realloc), S = g;
  u.flush_response(a, f, d, l, _, h, w, S, m);
}
__name(at, "at");
function ut(e2, t, r) {
  u.flush_sent(e2, t, r);
}
__name(ut, "ut");
function ft() {
  return u.memory_bytes();
}
__name(ft, "ft");
function lt(e2, t, r, n, s, o) {
  let i = +e2, c = +t, a = +o, f, d, l, _, h, m;
  try {
    f = y(r, u.__wbindgen_malloc, u.__wbindgen_realloc), d = g, l = y(n, u.__wbindgen_malloc, u.__wbindgen_realloc), _ = g, h = y(s, u.__wbindgen_malloc, u.__wbindgen_realloc), m = g;
  } catch (w) {
    throw h && u.__wbindgen_free(h, m * 1, 1), l && u.__wbindgen_free(l, _ * 1, 1), f && u.__wbindgen_free(f, d * 1, 1), w;
  }
  u.record_error(i, c, f, d, l, _, h, m, a);
}
__name(lt, "lt");
function dt(e2, t, r, n, s) {
  let o = +e2, i = +t, c = +r, a, f, d, l;
  try {
    a = y(n, u.__wbindgen_malloc, u.__wbindgen_realloc), f = g, d = y(s, u.__wbindgen_malloc, u.__wbindgen_realloc), l = g;
  } catch (_) {
    throw d && u.__wbindgen_free(d, l * 1, 1), a && u.__wbindgen_free(a, f * 1, 1), _;
  }
  u.set_str(o, i, c, a, f, d, l);
}
__name(dt, "dt");
function B(e2, t, r, n, s, o) {
  let i = +e2, c = +t, a = +r, f = +s, d = +o, l = y(n, u.__wbindgen_malloc, u.__wbindgen_realloc), _ = g;
  u.set_val(i, c, a, l, _, f, d);
}
__name(B, "B");
function v(e2, t, r, n, s) {
  let o = +e2, i = +t, c = +r, a = +s, f = y(n, u.__wbindgen_malloc, u.__wbindgen_realloc), d = g;
  u.span_text(o, i, c, f, d, a);
}
__name(v, "v");
function _t(e2, t, r, n, s, o, i, c, a, f, d, l, _, h, m) {
  let w = +e2, S = +r, L = +n, O = +s, $t = +o, Bt = +i, Ct = +c, Wt = +a, Ut = +f, zt = +d, qt = +l, Ft = +_, Xt = +h, Qt = +m, Vt = y(t, u.__wbindgen_malloc, u.__wbindgen_realloc), Ht = g;
  return u.start(w, Vt, Ht, S, L, O, $t, Bt, Ct, Wt, Ut, zt, qt, Ft, Xt, Qt);
}
__name(_t, "_t");
function pt() {
  return u.step_batch() >>> 0;
}
__name(pt, "pt");
function F() {
  return u.step_ms();
}
__name(F, "F");
function X(e2, t, r) {
  u.v_group(e2, t, r);
}
__name(X, "X");
function E(e2, t, r) {
  let n = +e2, s = +t, o = y(r, u.__wbindgen_malloc, u.__wbindgen_realloc), i = g;
  u.v_text(n, s, o, i);
}
__name(E, "E");
function Q(e2, t, r) {
  u.v_val(e2, t, r);
}
__name(Q, "Q");
function Jt() {
  return { __proto__: null, "./edgespan_bg.js": { __proto__: null, __wbg_String_0d7c448b95c18ecc: /* @__PURE__ */ __name(function(t, r) {
    let n = String(r), s = y(n, u.__wbindgen_malloc, u.__wbindgen_realloc), o = g;
    Y().setInt32((t >>> 0) + 4, o, true), Y().setInt32((t >>> 0) + 0, s, true);
  }, "__wbg_String_0d7c448b95c18ecc"), __wbg___wbindgen_throw_4c88d8bf264fd984: /* @__PURE__ */ __name(function(t, r) {
    throw new Error(ht(t, r));
  }, "__wbg___wbindgen_throw_4c88d8bf264fd984"), __wbindgen_init_externref_table: /* @__PURE__ */ __name(function() {
    let t = u.__wbindgen_externrefs;
    t.set(0, void 0), t.set(1024, void 0), t.set(1025, null), t.set(1026, true), t.set(1027, false);
  }, "__wbindgen_init_externref_table") } };
}
__name(Jt, "Jt");
function Gt(e2, t) {
  return e2 = e2 >>> 0, M().subarray(e2 / 1, e2 / 1 + t);
}
__name(Gt, "Gt");
var P = null;
function Y() {
  return (P === null || P.buffer.detached === true || P.buffer.detached === void 0 && P.buffer !== u.memory.buffer) && (P = new DataView(u.memory.buffer)), P;
}
__name(Y, "Y");
function ht(e2, t) {
  return e2 = e2 >>> 0, Yt(M().subarray(e2, e2 + t));
}
__name(ht, "ht");
var I = null;
function M() {
  return (I === null || I.byteLength === 0) && (I = new Uint8Array(u.memory.buffer)), I;
}
__name(M, "M");
function y(e2, t, r) {
  if (r === void 0) {
    let c = N.encode(e2), a = t(c.length, 1) >>> 0;
    return M().subarray(a, a + c.length).set(c), g = c.length, a;
  }
  if (e2.length > 32) {
    let c = e2.length * 3, a = t(c, 1) >>> 0, { written: f } = N.encodeInto(e2, M().subarray(a, a + c));
    return g = f, r(a, c, f, 1) >>> 0;
  }
  let n = e2.length, s = t(n, 1) >>> 0, o = M(), i = 0;
  for (; i < n; i++) {
    let c = e2.charCodeAt(i);
    if (c > 127) break;
    o[s + i] = c;
  }
  if (i !== n) {
    i !== 0 && (e2 = e2.slice(i)), s = r(s, n, n = i + e2.length * 3, 1) >>> 0;
    let c = M().subarray(s + i, s + n), a = N.encodeInto(e2, c);
    i += a.written, s = r(s, n, i, 1) >>> 0;
  }
  return g = i, s;
}
__name(y, "y");
var $ = new TextDecoder("utf-8", { ignoreBOM: true });
$.decode();
var Kt = 2146435072;
var z = 0;
function Yt(e2) {
  return z += e2.length, z >= Kt && ($ = new TextDecoder("utf-8", { ignoreBOM: true }), $.decode(), z = e2.length), $.decode(e2);
}
__name(Yt, "Yt");
var N = new TextEncoder();
"encodeInto" in N || (N.encodeInto = function(e2, t) {
  let r = N.encode(e2);
  return t.set(r), { read: e2.length, written: r.length };
});
var g = 0;
var Zt;
var te;
var u;
function ee(e2, t) {
  return te = e2, u = e2.exports, Zt = t, P = null, I = null, u.__wbindgen_start(), u;
}
__name(ee, "ee");
function gt(e2) {
  if (u !== void 0) return u;
  e2 !== void 0 && (Object.getPrototypeOf(e2) === Object.prototype ? { module: e2 } = e2 : console.warn("using deprecated parameters for `initSync()`; pass a single object instead"));
  let t = Jt();
  e2 instanceof WebAssembly.Module || (e2 = new WebAssembly.Module(e2));
  let r = new WebAssembly.Instance(e2, t);
  return ee(r, e2);
}
__name(gt, "gt");
var yt = { serviceName: "unknown_service", timeoutMs: 25e3, maxQueueSpans: 2048, maxQueueBytes: 8388608, maxBatchBytes: 1048576, maxConcurrentRequests: 6 };
var mt = [["timeoutMs", "timeoutMs", 600 * 1e3], ["maxQueueSpans", "maxQueueSpans", 1 << 24], ["maxQueueBytes", "maxQueueBytes (bytes)", 4294967295], ["maxBatchBytes", "maxBatchBytes", 1 << 30], ["maxConcurrentRequests", "maxConcurrentRequests", 64]];
var re = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
var se = /[\0-\x08\n-\x1f\x7f]/;
var T = /* @__PURE__ */ __name((e2, t = "") => {
  throw new Error(e2 + [...String(t)].slice(0, 200).join(""));
}, "T");
function bt(e2) {
  e2.trim() === "" && T("edgespan: no endpoint configured; pass `endpoint` (the full OTLP traces URL) or set OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT");
  let t = null;
  try {
    t = new URL(e2);
  } catch {
  }
  (!t || !/^https?:\/\/[^/?#]/.test(e2) || t.protocol !== "http:" && t.protocol !== "https:" || !t.hostname || /[\0- \x7f]/.test(e2)) && T("edgespan: endpoint must be an absolute http:// or https:// URL, got: ", e2);
}
__name(bt, "bt");
function xt(e2, t) {
  (!re.test(e2) || se.test(t)) && T("edgespan: invalid header: ", e2);
}
__name(xt, "xt");
function Et(e2) {
  let t = e2.trim();
  t !== "json" && t !== "http/json" && T('edgespan: unknown protocol (expected "json" or OTEL_EXPORTER_OTLP_PROTOCOL=http/json; "protobuf" is not supported yet): ', t);
}
__name(Et, "Et");
function Tt(e2) {
  let t = e2.trim();
  return t === "gzip" ? true : t === "none" || t === "" ? false : T('edgespan: unknown compression (expected "gzip" or "none"): ', t);
}
__name(Tt, "Tt");
function Ot(e2, t, r) {
  return (!Number.isInteger(e2) || e2 <= 0 || e2 > r) && T("edgespan: must be a positive integer within range: ", t), e2;
}
__name(Ot, "Ot");
function St(e2) {
  (e2 === null || typeof e2 != "object") && T('edgespan: new Tracer(options) needs an options object, e.g. { endpoint: "https://collector.example/v1/traces" }');
  for (let n of ["endpoint", "serviceName", "protocol", "compression"]) e2[n] !== void 0 && typeof e2[n] != "string" && T(`edgespan: option \`${n}\` must be a string`);
  for (let [n] of mt) e2[n] !== void 0 && typeof e2[n] != "number" && T(`edgespan: option \`${n}\` must be a number`);
  e2.onDiagnostic !== void 0 && typeof e2.onDiagnostic != "function" && T("edgespan: option `onDiagnostic` must be a function");
  let t = { ...yt, endpoint: e2.endpoint ?? "", headers: [], gzip: false, onDiagnostic: e2.onDiagnostic };
  e2.serviceName !== void 0 && (t.serviceName = e2.serviceName), bt(t.endpoint);
  let r = e2.headers;
  if (r !== void 0) {
    let n;
    typeof Headers < "u" && r instanceof Headers ? n = [...r.entries()] : Array.isArray(r) ? n = r : r !== null && typeof r == "object" ? n = Object.entries(r) : T("edgespan: option `headers` must be an object of strings");
    for (let s of n) (!Array.isArray(s) || s.length !== 2 || typeof s[0] != "string" || typeof s[1] != "string") && T("edgespan: option `headers` must map header names to string values"), xt(s[0], s[1]), t.headers.push([s[0], s[1]]);
  }
  e2.protocol !== void 0 && Et(e2.protocol), e2.compression !== void 0 && (t.gzip = Tt(e2.compression));
  for (let [n, s, o] of mt) e2[n] !== void 0 && (t[n] = Ot(e2[n], s, o));
  return t;
}
__name(St, "St");
function wt(e2) {
  let t = new TextEncoder(), r = [];
  for (let n = 0; n < e2.length; ) if (e2[n] === "%" && /^[0-9a-fA-F]{2}$/.test(e2.slice(n + 1, n + 3))) r.push(parseInt(e2.slice(n + 1, n + 3), 16)), n += 3;
  else {
    let s = e2.codePointAt(n), o = String.fromCodePoint(s);
    r.push(...t.encode(o)), n += o.length;
  }
  return new TextDecoder().decode(new Uint8Array(r));
}
__name(wt, "wt");
function oe(e2) {
  let t = [];
  for (let r of e2.split(",")) {
    if (r.trim() === "") continue;
    let n = r.indexOf("=");
    n < 0 && T("edgespan: invalid header: ", r);
    let s = wt(r.slice(0, n).trim()), o = wt(r.slice(n + 1).trim());
    xt(s, o), t.push([s, o]);
  }
  return t;
}
__name(oe, "oe");
function vt(e2) {
  let t = /* @__PURE__ */ __name((l) => {
    let _;
    try {
      _ = e2 !== null && typeof e2 == "object" ? e2[l] : void 0;
    } catch {
      _ = void 0;
    }
    return typeof _ == "string" && _.trim() !== "" ? _.trim() : void 0;
  }, "t"), r = t("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), n = t("OTEL_EXPORTER_OTLP_ENDPOINT"), s = r ?? (n === void 0 ? "" : n + (n.endsWith("/") ? "" : "/") + "v1/traces");
  bt(s);
  let o = { ...yt, endpoint: s, headers: [], gzip: false }, i = t("OTEL_EXPORTER_OTLP_HEADERS");
  i !== void 0 && (o.headers = oe(i));
  let c = t("OTEL_EXPORTER_OTLP_PROTOCOL");
  c !== void 0 && Et(c);
  let a = t("OTEL_EXPORTER_OTLP_COMPRESSION");
  a !== void 0 && (o.gzip = Tt(a));
  let f = t("OTEL_EXPORTER_OTLP_TIMEOUT");
  f !== void 0 && (o.timeoutMs = Ot(/^\d+$/.test(f) ? Number(f) : NaN, "OTEL_EXPORTER_OTLP_TIMEOUT", 600 * 1e3));
  let d = t("OTEL_SERVICE_NAME");
  return d !== void 0 && (o.serviceName = d), o;
}
__name(vt, "vt");
function ie(e2) {
  return new Promise((t) => {
    let r = setTimeout(t, e2);
    typeof r == "object" && typeof r.unref == "function" && r.unref();
  });
}
__name(ie, "ie");
function At(e2, t, r) {
  let n = /* @__PURE__ */ __name((s) => {
    let o = Promise.resolve(s).then(() => {
    }, () => {
    });
    r.push(o), e2.waitUntil(s);
  }, "n");
  return new Proxy(e2, { get(s, o) {
    if (o === "waitUntil") return n;
    if (o === "span") return t;
    let i = Reflect.get(s, o, s);
    return typeof i == "function" ? i.bind(s) : i;
  } });
}
__name(At, "At");
async function ce(e2) {
  let t = Date.now() + 1e4;
  for (let r = 0; r < e2.length; ) {
    let n = e2.slice(r);
    r = e2.length;
    let s = t - Date.now();
    if (s <= 0) return;
    await Promise.race([Promise.all(n), ie(s)]);
  }
}
__name(ce, "ce");
function ae(e2, t) {
  let r = e2.getReader();
  return new ReadableStream({ async pull(n) {
    let s;
    try {
      s = await r.read();
    } catch (o) {
      t("error", o), n.error(o);
      return;
    }
    s.done ? (t("ok"), n.close()) : n.enqueue(s.value);
  }, cancel(n) {
    return t("cancel"), r.cancel(n);
  } });
}
__name(ae, "ae");
function j(e2, t, r, n) {
  let s = (async () => (await n, await ce(r), t.finish()))();
  e2.waitUntil(s);
}
__name(j, "j");
function ue(e2, t) {
  return function(n, s, o) {
    let i = t(s).startTrace(String(n.method || "GET"), { request: n }), c = [], a = At(o, i, c), f = /* @__PURE__ */ __name((l) => {
      throw i.recordError(l), j(o, i, c, null), l;
    }, "f"), d;
    try {
      d = e2.call(this, n, s, a);
    } catch (l) {
      f(l);
    }
    return Promise.resolve(d).then((l) => {
      let _ = null;
      if (l instanceof Response && (i.setAttribute("http.response.status_code", l.status), l.status >= 500 && i.setStatus("error"), l.body && l.status !== 101 && !l.webSocket)) {
        let h;
        _ = new Promise((w) => h = w);
        let m = ae(l.body, (w, S) => {
          w === "cancel" && i.setAttribute("edgespan.response.cancelled", true), w === "error" && i.recordError(S), i.end(), h();
        });
        l = new Response(m, l);
      }
      return j(o, i, c, _), l;
    }, f);
  };
}
__name(ue, "ue");
function Rt(e2, t, r, n, s) {
  return function(o, i, c) {
    let a = t(i).startTrace(r(o), { kind: s, attributes: n(o) }), f = [], d = At(c, a, f), l;
    try {
      l = e2.call(this, o, i, d);
    } catch (_) {
      throw a.recordError(_), j(c, a, f, null), _;
    }
    return Promise.resolve(l).then((_) => (j(c, a, f, null), _), (_) => {
      throw a.recordError(_), j(c, a, f, null), _;
    });
  };
}
__name(Rt, "Rt");
function V(e2, t) {
  if (e2 === null || typeof e2 != "object") throw new Error("edgespan: instrument(handler) needs a Workers handler object ({ fetch, scheduled, queue, \u2026 })");
  let r = { ...e2 };
  return typeof e2.fetch == "function" && (r.fetch = ue(e2.fetch, t)), typeof e2.scheduled == "function" && (r.scheduled = Rt(e2.scheduled, t, (n) => `scheduled ${n?.cron ?? ""}`.trim(), (n) => ({ "faas.trigger": "timer", "faas.cron": n?.cron, "faas.time": typeof n?.scheduledTime == "number" ? new Date(n.scheduledTime).toISOString() : void 0 }), "internal")), typeof e2.queue == "function" && (r.queue = Rt(e2.queue, t, (n) => `process ${n?.queue ?? "queue"}`, (n) => ({ "messaging.system": "cloudflare_queues", "messaging.operation.type": "process", "messaging.destination.name": n?.queue, "messaging.batch.message_count": n?.messages?.length }), "consumer")), r;
}
__name(V, "V");
var Pt = 0;
var fe = 1;
var le = 2;
var de = 3;
var _e = { __proto__: null, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
var pe = 8;
var J = 1e3;
var U = 512 * 1024;
var he = typeof performance == "object" && typeof performance.now == "function" && performance.timeOrigin > 1e12;
var b = he ? () => performance.timeOrigin + performance.now() : () => Date.now();
var W = new Uint32Array(256);
var H = W.length;
function A() {
  return H === W.length && (crypto.getRandomValues(W), H = 0), W[H++];
}
__name(A, "A");
function ge() {
  for (; ; ) {
    let e2 = [A(), A(), A(), A()];
    if (e2[0] | e2[1] | e2[2] | e2[3]) return e2;
  }
}
__name(ge, "ge");
var R = /* @__PURE__ */ __name((e2) => (e2 >>> 0).toString(16).padStart(8, "0"), "R");
var me = /^[ \t]*([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^]*)?[ \t]*$/;
function we(e2) {
  let t = me.exec(e2);
  if (!t || t[1] === "ff" || t[1] === "00" && t[5] !== void 0) return null;
  let r = [0, 8, 16, 24].map((o) => parseInt(t[2].slice(o, o + 8), 16)), n = parseInt(t[3].slice(0, 8), 16), s = parseInt(t[3].slice(8), 16);
  return !(r[0] | r[1] | r[2] | r[3]) || !(n | s) ? null : { t: r, p0: n, p1: s, flags: parseInt(t[4], 16) };
}
__name(we, "we");
function x(e2) {
  if (typeof e2 == "string") return e2;
  try {
    return String(e2);
  } catch {
    return "[unprintable]";
  }
}
__name(x, "x");
function D(e2, t, r, n) {
  if (n.length <= U) return n;
  p(() => v(e2, t, 5, r, 0));
  let s = U, o = n.charCodeAt(s - 1);
  return o >= 55296 && o <= 56319 && s--, n.slice(0, s) + "\u2026[truncated]";
}
__name(D, "D");
function p(e2) {
  try {
    return e2();
  } catch {
    return;
  }
}
__name(p, "p");
function It(e2) {
  if (e2 instanceof Error || e2 && typeof e2 == "object" && "message" in e2) {
    let t = p(() => e2.name) || p(() => e2.constructor && e2.constructor.name) || "Error";
    return [x(t), x(p(() => e2.message) ?? ""), x(p(() => e2.stack) ?? "")];
  }
  return [typeof e2 == "object" ? "Error" : typeof e2, typeof e2 == "string" ? e2 : ye(e2), ""];
}
__name(It, "It");
function ye(e2) {
  let t = jt(e2);
  return t.startsWith('"') ? x(e2) : t;
}
__name(ye, "ye");
function jt(e2) {
  e2 instanceof Error && (e2 = { name: e2.name, message: e2.message, stack: e2.stack });
  try {
    let r = JSON.stringify(e2);
    if (r !== void 0) return r;
  } catch {
  }
  let t = [];
  try {
    let r = JSON.stringify(e2, function(n, s) {
      switch (typeof s) {
        case "bigint":
          return s.toString();
        case "function":
          return `[Function ${s.name || "anonymous"}]`;
        case "symbol":
          return s.toString();
        case "object":
          if (s === null) return s;
          for (; t.length && t[t.length - 1] !== this; ) t.pop();
          return t.includes(s) ? "[Circular]" : (t.push(s), s);
        default:
          return s;
      }
    });
    return r === void 0 ? "null" : r;
  } catch {
    return JSON.stringify(x(e2));
  }
}
__name(jt, "jt");
function G(e2, t, r, n) {
  switch (typeof t) {
    case "string":
      return E(e2, 0, t.length > U ? t.slice(0, U) + "\u2026[truncated]" : t);
    case "number":
      return Q(e2, 0, t);
    case "boolean":
      return Q(e2, 1, t ? 1 : 0);
    case "bigint":
      return E(e2, 2, t.toString());
    case "undefined":
      return E(e2, 0, "undefined");
    case "function":
      return E(e2, 0, `[Function ${p(() => t.name) || "anonymous"}]`);
    case "symbol":
      return E(e2, 0, t.toString());
  }
  if (t === null) return E(e2, 0, "null");
  if (n.includes(t)) return E(e2, 0, "[Circular]");
  if (r >= pe) return E(e2, 0, "[MaxDepth]");
  if (t instanceof Date) return E(e2, 0, p(() => t.toISOString()) ?? "Invalid Date");
  if (t instanceof Error) return E(e2, 0, It(t).slice(0, 2).join(": "));
  n.push(t);
  try {
    if (Array.isArray(t) || ArrayBuffer.isView(t)) {
      let s = Math.min(t.length, J);
      for (let o = 0; o < s; o++) {
        let i = p(() => t[o]);
        G(e2, typeof i == "bigint" && !Array.isArray(t) ? Number(i) : i, r + 1, n);
      }
      X(e2, 0, s);
    } else {
      let s = t instanceof Map ? [...t.entries()] : Object.keys(t).map((i) => [i, p(() => t[i])]), o = 0;
      for (let [i, c] of s) {
        if (o === J) break;
        c !== void 0 && (E(e2, 1, x(i)), G(e2, c, r + 1, n), o++);
      }
      X(e2, 1, o);
    }
  } catch {
    E(e2, 0, "[unreadable]");
  } finally {
    n.pop();
  }
}
__name(G, "G");
function Dt(e2, t, r, n, s) {
  switch (n = x(n), typeof s) {
    case "string":
      return dt(e2, t, r, n, D(e2, t, n, s));
    case "number":
      return B(e2, t, r, n, 0, s);
    case "boolean":
      return B(e2, t, r, n, 1, s ? 1 : 0);
    case "undefined":
      return;
  }
  s !== null && (G(e2, s, 0, []), B(e2, t, r, n, 2, 0));
}
__name(Dt, "Dt");
function C(e2, t, r, n) {
  if (!n || typeof n != "object") return;
  let s = p(() => Object.keys(n)) ?? [];
  for (let o of s) Dt(e2, t, r, o, p(() => n[o]));
}
__name(C, "C");
var Mt = /* @__PURE__ */ __name(() => ({ exported: 0, failed: 0, dropped: 0, retried: 0, pending: 0, openSpans: 0, requests: 0, bytes: 0, durationMs: 0, errors: [], unfinished: [] }), "Mt");
function Nt(e2) {
  let t;
  return { p: new Promise((n) => {
    t = setTimeout(n, e2);
  }), cancel: /* @__PURE__ */ __name(() => clearTimeout(t), "cancel"), unref: /* @__PURE__ */ __name(() => typeof t == "object" && typeof t.unref == "function" && t.unref(), "unref") };
}
__name(Nt, "Nt");
async function be(e2) {
  let t = new Blob([e2]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(t).arrayBuffer());
}
__name(be, "be");
function xe(e2) {
  if (e2 === null) return -1;
  if (e2 = e2.trim(), /^\d+$/.test(e2)) return Math.min(Number(e2), 31536e3) * 1e3;
  let t = Date.parse(e2);
  return Number.isNaN(t) ? -1 : Math.max(0, t - Date.now());
}
__name(xe, "xe");
function Ee(e2) {
  try {
    let t = JSON.parse(e2).partialSuccess;
    if (t && typeof t == "object") {
      let r = Number(t.rejectedSpans ?? 0);
      return [Number.isFinite(r) && r > 0 ? r : 0, typeof t.errorMessage == "string" ? t.errorMessage.slice(0, 200) : ""];
    }
  } catch {
  }
  return [0, ""];
}
__name(Ee, "Ee");
function Lt(e2, t) {
  if (typeof t != "function") {
    e2.recordError(new TypeError("edgespan: traced() needs a function")), e2.end();
    return;
  }
  let r;
  try {
    r = t(e2);
  } catch (n) {
    throw e2.recordError(n), e2.end(), n;
  }
  return r !== null && (typeof r == "object" || typeof r == "function") && typeof r.then == "function" ? Promise.resolve(r).then((n) => (e2.end(), n), (n) => {
    throw e2.recordError(n), e2.end(), n;
  }) : (e2.end(), r);
}
__name(Lt, "Lt");
var k = class {
  static {
    __name(this, "k");
  }
  constructor(t, r, n, s, o, i, c, a, f, d) {
    this._tr = t, this._h = r, this._t = n, this._s0 = s, this._s1 = o, this._p = i, this._f = c, this._scope = a, this._root = f, this._t0 = d, this._ended = false;
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
  _call(t) {
    if (!this._live()) return this;
    try {
      t(this._tr._c, this._h);
    } catch (r) {
      r instanceof WebAssembly.RuntimeError && this._tr._fail(r);
    }
    return this;
  }
  setAttribute(t, r) {
    return this._call((n, s) => Dt(n, s, Pt, t, r));
  }
  setAttributes(t) {
    return this._call((r, n) => C(r, n, Pt, t));
  }
  log(t) {
    return this._call((r, n) => {
      if (!t || typeof t != "object") return;
      for (let [i, c] of [[0, "input"], [1, "output"]]) {
        let a = p(() => t[c]);
        a !== void 0 && (typeof a == "string" ? v(r, n, 2 * i, D(r, n, c, a), 0) : v(r, n, 2 * i + 1, D(r, n, c, jt(a)), 0));
      }
      C(r, n, fe, p(() => t.metadata)), C(r, n, le, p(() => t.metrics));
      let s = p(() => t.tags);
      if (Array.isArray(s)) for (let i of s.slice(0, J)) v(r, n, 4, x(i), 0);
      let o = p(() => t.error);
      o != null && this._error(r, n, o);
    });
  }
  addEvent(t, r) {
    return this._call((n, s) => {
      v(n, s, 7, x(t), b()), C(n, s, de, r);
    });
  }
  _error(t, r, n) {
    let [s, o, i] = It(n);
    lt(t, r, s, D(t, r, "exception.message", o), D(t, r, "exception.stacktrace", i), b());
  }
  recordError(t) {
    return this._call((r, n) => this._error(r, n, t));
  }
  setStatus(t, r) {
    let n = t === "ok" ? 8 : t === "error" ? 9 : t === "unset" ? 10 : 0;
    return n ? this._call((s, o) => v(s, o, n, r === void 0 ? "" : x(r), 0)) : this;
  }
  updateName(t) {
    return this._call((r, n) => v(r, n, 6, x(t), 0));
  }
  startSpan(t, r) {
    return this._tr._start(t, r, this);
  }
  traced(t, r, n) {
    return Lt(this.startSpan(t, n), r);
  }
  finish() {
    this.end();
    let t = this._tr, r = 0;
    if (this._root && !t._broken) try {
      r = rt(t._c, this._scope, "span was still open when its trace finished", b());
    } catch (n) {
      t._fail(n);
    }
    return t.flush().then((n) => {
      if (r > 0) {
        let s = n.unfinished.filter((o) => o.state === "incomplete").map((o) => `${o.name} (${o.spanId})`);
        t._diagnose(`edgespan: ${r} span(s) of trace ${this.traceId} were still open when it finished and were ended as incomplete: ${s.join(", ")}`);
      }
      return n;
    });
  }
  traceStream(t) {
    if (!t || typeof t.getReader != "function" || this._ended) return t;
    let r;
    try {
      r = t.getReader();
    } catch {
      return t;
    }
    let n = 0, s = 0, o = false, i = /* @__PURE__ */ __name((c, a) => {
      if (o) return;
      o = true;
      let f = { "edgespan.stream.chunks": n };
      n && (f["gen_ai.response.time_to_first_chunk"] = Math.max(0, s - this._t0) / 1e3), c === "cancel" && (f["edgespan.stream.cancelled"] = true), this.setAttributes(f), c === "error" ? this.recordError(a) : c === "ok" && this.setStatus("ok"), this.end();
    }, "i");
    return new ReadableStream({ async pull(c) {
      let a;
      try {
        a = await r.read();
      } catch (f) {
        i("error", f), c.error(f);
        return;
      }
      a.done ? (i("ok"), c.close()) : (n++ === 0 && (s = b()), c.enqueue(a.value));
    }, cancel(c) {
      return i("cancel"), r.cancel(c);
    } });
  }
  end(t) {
    if (this._ended || (this._ended = true, this._h === 0 || this._tr._broken)) return;
    let r = typeof t == "number" && Number.isFinite(t) ? t : b();
    try {
      et(this._tr._c, this._h, r) === 2 && this._tr._dropped();
    } catch (n) {
      this._tr._fail(n);
    }
  }
};
function Te() {
  return A() * 4294967296 + A();
}
__name(Te, "Te");
var Oe = typeof FinalizationRegistry == "function" ? new FinalizationRegistry((e2) => p(() => tt(e2))) : null;
var kt = /* @__PURE__ */ Symbol("edgespan.fromEnv");
var K = class e {
  static {
    __name(this, "e");
  }
  constructor(t, r) {
    let n = t === kt ? r : St(t), s = Z(n.serviceName, n.timeoutMs, n.maxQueueSpans, n.maxQueueBytes, n.maxBatchBytes, n.maxConcurrentRequests, Te());
    this._c = s, Oe?.register(this, s), this._url = n.endpoint, this._timeout = n.timeoutMs, this._gzip = n.gzip, this._headers = { "content-type": "application/json" }, n.gzip && (this._headers["content-encoding"] = "gzip");
    for (let [o, i] of n.headers) this._headers[o.toLowerCase()] = i;
    this._inflight = /* @__PURE__ */ new Set(), this._broken = null, this._shut = false, this._diag = n.onDiagnostic, this._dropNoted = false, this._scopes = 0, this._limits = `maxQueueSpans ${n.maxQueueSpans}, maxQueueBytes ${n.maxQueueBytes}`;
  }
  static fromEnv(t, r) {
    let n = vt(t), s = r !== null && typeof r == "object" ? r : {};
    return typeof s.onDiagnostic == "function" && (n.onDiagnostic = s.onDiagnostic), new e(kt, n);
  }
  _diagnose(t) {
    this._diag && p(() => this._diag(t));
  }
  _dropped() {
    this._dropNoted || (this._dropNoted = true, this._diagnose(`edgespan: span buffer full (${this._limits}): dropping spans until the next flush; FlushReport.dropped counts them`));
  }
  _memoryBytes() {
    return ft();
  }
  _fail(t) {
    this._broken ??= `edgespan internal error, tracing disabled: ${x(t && t.message ? t.message : t)}`;
  }
  _start(t, r, n, s) {
    let o = r !== null && typeof r == "object" ? r : {}, i = n ?? p(() => o.parent), c = s || (i instanceof k ? i._scope : 0), a, f = null, d = 0, l = 1;
    if (i instanceof k) a = i._t, f = [i._s0, i._s1], d = 1, l = i._f;
    else if (typeof i == "string") {
      let O = we(i);
      O && (a = O.t, f = [O.p0, O.p1], d = 2, l = O.flags);
    }
    a ??= ge();
    let _ = b(), h, m;
    do
      h = A(), m = A();
    while (!(h | m));
    let w = 0;
    if (!this._broken && !this._shut) try {
      let O = p(() => o.kind);
      w = _t(this._c, x(t), typeof O == "string" && _e[O] || 1, a[0], a[1], a[2], a[3], h, m, d, f ? f[0] : 0, f ? f[1] : 0, l, c, _);
    } catch (O) {
      this._fail(O);
    }
    w === 0 && !this._broken && !this._shut && this._dropped();
    let S = new k(this, w, a, h, m, f, l, c, !!s, _), L = p(() => o.attributes);
    return L && S.setAttributes(L), S;
  }
  startSpan(t, r) {
    return this._start(t, r, null);
  }
  startTrace(t, r) {
    let n = r !== null && typeof r == "object" ? { ...r } : {}, s = n.request;
    if (s && typeof s == "object" && typeof s.url == "string") {
      let o = p(() => s.headers), i = /* @__PURE__ */ __name((c) => p(() => o.get(c)) ?? void 0, "i");
      n.parent ??= i("traceparent"), n.kind ??= "server", n.attributes = { "http.request.method": p(() => s.method), "url.full": s.url, "user_agent.original": i("user-agent"), ...n.attributes };
    }
    return this._scopes = this._scopes % 4294967295 + 1, this._start(t, n, null, this._scopes);
  }
  instrument(t) {
    return V(t, () => this);
  }
  static instrument(t, r) {
    let n;
    return V(t, (s) => {
      if (!n) {
        let o = typeof r == "function" ? r(s) : e.fromEnv(s);
        n = o instanceof e ? o : new e(o);
      }
      return n;
    });
  }
  traced(t, r, n) {
    return Lt(this.startSpan(t, n), r);
  }
  flush() {
    let t = b(), r = this._c, n = /* @__PURE__ */ __name(() => Promise.resolve({ ...Mt(), errors: [this._broken] }), "n");
    if (this._broken) return n();
    let s, o;
    this._dropNoted = false;
    try {
      s = st(r, t), o = q(r, s, t);
    } catch (d) {
      return this._fail(d), n();
    }
    let i = /* @__PURE__ */ __name(() => {
      try {
        return JSON.parse(ct(r, s, b()));
      } catch (d) {
        return this._fail(d), { ...Mt(), errors: [this._broken] };
      }
    }, "i"), c = [...this._inflight];
    if (o === 3 && c.length === 0) return Promise.resolve(i());
    let a = o === 3 ? Promise.resolve() : this._drive(s, o), f = a.then(() => {
      this._inflight.delete(f);
    });
    return this._inflight.add(f), a.then(async () => {
      let d = i();
      if (c.length) {
        let l = Nt(Math.max(0, t + this._timeout - b()));
        l.unref(), await Promise.race([Promise.all(c).then(() => true), l.p.then(() => false)]) || d.errors.push("an earlier flush was still in flight at this flush's deadline");
      }
      return d.durationMs = Math.max(0, Math.round(b() - t)), d;
    });
  }
  async _drive(t, r) {
    let n = this._c, s = /* @__PURE__ */ new Map(), o = /* @__PURE__ */ new Map();
    try {
      for (; ; r = q(n, t, b())) {
        if (r === 1) {
          let c = pt(), a = this._send(t, c, F(), o).then(() => s.delete(c));
          s.set(c, a);
          continue;
        }
        if (r !== 2) return;
        let i = F();
        if (i < 0) {
          if (s.size === 0) return;
          await Promise.race(s.values());
        } else {
          let c = Nt(i);
          await Promise.race([...s.values(), c.p]), c.cancel();
        }
      }
    } catch (i) {
      this._fail(i), await Promise.allSettled(s.values());
    }
  }
  async _send(t, r, n, s) {
    let o = this._c, i = false, c;
    try {
      let a = s.get(r);
      a || (a = ot(o, t, r), this._gzip && (a = await be(a)), s.set(r, a)), ut(o, t, a.byteLength);
      let f = new AbortController();
      c = setTimeout(() => {
        i = true, f.abort();
      }, n);
      let d = await fetch(this._url, { method: "POST", headers: this._headers, body: a, signal: f.signal }), l = await d.text();
      clearTimeout(c);
      let [_, h] = d.ok ? Ee(l) : [0, l.slice(0, 200)];
      at(o, t, r, d.status, xe(d.headers.get("retry-after")), _, h, b());
    } catch (a) {
      clearTimeout(c);
      try {
        it(o, t, r, i, x(a && a.message ? a.message : a), b());
      } catch (f) {
        this._fail(f);
      }
    }
  }
  shutdown() {
    if (!this._shut && !this._broken) try {
      nt(this._c, "span was still open at tracer.shutdown()", b());
    } catch (t) {
      this._fail(t);
    }
    return this._shut = true, this.flush();
  }
};
gt({ module: Se });

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
  const t = getTracer(env);
  const root = t.startSpan("manual", { kind: "server" });
  const { spans, later } = await storm(root, ctx);
  root.end();
  ctx.waitUntil(later.then(() => t.flush()));
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
    } catch (e2) {
      console.error("Failed to drain the unused request body.", e2);
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
function reduceError(e2) {
  return {
    name: e2?.name,
    message: e2?.message ?? String(e2),
    stack: e2?.stack,
    cause: e2?.cause === void 0 ? void 0 : reduceError(e2.cause)
  };
}
__name(reduceError, "reduceError");
var jsonError = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  try {
    return await middlewareCtx.next(request, env);
  } catch (e2) {
    const error = reduceError(e2);
    return Response.json(error, {
      status: 500,
      headers: { "MF-Experimental-Error-Stack": "true" }
    });
  }
}, "jsonError");
var middleware_miniflare3_json_error_default = jsonError;

// .wrangler/tmp/bundle-qZsK34/middleware-insertion-facade.js
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

// .wrangler/tmp/bundle-qZsK34/middleware-loader.entry.ts
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
