/work/main/target-s0/wasm32-unknown-unknown/release/deps/edgespan_wasm.d: crates/wasm/src/lib.rs crates/wasm/src/exports.rs crates/wasm/src/registry.rs crates/wasm/src/runtime.rs

/work/main/target-s0/wasm32-unknown-unknown/release/deps/edgespan_wasm.wasm: crates/wasm/src/lib.rs crates/wasm/src/exports.rs crates/wasm/src/registry.rs crates/wasm/src/runtime.rs

/work/main/target-s0/wasm32-unknown-unknown/release/deps/libedgespan_wasm.rlib: crates/wasm/src/lib.rs crates/wasm/src/exports.rs crates/wasm/src/registry.rs crates/wasm/src/runtime.rs

crates/wasm/src/lib.rs:
crates/wasm/src/exports.rs:
crates/wasm/src/registry.rs:
crates/wasm/src/runtime.rs:
