//! The configuration rules shared with the JS layer (`js/env.js`, `js/config.js`): the same vectors
//! (`tests/vectors/env.json`) run here against `Config::from_vars` and in `tests/node` against
//! `Tracer.fromEnv`, so the two implementations cannot drift apart.

use edgespan_core::{Compression, Config};
use serde_json::Value;

#[test]
fn env_vectors() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/env.json"
    ))
    .unwrap();
    let cases: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(cases.len() > 20);
    for case in cases {
        let e = &case["env"];
        match (
            Config::from_vars(|k| e[k].as_str().map(String::from)),
            case["error"].as_str(),
        ) {
            (Err(err), Some(want)) => {
                assert!(
                    err.message().starts_with(want),
                    "{case}: got {:?}",
                    err.message()
                );
                if let Some(secret) = case["secret"].as_str() {
                    assert!(!err.message().contains(secret), "{case}: a secret echoed");
                }
            }
            (Ok(c), None) => {
                assert_eq!(c.endpoint, case["endpoint"].as_str().unwrap(), "{case}");
                let headers: Vec<(String, String)> = case["headers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
                    .collect();
                assert_eq!(c.headers, headers, "{case}");
                assert_eq!(
                    c.compression == Compression::Gzip,
                    case["gzip"].as_bool().unwrap(),
                    "{case}"
                );
                assert_eq!(
                    c.timeout_ms as u64,
                    case["timeoutMs"].as_u64().unwrap(),
                    "{case}"
                );
                assert_eq!(
                    c.service_name,
                    case["serviceName"].as_str().unwrap(),
                    "{case}"
                );
                if let Some(want) = case.get("sampling") {
                    assert_eq!(c.sampling.ratio, want["ratio"].as_f64().unwrap(), "{case}");
                    assert_eq!(
                        c.sampling.parent_based,
                        want["parentBased"].as_bool().unwrap(),
                        "{case}"
                    );
                }
            }
            (got, _) => panic!("{case}: got {got:?}"),
        }
    }
}
