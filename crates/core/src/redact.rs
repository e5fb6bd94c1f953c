//! Keeping configured credentials out of every text the SDK writes: the header values and URL
//! credentials a user configured are replaced by `[redacted]` in every collector answer and
//! network error before a report quotes it (a backend that echoes `Bearer sk-…` in its 401 body,
//! say). The drivers apply it where that text enters: the Rust driver with [`Secrets`], the npm
//! build's JS driver with `js/rules/redact.js`; `tests/vectors/redact.json` pins both.

use crate::prelude::*;

/// What replaces a secret.
pub const REDACTED: &str = "[redacted]";
/// Shorter values are not treated as secrets (they would mangle ordinary words).
const MIN_SECRET: usize = 8;

/// The secrets of one exporter. Its `Debug` prints how many, never what.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secrets(Vec<String>);

impl core::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Secrets({} redacted)", self.0.len())
    }
}

/// Header pairs whose `Debug` prints each name with `[redacted]` for its value: a type that
/// holds credentials prints them masked (`Config`, `Exporter`, an HTTP request).
pub struct RedactedHeaders<'a>(pub &'a [(String, String)]);

impl core::fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(name, _)| (name, REDACTED)))
            .finish()
    }
}

/// A URL whose `Debug` prints it without its `user:password@` part.
pub struct RedactedUrl<'a>(pub &'a str);

impl core::fmt::Debug for RedactedUrl<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(&url_without_credentials(self.0), f)
    }
}

impl Secrets {
    /// Adds a header value: the whole value, and each space-separated part (the token of
    /// `Bearer <token>`), when at least 8 bytes long.
    pub fn add_header_value(&mut self, value: &str) {
        self.add(value.as_bytes().trim_ascii());
        for part in value.as_bytes().split(|&c| c == b' ' || c == b'\t') {
            self.add(part);
        }
    }

    /// Adds the user name and password of a URL's `user:password@`, if it has them.
    pub fn add_url(&mut self, url: &str) {
        let Some(userinfo) = userinfo(url.as_bytes()) else {
            return;
        };
        self.add(userinfo);
        if let Some(colon) = userinfo.iter().position(|&c| c == b':') {
            self.add(&userinfo[..colon]);
            self.add(&userinfo[colon + 1..]);
        }
    }

    fn add(&mut self, s: &[u8]) {
        if s.len() < MIN_SECRET || self.0.iter().any(|x| x.as_bytes() == s) {
            return;
        }
        let Ok(s) = core::str::from_utf8(s) else {
            return;
        };
        // Longest first, so that a value is replaced whole before its parts. (An insertion
        // rather than a sort, and byte loops rather than str patterns: both cost kilobytes of
        // wasm otherwise.)
        let at = self
            .0
            .iter()
            .position(|x| x.len() < s.len())
            .unwrap_or(self.0.len());
        self.0.insert(at, s.into());
    }

    /// `text` with every secret replaced by [`REDACTED`].
    pub fn redact(&self, text: &str) -> String {
        let mut out = String::from(text);
        for secret in &self.0 {
            let (hay, needle) = (out.as_bytes(), secret.as_bytes());
            let mut next = String::new();
            let (mut i, mut from, mut hit) = (0, 0, false);
            while i + needle.len() <= hay.len() {
                if &hay[i..i + needle.len()] == needle {
                    // Both are valid UTF-8, so a match starts and ends on character boundaries.
                    next.push_str(out.get(from..i).unwrap_or(""));
                    next.push_str(REDACTED);
                    i += needle.len();
                    from = i;
                    hit = true;
                } else {
                    i += 1;
                }
            }
            if hit {
                next.push_str(out.get(from..).unwrap_or(""));
                out = next;
            }
        }
        out
    }

    /// True when no secret is known.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The `user:password` of `scheme://user:password@host/…`, if present.
fn userinfo(url: &[u8]) -> Option<&[u8]> {
    let start = url.windows(3).position(|w| w == b"://")? + 3;
    let rest = &url[start..];
    let end = rest
        .iter()
        .position(|&c| c == b'/' || c == b'?' || c == b'#')
        .unwrap_or(rest.len());
    let at = rest[..end].iter().rposition(|&c| c == b'@')?;
    Some(&rest[..at])
}

/// `url` without its `user:password@` part.
pub fn url_without_credentials(url: &str) -> String {
    match userinfo(url.as_bytes()) {
        Some(u) => {
            let start = url.find("://").map_or(0, |i| i + 3);
            crate::text::cat(&[&url[..start], &url[start + u.len() + 1..]])
        }
        None => url.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_tokens_and_url_credentials_are_redacted() {
        let mut s = Secrets::default();
        s.add_header_value("Bearer sk-live-123456789");
        s.add_header_value("short");
        s.add_url("https://alice:p4ssw0rd-long@collector.example/v1/traces");
        let t = s.redact(
            "401 {\"error\":\"invalid api key: Bearer sk-live-123456789\"} key=sk-live-123456789 user alice pw p4ssw0rd-long short",
        );
        assert_eq!(
            t,
            "401 {\"error\":\"invalid api key: [redacted]\"} key=[redacted] user alice pw [redacted] short"
        );
        assert_eq!(
            url_without_credentials("https://alice:pw@h.example:8443/v1/traces?x=@"),
            "https://h.example:8443/v1/traces?x=@"
        );
        assert_eq!(url_without_credentials("http://h/v1"), "http://h/v1");
    }
}
