//! `js/abi.js` must be exactly what `edgespan_core::abi::TABLE` renders: the JS layer and the
//! wasm exports then agree on every number that crosses the boundary. `UPDATE_ABI=1 cargo test
//! --test abi` rewrites the file after a change to the table.

fn render() -> String {
    let mut out = String::from(
        "// Generated from edgespan_core::abi (crates/core/src/abi.rs); do not edit.\n\
         // tests/abi.rs fails when this file and the Rust table differ; UPDATE_ABI=1 cargo test --test abi\n\
         // rewrites it.\n",
    );
    let mut group = "";
    for (g, name, v) in edgespan_core::abi::TABLE {
        if *g != group {
            out.push('\n');
            group = g;
        }
        out.push_str(&format!(
            "export const {}_{} = {};\n",
            g.to_uppercase(),
            name,
            v
        ));
    }
    out.push_str(&format!(
        "\nexport const NONE = {};\n",
        edgespan_core::abi::NONE
    ));
    out
}

#[test]
fn js_abi_matches_the_rust_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/js/abi.js");
    let want = render();
    if std::env::var_os("UPDATE_ABI").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let got = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        got == want,
        "js/abi.js differs from edgespan_core::abi::TABLE; run UPDATE_ABI=1 cargo test --test abi\n--- want ---\n{want}"
    );
}

#[test]
fn abi_values_are_unique_within_each_group() {
    let t = edgespan_core::abi::TABLE;
    for (i, (g, n, v)) in t.iter().enumerate() {
        for (g2, n2, v2) in &t[i + 1..] {
            assert!(
                !(g == g2 && v == v2) || *g == "scratch" || *g == "none",
                "{g}: {n} and {n2} are both {v}"
            );
        }
    }
}

#[test]
fn named_numbers_are_the_core_s_own() {
    use edgespan_core::abi::{kind, none};
    use edgespan_core::{Handle, SpanKind};
    for (n, k) in [
        (kind::INTERNAL, SpanKind::Internal),
        (kind::SERVER, SpanKind::Server),
        (kind::CLIENT, SpanKind::Client),
        (kind::PRODUCER, SpanKind::Producer),
        (kind::CONSUMER, SpanKind::Consumer),
    ] {
        assert_eq!(n, k as u8);
        assert_eq!(SpanKind::from_wire(n), k);
    }
    assert_eq!(Handle::NONE.0, u64::from(none::HANDLE));
    const { assert!(edgespan_core::abi::NONE < 0.0) };
}
