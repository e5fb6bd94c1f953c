//! What a `no_std` wasm binary must provide itself: an allocator and a panic handler.
//!
//! The panic handler traps without formatting anything, which keeps `core::fmt` out of the wasm.
//! The SDK is written not to panic; if it ever does, the trap surfaces in JS as a
//! `WebAssembly.RuntimeError`, which the JS layer catches: it disables tracing for the isolate
//! and reports it at the next flush instead of throwing into user code.
#![allow(unsafe_code)]

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
