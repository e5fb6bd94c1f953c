/work/main/target-s0/wasm32-unknown-unknown/release/deps/cfg_if-79022e55aeb25faa.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cfg-if-1.0.5/src/lib.rs

/work/main/target-s0/wasm32-unknown-unknown/release/deps/libcfg_if-79022e55aeb25faa.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cfg-if-1.0.5/src/lib.rs

/work/main/target-s0/wasm32-unknown-unknown/release/deps/libcfg_if-79022e55aeb25faa.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cfg-if-1.0.5/src/lib.rs

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cfg-if-1.0.5/src/lib.rs:
