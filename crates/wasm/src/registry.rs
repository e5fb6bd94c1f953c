//! The live tracers of this wasm instance, indexed by small integers handed to JS.
//!
//! wasm32 without the atomics feature runs one thread, and no function holding the registry
//! calls back into user JS (the only import used meanwhile is `String(number)`), so there is
//! never more than one borrow at a time. That is what makes the `unsafe` below sound; it replaces
//! wasm-bindgen's per-object borrow flags, whose panic paths and glue cost bytes on every call.
#![allow(unsafe_code)]

use crate::Staged;
use alloc::vec::Vec;
use core::cell::UnsafeCell;
use edgespan_core::abi::scratch;
use edgespan_core::{FlushJob, TracerCore};

/// One tracer's state plus what the JS driver needs around it.
pub(crate) struct Core {
    pub t: TracerCore,
    pub jobs: Vec<Option<FlushJob>>,
    pub stage: Vec<Staged>,
    /// How many exporters `add_exporter` has set (the first replaces the core's default one).
    pub exporters: u32,
}

struct Global<T>(UnsafeCell<T>);

// SAFETY: single-threaded wasm (see the module docs).
unsafe impl<T> Sync for Global<T> {}

impl<T> Global<T> {
    #[allow(clippy::mut_from_ref)]
    fn get(&self) -> &mut T {
        // SAFETY: single-threaded, and each static below is borrowed by one function at a time:
        // `with` holds CORES while its closure may touch STEP or SCRATCH, never CORES again;
        // STEP and SCRATCH are only read and written by plain copies.
        unsafe { &mut *self.0.get() }
    }
}

static CORES: Global<Vec<Option<Core>>> = Global(UnsafeCell::new(Vec::new()));
/// The step registers: the batch and duration of the last `flush_poll`, and the length of the
/// last `flush_body`.
#[derive(Clone, Copy, Default)]
pub(crate) struct StepRegs {
    pub batch: u32,
    pub ms: f64,
    pub body_len: u32,
}

static STEP: Global<StepRegs> = Global(UnsafeCell::new(StepRegs {
    batch: 0,
    ms: 0.0,
    body_len: 0,
}));
static SCRATCH: Global<[f64; scratch::LEN as usize]> =
    Global(UnsafeCell::new([0.0; scratch::LEN as usize]));

/// Runs `f` on tracer `c`; returns `R::default()` for an unknown id.
pub(crate) fn with<R: Default>(c: u32, f: impl FnOnce(&mut Core) -> R) -> R {
    match CORES
        .get()
        .get_mut((c as usize).wrapping_sub(1))
        .and_then(Option::as_mut)
    {
        Some(core) => f(core),
        None => R::default(),
    }
}

/// Registers a tracer; ids start at 1 (0 means "failed").
pub(crate) fn insert(t: TracerCore) -> u32 {
    let cores = CORES.get();
    let core = Core {
        t,
        jobs: Vec::new(),
        stage: Vec::new(),
        exporters: 0,
    };
    match cores.iter().position(Option::is_none) {
        Some(i) => {
            cores[i] = Some(core);
            i as u32 + 1
        }
        None => {
            cores.push(Some(core));
            cores.len() as u32
        }
    }
}

pub(crate) fn remove(c: u32) {
    if let Some(slot) = CORES.get().get_mut((c as usize).wrapping_sub(1)) {
        *slot = None;
    }
}

pub(crate) fn step() -> &'static mut StepRegs {
    STEP.get()
}

/// The scratch numbers JS writes before `create`, `start` and `flush_response` (see
/// `abi::scratch`).
pub(crate) fn scratch() -> &'static mut [f64; scratch::LEN as usize] {
    SCRATCH.get()
}
