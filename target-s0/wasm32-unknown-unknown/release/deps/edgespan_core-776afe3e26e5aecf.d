/work/main/target-s0/wasm32-unknown-unknown/release/deps/edgespan_core-776afe3e26e5aecf.d: crates/core/src/lib.rs crates/core/src/abi.rs crates/core/src/buffer.rs crates/core/src/clock.rs crates/core/src/config.rs crates/core/src/export/mod.rs crates/core/src/export/encoder.rs crates/core/src/export/json.rs crates/core/src/export/logs3.rs crates/core/src/export/mapping.rs crates/core/src/export/otlp_json.rs crates/core/src/export/otlp_proto.rs crates/core/src/export/partial.rs crates/core/src/export/retry.rs crates/core/src/float.rs crates/core/src/flush.rs crates/core/src/id.rs crates/core/src/llm.rs crates/core/src/presets.rs crates/core/src/redact.rs crates/core/src/sampling.rs crates/core/src/span.rs crates/core/src/span_type.rs crates/core/src/text.rs crates/core/src/tracer.rs crates/core/src/truncate.rs crates/core/src/value.rs crates/core/src/wire.rs

/work/main/target-s0/wasm32-unknown-unknown/release/deps/libedgespan_core-776afe3e26e5aecf.rlib: crates/core/src/lib.rs crates/core/src/abi.rs crates/core/src/buffer.rs crates/core/src/clock.rs crates/core/src/config.rs crates/core/src/export/mod.rs crates/core/src/export/encoder.rs crates/core/src/export/json.rs crates/core/src/export/logs3.rs crates/core/src/export/mapping.rs crates/core/src/export/otlp_json.rs crates/core/src/export/otlp_proto.rs crates/core/src/export/partial.rs crates/core/src/export/retry.rs crates/core/src/float.rs crates/core/src/flush.rs crates/core/src/id.rs crates/core/src/llm.rs crates/core/src/presets.rs crates/core/src/redact.rs crates/core/src/sampling.rs crates/core/src/span.rs crates/core/src/span_type.rs crates/core/src/text.rs crates/core/src/tracer.rs crates/core/src/truncate.rs crates/core/src/value.rs crates/core/src/wire.rs

/work/main/target-s0/wasm32-unknown-unknown/release/deps/libedgespan_core-776afe3e26e5aecf.rmeta: crates/core/src/lib.rs crates/core/src/abi.rs crates/core/src/buffer.rs crates/core/src/clock.rs crates/core/src/config.rs crates/core/src/export/mod.rs crates/core/src/export/encoder.rs crates/core/src/export/json.rs crates/core/src/export/logs3.rs crates/core/src/export/mapping.rs crates/core/src/export/otlp_json.rs crates/core/src/export/otlp_proto.rs crates/core/src/export/partial.rs crates/core/src/export/retry.rs crates/core/src/float.rs crates/core/src/flush.rs crates/core/src/id.rs crates/core/src/llm.rs crates/core/src/presets.rs crates/core/src/redact.rs crates/core/src/sampling.rs crates/core/src/span.rs crates/core/src/span_type.rs crates/core/src/text.rs crates/core/src/tracer.rs crates/core/src/truncate.rs crates/core/src/value.rs crates/core/src/wire.rs

crates/core/src/lib.rs:
crates/core/src/abi.rs:
crates/core/src/buffer.rs:
crates/core/src/clock.rs:
crates/core/src/config.rs:
crates/core/src/export/mod.rs:
crates/core/src/export/encoder.rs:
crates/core/src/export/json.rs:
crates/core/src/export/logs3.rs:
crates/core/src/export/mapping.rs:
crates/core/src/export/otlp_json.rs:
crates/core/src/export/otlp_proto.rs:
crates/core/src/export/partial.rs:
crates/core/src/export/retry.rs:
crates/core/src/float.rs:
crates/core/src/flush.rs:
crates/core/src/id.rs:
crates/core/src/llm.rs:
crates/core/src/presets.rs:
crates/core/src/redact.rs:
crates/core/src/sampling.rs:
crates/core/src/span.rs:
crates/core/src/span_type.rs:
crates/core/src/text.rs:
crates/core/src/tracer.rs:
crates/core/src/truncate.rs:
crates/core/src/value.rs:
crates/core/src/wire.rs:

# env-dep:CARGO_PKG_VERSION=0.1.0
