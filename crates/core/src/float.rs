//! Shortest round-trip text of a finite double.
//!
//! Rust's float `Display` costs about 10 KB of wasm (SIZE.md), so the npm build (feature
//! `js-float`) asks the JS engine's `String(number)`; everywhere else `Display` is used. Both print
//! the shortest text that parses back to the same double; JS switches to exponent form for very
//! large or small magnitudes, which JSON accepts too, and the native path does the same.

#[cfg(all(target_arch = "wasm32", feature = "js-float"))]
mod imp {
    use crate::prelude::*;
    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_name = String)]
        fn js_string(x: f64) -> String;
    }

    pub fn write_shortest(out: &mut Vec<u8>, v: f64) {
        out.extend_from_slice(js_string(v).as_bytes());
    }
}

#[cfg(not(all(target_arch = "wasm32", feature = "js-float")))]
mod imp {
    use crate::prelude::*;
    use core::fmt::Write;

    pub fn write_shortest(out: &mut Vec<u8>, v: f64) {
        // Like JS: exponent form outside [1e-6, 1e21), so huge values stay short and every JSON
        // parser reads them back (serde_json refuses 309-digit integers). Writing into a String
        // cannot fail.
        let mut s = String::new();
        let a = v.abs();
        let _ = if a != 0.0 && !(1e-6..1e21).contains(&a) {
            write!(s, "{v:e}")
        } else {
            write!(s, "{v}")
        };
        out.extend_from_slice(s.as_bytes());
    }
}

pub use imp::write_shortest;
