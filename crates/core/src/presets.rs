//! Backend presets for Rust callers: the same endpoints, auth headers and attribute mappings as
//! the npm package's `braintrust()`, `braintrustLogs()`, `langfuse()`, `laminar()` and `phoenix()` (see `tests/golden/presets.json`).

use crate::config::{Config, ConfigError, EnvVars, Protocol};
use crate::prelude::*;
use crate::wire::Backend;

fn base(url: Option<&str>, default: &str) -> String {
    url.unwrap_or(default).trim_end_matches('/').to_string()
}

/// Which Braintrust project spans go to.
#[derive(Clone, Copy, Debug)]
pub enum BraintrustProject<'a> {
    /// By id (`x-bt-parent: project_id:…`).
    Id(&'a str),
    /// By name (`x-bt-parent: project_name:…`).
    Name(&'a str),
}

impl Config {
    /// Braintrust over OTLP: `{api_url}/otel/v1/traces` (default `https://api.braintrust.dev`),
    /// `Authorization: Bearer`, `x-bt-parent`, plus `braintrust.input`, `braintrust.output` and
    /// `braintrust.metadata`.
    pub fn braintrust(
        api_key: &str,
        project: BraintrustProject<'_>,
        api_url: Option<&str>,
    ) -> Config {
        let parent = match project {
            BraintrustProject::Id(id) => crate::text::cat(&["project_id:", id]),
            BraintrustProject::Name(name) => crate::text::cat(&["project_name:", name]),
        };
        let mut c = Config::new(base(api_url, "https://api.braintrust.dev") + "/otel/v1/traces")
            .with_header("authorization", crate::text::cat(&["Bearer ", api_key]))
            .with_header("x-bt-parent", parent);
        c.backend = Backend::Braintrust;
        c
    }

    /// Langfuse over OTLP: `{base_url}/api/public/otel/v1/traces` (default
    /// `https://cloud.langfuse.com`), Basic auth, `x-langfuse-ingestion-version: 4` (Langfuse's
    /// current ingestion: without it, data shows late in its UI and read APIs), plus
    /// `langfuse.observation.input` / `output`.
    pub fn langfuse(public_key: &str, secret_key: &str, base_url: Option<&str>) -> Config {
        let auth = base64(&crate::text::cat(&[public_key, ":", secret_key]));
        let mut c = Config::new(
            base(base_url, "https://cloud.langfuse.com") + "/api/public/otel/v1/traces",
        )
        .with_header("authorization", crate::text::cat(&["Basic ", &auth]))
        .with_header("x-langfuse-ingestion-version", "4");
        c.backend = Backend::Langfuse;
        c
    }

    /// Braintrust's native ingestion: rows to `{api_url}/logs3` (default
    /// `https://api.braintrust.dev`) for `project_id`, merged by id so re-sends are idempotent,
    /// `Authorization: Bearer`. Add open rows with [`Config::with_open_rows`].
    pub fn braintrust_logs(api_key: &str, project_id: &str, api_url: Option<&str>) -> Config {
        let mut c = Config::new(base(api_url, "https://api.braintrust.dev") + "/logs3")
            .with_header("authorization", crate::text::cat(&["Bearer ", api_key]));
        c.logs3 = Some(crate::config::Logs3Target {
            project_id: project_id.into(),
            open_rows: false,
        });
        c
    }

    /// Arize Phoenix over OTLP protobuf (the only encoding it takes): `{base_url}/v1/traces`
    /// (default Phoenix Cloud, `https://app.phoenix.arize.com`; a URL already ending in
    /// `/v1/traces` is used as is), `Authorization: Bearer` with an API key, and the project in
    /// `x-project-name`.
    pub fn phoenix(
        base_url: Option<&str>,
        api_key: Option<&str>,
        project_name: Option<&str>,
    ) -> Config {
        let url = base(base_url, "https://app.phoenix.arize.com");
        let endpoint = if url.ends_with("/v1/traces") {
            url
        } else {
            url + "/v1/traces"
        };
        let mut c = Config::new(endpoint).with_protocol(Protocol::Protobuf);
        if let Some(k) = api_key.filter(|k| !k.is_empty()) {
            c = c.with_header("authorization", crate::text::cat(&["Bearer ", k]));
        }
        if let Some(p) = project_name.filter(|p| !p.is_empty()) {
            c = c.with_header("x-project-name", p);
        }
        c
    }

    /// Laminar over OTLP protobuf: `{base_url}/v1/traces` (default `https://api.lmnr.ai:443`),
    /// `Authorization: Bearer`, plus `lmnr.span.input`, `lmnr.span.output` and `lmnr.span.type`.
    pub fn laminar(api_key: &str, base_url: Option<&str>) -> Config {
        let mut c = Config::new(base(base_url, "https://api.lmnr.ai:443") + "/v1/traces")
            .with_header("authorization", crate::text::cat(&["Bearer ", api_key]))
            .with_protocol(Protocol::Protobuf);
        c.backend = Backend::Laminar;
        c
    }
}

impl Config {
    /// Reads a configuration from environment variables, `get` returning a variable's value (a
    /// Worker's vars and secrets, say). The standard OTLP variables ([`EnvVars`]) come first;
    /// without an OTLP endpoint, a backend's own variables select its preset, in this order:
    /// `BRAINTRUST_API_KEY` (with `BRAINTRUST_PROJECT_ID`, `BRAINTRUST_PROJECT_NAME` or
    /// `BRAINTRUST_DEFAULT_PROJECT`, and `BRAINTRUST_API_URL`), `LANGFUSE_PUBLIC_KEY` with
    /// `LANGFUSE_SECRET_KEY` (and `LANGFUSE_BASE_URL` or `LANGFUSE_HOST`),
    /// `PHOENIX_COLLECTOR_ENDPOINT` or `PHOENIX_API_KEY` (and `PHOENIX_PROJECT_NAME`), and
    /// `LMNR_PROJECT_API_KEY` (and `LMNR_BASE_URL`). `OTEL_SERVICE_NAME` and the sampler
    /// variables apply to a preset too. Values are trimmed; empty ones count as unset. The npm
    /// package's `Tracer.fromEnv` reads the same variables by the same rule.
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let var = |k: &str| {
            get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let env = EnvVars {
            endpoint: var("OTEL_EXPORTER_OTLP_ENDPOINT"),
            traces_endpoint: var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
            headers: var("OTEL_EXPORTER_OTLP_HEADERS"),
            protocol: var("OTEL_EXPORTER_OTLP_PROTOCOL"),
            compression: var("OTEL_EXPORTER_OTLP_COMPRESSION"),
            timeout: var("OTEL_EXPORTER_OTLP_TIMEOUT"),
            service_name: var("OTEL_SERVICE_NAME"),
            sampler: var("OTEL_TRACES_SAMPLER"),
            sampler_arg: var("OTEL_TRACES_SAMPLER_ARG"),
            resource_attributes: var("OTEL_RESOURCE_ATTRIBUTES"),
        };
        if env.endpoint.is_some() || env.traces_endpoint.is_some() {
            return Config::from_env(&env);
        }
        let Some(mut c) = preset_from_vars(&var)? else {
            return Config::from_env(&env);
        };
        if let Some(name) = &env.service_name {
            c.service_name = name.clone();
        }
        c.validate()?;
        if let Some(name) = &env.sampler {
            c.sampling = crate::sampling::Sampling::from_env(name, env.sampler_arg.as_deref())?;
        }
        c.apply_resource_env(&env)?;
        Ok(c)
    }
}

// The preset a backend's own variables select, if any (see [`Config::from_vars`]).
fn preset_from_vars(var: &dyn Fn(&str) -> Option<String>) -> Result<Option<Config>, ConfigError> {
    if let Some(key) = var("BRAINTRUST_API_KEY") {
        let url = var("BRAINTRUST_API_URL");
        let c = match (
            var("BRAINTRUST_PROJECT_ID"),
            var("BRAINTRUST_PROJECT_NAME").or_else(|| var("BRAINTRUST_DEFAULT_PROJECT")),
        ) {
            (Some(id), _) => Config::braintrust(&key, BraintrustProject::Id(&id), url.as_deref()),
            (None, Some(name)) => {
                Config::braintrust(&key, BraintrustProject::Name(&name), url.as_deref())
            }
            (None, None) => return Err(ConfigError::IncompleteEnv(BRAINTRUST_NEEDS)),
        };
        return Ok(Some(c));
    }
    let (public, secret) = (var("LANGFUSE_PUBLIC_KEY"), var("LANGFUSE_SECRET_KEY"));
    if public.is_some() || secret.is_some() {
        let (Some(pk), Some(sk)) = (public, secret) else {
            return Err(ConfigError::IncompleteEnv(LANGFUSE_NEEDS));
        };
        let url = var("LANGFUSE_BASE_URL").or_else(|| var("LANGFUSE_HOST"));
        return Ok(Some(Config::langfuse(&pk, &sk, url.as_deref())));
    }
    let (url, key) = (var("PHOENIX_COLLECTOR_ENDPOINT"), var("PHOENIX_API_KEY"));
    if url.is_some() || key.is_some() {
        let project = var("PHOENIX_PROJECT_NAME");
        return Ok(Some(Config::phoenix(
            url.as_deref(),
            key.as_deref(),
            project.as_deref(),
        )));
    }
    if let Some(key) = var("LMNR_PROJECT_API_KEY") {
        return Ok(Some(Config::laminar(&key, var("LMNR_BASE_URL").as_deref())));
    }
    Ok(None)
}

// What an incomplete backend environment is told (the same text as js/env.js).
const BRAINTRUST_NEEDS: &str =
    "BRAINTRUST_API_KEY is set, but none of BRAINTRUST_PROJECT_ID, BRAINTRUST_PROJECT_NAME or BRAINTRUST_DEFAULT_PROJECT";
const LANGFUSE_NEEDS: &str =
    "Langfuse needs both LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY; only one is set";

/// Standard base64 with padding.
fn base64(text: &str) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = text.as_bytes();
    let mut out = String::with_capacity(b.len().div_ceil(3) * 4);
    for chunk in b.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            out.push(if i <= chunk.len() {
                A[(n >> shift & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        for (text, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("pk-lf:sk-lf", "cGstbGY6c2stbGY="),
            ("pk:sé", "cGs6c8Op"),
        ] {
            assert_eq!(base64(text), want, "{text}");
        }
    }
}
