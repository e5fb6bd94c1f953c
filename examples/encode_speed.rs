//! Rough native timing of the OTLP JSON encoder on the benchmark workload (not a test).
use edgespan::export::otlp_json::Encoder;
use edgespan::{KeyValue, LogFields, Payload, SpanData, Value};

fn main() {
    let input: String = "You are a helpful assistant. The user asks: \"How do I flush spans?\"\n"
        .repeat(15)
        .chars()
        .take(1024)
        .collect();
    let output = "y".repeat(512);
    let mut s = SpanData {
        name: "llm.call".into(),
        ..Default::default()
    };
    s.log = LogFields {
        input: Some(Payload::Text(input)),
        output: Some(Payload::Text(output)),
        metadata: vec![
            KeyValue {
                key: "model".into(),
                value: Value::Str("gpt-4o-mini".into()),
            },
            KeyValue {
                key: "temperature".into(),
                value: Value::Double(0.2),
            },
            KeyValue {
                key: "tokens_in".into(),
                value: Value::Int(812),
            },
            KeyValue {
                key: "tokens_out".into(),
                value: Value::Int(231),
            },
        ],
        ..Default::default()
    };
    let spans: Vec<SpanData> = (0..21).map(|_| s.clone()).collect();
    let enc = Encoder::new("bench", "rust");
    let n = 20_000;
    let t0 = std::time::Instant::now();
    let mut total = 0;
    for _ in 0..n {
        total += enc.request(&spans).len();
    }
    let el = t0.elapsed();
    println!(
        "{} ns/span, {} B/span",
        el.as_nanos() / (n as u128 * 21),
        total / (n * 21)
    );
}
