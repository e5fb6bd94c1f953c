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
        Value::Int(n) => Some(n.to_string()),
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
