//! The live tracers of this wasm instance, indexed by small integers handed to JS, and the
//! numbers JS and wasm pass each other around calls (the step registers and the scratch slots).
//!
//! wasm32 without the atomics feature runs one thread. The step registers and scratch slots are
//! `Cell`s, read and written by copy. The tracers are borrowed through [`cores`], the one
//! function with `unsafe` in it: a flag makes a second borrow while one is live impossible (it
//! gets nothing instead), so the `&mut` it lends is always the only one. This replaces
//! wasm-bindgen's per-object borrow flags, whose panic paths and glue cost bytes on every call.
#![allow(unsafe_code)]

use crate::Staged;
use alloc::vec::Vec;
use core::cell::{Cell, UnsafeCell};
use edgespan_core::abi::{none, scratch};
use edgespan_core::{FlushJob, TracerCore};

/// One tracer's state plus what the JS driver needs around it.
pub(crate) struct Core {
    pub t: TracerCore,
    pub jobs: Vec<Option<FlushJob>>,
    pub stage: Vec<Staged>,
    /// How many exporters `add_exporter` has set (the first replaces the core's default one).
    pub exporters: u32,
}

/// A static of this single-threaded instance.
struct Global<T>(T);

// SAFETY: wasm32 without atomics has one thread, so no static here is ever shared between
// threads.
unsafe impl<T> Sync for Global<T> {}

static CORES: Global<UnsafeCell<Vec<Option<Core>>>> = Global(UnsafeCell::new(Vec::new()));
static BORROWED: Global<Cell<bool>> = Global(Cell::new(false));

/// Runs `f` with the tracers; `None`, without running it, when they are already borrowed (a
/// call from inside another, which no export makes).
fn cores<R>(f: impl FnOnce(&mut Vec<Option<Core>>) -> R) -> Option<R> {
    if BORROWED.0.replace(true) {
        return None;
    }
    // SAFETY: `BORROWED` was false, so no other reference to the tracers is live, and none can
    // be made until it is reset below; one thread.
    let r = f(unsafe { &mut *CORES.0.get() });
    BORROWED.0.set(false);
    Some(r)
}

/// The step registers: the batch and duration of the last `flush_poll`, and the length of the
/// last `flush_body`.
#[derive(Clone, Copy, Default)]
pub(crate) struct StepRegs {
    pub batch: u32,
    pub ms: f64,
    pub body_len: u32,
}

static STEP: Global<Cell<StepRegs>> = Global(Cell::new(StepRegs {
    batch: 0,
    ms: 0.0,
    body_len: 0,
}));
static SCRATCH: Global<[Cell<f64>; scratch::LEN as usize]> =
    Global([const { Cell::new(0.0) }; scratch::LEN as usize]);

/// Runs `f` on tracer `c`; returns `R::default()` for an unknown id.
pub(crate) fn with<R: Default>(c: u32, f: impl FnOnce(&mut Core) -> R) -> R {
    cores(|cores| {
        cores
            .get_mut((c as usize).wrapping_sub(1))
            .and_then(Option::as_mut)
            .map(f)
    })
    .flatten()
    .unwrap_or_default()
}

/// Registers a tracer; ids start at 1 (`abi::none::TRACER` means "failed").
pub(crate) fn insert(t: TracerCore) -> u32 {
    let core = Core {
        t,
        jobs: Vec::new(),
        stage: Vec::new(),
        exporters: 0,
    };
    cores(|cores| match cores.iter().position(Option::is_none) {
        Some(i) => {
            cores[i] = Some(core);
            i as u32 + 1
        }
        None => {
            cores.push(Some(core));
            cores.len() as u32
        }
    })
    .unwrap_or(none::TRACER as u32)
}

pub(crate) fn remove(c: u32) {
    cores(|cores| {
        if let Some(slot) = cores.get_mut((c as usize).wrapping_sub(1)) {
            *slot = None;
        }
    });
}

pub(crate) fn step() -> StepRegs {
    STEP.0.get()
}

pub(crate) fn set_step(regs: StepRegs) {
    STEP.0.set(regs);
}

/// Where JS writes the scratch numbers before `create`, `start` and `flush_response` (see
/// `abi::scratch`).
pub(crate) fn scratch_at() -> u32 {
    SCRATCH.0.as_ptr() as u32
}

/// Scratch slot `i`; 0 past the end.
pub(crate) fn scratch_slot(i: usize) -> f64 {
    SCRATCH.0.get(i).map_or(0.0, Cell::get)
}
