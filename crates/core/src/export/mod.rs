//! Wire formats and the pure decisions around sending them.

pub mod encoder;
pub mod json;
pub mod logs3;
pub mod mapping;
pub mod otlp_json;
pub mod otlp_proto;
pub mod partial;
pub mod retry;
