// Backend presets: each returns TracerOptions with the backend's OTLP endpoint, its auth headers
// and its extra attribute mapping (see crates/core/src/export/mapping.rs and docs/backends.md).

const need = (o, k, what) => {
  const v = o !== null && typeof o === 'object' ? o[k] : undefined;
  if (typeof v !== 'string' || v.trim() === '') throw new Error(`edgespan: ${what}() needs \`${k}\` (a non-empty string)`);
  return v.trim();
};
const opt = (o, k) => {
  const v = o !== null && typeof o === 'object' ? o[k] : undefined;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};
const base = (url) => url.replace(/\/+$/, '');

// Base64 of UTF-8 text (btoa alone only takes Latin-1).
function base64(text) {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Braintrust over OTLP: `{apiUrl}/otel/v1/traces`, `Authorization: Bearer`, `x-bt-parent`. */
export function braintrust(o) {
  const apiKey = need(o, 'apiKey', 'braintrust');
  const projectId = opt(o, 'projectId');
  const projectName = opt(o, 'projectName');
  if (!projectId && !projectName) throw new Error('edgespan: braintrust() needs `projectId` or `projectName`');
  return {
    ...o,
    endpoint: `${base(opt(o, 'apiUrl') ?? 'https://api.braintrust.dev')}/otel/v1/traces`,
    headers: { authorization: `Bearer ${apiKey}`, 'x-bt-parent': projectId ? `project_id:${projectId}` : `project_name:${projectName}` },
    backend: 'braintrust',
    apiKey: undefined, projectId: undefined, projectName: undefined, apiUrl: undefined,
  };
}

/** Langfuse over OTLP: `{baseUrl}/api/public/otel/v1/traces` with Basic auth and Langfuse's
 * current ingestion version. */
export function langfuse(o) {
  const pk = need(o, 'publicKey', 'langfuse');
  const sk = need(o, 'secretKey', 'langfuse');
  return {
    ...o,
    endpoint: `${base(opt(o, 'baseUrl') ?? 'https://cloud.langfuse.com')}/api/public/otel/v1/traces`,
    headers: { authorization: `Basic ${base64(`${pk}:${sk}`)}`, 'x-langfuse-ingestion-version': '4' },
    backend: 'langfuse',
    publicKey: undefined, secretKey: undefined, baseUrl: undefined,
  };
}

/** Laminar over OTLP protobuf: `{baseUrl}/v1/traces`, `Authorization: Bearer`. */
export function laminar(o) {
  const apiKey = need(o, 'apiKey', 'laminar');
  return {
    protocol: 'protobuf',
    ...o,
    endpoint: `${base(opt(o, 'baseUrl') ?? 'https://api.lmnr.ai:443')}/v1/traces`,
    headers: { authorization: `Bearer ${apiKey}` },
    backend: 'laminar',
    apiKey: undefined, baseUrl: undefined,
  };
}

/** Braintrust's native ingestion: rows to `{apiUrl}/logs3`, merged by id (idempotent re-sends). */
export function braintrustLogs(o) {
  const apiKey = need(o, 'apiKey', 'braintrustLogs');
  const projectId = need(o, 'projectId', 'braintrustLogs');
  return {
    ...o,
    endpoint: `${base(opt(o, 'apiUrl') ?? 'https://api.braintrust.dev')}/logs3`,
    headers: { authorization: `Bearer ${apiKey}` },
    format: 'logs3',
    projectId,
    apiKey: undefined, apiUrl: undefined,
  };
}

/** Arize Phoenix over OTLP protobuf (the only encoding it takes): `{baseUrl}/v1/traces` (default
 * Phoenix Cloud), `Authorization: Bearer` when `apiKey` is given, and the project in
 * `x-project-name`. Phoenix reads the default mapping's OpenInference attributes. */
export function phoenix(o = {}) {
  const apiKey = opt(o, 'apiKey');
  const projectName = opt(o, 'projectName');
  const headers = {};
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  if (projectName) headers['x-project-name'] = projectName;
  const url = base(opt(o, 'baseUrl') ?? 'https://app.phoenix.arize.com');
  return {
    ...o,
    endpoint: url.endsWith('/v1/traces') ? url : `${url}/v1/traces`,
    headers,
    protocol: 'protobuf',
    apiKey: undefined, baseUrl: undefined, projectName: undefined,
  };
}
