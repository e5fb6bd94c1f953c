//! The npm package's wasm: the only `#[wasm_bindgen]` surface of edgespan.
//!
//! A low-level binding for the hand-written JS layer (`js/`), not a public API. The exports are
//! free functions over numbers and strings, and tracers live in a registry indexed by a small
//! integer, so the generated glue stays tiny and no call pays for a class wrapper or a borrow
//! flag. Every number with a meaning comes from `edgespan_core::abi`, which `js/abi.js` mirrors
//! (checked by `tests/abi.rs`). Nothing here panics: unknown tracer ids, stale span handles and
//! unknown flush ids are ignored.
//!
//! Natively this crate is empty: it exists for `wasm32-unknown-unknown`.
#![cfg_attr(target_arch = "wasm32", no_std)]
#![deny(unsafe_code)]

#[cfg(target_arch = "wasm32")]
extern crate alloc;

#[cfg(target_arch = "wasm32")]
mod exports;
#[cfg(target_arch = "wasm32")]
mod registry;
#[cfg(target_arch = "wasm32")]
mod runtime;

#[cfg(target_arch = "wasm32")]
pub(crate) use exports::Staged;
