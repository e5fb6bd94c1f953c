//! Trace attributes: what every span of a trace carries (the session, the user, tags and
//! metadata), and how each backend spells them.
//!
//! They are set on any span (`setTraceAttributes`, `Span::set_trace_attributes`) and the tracer
//! applies them to every span of the trace it still holds (open or buffered) and to every span
//! of the trace it records later ([`crate::TracerCore::set_trace_attributes`]). The encoders
//! write them in every spelling of [`SPELLINGS`] that applies to their backend:
//!
//! | field | every backend (OpenInference, GenAI, MLflow) | Langfuse | Laminar | Braintrust |
//! |---|---|---|---|---|
//! | session | `session.id`, `gen_ai.conversation.id` | `langfuse.session.id` | `lmnr.association.properties.session_id` | `session_id` in `braintrust.metadata` / the row's `metadata` |
//! | user | `user.id` | `langfuse.user.id` | `lmnr.association.properties.user_id` | `user_id` in the metadata |
//! | tags | `tag.tags` (with the span's own) | `langfuse.trace.tags` | `lmnr.association.properties.tags` | `braintrust.tags` / the row's `tags` |
//! | metadata | `metadata.<key>` (the span's own win) | `langfuse.trace.metadata.<key>` | `lmnr.association.properties.metadata.<key>` | in the metadata |

use crate::prelude::*;
use crate::value::{self, KeyValue, Value};
use crate::wire::Backend;
use alloc::vec;

/// What every span of one trace carries.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct TraceAttributes {
    /// The session (a conversation, a chat thread).
    pub session_id: Option<String>,
    /// The end user.
    pub user_id: Option<String>,
    /// Tags, each once.
    pub tags: Vec<String>,
    /// Metadata, by key.
    pub metadata: Vec<KeyValue>,
}

/// A field of [`TraceAttributes`], as [`SPELLINGS`] names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceField {
    /// The session id.
    Session,
    /// The user id.
    User,
    /// The tags (a string array).
    Tags,
    /// The metadata: the spelling is a prefix of each key.
    Metadata,
}

/// Every spelling of the trace attributes: `(backend, field, attribute)`, `None` for every
/// backend. Braintrust's session, user and metadata go into its metadata object instead (see
/// the module docs), under [`BRAINTRUST_SESSION`] and [`BRAINTRUST_USER`].
pub const SPELLINGS: &[(Option<Backend>, TraceField, &str)] = &[
    (None, TraceField::Session, "session.id"),
    (None, TraceField::Session, "gen_ai.conversation.id"),
    (None, TraceField::User, "user.id"),
    (None, TraceField::Tags, "tag.tags"),
    (None, TraceField::Metadata, "metadata."),
    (
        Some(Backend::Langfuse),
        TraceField::Session,
        "langfuse.session.id",
    ),
    (
        Some(Backend::Langfuse),
        TraceField::User,
        "langfuse.user.id",
    ),
    (
        Some(Backend::Langfuse),
        TraceField::Tags,
        "langfuse.trace.tags",
    ),
    (
        Some(Backend::Langfuse),
        TraceField::Metadata,
        "langfuse.trace.metadata.",
    ),
    (
        Some(Backend::Laminar),
        TraceField::Session,
        "lmnr.association.properties.session_id",
    ),
    (
        Some(Backend::Laminar),
        TraceField::User,
        "lmnr.association.properties.user_id",
    ),
    (
        Some(Backend::Laminar),
        TraceField::Tags,
        "lmnr.association.properties.tags",
    ),
    (
        Some(Backend::Laminar),
        TraceField::Metadata,
        "lmnr.association.properties.metadata.",
    ),
    (
        Some(Backend::Braintrust),
        TraceField::Tags,
        "braintrust.tags",
    ),
];

/// The session's key in Braintrust's metadata.
pub const BRAINTRUST_SESSION: &str = "session_id";
/// The user's key in Braintrust's metadata.
pub const BRAINTRUST_USER: &str = "user_id";

/// The fields of `setTraceAttributes({ … })` by their JS names.
pub const FIELD_NAMES: &[(&str, TraceField)] = &[
    ("sessionId", TraceField::Session),
    ("userId", TraceField::User),
    ("tags", TraceField::Tags),
    ("metadata", TraceField::Metadata),
];

/// At most this many tags and metadata entries per trace; more are left out.
pub const MAX_TRACE_ITEMS: usize = 64;

/// A value as an id: text as it is, a number in its shortest form; anything else is not an id.
fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.clone()),
        Value::Int(n) => {
            // Not `to_string`: core::fmt costs the npm build kilobytes.
            let mut o = Vec::new();
            crate::export::json::i64(&mut o, *n);
            Some(String::from_utf8(o).unwrap_or_default())
        }
        _ => None,
    }
}

impl TraceAttributes {
    /// Nothing set yet; add with the `with_*` methods.
    pub fn new() -> Self {
        Self::default()
    }

    /// The session (a conversation): `session.id`, `gen_ai.conversation.id` and each backend's
    /// spelling.
    pub fn with_session_id(mut self, id: impl Into<String>) -> Self {
        self.session_id = Some(id.into());
        self
    }

    /// The end user: `user.id` and each backend's spelling.
    pub fn with_user_id(mut self, id: impl Into<String>) -> Self {
        self.user_id = Some(id.into());
        self
    }

    /// Adds a tag (each tag once).
    pub fn with_tag(mut self, tag: impl Into<String>) -> Self {
        self.set("tags", Value::Array(vec![Value::Str(tag.into())]));
        self
    }

    /// Adds a metadata entry (a later value of a key wins).
    pub fn with_metadata(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.set("metadata", Value::Map(vec![KeyValue::new(key, value)]));
        self
    }

    /// True when there is nothing to apply.
    pub fn is_empty(&self) -> bool {
        self.session_id.is_none()
            && self.user_id.is_none()
            && self.tags.is_empty()
            && self.metadata.is_empty()
    }

    /// Sets one field by its JS name (`sessionId`, `userId`, `tags`, `metadata`): ids from text
    /// or integers, tags from an array of text (added to those set before), metadata from a map
    /// (merged, a later value of a key winning). False for an unknown name or a value of the
    /// wrong type, which changes nothing.
    pub fn set(&mut self, name: &str, v: Value) -> bool {
        let Some((_, field)) = FIELD_NAMES.iter().find(|(n, _)| *n == name) else {
            return false;
        };
        match (field, v) {
            (TraceField::Session, v) => match id_text(&v) {
                Some(id) => self.session_id = Some(id),
                None => return false,
            },
            (TraceField::User, v) => match id_text(&v) {
                Some(id) => self.user_id = Some(id),
                None => return false,
            },
            (TraceField::Tags, Value::Array(items)) => {
                for t in items {
                    let Value::Str(t) = t else { return false };
                    if self.tags.len() < MAX_TRACE_ITEMS && !self.tags.contains(&t) {
                        self.tags.push(t);
                    }
                }
            }
            (TraceField::Metadata, Value::Map(kvs)) => {
                for kv in kvs {
                    if self.metadata.len() < MAX_TRACE_ITEMS
                        || value::get(&self.metadata, &kv.key).is_some()
                    {
                        value::set(&mut self.metadata, &kv.key, kv.value);
                    }
                }
            }
            _ => return false,
        }
        true
    }

    /// `other` applied on top of this: ids replaced, tags added, metadata merged.
    pub fn merge(&mut self, other: &TraceAttributes) {
        if let Some(s) = &other.session_id {
            self.session_id = Some(s.clone());
        }
        if let Some(u) = &other.user_id {
            self.user_id = Some(u.clone());
        }
        self.set(
            "tags",
            Value::Array(other.tags.iter().cloned().map(Value::Str).collect()),
        );
        self.set("metadata", Value::Map(other.metadata.clone()));
    }

    /// The attribute names this backend reads for `field`.
    pub fn spellings(backend: Backend, field: TraceField) -> impl Iterator<Item = &'static str> {
        SPELLINGS
            .iter()
            .filter(move |(b, f, _)| *f == field && b.is_none_or(|b| b == backend))
            .map(|(_, _, k)| *k)
    }

    /// Braintrust's metadata object: the trace's metadata, the session and the user, then
    /// `own` (the span's), which wins.
    pub fn braintrust_metadata(trace: Option<&TraceAttributes>, own: &[KeyValue]) -> Vec<KeyValue> {
        let mut meta = Vec::new();
        if let Some(t) = trace {
            meta.extend(t.metadata.iter().cloned());
            for (k, v) in [
                (BRAINTRUST_SESSION, &t.session_id),
                (BRAINTRUST_USER, &t.user_id),
            ] {
                if let Some(v) = v {
                    value::set(&mut meta, k, Value::Str(v.clone()));
                }
            }
        }
        for kv in own {
            value::set(&mut meta, &kv.key, kv.value.clone());
        }
        meta
    }

    /// The span's own tags followed by the trace's that it does not have.
    pub fn all_tags(trace: Option<&TraceAttributes>, own: &[String]) -> Vec<String> {
        let mut tags = own.to_vec();
        for t in trace.map_or(&[][..], |t| &t.tags) {
            if !tags.contains(t) {
                tags.push(t.clone());
            }
        }
        tags
    }
}

/// The W3C `baggage` keys that carry a trace's session and user across Workers, Durable Objects,
/// RPC and MCP. Nothing else in a baggage header is read or forwarded.
pub const BAGGAGE_KEYS: &[(&str, TraceField)] = &[
    ("session.id", TraceField::Session),
    ("user.id", TraceField::User),
];

/// At most this many bytes of an incoming `baggage` header are read (W3C's limit).
pub const MAX_BAGGAGE_BYTES: usize = 8192;

/// A baggage value percent-encoded: every byte outside W3C's `baggage-octet` (and `%`).
fn baggage_value(o: &mut String, v: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in v.bytes() {
        let plain =
            matches!(b, 0x21 | 0x23..=0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
        if plain {
            o.push(b as char);
        } else {
            o.push('%');
            o.push(HEX[(b >> 4) as usize] as char);
            o.push(HEX[(b & 15) as usize] as char);
        }
    }
}

impl TraceAttributes {
    /// The `baggage` header value for an outgoing call: the session and user (percent-encoded),
    /// then the entries of `existing` (the request's own header, possibly empty) under other keys.
    /// Empty when there is nothing to send.
    pub fn baggage(trace: Option<&TraceAttributes>, existing: &str) -> String {
        let mut o = String::new();
        let mut written: Vec<&str> = Vec::new();
        let add = |o: &mut String, entry: &str| {
            if !o.is_empty() {
                o.push(',');
            }
            o.push_str(entry);
        };
        if let Some(t) = trace {
            for (key, field) in BAGGAGE_KEYS {
                let v = match field {
                    TraceField::Session => &t.session_id,
                    _ => &t.user_id,
                };
                if let Some(v) = v {
                    let mut entry = String::from(*key);
                    entry.push('=');
                    baggage_value(&mut entry, v);
                    add(&mut o, &entry);
                    written.push(key);
                }
            }
        }
        for entry in existing.split(',') {
            let key = entry.split(['=', ';']).next().unwrap_or("").trim();
            if !key.is_empty() && !written.contains(&key) {
                add(&mut o, entry.trim());
            }
        }
        o
    }

    /// The session and user an incoming `baggage` header carries (its first
    /// [`MAX_BAGGAGE_BYTES`]); every other entry is ignored, as are entries that do not parse.
    pub fn from_baggage(header: &str) -> TraceAttributes {
        let mut end = header.len().min(MAX_BAGGAGE_BYTES);
        while !header.is_char_boundary(end) {
            end -= 1;
        }
        let mut out = TraceAttributes::default();
        // `get`, not indexing: a slice that could panic brings core::fmt's panic text along.
        for entry in header.get(..end).unwrap_or_default().split(',') {
            // key = value, then `;`-separated properties, which carry nothing here.
            let kv = entry.split(';').next().unwrap_or("");
            let Some((k, v)) = kv.split_once('=') else {
                continue;
            };
            let Some((_, field)) = BAGGAGE_KEYS.iter().find(|(key, _)| *key == k.trim()) else {
                continue;
            };
            // Not UTF-8 once decoded: not an id we can show.
            let Ok(v) = String::from_utf8(crate::config::percent_decode_bytes(v.trim())) else {
                continue;
            };
            if v.is_empty() {
                continue;
            }
            match field {
                TraceField::Session => out.session_id = Some(v),
                _ => out.user_id = Some(v),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baggage_carries_session_and_user_and_keeps_other_entries() {
        let t = TraceAttributes::new()
            .with_session_id("conv 1,é")
            .with_user_id("u=7");
        let b = TraceAttributes::baggage(Some(&t), "team=a;p=1, session.id=old");
        assert_eq!(b, "session.id=conv%201%2C%C3%A9,user.id=u=7,team=a;p=1");
        let back = TraceAttributes::from_baggage(&b);
        assert_eq!(back.session_id.as_deref(), Some("conv 1,é"));
        assert_eq!(back.user_id.as_deref(), Some("u=7"));
        assert_eq!(TraceAttributes::baggage(None, ""), "");
        assert_eq!(TraceAttributes::baggage(None, "k=v"), "k=v");
        let none = TraceAttributes::from_baggage("other=1,session.id=,user.id;x=1,=z");
        assert!(
            none.is_empty(),
            "only non-empty session.id and user.id are read"
        );
        let long = "x".repeat(MAX_BAGGAGE_BYTES) + ",session.id=late";
        assert!(TraceAttributes::from_baggage(&long).session_id.is_none());
        assert_eq!(
            TraceAttributes::from_baggage(" session.id = s1 ;prop")
                .session_id
                .as_deref(),
            Some("s1")
        );
    }
}
