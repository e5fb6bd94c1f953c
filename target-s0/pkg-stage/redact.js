// Keeping configured credentials out of reports: header values (and the token of `Bearer
// <token>`) and URL credentials are replaced by `[redacted]` in every collector answer and
// network error before the core quotes it. The same rule as edgespan_core::Secrets, pinned by
// tests/vectors/redact.json. Pure: no wasm.

export const REDACTED = '[redacted]';
const MIN_SECRET = 8; // bytes of UTF-8
const bytes = (s) => new TextEncoder().encode(s).length;

// The user:password of scheme://user:password@host/…, if present.
function userinfo(url) {
  const start = url.indexOf('://');
  if (start < 0) return null;
  const rest = url.slice(start + 3);
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  return at < 0 ? null : authority.slice(0, at);
}

/** The secrets of a tracer's exporters ({ endpoint, headers: [[name, value]] }), longest first. */
export function secretsOf(exporters) {
  const out = [];
  const add = (s) => {
    if (bytes(s) >= MIN_SECRET && !out.includes(s)) out.push(s);
  };
  for (const e of exporters) {
    for (const [, v] of e.headers) {
      add(v.replace(/^[ \t\r\n\f]+|[ \t\r\n\f]+$/g, ''));
      for (const part of v.split(/[ \t]/)) add(part);
    }
    const u = userinfo(e.endpoint);
    if (u !== null) {
      add(u);
      const colon = u.indexOf(':');
      if (colon >= 0) {
        add(u.slice(0, colon));
        add(u.slice(colon + 1));
      }
    }
  }
  return out.sort((a, b) => bytes(b) - bytes(a));
}

/** `text` with every secret replaced. */
export function redact(text, secrets) {
  for (const s of secrets) if (text.includes(s)) text = text.split(s).join(REDACTED);
  return text;
}

/** `url` without its user:password@. */
export function withoutCredentials(url) {
  const u = userinfo(url);
  if (u === null) return url;
  const start = url.indexOf('://') + 3;
  return url.slice(0, start) + url.slice(start + u.length + 1);
}
