//! Building strings from parts. `[..].concat()` and `.join(sep)` are generic in core and cost
//! about 1 KiB of wasm per instantiation; these two are the crate's only string joiners.

use crate::prelude::*;

/// The parts one after another.
pub(crate) fn cat(parts: &[&str]) -> String {
    join(parts, "")
}

/// The parts with `sep` between them.
pub(crate) fn join<S: AsRef<str>>(parts: &[S], sep: &str) -> String {
    let mut len = sep.len() * parts.len().saturating_sub(1);
    for p in parts {
        len += p.as_ref().len();
    }
    let mut out = String::with_capacity(len);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins() {
        assert_eq!(cat(&["a", "", "bc"]), "abc");
        assert_eq!(cat(&[]), "");
        assert_eq!(join(&[String::from("x"), String::from("y")], "; "), "x; y");
        assert_eq!(join::<&str>(&[], "; "), "");
        assert_eq!(join(&["only"], "; "), "only");
    }
}
