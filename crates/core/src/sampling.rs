//! Sampling: the head decision a new span's trace flags carry, and the keep rules a request
//! scope applies when it finishes.
//!
//! The head decision is deterministic on the trace id (its low 56 bits, the W3C random part, to
//! 53 bits of precision) and parent-based by default: a span with a parent inherits its flags; a
//! root, or with [`Sampling::parent_based`] off also a span continuing a remote trace, is sampled
//! when `R53 < ratio × 2^53`. A span whose sampled flag is `0` is never encoded unless a keep
//! rule of its request scope fires when the scope finishes: any span in ERROR (`keep_errors`), or
//! a root that took longer than `keep_slower_than_ms`. Both front ends follow this; the npm
//! build's JS copy of [`head_sampled`] is pinned by `tests/vectors/sampling.json`.

use crate::config::ConfigError;
use crate::id::TraceId;
use crate::prelude::*;

/// How a tracer samples. The default keeps everything.
#[derive(Clone, Copy, PartialEq, Debug)]
#[non_exhaustive]
pub struct Sampling {
    /// The share of new traces sampled at the head, 0 to 1. Default 1.
    pub ratio: f64,
    /// Whether a span continuing a remote trace keeps the caller's decision (the `parentbased_*`
    /// samplers). Default true.
    pub parent_based: bool,
    /// Keep a request scope's whole trace when any of its spans is in ERROR. Default false.
    pub keep_errors: bool,
    /// Keep a request scope's whole trace when its root took longer than this. Default none.
    pub keep_slower_than_ms: Option<f64>,
}

impl Default for Sampling {
    fn default() -> Self {
        Sampling {
            ratio: 1.0,
            parent_based: true,
            keep_errors: false,
            keep_slower_than_ms: None,
        }
    }
}

impl Sampling {
    /// Samples this share of new traces at the head, 0 to 1 (default 1).
    pub fn with_ratio(mut self, ratio: f64) -> Self {
        self.ratio = ratio;
        self
    }

    /// Whether a span continuing a remote trace keeps the caller's decision (default true).
    pub fn with_parent_based(mut self, on: bool) -> Self {
        self.parent_based = on;
        self
    }

    /// Keeps a request scope's whole trace when any of its spans is in ERROR (default false).
    pub fn with_keep_errors(mut self, on: bool) -> Self {
        self.keep_errors = on;
        self
    }

    /// Keeps a request scope's whole trace when its root took longer than `ms` (default none).
    pub fn with_keep_slower_than_ms(mut self, ms: f64) -> Self {
        self.keep_slower_than_ms = Some(ms);
        self
    }

    /// A ratio from 0 to 1 and a threshold that is a finite number ≥ 0, or the reason not.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !(self.ratio >= 0.0 && self.ratio <= 1.0) {
            return Err(ConfigError::InvalidSampling(
                "`sampling.ratio` must be a number from 0 to 1".into(),
            ));
        }
        if let Some(ms) = self.keep_slower_than_ms {
            if !(ms >= 0.0 && ms.is_finite()) {
                return Err(ConfigError::InvalidSampling(
                    "`sampling.keepSlowerThanMs` must be a finite number of ms, 0 or more".into(),
                ));
            }
        }
        Ok(())
    }

    /// The sampler of `OTEL_TRACES_SAMPLER` (`name`) and `OTEL_TRACES_SAMPLER_ARG` (`arg`).
    pub fn from_env(name: &str, arg: Option<&str>) -> Result<Sampling, ConfigError> {
        let ratio = || -> Result<f64, ConfigError> {
            match arg {
                None => Ok(1.0),
                Some(a) => a
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|r| (0.0..=1.0).contains(r))
                    .ok_or_else(|| {
                        let mut m = String::from(
                            "OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got: ",
                        );
                        m.extend(a.chars().take(40));
                        ConfigError::InvalidSampling(m)
                    }),
            }
        };
        let (ratio, parent_based) = match name.trim() {
            "always_on" => (1.0, false),
            "always_off" => (0.0, false),
            "traceidratio" => (ratio()?, false),
            "parentbased_always_on" => (1.0, true),
            "parentbased_always_off" => (0.0, true),
            "parentbased_traceidratio" => (ratio()?, true),
            other => {
                let mut m = String::from("unknown OTEL_TRACES_SAMPLER (expected always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off or parentbased_traceidratio), got: ");
                m.extend(other.chars().take(40));
                return Err(ConfigError::InvalidSampling(m));
            }
        };
        Ok(Sampling {
            ratio,
            parent_based,
            ..Sampling::default()
        })
    }

    /// True when a scope's unsampled spans must wait for its end (a keep rule may fire).
    pub fn has_keep_rules(&self) -> bool {
        self.keep_errors || self.keep_slower_than_ms.is_some()
    }

    /// The trace flags of a new span: `parent` is `Some((flags, remote))` when it has one.
    pub fn flags(&self, trace_id: &TraceId, parent: Option<(u8, bool)>) -> u8 {
        match parent {
            Some((flags, false)) => flags,
            Some((flags, true)) if self.parent_based => flags,
            Some((flags, true)) => (flags & !SAMPLED) | head_sampled(trace_id, self.ratio) as u8,
            None => head_sampled(trace_id, self.ratio) as u8,
        }
    }
}

const SAMPLED: u8 = 0x01;
const TWO_POW_53: f64 = 9_007_199_254_740_992.0;

/// The head decision for a trace: its id's low 56 bits, shifted to 53, below `ratio × 2^53`.
pub fn head_sampled(trace_id: &TraceId, ratio: f64) -> bool {
    let b = trace_id.0;
    let mut low56: u64 = 0;
    for byte in &b[9..16] {
        low56 = (low56 << 8) | u64::from(*byte);
    }
    ((low56 >> 3) as f64) < ratio * TWO_POW_53
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(hex: &str) -> TraceId {
        TraceId::from_hex(hex).unwrap()
    }

    #[test]
    fn ratio_bounds_and_parents() {
        let t = id("4bf92f3577b34da6a3ce929d0e0e4736");
        assert!(head_sampled(&t, 1.0));
        assert!(!head_sampled(&t, 0.0));
        let s = Sampling {
            ratio: 0.0,
            ..Sampling::default()
        };
        assert_eq!(
            s.flags(&t, Some((1, false))),
            1,
            "a local parent's decision"
        );
        assert_eq!(
            s.flags(&t, Some((1, true))),
            1,
            "parent-based: the caller's decision"
        );
        assert_eq!(s.flags(&t, Some((0, true))), 0);
        let own = Sampling {
            parent_based: false,
            ..s
        };
        assert_eq!(
            own.flags(&t, Some((1, true))),
            0,
            "traceidratio decides by itself"
        );
        assert_eq!(s.flags(&t, None), 0);
    }
}
