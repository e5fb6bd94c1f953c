/work/main/target-s0/wasm32-unknown-unknown/release/deps/scopeguard-a84395e7ff9c4822.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/scopeguard-1.2.0/src/lib.rs

/work/main/target-s0/wasm32-unknown-unknown/release/deps/libscopeguard-a84395e7ff9c4822.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/scopeguard-1.2.0/src/lib.rs

/work/main/target-s0/wasm32-unknown-unknown/release/deps/libscopeguard-a84395e7ff9c4822.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/scopeguard-1.2.0/src/lib.rs

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/scopeguard-1.2.0/src/lib.rs:
