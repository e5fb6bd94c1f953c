var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// node_modules/edgespan/workerd.js
import Jt from "./ae463b74471012c7b75caf6ea3caae22a93763bf-edgespan_bg.wasm";
function ge(e2, t, n, r) {
  let s = +e2, o = +t, i = +n, c = E(r, l.__wbindgen_malloc, l.__wbindgen_realloc), a = b;
  return l.add_exporter(s, o, i, c, a) >>> 0;
}
__name(ge, "ge");
function be(e2, t, n, r, s, o, i, c, a, u) {
  let f = +t, d = +n, _ = +s, p = +o, h = +i, g = +c, R = +a, I = +u, x, K, P, F;
  try {
    x = E(e2, l.__wbindgen_malloc, l.__wbindgen_realloc), K = b, P = E(r, l.__wbindgen_malloc, l.__wbindgen_realloc), F = b;
  } catch (G) {
    throw P && l.__wbindgen_free(P, F * 1, 1), x && l.__wbindgen_free(x, K * 1, 1), G;
  }
  return l.create(x, K, f, d, P, F, _, p, h, g, R, I) >>> 0;
}
__name(be, "be");
function ye(e2) {
  l.destroy(e2);
}
__name(ye, "ye");
function we(e2, t, n) {
  return l.end(e2, t, n);
}
__name(we, "we");
function xe(e2, t, n) {
  let r = +e2, s = +n, o = E(t, l.__wbindgen_malloc, l.__wbindgen_realloc), i = b;
  return l.end_all_open(r, o, i, s) >>> 0;
}
__name(xe, "xe");
function Ee(e2, t, n, r) {
  let s = +e2, o = +t, i = +r, c = E(n, l.__wbindgen_malloc, l.__wbindgen_realloc), a = b;
  return l.end_scope(s, o, c, a, i) >>> 0;
}
__name(Ee, "Ee");
function Te(e2, t) {
  let n = l.flush_begin(e2, t);
  var r = at(n[0], n[1]).slice();
  return l.__wbindgen_free(n[0], n[1] * 4, 4), r;
}
__name(Te, "Te");
function Ae(e2, t, n) {
  let r = l.flush_body(e2, t, n);
  var s = ct(r[0], r[1]).slice();
  return l.__wbindgen_free(r[0], r[1] * 1, 1), s;
}
__name(Ae, "Ae");
function Re(e2, t, n, r, s, o) {
  let i = +e2, c = +t, a = +n, u = +r, f = +o, d = E(s, l.__wbindgen_malloc, l.__wbindgen_realloc), _ = b;
  l.flush_error(i, c, a, u, d, _, f);
}
__name(Re, "Re");
function Se(e2, t, n) {
  let r, s;
  try {
    let o = l.flush_finish(e2, t, n);
    return r = o[0], s = o[1], je(o[0], o[1]);
  } finally {
    l.__wbindgen_free(r, s, 1);
  }
}
__name(Se, "Se");
function ee(e2, t, n) {
  return l.flush_poll(e2, t, n);
}
__name(ee, "ee");
function ve(e2, t, n, r, s, o, i, c) {
  let a = +e2, u = +t, f = +n, d = +r, _ = +s, p = +o, h = +c, g = E(i, l.__wbindgen_malloc, l.__wbindgen_realloc), R = b;
  l.flush_response(a, u, f, d, _, p, g, R, h);
}
__name(ve, "ve");
function ke(e2, t, n) {
  l.flush_sent(e2, t, n);
}
__name(ke, "ke");
function Oe() {
  return l.memory_bytes();
}
__name(Oe, "Oe");
function Ie(e2, t, n, r, s, o) {
  let i = +e2, c = +t, a = +o, u, f, d, _, p, h;
  try {
    u = E(n, l.__wbindgen_malloc, l.__wbindgen_realloc), f = b, d = E(r, l.__wbindgen_malloc, l.__wbindgen_realloc), _ = b, p = E(s, l.__wbindgen_malloc, l.__wbindgen_realloc), h = b;
  } catch (g) {
    throw p && l.__wbindgen_free(p, h * 1, 1), d && l.__wbindgen_free(d, _ * 1, 1), u && l.__wbindgen_free(u, f * 1, 1), g;
  }
  l.record_error(i, c, u, f, d, _, p, h, a);
}
__name(Ie, "Ie");
function Pe(e2, t, n, r, s) {
  let o = +e2, i = +t, c = +n, a, u, f, d;
  try {
    a = E(r, l.__wbindgen_malloc, l.__wbindgen_realloc), u = b, f = E(s, l.__wbindgen_malloc, l.__wbindgen_realloc), d = b;
  } catch (_) {
    throw f && l.__wbindgen_free(f, d * 1, 1), a && l.__wbindgen_free(a, u * 1, 1), _;
  }
  l.set_str(o, i, c, a, u, f, d);
}
__name(Pe, "Pe");
function M(e2, t, n, r, s, o) {
  let i = +e2, c = +t, a = +n, u = +s, f = +o, d = E(r, l.__wbindgen_malloc, l.__wbindgen_realloc), _ = b;
  l.set_val(i, c, a, d, _, u, f);
}
__name(M, "M");
function S(e2, t, n, r, s) {
  let o = +e2, i = +t, c = +n, a = +s, u = E(r, l.__wbindgen_malloc, l.__wbindgen_realloc), f = b;
  l.span_text(o, i, c, u, f, a);
}
__name(S, "S");
function Ne(e2, t, n, r, s, o, i, c, a, u, f, d, _, p, h) {
  let g = +e2, R = +n, I = +r, x = +s, K = +o, P = +i, F = +c, he = +a, G = +u, Ze = +f, et = +d, tt = +_, nt = +p, rt = +h, st = E(t, l.__wbindgen_malloc, l.__wbindgen_realloc), ot = b;
  return l.start(g, st, ot, R, I, x, K, P, F, he, G, Ze, et, tt, nt, rt);
}
__name(Ne, "Ne");
function te() {
  return l.step_batch() >>> 0;
}
__name(te, "te");
function ne() {
  return l.step_ms();
}
__name(ne, "ne");
function re(e2, t, n) {
  l.v_group(e2, t, n);
}
__name(re, "re");
function A(e2, t, n) {
  let r = +e2, s = +t, o = E(n, l.__wbindgen_malloc, l.__wbindgen_realloc), i = b;
  l.v_text(r, s, o, i);
}
__name(A, "A");
function se(e2, t, n) {
  l.v_val(e2, t, n);
}
__name(se, "se");
function it() {
  return { __proto__: null, "./edgespan_bg.js": { __proto__: null, __wbg_String_0d7c448b95c18ecc: /* @__PURE__ */ __name(function(t, n) {
    let r = String(n), s = E(r, l.__wbindgen_malloc, l.__wbindgen_realloc), o = b;
    me().setInt32((t >>> 0) + 4, o, true), me().setInt32((t >>> 0) + 0, s, true);
  }, "__wbg_String_0d7c448b95c18ecc"), __wbg___wbindgen_throw_4c88d8bf264fd984: /* @__PURE__ */ __name(function(t, n) {
    throw new Error(je(t, n));
  }, "__wbg___wbindgen_throw_4c88d8bf264fd984"), __wbindgen_init_externref_table: /* @__PURE__ */ __name(function() {
    let t = l.__wbindgen_externrefs;
    t.set(0, void 0), t.set(1024, void 0), t.set(1025, null), t.set(1026, true), t.set(1027, false);
  }, "__wbindgen_init_externref_table") } };
}
__name(it, "it");
function at(e2, t) {
  return e2 = e2 >>> 0, ut().subarray(e2 / 4, e2 / 4 + t);
}
__name(at, "at");
function ct(e2, t) {
  return e2 = e2 >>> 0, N().subarray(e2 / 1, e2 / 1 + t);
}
__name(ct, "ct");
var O = null;
function me() {
  return (O === null || O.buffer.detached === true || O.buffer.detached === void 0 && O.buffer !== l.memory.buffer) && (O = new DataView(l.memory.buffer)), O;
}
__name(me, "me");
function je(e2, t) {
  return e2 = e2 >>> 0, lt(N().subarray(e2, e2 + t));
}
__name(je, "je");
var W = null;
function ut() {
  return (W === null || W.byteLength === 0) && (W = new Uint32Array(l.memory.buffer)), W;
}
__name(ut, "ut");
var z = null;
function N() {
  return (z === null || z.byteLength === 0) && (z = new Uint8Array(l.memory.buffer)), z;
}
__name(N, "N");
function E(e2, t, n) {
  if (n === void 0) {
    let c = j.encode(e2), a = t(c.length, 1) >>> 0;
    return N().subarray(a, a + c.length).set(c), b = c.length, a;
  }
  if (e2.length > 32) {
    let c = e2.length * 3, a = t(c, 1) >>> 0, { written: u } = j.encodeInto(e2, N().subarray(a, a + c));
    return b = u, n(a, c, u, 1) >>> 0;
  }
  let r = e2.length, s = t(r, 1) >>> 0, o = N(), i = 0;
  for (; i < r; i++) {
    let c = e2.charCodeAt(i);
    if (c > 127) break;
    o[s + i] = c;
  }
  if (i !== r) {
    i !== 0 && (e2 = e2.slice(i)), s = n(s, r, r = i + e2.length * 3, 1) >>> 0;
    let c = N().subarray(s + i, s + r), a = j.encodeInto(e2, c);
    i += a.written, s = n(s, r, i, 1) >>> 0;
  }
  return b = i, s;
}
__name(E, "E");
var X = new TextDecoder("utf-8", { ignoreBOM: true });
X.decode();
var ft = 2146435072;
var Z = 0;
function lt(e2) {
  return Z += e2.length, Z >= ft && (X = new TextDecoder("utf-8", { ignoreBOM: true }), X.decode(), Z = e2.length), X.decode(e2);
}
__name(lt, "lt");
var j = new TextEncoder();
"encodeInto" in j || (j.encodeInto = function(e2, t) {
  let n = j.encode(e2);
  return t.set(n), { read: e2.length, written: n.length };
});
var b = 0;
var dt;
var pt;
var l;
function _t(e2, t) {
  return pt = e2, l = e2.exports, dt = t, O = null, W = null, z = null, l.__wbindgen_start(), l;
}
__name(_t, "_t");
function Me(e2) {
  if (l !== void 0) return l;
  e2 !== void 0 && (Object.getPrototypeOf(e2) === Object.prototype ? { module: e2 } = e2 : console.warn("using deprecated parameters for `initSync()`; pass a single object instead"));
  let t = it();
  e2 instanceof WebAssembly.Module || (e2 = new WebAssembly.Module(e2));
  let n = new WebAssembly.Instance(e2, t);
  return _t(n, e2);
}
__name(Me, "Me");
var U = /* @__PURE__ */ __name((e2, t, n) => {
  let r = e2 !== null && typeof e2 == "object" ? e2[t] : void 0;
  if (typeof r != "string" || r.trim() === "") throw new Error(`edgespan: ${n}() needs \`${t}\` (a non-empty string)`);
  return r.trim();
}, "U");
var L = /* @__PURE__ */ __name((e2, t) => {
  let n = e2 !== null && typeof e2 == "object" ? e2[t] : void 0;
  return typeof n == "string" && n.trim() !== "" ? n.trim() : void 0;
}, "L");
var J = /* @__PURE__ */ __name((e2) => e2.replace(/\/+$/, ""), "J");
function mt(e2) {
  let t = "";
  for (let n of new TextEncoder().encode(e2)) t += String.fromCharCode(n);
  return btoa(t);
}
__name(mt, "mt");
function oe(e2) {
  let t = U(e2, "apiKey", "braintrust"), n = L(e2, "projectId"), r = L(e2, "projectName");
  if (!n && !r) throw new Error("edgespan: braintrust() needs `projectId` or `projectName`");
  return { ...e2, endpoint: `${J(L(e2, "apiUrl") ?? "https://api.braintrust.dev")}/otel/v1/traces`, headers: { authorization: `Bearer ${t}`, "x-bt-parent": n ? `project_id:${n}` : `project_name:${r}` }, backend: "braintrust", apiKey: void 0, projectId: void 0, projectName: void 0, apiUrl: void 0 };
}
__name(oe, "oe");
function ie(e2) {
  let t = U(e2, "publicKey", "langfuse"), n = U(e2, "secretKey", "langfuse");
  return { ...e2, endpoint: `${J(L(e2, "baseUrl") ?? "https://cloud.langfuse.com")}/api/public/otel/v1/traces`, headers: { authorization: `Basic ${mt(`${t}:${n}`)}` }, backend: "langfuse", publicKey: void 0, secretKey: void 0, baseUrl: void 0 };
}
__name(ie, "ie");
function ae(e2) {
  let t = U(e2, "apiKey", "laminar");
  return { protocol: "protobuf", ...e2, endpoint: `${J(L(e2, "baseUrl") ?? "https://api.lmnr.ai:443")}/v1/traces`, headers: { authorization: `Bearer ${t}` }, backend: "laminar", apiKey: void 0, baseUrl: void 0 };
}
__name(ae, "ae");
var Q = { serviceName: "unknown_service", protobuf: true, timeoutMs: 25e3, maxQueueSpans: 2048, maxQueueBytes: 8 * 1024 * 1024, maxBatchBytes: 1024 * 1024, maxConcurrentRequests: 6 };
var Le = [["timeoutMs", "timeoutMs", 600 * 1e3], ["maxQueueSpans", "maxQueueSpans", 1 << 24], ["maxQueueBytes", "maxQueueBytes (bytes)", 4294967295], ["maxBatchBytes", "maxBatchBytes", 1 << 30], ["maxConcurrentRequests", "maxConcurrentRequests", 64]];
var bt = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
var yt = /[\0-\x08\n-\x1f\x7f]/;
var y = /* @__PURE__ */ __name((e2, t = "") => {
  throw new Error(e2 + [...String(t)].slice(0, 200).join(""));
}, "y");
function De(e2) {
  e2.trim() === "" && y("edgespan: no endpoint configured; pass `endpoint` (the full OTLP traces URL) or set OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT");
  let t = null;
  try {
    t = new URL(e2);
  } catch {
  }
  (!t || !/^https?:\/\/[^/?#]/.test(e2) || t.protocol !== "http:" && t.protocol !== "https:" || !t.hostname || /[\0- \x7f]/.test(e2)) && y("edgespan: endpoint must be an absolute http:// or https:// URL, got: ", e2);
}
__name(De, "De");
function Be(e2, t) {
  (!bt.test(e2) || yt.test(t)) && y("edgespan: invalid header: ", e2);
}
__name(Be, "Be");
function Ce(e2) {
  let t = e2.trim();
  return t === "protobuf" || t === "http/protobuf" ? true : t === "json" || t === "http/json" ? false : y('edgespan: unknown protocol (expected "json", "protobuf", or OTEL_EXPORTER_OTLP_PROTOCOL=http/json or http/protobuf; Workers have no gRPC): ', t);
}
__name(Ce, "Ce");
function Ke(e2) {
  let t = e2.trim();
  return t === "gzip" ? true : t === "none" || t === "" ? false : y('edgespan: unknown compression (expected "gzip" or "none"): ', t);
}
__name(Ke, "Ke");
function Fe(e2, t, n) {
  return (!Number.isInteger(e2) || e2 <= 0 || e2 > n) && y("edgespan: must be a positive integer within range: ", t), e2;
}
__name(Fe, "Fe");
function Ue(e2, t) {
  (e2 === null || typeof e2 != "object") && y(`edgespan: ${t} must be an options object`);
  for (let s of ["endpoint", "protocol", "compression", "backend", "format", "projectId"]) e2[s] !== void 0 && typeof e2[s] != "string" && y(`edgespan: option \`${s}\` must be a string`);
  let n = { endpoint: e2.endpoint ?? "", headers: [], kind: Q.protobuf ? 0 : 1, gzip: false, backend: 0, projectId: "" };
  De(n.endpoint);
  let r = e2.headers;
  if (r !== void 0) {
    let s;
    typeof Headers < "u" && r instanceof Headers ? s = [...r.entries()] : Array.isArray(r) ? s = r : r !== null && typeof r == "object" ? s = Object.entries(r) : y("edgespan: option `headers` must be an object of strings");
    for (let o of s) (!Array.isArray(o) || o.length !== 2 || typeof o[0] != "string" || typeof o[1] != "string") && y("edgespan: option `headers` must map header names to string values"), Be(o[0], o[1]), n.headers.push([o[0], o[1]]);
  }
  return e2.protocol !== void 0 && (n.kind = Ce(e2.protocol) ? 0 : 1), e2.backend !== void 0 && (n.backend = xt.indexOf(e2.backend), n.backend < 0 && y('edgespan: unknown backend (expected "otlp", "braintrust", "langfuse" or "laminar"): ', e2.backend)), e2.format !== void 0 && e2.format !== "otlp" && (e2.format !== "logs3" && y('edgespan: unknown format (expected "otlp" or "logs3"): ', e2.format), e2.projectId || y("edgespan: the logs3 format needs `projectId`"), n.kind = 2, n.projectId = e2.projectId), e2.compression !== void 0 && (n.gzip = Ke(e2.compression)), n;
}
__name(Ue, "Ue");
function ce(e2) {
  (e2 === null || typeof e2 != "object") && y('edgespan: new Tracer(options) needs an options object, e.g. { endpoint: "https://collector.example/v1/traces" }'), e2.serviceName !== void 0 && typeof e2.serviceName != "string" && y("edgespan: option `serviceName` must be a string");
  for (let [n] of Le) e2[n] !== void 0 && typeof e2[n] != "number" && y(`edgespan: option \`${n}\` must be a number`);
  e2.onDiagnostic !== void 0 && typeof e2.onDiagnostic != "function" && y("edgespan: option `onDiagnostic` must be a function");
  let t = { ...Q, onDiagnostic: e2.onDiagnostic };
  e2.serviceName !== void 0 && (t.serviceName = e2.serviceName), e2.exporters !== void 0 ? ((!Array.isArray(e2.exporters) || e2.exporters.length === 0 || e2.exporters.length > 8) && y("edgespan: option `exporters` must list 1 to 8 destinations"), t.exporters = e2.exporters.map((n, r) => Ue(n, `exporters[${r}]`))) : t.exporters = [Ue(e2, "options")];
  for (let [n, r, s] of Le) e2[n] !== void 0 && (t[n] = Fe(e2[n], r, s));
  return t;
}
__name(ce, "ce");
function $e(e2) {
  let t = new TextEncoder(), n = [];
  for (let r = 0; r < e2.length; ) if (e2[r] === "%" && /^[0-9a-fA-F]{2}$/.test(e2.slice(r + 1, r + 3))) n.push(parseInt(e2.slice(r + 1, r + 3), 16)), r += 3;
  else {
    let s = e2.codePointAt(r), o = String.fromCodePoint(s);
    n.push(...t.encode(o)), r += o.length;
  }
  return new TextDecoder().decode(new Uint8Array(n));
}
__name($e, "$e");
function wt(e2) {
  let t = [];
  for (let n of e2.split(",")) {
    if (n.trim() === "") continue;
    let r = n.indexOf("=");
    r < 0 && y("edgespan: invalid header: ", n);
    let s = $e(n.slice(0, r).trim()), o = $e(n.slice(r + 1).trim());
    Be(s, o), t.push([s, o]);
  }
  return t;
}
__name(wt, "wt");
var xt = ["otlp", "braintrust", "langfuse", "laminar"];
function We(e2) {
  let t = /* @__PURE__ */ __name((_) => {
    let p;
    try {
      p = e2 !== null && typeof e2 == "object" ? e2[_] : void 0;
    } catch {
      p = void 0;
    }
    return typeof p == "string" && p.trim() !== "" ? p.trim() : void 0;
  }, "t"), n = t("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), r = t("OTEL_EXPORTER_OTLP_ENDPOINT");
  if (n === void 0 && r === void 0) {
    let _ = Et(t);
    if (_) {
      let p = t("OTEL_SERVICE_NAME");
      return ce(p === void 0 ? _ : { ..._, serviceName: p });
    }
  }
  let s = n ?? (r === void 0 ? "" : r + (r.endsWith("/") ? "" : "/") + "v1/traces");
  De(s);
  let o = { ...Q }, i = { endpoint: s, headers: [], kind: Q.protobuf ? 0 : 1, gzip: false, backend: 0, projectId: "" };
  o.exporters = [i];
  let c = t("OTEL_EXPORTER_OTLP_HEADERS");
  c !== void 0 && (i.headers = wt(c));
  let a = t("OTEL_EXPORTER_OTLP_PROTOCOL");
  a !== void 0 && (i.kind = Ce(a) ? 0 : 1);
  let u = t("OTEL_EXPORTER_OTLP_COMPRESSION");
  u !== void 0 && (i.gzip = Ke(u));
  let f = t("OTEL_EXPORTER_OTLP_TIMEOUT");
  f !== void 0 && (o.timeoutMs = Fe(/^\d+$/.test(f) ? Number(f) : NaN, "OTEL_EXPORTER_OTLP_TIMEOUT", 600 * 1e3));
  let d = t("OTEL_SERVICE_NAME");
  return d !== void 0 && (o.serviceName = d), o;
}
__name(We, "We");
function Et(e2) {
  return e2("BRAINTRUST_API_KEY") ? oe({ apiKey: e2("BRAINTRUST_API_KEY"), projectId: e2("BRAINTRUST_PROJECT_ID"), projectName: e2("BRAINTRUST_PROJECT_NAME") ?? e2("BRAINTRUST_DEFAULT_PROJECT"), apiUrl: e2("BRAINTRUST_API_URL") }) : e2("LANGFUSE_PUBLIC_KEY") || e2("LANGFUSE_SECRET_KEY") ? ie({ publicKey: e2("LANGFUSE_PUBLIC_KEY"), secretKey: e2("LANGFUSE_SECRET_KEY"), baseUrl: e2("LANGFUSE_BASE_URL") ?? e2("LANGFUSE_HOST") }) : e2("LMNR_PROJECT_API_KEY") ? ae({ apiKey: e2("LMNR_PROJECT_API_KEY"), baseUrl: e2("LMNR_BASE_URL") }) : null;
}
__name(Et, "Et");
function Tt(e2) {
  return new Promise((t) => {
    let n = setTimeout(t, e2);
    typeof n == "object" && typeof n.unref == "function" && n.unref();
  });
}
__name(Tt, "Tt");
function qe(e2, t, n) {
  let r = /* @__PURE__ */ __name((s) => {
    let o = Promise.resolve(s).then(() => {
    }, () => {
    });
    n.push(o), e2.waitUntil(s);
  }, "r");
  return new Proxy(e2, { get(s, o) {
    if (o === "waitUntil") return r;
    if (o === "span") return t;
    let i = Reflect.get(s, o, s);
    return typeof i == "function" ? i.bind(s) : i;
  } });
}
__name(qe, "qe");
async function At(e2) {
  let t = Date.now() + 1e4;
  for (let n = 0; n < e2.length; ) {
    let r = e2.slice(n);
    n = e2.length;
    let s = t - Date.now();
    if (s <= 0) return;
    await Promise.race([Promise.all(r), Tt(s)]);
  }
}
__name(At, "At");
function Rt(e2, t) {
  let n = e2.getReader();
  return new ReadableStream({ async pull(r) {
    let s;
    try {
      s = await n.read();
    } catch (o) {
      t("error", o), r.error(o);
      return;
    }
    s.done ? (t("ok"), r.close()) : r.enqueue(s.value);
  }, cancel(r) {
    return t("cancel"), n.cancel(r);
  } });
}
__name(Rt, "Rt");
function q(e2, t, n, r) {
  let s = (async () => (await r, await At(n), t.finish()))();
  e2.waitUntil(s);
}
__name(q, "q");
function St(e2, t) {
  return function(r, s, o) {
    let i = t(s).startTrace(String(r.method || "GET"), { request: r }), c = [], a = qe(o, i, c), u = /* @__PURE__ */ __name((d) => {
      throw i.recordError(d), q(o, i, c, null), d;
    }, "u"), f;
    try {
      f = e2.call(this, r, s, a);
    } catch (d) {
      u(d);
    }
    return Promise.resolve(f).then((d) => {
      let _ = null;
      if (d instanceof Response && (i.setAttribute("http.response.status_code", d.status), d.status >= 500 && i.setStatus("error"), d.body && d.status !== 101 && !d.webSocket)) {
        let p;
        _ = new Promise((g) => p = g);
        let h = Rt(d.body, (g, R) => {
          g === "cancel" && i.setAttribute("edgespan.response.cancelled", true), g === "error" && i.recordError(R), i.end(), p();
        });
        d = new Response(h, d);
      }
      return q(o, i, c, _), d;
    }, u);
  };
}
__name(St, "St");
function ze(e2, t, n, r, s) {
  return function(o, i, c) {
    let a = t(i).startTrace(n(o), { kind: s, attributes: r(o) }), u = [], f = qe(c, a, u), d;
    try {
      d = e2.call(this, o, i, f);
    } catch (_) {
      throw a.recordError(_), q(c, a, u, null), _;
    }
    return Promise.resolve(d).then((_) => (q(c, a, u, null), _), (_) => {
      throw a.recordError(_), q(c, a, u, null), _;
    });
  };
}
__name(ze, "ze");
function ue(e2, t) {
  if (e2 === null || typeof e2 != "object") throw new Error("edgespan: instrument(handler) needs a Workers handler object ({ fetch, scheduled, queue, \u2026 })");
  let n = { ...e2 };
  return typeof e2.fetch == "function" && (n.fetch = St(e2.fetch, t)), typeof e2.scheduled == "function" && (n.scheduled = ze(e2.scheduled, t, (r) => `scheduled ${r?.cron ?? ""}`.trim(), (r) => ({ "faas.trigger": "timer", "faas.cron": r?.cron, "faas.time": typeof r?.scheduledTime == "number" ? new Date(r.scheduledTime).toISOString() : void 0 }), "internal")), typeof e2.queue == "function" && (n.queue = ze(e2.queue, t, (r) => `process ${r?.queue ?? "queue"}`, (r) => ({ "messaging.system": "cloudflare_queues", "messaging.operation.type": "process", "messaging.destination.name": r?.queue, "messaging.batch.message_count": r?.messages?.length }), "consumer")), n;
}
__name(ue, "ue");
var Xe = 0;
var vt = 1;
var kt = 2;
var Ot = 3;
var $ = 4;
var It = { __proto__: null, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
var Pt = 8;
var le = 1e3;
var H = 512 * 1024;
var Nt = typeof performance == "object" && typeof performance.now == "function" && performance.timeOrigin > 1e12;
var T = Nt ? () => performance.timeOrigin + performance.now() : () => Date.now();
var Y = new Uint32Array(256);
var fe = Y.length;
function k() {
  return fe === Y.length && (crypto.getRandomValues(Y), fe = 0), Y[fe++];
}
__name(k, "k");
function jt() {
  for (; ; ) {
    let e2 = [k(), k(), k(), k()];
    if (e2[0] | e2[1] | e2[2] | e2[3]) return e2;
  }
}
__name(jt, "jt");
var v = /* @__PURE__ */ __name((e2) => (e2 >>> 0).toString(16).padStart(8, "0"), "v");
var Mt = /^[ \t]*([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^]*)?[ \t]*$/;
function Lt(e2) {
  let t = Mt.exec(e2);
  if (!t || t[1] === "ff" || t[1] === "00" && t[5] !== void 0) return null;
  let n = [0, 8, 16, 24].map((o) => parseInt(t[2].slice(o, o + 8), 16)), r = parseInt(t[3].slice(0, 8), 16), s = parseInt(t[3].slice(8), 16);
  return !(n[0] | n[1] | n[2] | n[3]) || !(r | s) ? null : { t: n, p0: r, p1: s, flags: parseInt(t[4], 16) };
}
__name(Lt, "Lt");
function w(e2) {
  if (typeof e2 == "string") return e2;
  try {
    return String(e2);
  } catch {
    return "[unprintable]";
  }
}
__name(w, "w");
function D(e2, t, n, r) {
  if (r.length <= H) return r;
  m(() => S(e2, t, 5, n, 0));
  let s = H, o = r.charCodeAt(s - 1);
  return o >= 55296 && o <= 56319 && s--, r.slice(0, s) + "\u2026[truncated]";
}
__name(D, "D");
function m(e2) {
  try {
    return e2();
  } catch {
    return;
  }
}
__name(m, "m");
function He(e2) {
  if (e2 instanceof Error || e2 && typeof e2 == "object" && "message" in e2) {
    let t = m(() => e2.name) || m(() => e2.constructor && e2.constructor.name) || "Error";
    return [w(t), w(m(() => e2.message) ?? ""), w(m(() => e2.stack) ?? "")];
  }
  return [typeof e2 == "object" ? "Error" : typeof e2, typeof e2 == "string" ? e2 : Ut(e2), ""];
}
__name(He, "He");
function Ut(e2) {
  let t = de(e2);
  return t.startsWith('"') ? w(e2) : t;
}
__name(Ut, "Ut");
function de(e2) {
  e2 instanceof Error && (e2 = { name: e2.name, message: e2.message, stack: e2.stack });
  try {
    let n = JSON.stringify(e2);
    if (n !== void 0) return n;
  } catch {
  }
  let t = [];
  try {
    let n = JSON.stringify(e2, function(r, s) {
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
    return n === void 0 ? "null" : n;
  } catch {
    return JSON.stringify(w(e2));
  }
}
__name(de, "de");
function pe(e2, t, n, r) {
  switch (typeof t) {
    case "string":
      return A(e2, 0, t.length > H ? t.slice(0, H) + "\u2026[truncated]" : t);
    case "number":
      return se(e2, 0, t);
    case "boolean":
      return se(e2, 1, t ? 1 : 0);
    case "bigint":
      return A(e2, 2, t.toString());
    case "undefined":
      return A(e2, 0, "undefined");
    case "function":
      return A(e2, 0, `[Function ${m(() => t.name) || "anonymous"}]`);
    case "symbol":
      return A(e2, 0, t.toString());
  }
  if (t === null) return A(e2, 0, "null");
  if (r.includes(t)) return A(e2, 0, "[Circular]");
  if (n >= Pt) return A(e2, 0, "[MaxDepth]");
  if (t instanceof Date) return A(e2, 0, m(() => t.toISOString()) ?? "Invalid Date");
  if (t instanceof Error) return A(e2, 0, He(t).slice(0, 2).join(": "));
  r.push(t);
  try {
    if (Array.isArray(t) || ArrayBuffer.isView(t)) {
      let s = Math.min(t.length, le);
      for (let o = 0; o < s; o++) {
        let i = m(() => t[o]);
        pe(e2, typeof i == "bigint" && !Array.isArray(t) ? Number(i) : i, n + 1, r);
      }
      re(e2, 0, s);
    } else {
      let s = t instanceof Map ? [...t.entries()] : Object.keys(t).map((i) => [i, m(() => t[i])]), o = 0;
      for (let [i, c] of s) {
        if (o === le) break;
        c !== void 0 && (A(e2, 1, w(i)), pe(e2, c, n + 1, r), o++);
      }
      re(e2, 1, o);
    }
  } catch {
    A(e2, 0, "[unreadable]");
  } finally {
    r.pop();
  }
}
__name(pe, "pe");
function B(e2, t, n, r, s) {
  switch (r = w(r), typeof s) {
    case "string":
      return Pe(e2, t, n, r, D(e2, t, r, s));
    case "number":
      return M(e2, t, n, r, 0, s);
    case "boolean":
      return M(e2, t, n, r, 1, s ? 1 : 0);
    case "undefined":
      return;
  }
  s !== null && (pe(e2, s, 0, []), M(e2, t, n, r, 2, 0));
}
__name(B, "B");
function V(e2, t, n, r) {
  if (!r || typeof r != "object") return;
  let s = m(() => Object.keys(r)) ?? [];
  for (let o of s) B(e2, t, n, o, m(() => r[o]));
}
__name(V, "V");
var Je = /* @__PURE__ */ __name(() => ({ exported: 0, failed: 0, dropped: 0, retried: 0, pending: 0, openSpans: 0, requests: 0, bytes: 0, durationMs: 0, errors: [], unfinished: [] }), "Je");
function Qe(e2) {
  let t;
  return { p: new Promise((r) => {
    t = setTimeout(r, e2);
  }), cancel: /* @__PURE__ */ __name(() => clearTimeout(t), "cancel"), unref: /* @__PURE__ */ __name(() => typeof t == "object" && typeof t.unref == "function" && t.unref(), "unref") };
}
__name(Qe, "Qe");
async function $t(e2) {
  let t = new Blob([e2]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(t).arrayBuffer());
}
__name($t, "$t");
function Dt(e2) {
  if (e2 === null) return -1;
  if (e2 = e2.trim(), /^\d+$/.test(e2)) return Math.min(Number(e2), 31536e3) * 1e3;
  let t = Date.parse(e2);
  return Number.isNaN(t) ? -1 : Math.max(0, t - Date.now());
}
__name(Dt, "Dt");
function Bt(e2, t) {
  try {
    if (t) return Ct(e2);
    let n = JSON.parse(new TextDecoder().decode(e2)).partialSuccess;
    if (n && typeof n == "object") {
      let r = Number(n.rejectedSpans ?? 0);
      return [Number.isFinite(r) && r > 0 ? r : 0, typeof n.errorMessage == "string" ? n.errorMessage.slice(0, 200) : ""];
    }
  } catch {
  }
  return [0, ""];
}
__name(Bt, "Bt");
function Ct(e2) {
  let t = 0, n = /* @__PURE__ */ __name(() => {
    let c = 0;
    for (let a = 1; t < e2.length; a *= 128) {
      let u = e2[t++];
      if (c += (u & 127) * a, u < 128) return c;
    }
    throw new Error("truncated");
  }, "n"), r = /* @__PURE__ */ __name((c) => {
    let a = [];
    for (; t < c; ) {
      let u = n(), f = u & 7;
      if (f === 0) a.push([u >>> 3, n()]);
      else if (f === 2) {
        let d = n();
        a.push([u >>> 3, [t, t + d]]), t += d;
      } else if (f === 1) t += 8;
      else if (f === 5) t += 4;
      else throw new Error("wire type");
    }
    return a;
  }, "r"), s = r(e2.length).find(([c, a]) => c === 1 && Array.isArray(a));
  if (!s) return [0, ""];
  t = s[1][0];
  let o = 0, i = "";
  for (let [c, a] of r(s[1][1])) c === 1 && typeof a == "number" && (o = a), c === 2 && Array.isArray(a) && (i = new TextDecoder().decode(e2.subarray(a[0], a[1])).slice(0, 200));
  return [o, i];
}
__name(Ct, "Ct");
var Kt = /* @__PURE__ */ new Set(["temperature", "topP", "frequencyPenalty", "presencePenalty"]);
var Ft = /* @__PURE__ */ new Set(["maxTokens", "topK", "seed", "choiceCount"]);
function Wt(e2) {
  if (!e2 || typeof e2 != "object" || Array.isArray(m(() => e2.parts))) return e2;
  let t = m(() => e2.content);
  if (typeof t == "string") return { ...e2, content: void 0, parts: [{ type: "text", content: t }] };
  if (Array.isArray(t)) {
    let n = t.map((r) => r && r.type === "text" && typeof r.text == "string" ? { type: "text", content: r.text } : r);
    return { ...e2, content: void 0, parts: n };
  }
  return e2;
}
__name(Wt, "Wt");
var Ve = ["exported", "failed", "retried", "pending", "requests", "bytes", "dropped"];
function zt(e2, t) {
  if (e2.length === 1) return e2[0];
  let n = { ...e2[0], errors: [], exporters: [] };
  for (let r of Ve) n[r] = 0;
  return e2.forEach((r, s) => {
    for (let p of Ve) n[p] += r[p];
    let o = t[s].exp.name;
    for (let p of r.errors) n.errors.push(`${o}: ${p}`);
    let { exported: i, failed: c, retried: a, pending: u, requests: f, bytes: d, errors: _ } = r;
    n.exporters.push({ name: o, exported: i, failed: c, retried: a, pending: u, requests: f, bytes: d, errors: _ });
  }), n;
}
__name(zt, "zt");
function Ge(e2, t) {
  if (typeof t != "function") {
    e2.recordError(new TypeError("edgespan: traced() needs a function")), e2.end();
    return;
  }
  let n;
  try {
    n = t(e2);
  } catch (r) {
    throw e2.recordError(r), e2.end(), r;
  }
  return n !== null && (typeof n == "object" || typeof n == "function") && typeof n.then == "function" ? Promise.resolve(n).then((r) => (e2.end(), r), (r) => {
    throw e2.recordError(r), e2.end(), r;
  }) : (e2.end(), n);
}
__name(Ge, "Ge");
var C = class {
  static {
    __name(this, "C");
  }
  constructor(t, n, r, s, o, i, c, a, u, f) {
    this._tr = t, this._h = n, this._t = r, this._s0 = s, this._s1 = o, this._p = i, this._f = c, this._scope = a, this._root = u, this._t0 = f, this._ended = false;
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
  _call(t) {
    if (!this._live()) return this;
    try {
      t(this._tr._c, this._h);
    } catch (n) {
      n instanceof WebAssembly.RuntimeError && this._tr._fail(n);
    }
    return this;
  }
  setAttribute(t, n) {
    return this._call((r, s) => B(r, s, Xe, t, n));
  }
  setAttributes(t) {
    return this._call((n, r) => V(n, r, Xe, t));
  }
  log(t) {
    return this._call((n, r) => {
      if (!t || typeof t != "object") return;
      for (let [i, c] of [[0, "input"], [1, "output"]]) {
        let a = m(() => t[c]);
        a !== void 0 && (typeof a == "string" ? S(n, r, 2 * i, D(n, r, c, a), 0) : S(n, r, 2 * i + 1, D(n, r, c, de(a)), 0));
      }
      V(n, r, vt, m(() => t.metadata)), V(n, r, kt, m(() => t.metrics));
      let s = m(() => t.tags);
      if (Array.isArray(s)) for (let i of s.slice(0, le)) S(n, r, 4, w(i), 0);
      let o = m(() => t.error);
      o != null && this._error(n, r, o);
    });
  }
  logLLM(t) {
    return this._call((n, r) => {
      if (!t || typeof t != "object") return;
      let s = /* @__PURE__ */ __name((p, h) => p && typeof p == "object" ? m(() => p[h]) : void 0, "s"), o = /* @__PURE__ */ __name((p, h) => h != null && B(n, r, $, p, w(h)), "o"), i = /* @__PURE__ */ __name((p, h) => typeof h == "number" && Number.isFinite(h) && M(n, r, $, p, 0, Math.trunc(h)), "i"), c = /* @__PURE__ */ __name((p, h) => typeof h == "number" && M(n, r, $, p, 3, h), "c"), a = s(t, "operation") ?? "chat", u = s(t, "model");
      o("operation.name", a), o("provider.name", s(t, "provider")), o("request.model", u);
      for (let [p, h] of [["inputMessages", "input.messages"], ["outputMessages", "output.messages"]]) {
        let g = s(t, p);
        Array.isArray(g) && B(n, r, $, h, D(n, r, h, de(g.map(Wt))));
      }
      let f = s(t, "usage");
      i("usage.input_tokens", s(f, "inputTokens")), i("usage.output_tokens", s(f, "outputTokens")), i("usage.cache_read.input_tokens", s(f, "cachedTokens")), i("usage.reasoning.output_tokens", s(f, "reasoningTokens"));
      let d = s(t, "params");
      for (let p of d && typeof d == "object" && m(() => Object.keys(d)) || []) {
        let h = s(d, p), g = "request." + p.replace(/[A-Z]/g, (R) => "_" + R.toLowerCase());
        Kt.has(p) ? c(g, h) : Ft.has(p) ? i(g, h) : B(n, r, $, g, h);
      }
      o("response.id", s(t, "responseId")), o("response.model", s(t, "responseModel"));
      let _ = s(t, "finishReasons");
      Array.isArray(_) && B(n, r, $, "response.finish_reasons", _.map(w)), S(n, r, 11, "client", 0), S(n, r, 12, u === void 0 ? w(a) : `${w(a)} ${w(u)}`, 0);
    });
  }
  addEvent(t, n) {
    return this._call((r, s) => {
      S(r, s, 7, w(t), T()), V(r, s, Ot, n);
    });
  }
  _error(t, n, r) {
    let [s, o, i] = He(r);
    Ie(t, n, s, D(t, n, "exception.message", o), D(t, n, "exception.stacktrace", i), T());
  }
  recordError(t) {
    return this._call((n, r) => this._error(n, r, t));
  }
  setStatus(t, n) {
    let r = t === "ok" ? 8 : t === "error" ? 9 : t === "unset" ? 10 : 0;
    return r ? this._call((s, o) => S(s, o, r, n === void 0 ? "" : w(n), 0)) : this;
  }
  updateName(t) {
    return this._call((n, r) => S(n, r, 6, w(t), 0));
  }
  startSpan(t, n) {
    return this._tr._start(t, n, this);
  }
  traced(t, n, r) {
    return Ge(this.startSpan(t, r), n);
  }
  finish() {
    this.end();
    let t = this._tr, n = 0;
    if (this._root && !t._broken) try {
      n = Ee(t._c, this._scope, "span was still open when its trace finished", T());
    } catch (r) {
      t._fail(r);
    }
    return t.flush().then((r) => {
      if (n > 0) {
        let s = r.unfinished.filter((o) => o.state === "incomplete").map((o) => `${o.name} (${o.spanId})`);
        t._diagnose(`edgespan: ${n} span(s) of trace ${this.traceId} were still open when it finished and were ended as incomplete: ${s.join(", ")}`);
      }
      return r;
    });
  }
  traceStream(t) {
    if (!t || typeof t.getReader != "function" || this._ended) return t;
    let n;
    try {
      n = t.getReader();
    } catch {
      return t;
    }
    let r = 0, s = 0, o = false, i = /* @__PURE__ */ __name((c, a) => {
      if (o) return;
      o = true;
      let u = { "edgespan.stream.chunks": r };
      r && (u["gen_ai.response.time_to_first_chunk"] = Math.max(0, s - this._t0) / 1e3), c === "cancel" && (u["edgespan.stream.cancelled"] = true), this.setAttributes(u), c === "error" ? this.recordError(a) : c === "ok" && this.setStatus("ok"), this.end();
    }, "i");
    return new ReadableStream({ async pull(c) {
      let a;
      try {
        a = await n.read();
      } catch (u) {
        i("error", u), c.error(u);
        return;
      }
      a.done ? (i("ok"), c.close()) : (r++ === 0 && (s = T()), c.enqueue(a.value));
    }, cancel(c) {
      return i("cancel"), n.cancel(c);
    } });
  }
  end(t) {
    if (this._ended || (this._ended = true, this._h === 0 || this._tr._broken)) return;
    let n = typeof t == "number" && Number.isFinite(t) ? t : T();
    try {
      we(this._tr._c, this._h, n) === 2 && this._tr._dropped();
    } catch (r) {
      this._tr._fail(r);
    }
  }
};
function qt() {
  return k() * 4294967296 + k();
}
__name(qt, "qt");
var Xt = typeof FinalizationRegistry == "function" ? new FinalizationRegistry((e2) => m(() => ye(e2))) : null;
var Ye = /* @__PURE__ */ Symbol("edgespan.fromEnv");
var _e = class e {
  static {
    __name(this, "e");
  }
  constructor(t, n) {
    let r = t === Ye ? n : ce(t), [s, ...o] = r.exporters, i = be(r.serviceName, s.kind, s.backend, s.projectId, r.timeoutMs, r.maxQueueSpans, r.maxQueueBytes, r.maxBatchBytes, r.maxConcurrentRequests, qt());
    for (let c of o) ge(i, c.kind, c.backend, c.projectId);
    this._c = i, Xt?.register(this, i), this._timeout = r.timeoutMs, this._exp = r.exporters.map((c) => {
      let a = { "content-type": c.kind === 0 ? "application/x-protobuf" : "application/json" };
      c.gzip && (a["content-encoding"] = "gzip");
      for (let [u, f] of c.headers) a[u.toLowerCase()] = f;
      return { url: c.endpoint, headers: a, gzip: c.gzip, name: `${["otlp", "otlp", "logs3"][c.kind]} ${c.endpoint}` };
    }), this._inflight = /* @__PURE__ */ new Set(), this._broken = null, this._shut = false, this._diag = r.onDiagnostic, this._dropNoted = false, this._scopes = 0, this._limits = `maxQueueSpans ${r.maxQueueSpans}, maxQueueBytes ${r.maxQueueBytes}`;
  }
  static fromEnv(t, n) {
    let r = We(t), s = n !== null && typeof n == "object" ? n : {};
    return typeof s.onDiagnostic == "function" && (r.onDiagnostic = s.onDiagnostic), new e(Ye, r);
  }
  _diagnose(t) {
    this._diag && m(() => this._diag(t));
  }
  _dropped() {
    this._dropNoted || (this._dropNoted = true, this._diagnose(`edgespan: span buffer full (${this._limits}): dropping spans until the next flush; FlushReport.dropped counts them`));
  }
  _memoryBytes() {
    return Oe();
  }
  _fail(t) {
    this._broken ??= `edgespan internal error, tracing disabled: ${w(t && t.message ? t.message : t)}`;
  }
  _start(t, n, r, s) {
    let o = n !== null && typeof n == "object" ? n : {}, i = r ?? m(() => o.parent), c = s || (i instanceof C ? i._scope : 0), a, u = null, f = 0, d = 1;
    if (i instanceof C) a = i._t, u = [i._s0, i._s1], f = 1, d = i._f;
    else if (typeof i == "string") {
      let x = Lt(i);
      x && (a = x.t, u = [x.p0, x.p1], f = 2, d = x.flags);
    }
    a ??= jt();
    let _ = T(), p, h;
    do
      p = k(), h = k();
    while (!(p | h));
    let g = 0;
    if (!this._broken && !this._shut) try {
      let x = m(() => o.kind);
      g = Ne(this._c, w(t), typeof x == "string" && It[x] || 1, a[0], a[1], a[2], a[3], p, h, f, u ? u[0] : 0, u ? u[1] : 0, d, c, _);
    } catch (x) {
      this._fail(x);
    }
    g === 0 && !this._broken && !this._shut && this._dropped();
    let R = new C(this, g, a, p, h, u, d, c, !!s, _), I = m(() => o.attributes);
    return I && R.setAttributes(I), R;
  }
  startSpan(t, n) {
    return this._start(t, n, null);
  }
  startTrace(t, n) {
    let r = n !== null && typeof n == "object" ? { ...n } : {}, s = r.request;
    if (s && typeof s == "object" && typeof s.url == "string") {
      let o = m(() => s.headers), i = /* @__PURE__ */ __name((c) => m(() => o.get(c)) ?? void 0, "i");
      r.parent ??= i("traceparent"), r.kind ??= "server", r.attributes = { "http.request.method": m(() => s.method), "url.full": s.url, "user_agent.original": i("user-agent"), ...r.attributes };
    }
    return this._scopes = this._scopes % 4294967295 + 1, this._start(t, r, null, this._scopes);
  }
  instrument(t) {
    return ue(t, () => this);
  }
  static instrument(t, n) {
    let r;
    return ue(t, (s) => {
      if (!r) {
        let o = typeof n == "function" ? n(s) : e.fromEnv(s);
        r = o instanceof e ? o : new e(o);
      }
      return r;
    });
  }
  traced(t, n, r) {
    return Ge(this.startSpan(t, r), n);
  }
  flush() {
    let t = T(), n = this._c, r = /* @__PURE__ */ __name(() => Promise.resolve({ ...Je(), errors: [this._broken] }), "r");
    if (this._broken) return r();
    let s;
    this._dropNoted = false;
    try {
      s = Array.from(Te(n, t), (f, d) => {
        let _ = ee(n, f, t);
        return { id: f, exp: this._exp[d] ?? this._exp[0], first: [_, te(), ne()] };
      });
    } catch (f) {
      return this._fail(f), r();
    }
    let o = /* @__PURE__ */ __name(() => {
      try {
        return zt(s.map((f) => JSON.parse(Se(n, f.id, T()))), s);
      } catch (f) {
        return this._fail(f), { ...Je(), errors: [this._broken] };
      }
    }, "o"), i = [...this._inflight], c = s.filter((f) => f.first[0] !== 3);
    if (c.length === 0 && i.length === 0) return Promise.resolve(o());
    let a = Promise.all(c.map((f) => this._drive(f.id, f.first, f.exp))), u = a.then(() => {
      this._inflight.delete(u);
    });
    return this._inflight.add(u), a.then(async () => {
      let f = o();
      if (i.length) {
        let d = Qe(Math.max(0, t + this._timeout - T()));
        d.unref(), await Promise.race([Promise.all(i).then(() => true), d.p.then(() => false)]) || f.errors.push("an earlier flush was still in flight at this flush's deadline");
      }
      return f.durationMs = Math.max(0, Math.round(T() - t)), f;
    });
  }
  async _drive(t, n, r) {
    let s = this._c, o = /* @__PURE__ */ new Map(), i = /* @__PURE__ */ new Map(), c = /* @__PURE__ */ __name(() => [ee(s, t, T()), te(), ne()], "c");
    try {
      for (let [a, u, f] = n; ; [a, u, f] = c()) {
        if (a === 1) {
          let d = this._send(t, u, f, i, r).then(() => o.delete(u));
          o.set(u, d);
          continue;
        }
        if (a !== 2) return;
        if (f < 0) {
          if (o.size === 0) return;
          await Promise.race(o.values());
        } else {
          let d = Qe(f);
          await Promise.race([...o.values(), d.p]), d.cancel();
        }
      }
    } catch (a) {
      this._fail(a), await Promise.allSettled(o.values());
    }
  }
  async _send(t, n, r, s, o) {
    let i = this._c, c = false, a;
    try {
      let u = s.get(n);
      u || (u = Ae(i, t, n), o.gzip && (u = await $t(u)), s.set(n, u)), ke(i, t, u.byteLength);
      let f = new AbortController();
      a = setTimeout(() => {
        c = true, f.abort();
      }, r);
      let d = await fetch(o.url, { method: "POST", headers: o.headers, body: u, signal: f.signal }), _ = new Uint8Array(await d.arrayBuffer());
      clearTimeout(a);
      let [p, h] = d.ok ? Bt(_, /protobuf/.test(d.headers.get("content-type") ?? "")) : [0, new TextDecoder().decode(_.subarray(0, 800)).slice(0, 200)];
      ve(i, t, n, d.status, Dt(d.headers.get("retry-after")), p, h, T());
    } catch (u) {
      clearTimeout(a);
      try {
        Re(i, t, n, c, w(u && u.message ? u.message : u), T());
      } catch (f) {
        this._fail(f);
      }
    }
  }
  shutdown() {
    if (!this._shut && !this._broken) try {
      xe(this._c, "span was still open at tracer.shutdown()", T());
    } catch (t) {
      this._fail(t);
    }
    return this._shut = true, this.flush();
  }
};
Me({ module: Jt });

// src/index.js
var tracer;
var getTracer = /* @__PURE__ */ __name((env) => tracer ??= _e.fromEnv(env), "getTracer");
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
      case "/enqueue": {
        const n = Number(url.searchParams.get("n") ?? 3);
        await env.JOBS.sendBatch(Array.from({ length: n }, (_, id) => ({ body: { id } })));
        return Response.json({ queued: n });
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
handler.queue = async (batch, env, ctx) => {
  for (const m2 of batch.messages) {
    const s = ctx.span.startSpan("job", { attributes: { "job.id": String(m2.body.id) } });
    await sleep(1);
    s.end();
    m2.ack();
  }
};
handler.scheduled = async (controller, env, ctx) => {
  const job = ctx.span.startSpan("cron.job");
  await sleep(2);
  job.end();
  const tail = ctx.span.startSpan("cron.tail");
  ctx.waitUntil(sleep(5).then(() => tail.end()));
};
var instrumented = _e.instrument(handler, getTracer);
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
  queue: /* @__PURE__ */ __name((batch, env, ctx) => instrumented.queue(batch, env, counting(ctx)), "queue"),
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

// .wrangler/tmp/bundle-aAhRA1/middleware-insertion-facade.js
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

// .wrangler/tmp/bundle-aAhRA1/middleware-loader.entry.ts
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
