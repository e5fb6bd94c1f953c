var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// node_modules/edgespan/workerd.js
import Bt from "./5ed6dd405127af819941e68e3f4af07b700e1517-edgespan_bg.wasm";
function fe(t2, e, r, n, s, o, i, c, a) {
  let u = +e, d = +r, l = +n, p = +s, _ = +o, h = +i, g = +c, R = +a, k = w(t2, f.__wbindgen_malloc, f.__wbindgen_realloc), E = y;
  return f.create(k, E, u, d, l, p, _, h, g, R) >>> 0;
}
__name(fe, "fe");
function le(t2) {
  f.destroy(t2);
}
__name(le, "le");
function de(t2, e, r) {
  return f.end(t2, e, r);
}
__name(de, "de");
function pe(t2, e, r) {
  let n = +t2, s = +r, o = w(e, f.__wbindgen_malloc, f.__wbindgen_realloc), i = y;
  return f.end_all_open(n, o, i, s) >>> 0;
}
__name(pe, "pe");
function _e(t2, e, r, n) {
  let s = +t2, o = +e, i = +n, c = w(r, f.__wbindgen_malloc, f.__wbindgen_realloc), a = y;
  return f.end_scope(s, o, c, a, i) >>> 0;
}
__name(_e, "_e");
function he(t2, e) {
  return f.flush_begin(t2, e) >>> 0;
}
__name(he, "he");
function me(t2, e, r) {
  let n = f.flush_body(t2, e, r);
  var s = rt(n[0], n[1]).slice();
  return f.__wbindgen_free(n[0], n[1] * 1, 1), s;
}
__name(me, "me");
function ge(t2, e, r, n, s, o) {
  let i = +t2, c = +e, a = +r, u = +n, d = +o, l = w(s, f.__wbindgen_malloc, f.__wbindgen_realloc), p = y;
  f.flush_error(i, c, a, u, l, p, d);
}
__name(ge, "ge");
function be(t2, e, r) {
  let n, s;
  try {
    let o = f.flush_finish(t2, e, r);
    return n = o[0], s = o[1], Se(o[0], o[1]);
  } finally {
    f.__wbindgen_free(n, s, 1);
  }
}
__name(be, "be");
function J(t2, e, r) {
  return f.flush_poll(t2, e, r);
}
__name(J, "J");
function ye(t2, e, r, n, s, o, i, c) {
  let a = +t2, u = +e, d = +r, l = +n, p = +s, _ = +o, h = +c, g = w(i, f.__wbindgen_malloc, f.__wbindgen_realloc), R = y;
  f.flush_response(a, u, d, l, p, _, g, R, h);
}
__name(ye, "ye");
function we(t2, e, r) {
  f.flush_sent(t2, e, r);
}
__name(we, "we");
function Ee() {
  return f.memory_bytes();
}
__name(Ee, "Ee");
function xe(t2, e, r, n, s, o) {
  let i = +t2, c = +e, a = +o, u, d, l, p, _, h;
  try {
    u = w(r, f.__wbindgen_malloc, f.__wbindgen_realloc), d = y, l = w(n, f.__wbindgen_malloc, f.__wbindgen_realloc), p = y, _ = w(s, f.__wbindgen_malloc, f.__wbindgen_realloc), h = y;
  } catch (g) {
    throw _ && f.__wbindgen_free(_, h * 1, 1), l && f.__wbindgen_free(l, p * 1, 1), u && f.__wbindgen_free(u, d * 1, 1), g;
  }
  f.record_error(i, c, u, d, l, p, _, h, a);
}
__name(xe, "xe");
function Te(t2, e, r, n, s) {
  let o = +t2, i = +e, c = +r, a, u, d, l;
  try {
    a = w(n, f.__wbindgen_malloc, f.__wbindgen_realloc), u = y, d = w(s, f.__wbindgen_malloc, f.__wbindgen_realloc), l = y;
  } catch (p) {
    throw d && f.__wbindgen_free(d, l * 1, 1), a && f.__wbindgen_free(a, u * 1, 1), p;
  }
  f.set_str(o, i, c, a, u, d, l);
}
__name(Te, "Te");
function M(t2, e, r, n, s, o) {
  let i = +t2, c = +e, a = +r, u = +s, d = +o, l = w(n, f.__wbindgen_malloc, f.__wbindgen_realloc), p = y;
  f.set_val(i, c, a, l, p, u, d);
}
__name(M, "M");
function S(t2, e, r, n, s) {
  let o = +t2, i = +e, c = +r, a = +s, u = w(n, f.__wbindgen_malloc, f.__wbindgen_realloc), d = y;
  f.span_text(o, i, c, u, d, a);
}
__name(S, "S");
function Ae(t2, e, r, n, s, o, i, c, a, u, d, l, p, _, h) {
  let g = +t2, R = +r, k = +n, E = +s, ce = +o, qe = +i, Xe = +c, Je = +a, Qe = +u, Ve = +d, Ye = +l, He = +p, Ge = +_, Ze = +h, et = w(e, f.__wbindgen_malloc, f.__wbindgen_realloc), tt = y;
  return f.start(g, et, tt, R, k, E, ce, qe, Xe, Je, Qe, Ve, Ye, He, Ge, Ze);
}
__name(Ae, "Ae");
function Re() {
  return f.step_batch() >>> 0;
}
__name(Re, "Re");
function Q() {
  return f.step_ms();
}
__name(Q, "Q");
function V(t2, e, r) {
  f.v_group(t2, e, r);
}
__name(V, "V");
function A(t2, e, r) {
  let n = +t2, s = +e, o = w(r, f.__wbindgen_malloc, f.__wbindgen_realloc), i = y;
  f.v_text(n, s, o, i);
}
__name(A, "A");
function Y(t2, e, r) {
  f.v_val(t2, e, r);
}
__name(Y, "Y");
function nt() {
  return { __proto__: null, "./edgespan_bg.js": { __proto__: null, __wbg_String_0d7c448b95c18ecc: /* @__PURE__ */ __name(function(e, r) {
    let n = String(r), s = w(n, f.__wbindgen_malloc, f.__wbindgen_realloc), o = y;
    ue().setInt32((e >>> 0) + 4, o, true), ue().setInt32((e >>> 0) + 0, s, true);
  }, "__wbg_String_0d7c448b95c18ecc"), __wbg___wbindgen_throw_4c88d8bf264fd984: /* @__PURE__ */ __name(function(e, r) {
    throw new Error(Se(e, r));
  }, "__wbg___wbindgen_throw_4c88d8bf264fd984"), __wbindgen_init_externref_table: /* @__PURE__ */ __name(function() {
    let e = f.__wbindgen_externrefs;
    e.set(0, void 0), e.set(1024, void 0), e.set(1025, null), e.set(1026, true), e.set(1027, false);
  }, "__wbindgen_init_externref_table") } };
}
__name(nt, "nt");
function rt(t2, e) {
  return t2 = t2 >>> 0, N().subarray(t2 / 1, t2 / 1 + e);
}
__name(rt, "rt");
var P = null;
function ue() {
  return (P === null || P.buffer.detached === true || P.buffer.detached === void 0 && P.buffer !== f.memory.buffer) && (P = new DataView(f.memory.buffer)), P;
}
__name(ue, "ue");
function Se(t2, e) {
  return t2 = t2 >>> 0, ot(N().subarray(t2, t2 + e));
}
__name(Se, "Se");
var $ = null;
function N() {
  return ($ === null || $.byteLength === 0) && ($ = new Uint8Array(f.memory.buffer)), $;
}
__name(N, "N");
function w(t2, e, r) {
  if (r === void 0) {
    let c = I.encode(t2), a = e(c.length, 1) >>> 0;
    return N().subarray(a, a + c.length).set(c), y = c.length, a;
  }
  if (t2.length > 32) {
    let c = t2.length * 3, a = e(c, 1) >>> 0, { written: u } = I.encodeInto(t2, N().subarray(a, a + c));
    return y = u, r(a, c, u, 1) >>> 0;
  }
  let n = t2.length, s = e(n, 1) >>> 0, o = N(), i = 0;
  for (; i < n; i++) {
    let c = t2.charCodeAt(i);
    if (c > 127) break;
    o[s + i] = c;
  }
  if (i !== n) {
    i !== 0 && (t2 = t2.slice(i)), s = r(s, n, n = i + t2.length * 3, 1) >>> 0;
    let c = N().subarray(s + i, s + n), a = I.encodeInto(t2, c);
    i += a.written, s = r(s, n, i, 1) >>> 0;
  }
  return y = i, s;
}
__name(w, "w");
var K = new TextDecoder("utf-8", { ignoreBOM: true });
K.decode();
var st = 2146435072;
var X = 0;
function ot(t2) {
  return X += t2.length, X >= st && (K = new TextDecoder("utf-8", { ignoreBOM: true }), K.decode(), X = t2.length), K.decode(t2);
}
__name(ot, "ot");
var I = new TextEncoder();
"encodeInto" in I || (I.encodeInto = function(t2, e) {
  let r = I.encode(t2);
  return e.set(r), { read: t2.length, written: r.length };
});
var y = 0;
var it;
var at;
var f;
function ct(t2, e) {
  return at = t2, f = t2.exports, it = e, P = null, $ = null, f.__wbindgen_start(), f;
}
__name(ct, "ct");
function ve(t2) {
  if (f !== void 0) return f;
  t2 !== void 0 && (Object.getPrototypeOf(t2) === Object.prototype ? { module: t2 } = t2 : console.warn("using deprecated parameters for `initSync()`; pass a single object instead"));
  let e = nt();
  t2 instanceof WebAssembly.Module || (t2 = new WebAssembly.Module(t2));
  let r = new WebAssembly.Instance(t2, e);
  return ct(r, t2);
}
__name(ve, "ve");
var F = /* @__PURE__ */ __name((t2, e, r) => {
  let n = t2 !== null && typeof t2 == "object" ? t2[e] : void 0;
  if (typeof n != "string" || n.trim() === "") throw new Error(`edgespan: ${r}() needs \`${e}\` (a non-empty string)`);
  return n.trim();
}, "F");
var B = /* @__PURE__ */ __name((t2, e) => {
  let r = t2 !== null && typeof t2 == "object" ? t2[e] : void 0;
  return typeof r == "string" && r.trim() !== "" ? r.trim() : void 0;
}, "B");
var H = /* @__PURE__ */ __name((t2) => t2.replace(/\/+$/, ""), "H");
function ft(t2) {
  let e = "";
  for (let r of new TextEncoder().encode(t2)) e += String.fromCharCode(r);
  return btoa(e);
}
__name(ft, "ft");
function G(t2) {
  let e = F(t2, "apiKey", "braintrust"), r = B(t2, "projectId"), n = B(t2, "projectName");
  if (!r && !n) throw new Error("edgespan: braintrust() needs `projectId` or `projectName`");
  return { ...t2, endpoint: `${H(B(t2, "apiUrl") ?? "https://api.braintrust.dev")}/otel/v1/traces`, headers: { authorization: `Bearer ${e}`, "x-bt-parent": r ? `project_id:${r}` : `project_name:${n}` }, backend: "braintrust", apiKey: void 0, projectId: void 0, projectName: void 0, apiUrl: void 0 };
}
__name(G, "G");
function Z(t2) {
  let e = F(t2, "publicKey", "langfuse"), r = F(t2, "secretKey", "langfuse");
  return { ...t2, endpoint: `${H(B(t2, "baseUrl") ?? "https://cloud.langfuse.com")}/api/public/otel/v1/traces`, headers: { authorization: `Basic ${ft(`${e}:${r}`)}` }, backend: "langfuse", publicKey: void 0, secretKey: void 0, baseUrl: void 0 };
}
__name(Z, "Z");
function ee(t2) {
  let e = F(t2, "apiKey", "laminar");
  return { protocol: "protobuf", ...t2, endpoint: `${H(B(t2, "baseUrl") ?? "https://api.lmnr.ai:443")}/v1/traces`, headers: { authorization: `Bearer ${e}` }, backend: "laminar", apiKey: void 0, baseUrl: void 0 };
}
__name(ee, "ee");
var ke = { serviceName: "unknown_service", protobuf: true, backend: 0, timeoutMs: 25e3, maxQueueSpans: 2048, maxQueueBytes: 8 * 1024 * 1024, maxBatchBytes: 1024 * 1024, maxConcurrentRequests: 6 };
var Oe = [["timeoutMs", "timeoutMs", 600 * 1e3], ["maxQueueSpans", "maxQueueSpans", 1 << 24], ["maxQueueBytes", "maxQueueBytes (bytes)", 4294967295], ["maxBatchBytes", "maxBatchBytes", 1 << 30], ["maxConcurrentRequests", "maxConcurrentRequests", 64]];
var lt = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
var dt = /[\0-\x08\n-\x1f\x7f]/;
var x = /* @__PURE__ */ __name((t2, e = "") => {
  throw new Error(t2 + [...String(e)].slice(0, 200).join(""));
}, "x");
function Ne(t2) {
  t2.trim() === "" && x("edgespan: no endpoint configured; pass `endpoint` (the full OTLP traces URL) or set OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT");
  let e = null;
  try {
    e = new URL(t2);
  } catch {
  }
  (!e || !/^https?:\/\/[^/?#]/.test(t2) || e.protocol !== "http:" && e.protocol !== "https:" || !e.hostname || /[\0- \x7f]/.test(t2)) && x("edgespan: endpoint must be an absolute http:// or https:// URL, got: ", t2);
}
__name(Ne, "Ne");
function Ie(t2, e) {
  (!lt.test(t2) || dt.test(e)) && x("edgespan: invalid header: ", t2);
}
__name(Ie, "Ie");
function Me(t2) {
  let e = t2.trim();
  return e === "protobuf" || e === "http/protobuf" ? true : e === "json" || e === "http/json" ? false : x('edgespan: unknown protocol (expected "json", "protobuf", or OTEL_EXPORTER_OTLP_PROTOCOL=http/json or http/protobuf; Workers have no gRPC): ', e);
}
__name(Me, "Me");
function je(t2) {
  let e = t2.trim();
  return e === "gzip" ? true : e === "none" || e === "" ? false : x('edgespan: unknown compression (expected "gzip" or "none"): ', e);
}
__name(je, "je");
function Le(t2, e, r) {
  return (!Number.isInteger(t2) || t2 <= 0 || t2 > r) && x("edgespan: must be a positive integer within range: ", e), t2;
}
__name(Le, "Le");
function te(t2) {
  (t2 === null || typeof t2 != "object") && x('edgespan: new Tracer(options) needs an options object, e.g. { endpoint: "https://collector.example/v1/traces" }');
  for (let n of ["endpoint", "serviceName", "protocol", "compression", "backend"]) t2[n] !== void 0 && typeof t2[n] != "string" && x(`edgespan: option \`${n}\` must be a string`);
  for (let [n] of Oe) t2[n] !== void 0 && typeof t2[n] != "number" && x(`edgespan: option \`${n}\` must be a number`);
  t2.onDiagnostic !== void 0 && typeof t2.onDiagnostic != "function" && x("edgespan: option `onDiagnostic` must be a function");
  let e = { ...ke, endpoint: t2.endpoint ?? "", headers: [], gzip: false, onDiagnostic: t2.onDiagnostic };
  t2.serviceName !== void 0 && (e.serviceName = t2.serviceName), Ne(e.endpoint);
  let r = t2.headers;
  if (r !== void 0) {
    let n;
    typeof Headers < "u" && r instanceof Headers ? n = [...r.entries()] : Array.isArray(r) ? n = r : r !== null && typeof r == "object" ? n = Object.entries(r) : x("edgespan: option `headers` must be an object of strings");
    for (let s of n) (!Array.isArray(s) || s.length !== 2 || typeof s[0] != "string" || typeof s[1] != "string") && x("edgespan: option `headers` must map header names to string values"), Ie(s[0], s[1]), e.headers.push([s[0], s[1]]);
  }
  t2.protocol !== void 0 && (e.protobuf = Me(t2.protocol)), t2.backend !== void 0 && (e.backend = _t.indexOf(t2.backend), e.backend < 0 && x('edgespan: unknown backend (expected "otlp", "braintrust", "langfuse" or "laminar"): ', t2.backend)), t2.compression !== void 0 && (e.gzip = je(t2.compression));
  for (let [n, s, o] of Oe) t2[n] !== void 0 && (e[n] = Le(t2[n], s, o));
  return e;
}
__name(te, "te");
function Pe(t2) {
  let e = new TextEncoder(), r = [];
  for (let n = 0; n < t2.length; ) if (t2[n] === "%" && /^[0-9a-fA-F]{2}$/.test(t2.slice(n + 1, n + 3))) r.push(parseInt(t2.slice(n + 1, n + 3), 16)), n += 3;
  else {
    let s = t2.codePointAt(n), o = String.fromCodePoint(s);
    r.push(...e.encode(o)), n += o.length;
  }
  return new TextDecoder().decode(new Uint8Array(r));
}
__name(Pe, "Pe");
function pt(t2) {
  let e = [];
  for (let r of t2.split(",")) {
    if (r.trim() === "") continue;
    let n = r.indexOf("=");
    n < 0 && x("edgespan: invalid header: ", r);
    let s = Pe(r.slice(0, n).trim()), o = Pe(r.slice(n + 1).trim());
    Ie(s, o), e.push([s, o]);
  }
  return e;
}
__name(pt, "pt");
var _t = ["otlp", "braintrust", "langfuse", "laminar"];
function Ue(t2) {
  let e = /* @__PURE__ */ __name((l) => {
    let p;
    try {
      p = t2 !== null && typeof t2 == "object" ? t2[l] : void 0;
    } catch {
      p = void 0;
    }
    return typeof p == "string" && p.trim() !== "" ? p.trim() : void 0;
  }, "e"), r = e("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), n = e("OTEL_EXPORTER_OTLP_ENDPOINT");
  if (r === void 0 && n === void 0) {
    let l = ht(e);
    if (l) {
      let p = e("OTEL_SERVICE_NAME");
      return te(p === void 0 ? l : { ...l, serviceName: p });
    }
  }
  let s = r ?? (n === void 0 ? "" : n + (n.endsWith("/") ? "" : "/") + "v1/traces");
  Ne(s);
  let o = { ...ke, endpoint: s, headers: [], gzip: false }, i = e("OTEL_EXPORTER_OTLP_HEADERS");
  i !== void 0 && (o.headers = pt(i));
  let c = e("OTEL_EXPORTER_OTLP_PROTOCOL");
  c !== void 0 && (o.protobuf = Me(c));
  let a = e("OTEL_EXPORTER_OTLP_COMPRESSION");
  a !== void 0 && (o.gzip = je(a));
  let u = e("OTEL_EXPORTER_OTLP_TIMEOUT");
  u !== void 0 && (o.timeoutMs = Le(/^\d+$/.test(u) ? Number(u) : NaN, "OTEL_EXPORTER_OTLP_TIMEOUT", 600 * 1e3));
  let d = e("OTEL_SERVICE_NAME");
  return d !== void 0 && (o.serviceName = d), o;
}
__name(Ue, "Ue");
function ht(t2) {
  return t2("BRAINTRUST_API_KEY") ? G({ apiKey: t2("BRAINTRUST_API_KEY"), projectId: t2("BRAINTRUST_PROJECT_ID"), projectName: t2("BRAINTRUST_PROJECT_NAME") ?? t2("BRAINTRUST_DEFAULT_PROJECT"), apiUrl: t2("BRAINTRUST_API_URL") }) : t2("LANGFUSE_PUBLIC_KEY") || t2("LANGFUSE_SECRET_KEY") ? Z({ publicKey: t2("LANGFUSE_PUBLIC_KEY"), secretKey: t2("LANGFUSE_SECRET_KEY"), baseUrl: t2("LANGFUSE_BASE_URL") ?? t2("LANGFUSE_HOST") }) : t2("LMNR_PROJECT_API_KEY") ? ee({ apiKey: t2("LMNR_PROJECT_API_KEY"), baseUrl: t2("LMNR_BASE_URL") }) : null;
}
__name(ht, "ht");
function mt(t2) {
  return new Promise((e) => {
    let r = setTimeout(e, t2);
    typeof r == "object" && typeof r.unref == "function" && r.unref();
  });
}
__name(mt, "mt");
function $e(t2, e, r) {
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
__name($e, "$e");
async function gt(t2) {
  let e = Date.now() + 1e4;
  for (let r = 0; r < t2.length; ) {
    let n = t2.slice(r);
    r = t2.length;
    let s = e - Date.now();
    if (s <= 0) return;
    await Promise.race([Promise.all(n), mt(s)]);
  }
}
__name(gt, "gt");
function bt(t2, e) {
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
__name(bt, "bt");
function C(t2, e, r, n) {
  let s = (async () => (await n, await gt(r), e.finish()))();
  t2.waitUntil(s);
}
__name(C, "C");
function yt(t2, e) {
  return function(n, s, o) {
    let i = e(s).startTrace(String(n.method || "GET"), { request: n }), c = [], a = $e(o, i, c), u = /* @__PURE__ */ __name((l) => {
      throw i.recordError(l), C(o, i, c, null), l;
    }, "u"), d;
    try {
      d = t2.call(this, n, s, a);
    } catch (l) {
      u(l);
    }
    return Promise.resolve(d).then((l) => {
      let p = null;
      if (l instanceof Response && (i.setAttribute("http.response.status_code", l.status), l.status >= 500 && i.setStatus("error"), l.body && l.status !== 101 && !l.webSocket)) {
        let _;
        p = new Promise((g) => _ = g);
        let h = bt(l.body, (g, R) => {
          g === "cancel" && i.setAttribute("edgespan.response.cancelled", true), g === "error" && i.recordError(R), i.end(), _();
        });
        l = new Response(h, l);
      }
      return C(o, i, c, p), l;
    }, u);
  };
}
__name(yt, "yt");
function De(t2, e, r, n, s) {
  return function(o, i, c) {
    let a = e(i).startTrace(r(o), { kind: s, attributes: n(o) }), u = [], d = $e(c, a, u), l;
    try {
      l = t2.call(this, o, i, d);
    } catch (p) {
      throw a.recordError(p), C(c, a, u, null), p;
    }
    return Promise.resolve(l).then((p) => (C(c, a, u, null), p), (p) => {
      throw a.recordError(p), C(c, a, u, null), p;
    });
  };
}
__name(De, "De");
function ne(t2, e) {
  if (t2 === null || typeof t2 != "object") throw new Error("edgespan: instrument(handler) needs a Workers handler object ({ fetch, scheduled, queue, \u2026 })");
  let r = { ...t2 };
  return typeof t2.fetch == "function" && (r.fetch = yt(t2.fetch, e)), typeof t2.scheduled == "function" && (r.scheduled = De(t2.scheduled, e, (n) => `scheduled ${n?.cron ?? ""}`.trim(), (n) => ({ "faas.trigger": "timer", "faas.cron": n?.cron, "faas.time": typeof n?.scheduledTime == "number" ? new Date(n.scheduledTime).toISOString() : void 0 }), "internal")), typeof t2.queue == "function" && (r.queue = De(t2.queue, e, (n) => `process ${n?.queue ?? "queue"}`, (n) => ({ "messaging.system": "cloudflare_queues", "messaging.operation.type": "process", "messaging.destination.name": n?.queue, "messaging.batch.message_count": n?.messages?.length }), "consumer")), r;
}
__name(ne, "ne");
var Be = 0;
var wt = 1;
var Et = 2;
var xt = 3;
var j = 4;
var Tt = { __proto__: null, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
var At = 8;
var se = 1e3;
var q = 512 * 1024;
var Rt = typeof performance == "object" && typeof performance.now == "function" && performance.timeOrigin > 1e12;
var T = Rt ? () => performance.timeOrigin + performance.now() : () => Date.now();
var z = new Uint32Array(256);
var re = z.length;
function O() {
  return re === z.length && (crypto.getRandomValues(z), re = 0), z[re++];
}
__name(O, "O");
function St() {
  for (; ; ) {
    let t2 = [O(), O(), O(), O()];
    if (t2[0] | t2[1] | t2[2] | t2[3]) return t2;
  }
}
__name(St, "St");
var v = /* @__PURE__ */ __name((t2) => (t2 >>> 0).toString(16).padStart(8, "0"), "v");
var vt = /^[ \t]*([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^]*)?[ \t]*$/;
function Ot(t2) {
  let e = vt.exec(t2);
  if (!e || e[1] === "ff" || e[1] === "00" && e[5] !== void 0) return null;
  let r = [0, 8, 16, 24].map((o) => parseInt(e[2].slice(o, o + 8), 16)), n = parseInt(e[3].slice(0, 8), 16), s = parseInt(e[3].slice(8), 16);
  return !(r[0] | r[1] | r[2] | r[3]) || !(n | s) ? null : { t: r, p0: n, p1: s, flags: parseInt(e[4], 16) };
}
__name(Ot, "Ot");
function b(t2) {
  if (typeof t2 == "string") return t2;
  try {
    return String(t2);
  } catch {
    return "[unprintable]";
  }
}
__name(b, "b");
function L(t2, e, r, n) {
  if (n.length <= q) return n;
  m(() => S(t2, e, 5, r, 0));
  let s = q, o = n.charCodeAt(s - 1);
  return o >= 55296 && o <= 56319 && s--, n.slice(0, s) + "\u2026[truncated]";
}
__name(L, "L");
function m(t2) {
  try {
    return t2();
  } catch {
    return;
  }
}
__name(m, "m");
function We(t2) {
  if (t2 instanceof Error || t2 && typeof t2 == "object" && "message" in t2) {
    let e = m(() => t2.name) || m(() => t2.constructor && t2.constructor.name) || "Error";
    return [b(e), b(m(() => t2.message) ?? ""), b(m(() => t2.stack) ?? "")];
  }
  return [typeof t2 == "object" ? "Error" : typeof t2, typeof t2 == "string" ? t2 : Pt(t2), ""];
}
__name(We, "We");
function Pt(t2) {
  let e = oe(t2);
  return e.startsWith('"') ? b(t2) : e;
}
__name(Pt, "Pt");
function oe(t2) {
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
    return JSON.stringify(b(t2));
  }
}
__name(oe, "oe");
function ie(t2, e, r, n) {
  switch (typeof e) {
    case "string":
      return A(t2, 0, e.length > q ? e.slice(0, q) + "\u2026[truncated]" : e);
    case "number":
      return Y(t2, 0, e);
    case "boolean":
      return Y(t2, 1, e ? 1 : 0);
    case "bigint":
      return A(t2, 2, e.toString());
    case "undefined":
      return A(t2, 0, "undefined");
    case "function":
      return A(t2, 0, `[Function ${m(() => e.name) || "anonymous"}]`);
    case "symbol":
      return A(t2, 0, e.toString());
  }
  if (e === null) return A(t2, 0, "null");
  if (n.includes(e)) return A(t2, 0, "[Circular]");
  if (r >= At) return A(t2, 0, "[MaxDepth]");
  if (e instanceof Date) return A(t2, 0, m(() => e.toISOString()) ?? "Invalid Date");
  if (e instanceof Error) return A(t2, 0, We(e).slice(0, 2).join(": "));
  n.push(e);
  try {
    if (Array.isArray(e) || ArrayBuffer.isView(e)) {
      let s = Math.min(e.length, se);
      for (let o = 0; o < s; o++) {
        let i = m(() => e[o]);
        ie(t2, typeof i == "bigint" && !Array.isArray(e) ? Number(i) : i, r + 1, n);
      }
      V(t2, 0, s);
    } else {
      let s = e instanceof Map ? [...e.entries()] : Object.keys(e).map((i) => [i, m(() => e[i])]), o = 0;
      for (let [i, c] of s) {
        if (o === se) break;
        c !== void 0 && (A(t2, 1, b(i)), ie(t2, c, r + 1, n), o++);
      }
      V(t2, 1, o);
    }
  } catch {
    A(t2, 0, "[unreadable]");
  } finally {
    n.pop();
  }
}
__name(ie, "ie");
function U(t2, e, r, n, s) {
  switch (n = b(n), typeof s) {
    case "string":
      return Te(t2, e, r, n, L(t2, e, n, s));
    case "number":
      return M(t2, e, r, n, 0, s);
    case "boolean":
      return M(t2, e, r, n, 1, s ? 1 : 0);
    case "undefined":
      return;
  }
  s !== null && (ie(t2, s, 0, []), M(t2, e, r, n, 2, 0));
}
__name(U, "U");
function W(t2, e, r, n) {
  if (!n || typeof n != "object") return;
  let s = m(() => Object.keys(n)) ?? [];
  for (let o of s) U(t2, e, r, o, m(() => n[o]));
}
__name(W, "W");
var Ce = /* @__PURE__ */ __name(() => ({ exported: 0, failed: 0, dropped: 0, retried: 0, pending: 0, openSpans: 0, requests: 0, bytes: 0, durationMs: 0, errors: [], unfinished: [] }), "Ce");
function Ke(t2) {
  let e;
  return { p: new Promise((n) => {
    e = setTimeout(n, t2);
  }), cancel: /* @__PURE__ */ __name(() => clearTimeout(e), "cancel"), unref: /* @__PURE__ */ __name(() => typeof e == "object" && typeof e.unref == "function" && e.unref(), "unref") };
}
__name(Ke, "Ke");
async function kt(t2) {
  let e = new Blob([t2]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(e).arrayBuffer());
}
__name(kt, "kt");
function Nt(t2) {
  if (t2 === null) return -1;
  if (t2 = t2.trim(), /^\d+$/.test(t2)) return Math.min(Number(t2), 31536e3) * 1e3;
  let e = Date.parse(t2);
  return Number.isNaN(e) ? -1 : Math.max(0, e - Date.now());
}
__name(Nt, "Nt");
function It(t2, e) {
  try {
    if (e) return Mt(t2);
    let r = JSON.parse(new TextDecoder().decode(t2)).partialSuccess;
    if (r && typeof r == "object") {
      let n = Number(r.rejectedSpans ?? 0);
      return [Number.isFinite(n) && n > 0 ? n : 0, typeof r.errorMessage == "string" ? r.errorMessage.slice(0, 200) : ""];
    }
  } catch {
  }
  return [0, ""];
}
__name(It, "It");
function Mt(t2) {
  let e = 0, r = /* @__PURE__ */ __name(() => {
    let c = 0;
    for (let a = 1; e < t2.length; a *= 128) {
      let u = t2[e++];
      if (c += (u & 127) * a, u < 128) return c;
    }
    throw new Error("truncated");
  }, "r"), n = /* @__PURE__ */ __name((c) => {
    let a = [];
    for (; e < c; ) {
      let u = r(), d = u & 7;
      if (d === 0) a.push([u >>> 3, r()]);
      else if (d === 2) {
        let l = r();
        a.push([u >>> 3, [e, e + l]]), e += l;
      } else if (d === 1) e += 8;
      else if (d === 5) e += 4;
      else throw new Error("wire type");
    }
    return a;
  }, "n"), s = n(t2.length).find(([c, a]) => c === 1 && Array.isArray(a));
  if (!s) return [0, ""];
  e = s[1][0];
  let o = 0, i = "";
  for (let [c, a] of n(s[1][1])) c === 1 && typeof a == "number" && (o = a), c === 2 && Array.isArray(a) && (i = new TextDecoder().decode(t2.subarray(a[0], a[1])).slice(0, 200));
  return [o, i];
}
__name(Mt, "Mt");
var jt = /* @__PURE__ */ new Set(["temperature", "topP", "frequencyPenalty", "presencePenalty"]);
var Lt = /* @__PURE__ */ new Set(["maxTokens", "topK", "seed", "choiceCount"]);
function Ut(t2) {
  if (!t2 || typeof t2 != "object" || Array.isArray(m(() => t2.parts))) return t2;
  let e = m(() => t2.content);
  if (typeof e == "string") return { ...t2, content: void 0, parts: [{ type: "text", content: e }] };
  if (Array.isArray(e)) {
    let r = e.map((n) => n && n.type === "text" && typeof n.text == "string" ? { type: "text", content: n.text } : n);
    return { ...t2, content: void 0, parts: r };
  }
  return t2;
}
__name(Ut, "Ut");
function ze(t2, e) {
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
__name(ze, "ze");
var D = class {
  static {
    __name(this, "D");
  }
  constructor(e, r, n, s, o, i, c, a, u, d) {
    this._tr = e, this._h = r, this._t = n, this._s0 = s, this._s1 = o, this._p = i, this._f = c, this._scope = a, this._root = u, this._t0 = d, this._ended = false;
  }
  get traceId() {
    return v(this._t[0]) + v(this._t[1]) + v(this._t[2]) + v(this._t[3]);
  }
  get spanId() {
    return v(this._s0) + v(this._s1);
  }
  get parentSpanId() {
    return this._p ? v(this._p[0]) + v(this._p[1]) : void 0;
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
    return this._call((n, s) => U(n, s, Be, e, r));
  }
  setAttributes(e) {
    return this._call((r, n) => W(r, n, Be, e));
  }
  log(e) {
    return this._call((r, n) => {
      if (!e || typeof e != "object") return;
      for (let [i, c] of [[0, "input"], [1, "output"]]) {
        let a = m(() => e[c]);
        a !== void 0 && (typeof a == "string" ? S(r, n, 2 * i, L(r, n, c, a), 0) : S(r, n, 2 * i + 1, L(r, n, c, oe(a)), 0));
      }
      W(r, n, wt, m(() => e.metadata)), W(r, n, Et, m(() => e.metrics));
      let s = m(() => e.tags);
      if (Array.isArray(s)) for (let i of s.slice(0, se)) S(r, n, 4, b(i), 0);
      let o = m(() => e.error);
      o != null && this._error(r, n, o);
    });
  }
  logLLM(e) {
    return this._call((r, n) => {
      if (!e || typeof e != "object") return;
      let s = /* @__PURE__ */ __name((_, h) => _ && typeof _ == "object" ? m(() => _[h]) : void 0, "s"), o = /* @__PURE__ */ __name((_, h) => h != null && U(r, n, j, _, b(h)), "o"), i = /* @__PURE__ */ __name((_, h) => typeof h == "number" && Number.isFinite(h) && M(r, n, j, _, 0, Math.trunc(h)), "i"), c = /* @__PURE__ */ __name((_, h) => typeof h == "number" && M(r, n, j, _, 3, h), "c"), a = s(e, "operation") ?? "chat", u = s(e, "model");
      o("operation.name", a), o("provider.name", s(e, "provider")), o("request.model", u);
      for (let [_, h] of [["inputMessages", "input.messages"], ["outputMessages", "output.messages"]]) {
        let g = s(e, _);
        Array.isArray(g) && U(r, n, j, h, L(r, n, h, oe(g.map(Ut))));
      }
      let d = s(e, "usage");
      i("usage.input_tokens", s(d, "inputTokens")), i("usage.output_tokens", s(d, "outputTokens")), i("usage.cache_read.input_tokens", s(d, "cachedTokens")), i("usage.reasoning.output_tokens", s(d, "reasoningTokens"));
      let l = s(e, "params");
      for (let _ of l && typeof l == "object" && m(() => Object.keys(l)) || []) {
        let h = s(l, _), g = "request." + _.replace(/[A-Z]/g, (R) => "_" + R.toLowerCase());
        jt.has(_) ? c(g, h) : Lt.has(_) ? i(g, h) : U(r, n, j, g, h);
      }
      o("response.id", s(e, "responseId")), o("response.model", s(e, "responseModel"));
      let p = s(e, "finishReasons");
      Array.isArray(p) && U(r, n, j, "response.finish_reasons", p.map(b)), S(r, n, 11, "client", 0), S(r, n, 12, u === void 0 ? b(a) : `${b(a)} ${b(u)}`, 0);
    });
  }
  addEvent(e, r) {
    return this._call((n, s) => {
      S(n, s, 7, b(e), T()), W(n, s, xt, r);
    });
  }
  _error(e, r, n) {
    let [s, o, i] = We(n);
    xe(e, r, s, L(e, r, "exception.message", o), L(e, r, "exception.stacktrace", i), T());
  }
  recordError(e) {
    return this._call((r, n) => this._error(r, n, e));
  }
  setStatus(e, r) {
    let n = e === "ok" ? 8 : e === "error" ? 9 : e === "unset" ? 10 : 0;
    return n ? this._call((s, o) => S(s, o, n, r === void 0 ? "" : b(r), 0)) : this;
  }
  updateName(e) {
    return this._call((r, n) => S(r, n, 6, b(e), 0));
  }
  startSpan(e, r) {
    return this._tr._start(e, r, this);
  }
  traced(e, r, n) {
    return ze(this.startSpan(e, n), r);
  }
  finish() {
    this.end();
    let e = this._tr, r = 0;
    if (this._root && !e._broken) try {
      r = _e(e._c, this._scope, "span was still open when its trace finished", T());
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
    let n = 0, s = 0, o = false, i = /* @__PURE__ */ __name((c, a) => {
      if (o) return;
      o = true;
      let u = { "edgespan.stream.chunks": n };
      n && (u["gen_ai.response.time_to_first_chunk"] = Math.max(0, s - this._t0) / 1e3), c === "cancel" && (u["edgespan.stream.cancelled"] = true), this.setAttributes(u), c === "error" ? this.recordError(a) : c === "ok" && this.setStatus("ok"), this.end();
    }, "i");
    return new ReadableStream({ async pull(c) {
      let a;
      try {
        a = await r.read();
      } catch (u) {
        i("error", u), c.error(u);
        return;
      }
      a.done ? (i("ok"), c.close()) : (n++ === 0 && (s = T()), c.enqueue(a.value));
    }, cancel(c) {
      return i("cancel"), r.cancel(c);
    } });
  }
  end(e) {
    if (this._ended || (this._ended = true, this._h === 0 || this._tr._broken)) return;
    let r = typeof e == "number" && Number.isFinite(e) ? e : T();
    try {
      de(this._tr._c, this._h, r) === 2 && this._tr._dropped();
    } catch (n) {
      this._tr._fail(n);
    }
  }
};
function Dt() {
  return O() * 4294967296 + O();
}
__name(Dt, "Dt");
var $t = typeof FinalizationRegistry == "function" ? new FinalizationRegistry((t2) => m(() => le(t2))) : null;
var Fe = /* @__PURE__ */ Symbol("edgespan.fromEnv");
var ae = class t {
  static {
    __name(this, "t");
  }
  constructor(e, r) {
    let n = e === Fe ? r : te(e), s = fe(n.serviceName, n.protobuf, n.backend, n.timeoutMs, n.maxQueueSpans, n.maxQueueBytes, n.maxBatchBytes, n.maxConcurrentRequests, Dt());
    this._c = s, $t?.register(this, s), this._url = n.endpoint, this._timeout = n.timeoutMs, this._gzip = n.gzip, this._headers = { "content-type": n.protobuf ? "application/x-protobuf" : "application/json" }, n.gzip && (this._headers["content-encoding"] = "gzip");
    for (let [o, i] of n.headers) this._headers[o.toLowerCase()] = i;
    this._inflight = /* @__PURE__ */ new Set(), this._broken = null, this._shut = false, this._diag = n.onDiagnostic, this._dropNoted = false, this._scopes = 0, this._limits = `maxQueueSpans ${n.maxQueueSpans}, maxQueueBytes ${n.maxQueueBytes}`;
  }
  static fromEnv(e, r) {
    let n = Ue(e), s = r !== null && typeof r == "object" ? r : {};
    return typeof s.onDiagnostic == "function" && (n.onDiagnostic = s.onDiagnostic), new t(Fe, n);
  }
  _diagnose(e) {
    this._diag && m(() => this._diag(e));
  }
  _dropped() {
    this._dropNoted || (this._dropNoted = true, this._diagnose(`edgespan: span buffer full (${this._limits}): dropping spans until the next flush; FlushReport.dropped counts them`));
  }
  _memoryBytes() {
    return Ee();
  }
  _fail(e) {
    this._broken ??= `edgespan internal error, tracing disabled: ${b(e && e.message ? e.message : e)}`;
  }
  _start(e, r, n, s) {
    let o = r !== null && typeof r == "object" ? r : {}, i = n ?? m(() => o.parent), c = s || (i instanceof D ? i._scope : 0), a, u = null, d = 0, l = 1;
    if (i instanceof D) a = i._t, u = [i._s0, i._s1], d = 1, l = i._f;
    else if (typeof i == "string") {
      let E = Ot(i);
      E && (a = E.t, u = [E.p0, E.p1], d = 2, l = E.flags);
    }
    a ??= St();
    let p = T(), _, h;
    do
      _ = O(), h = O();
    while (!(_ | h));
    let g = 0;
    if (!this._broken && !this._shut) try {
      let E = m(() => o.kind);
      g = Ae(this._c, b(e), typeof E == "string" && Tt[E] || 1, a[0], a[1], a[2], a[3], _, h, d, u ? u[0] : 0, u ? u[1] : 0, l, c, p);
    } catch (E) {
      this._fail(E);
    }
    g === 0 && !this._broken && !this._shut && this._dropped();
    let R = new D(this, g, a, _, h, u, l, c, !!s, p), k = m(() => o.attributes);
    return k && R.setAttributes(k), R;
  }
  startSpan(e, r) {
    return this._start(e, r, null);
  }
  startTrace(e, r) {
    let n = r !== null && typeof r == "object" ? { ...r } : {}, s = n.request;
    if (s && typeof s == "object" && typeof s.url == "string") {
      let o = m(() => s.headers), i = /* @__PURE__ */ __name((c) => m(() => o.get(c)) ?? void 0, "i");
      n.parent ??= i("traceparent"), n.kind ??= "server", n.attributes = { "http.request.method": m(() => s.method), "url.full": s.url, "user_agent.original": i("user-agent"), ...n.attributes };
    }
    return this._scopes = this._scopes % 4294967295 + 1, this._start(e, n, null, this._scopes);
  }
  instrument(e) {
    return ne(e, () => this);
  }
  static instrument(e, r) {
    let n;
    return ne(e, (s) => {
      if (!n) {
        let o = typeof r == "function" ? r(s) : t.fromEnv(s);
        n = o instanceof t ? o : new t(o);
      }
      return n;
    });
  }
  traced(e, r, n) {
    return ze(this.startSpan(e, n), r);
  }
  flush() {
    let e = T(), r = this._c, n = /* @__PURE__ */ __name(() => Promise.resolve({ ...Ce(), errors: [this._broken] }), "n");
    if (this._broken) return n();
    let s, o;
    this._dropNoted = false;
    try {
      s = he(r, e), o = J(r, s, e);
    } catch (d) {
      return this._fail(d), n();
    }
    let i = /* @__PURE__ */ __name(() => {
      try {
        return JSON.parse(be(r, s, T()));
      } catch (d) {
        return this._fail(d), { ...Ce(), errors: [this._broken] };
      }
    }, "i"), c = [...this._inflight];
    if (o === 3 && c.length === 0) return Promise.resolve(i());
    let a = o === 3 ? Promise.resolve() : this._drive(s, o), u = a.then(() => {
      this._inflight.delete(u);
    });
    return this._inflight.add(u), a.then(async () => {
      let d = i();
      if (c.length) {
        let l = Ke(Math.max(0, e + this._timeout - T()));
        l.unref(), await Promise.race([Promise.all(c).then(() => true), l.p.then(() => false)]) || d.errors.push("an earlier flush was still in flight at this flush's deadline");
      }
      return d.durationMs = Math.max(0, Math.round(T() - e)), d;
    });
  }
  async _drive(e, r) {
    let n = this._c, s = /* @__PURE__ */ new Map(), o = /* @__PURE__ */ new Map();
    try {
      for (; ; r = J(n, e, T())) {
        if (r === 1) {
          let c = Re(), a = this._send(e, c, Q(), o).then(() => s.delete(c));
          s.set(c, a);
          continue;
        }
        if (r !== 2) return;
        let i = Q();
        if (i < 0) {
          if (s.size === 0) return;
          await Promise.race(s.values());
        } else {
          let c = Ke(i);
          await Promise.race([...s.values(), c.p]), c.cancel();
        }
      }
    } catch (i) {
      this._fail(i), await Promise.allSettled(s.values());
    }
  }
  async _send(e, r, n, s) {
    let o = this._c, i = false, c;
    try {
      let a = s.get(r);
      a || (a = me(o, e, r), this._gzip && (a = await kt(a)), s.set(r, a)), we(o, e, a.byteLength);
      let u = new AbortController();
      c = setTimeout(() => {
        i = true, u.abort();
      }, n);
      let d = await fetch(this._url, { method: "POST", headers: this._headers, body: a, signal: u.signal }), l = new Uint8Array(await d.arrayBuffer());
      clearTimeout(c);
      let [p, _] = d.ok ? It(l, /protobuf/.test(d.headers.get("content-type") ?? "")) : [0, new TextDecoder().decode(l.subarray(0, 800)).slice(0, 200)];
      ye(o, e, r, d.status, Nt(d.headers.get("retry-after")), p, _, T());
    } catch (a) {
      clearTimeout(c);
      try {
        ge(o, e, r, i, b(a && a.message ? a.message : a), T());
      } catch (u) {
        this._fail(u);
      }
    }
  }
  shutdown() {
    if (!this._shut && !this._broken) try {
      pe(this._c, "span was still open at tracer.shutdown()", T());
    } catch (e) {
      this._fail(e);
    }
    return this._shut = true, this.flush();
  }
};
ve({ module: Bt });

// src/index.js
var tracer;
var getTracer = /* @__PURE__ */ __name((env) => tracer ??= ae.fromEnv(env), "getTracer");
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
        for (let k = 0; k < 3; k++) await reader.read();
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
var instrumented = ae.instrument(handler, getTracer);
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
    waitUntil(p) {
      pending++;
      Promise.resolve(p).finally(() => pending--);
      ctx.waitUntil(p);
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

// .wrangler/tmp/bundle-u8TM3i/middleware-insertion-facade.js
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

// .wrangler/tmp/bundle-u8TM3i/middleware-loader.entry.ts
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
