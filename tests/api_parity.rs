//! The Rust API at parity with the npm package, over a transport that answers with full HTTP
//! responses: protobuf partialSuccess, trace flags inherited from a remote parent, several
//! exporters (OTLP and Braintrust logs3 with open rows) from one buffer, and gzip.

use edgespan::{
    Config, Exporter, HttpRequest, HttpResponse, LocalFuture, Protocol, SpanKind, SpanParent,
    Tracer, Transport, TransportError,
};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::io::Read;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Answers every request with `answer(url)`; records what was sent.
#[derive(Clone)]
struct Fake {
    now: Rc<Cell<f64>>,
    sent: Rc<RefCell<Vec<HttpRequest>>>,
    answer: Rc<dyn Fn(&str) -> HttpResponse>,
    gzip: bool,
}

impl Fake {
    fn new(answer: impl Fn(&str) -> HttpResponse + 'static) -> Fake {
        Fake {
            now: Rc::new(Cell::new(1_796_108_471_941.0)),
            sent: Rc::default(),
            answer: Rc::new(answer),
            gzip: false,
        }
    }
}

impl Transport for Fake {
    fn send(&self, r: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>> {
        let a = (self.answer)(&r.url);
        self.sent.borrow_mut().push(r);
        Box::pin(async move { Ok(a) })
    }
    fn sleep(&self, ms: f64) -> LocalFuture<()> {
        self.now.set(self.now.get() + ms);
        Box::pin(async {})
    }
    fn now_ms(&self) -> f64 {
        self.now.get()
    }
    fn supports_gzip(&self) -> bool {
        self.gzip
    }
    fn gzip(&self, body: Vec<u8>) -> LocalFuture<Option<Vec<u8>>> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let out = e.write_all(&body).ok().and_then(|_| e.finish().ok());
        Box::pin(async move { out })
    }
}

fn block_on<T>(f: impl Future<Output = T>) -> T {
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..100_000 {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
    panic!("future did not finish");
}

fn ok() -> HttpResponse {
    HttpResponse::new(200, Vec::new())
}

#[test]
fn a_protobuf_partial_success_is_read_from_a_protobuf_answer() {
    let fake = Fake::new(|_| {
        // partial_success { rejected_spans: 2, error_message: "too old" }
        let body = [
            0x0a, 0x0b, 0x08, 0x02, 0x12, 0x07, b't', b'o', b'o', b' ', b'o', b'l', b'd',
        ];
        HttpResponse::new(200, body).with_content_type("application/x-protobuf")
    });
    let t = Tracer::with_transport(Config::new("http://127.0.0.1:4318/v1/traces"), fake).unwrap();
    for _ in 0..3 {
        t.start_span("s").end();
    }
    let r = block_on(t.flush());
    assert_eq!((r.exported, r.failed), (1, 2), "{r:?}");
    assert!(r.errors[0].contains("too old"), "{:?}", r.errors);
}

#[test]
fn trace_flags_are_inherited_from_a_remote_parent() {
    let t = Tracer::with_transport(
        Config::new("http://127.0.0.1:4318/v1/traces"),
        Fake::new(|_| ok()),
    )
    .unwrap();
    let tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
    let root = t.start_span_with("root", SpanKind::Server, SpanParent::TraceParent(tp));
    let child = root.start_span("child");
    assert!(
        root.traceparent().ends_with("-00"),
        "{}",
        root.traceparent()
    );
    assert!(
        child.traceparent().ends_with("-00"),
        "{}",
        child.traceparent()
    );
    assert!(t.start_span("new").traceparent().ends_with("-01"));
}

#[test]
fn several_exporters_otlp_and_logs3_with_open_rows_each_report() {
    let fake = Fake::new(|url| {
        HttpResponse::new(if url.contains("broken") { 400 } else { 200 }, Vec::new())
    });
    let cfg = Config::new("http://127.0.0.1:4318/v1/traces")
        .with_protocol(Protocol::Json)
        .with_exporter(
            Config::braintrust_logs("key", "proj-1", Some("http://127.0.0.1:9000"))
                .with_open_rows(true)
                .into(),
        )
        .with_exporter(Exporter::from(Config::new(
            "http://127.0.0.1:9001/broken/v1/traces",
        )));
    let t = Tracer::with_transport(cfg, fake.clone()).unwrap();
    let root = t.start_span("root");
    root.start_span("done").end();
    let r = block_on(t.flush());
    assert_eq!(r.exporters.len(), 3);
    assert_eq!(r.exporters[0].exported, 1);
    assert_eq!(
        (r.exporters[1].exported, r.exporters[1].open_rows),
        (1, 1),
        "{r:?}"
    );
    assert_eq!(r.exporters[2].failed, 1);
    assert!(
        r.errors
            .iter()
            .any(|e| e.starts_with("otlp http://127.0.0.1:9001/broken/v1/traces: ")),
        "{:?}",
        r.errors
    );
    let sent = fake.sent.borrow();
    let logs3: Vec<_> = sent.iter().filter(|s| s.url.ends_with("/logs3")).collect();
    assert!(!logs3.is_empty());
    assert!(logs3[0]
        .headers
        .iter()
        .any(|(k, v)| k == "authorization" && v == "Bearer key"));
    let body = String::from_utf8(logs3[0].body.clone()).unwrap();
    assert!(body.contains("\"project_id\":\"proj-1\""), "{body}");
    assert!(
        body.contains("\"_is_merge\":true"),
        "the open root went out as an open row: {body}"
    );
}

#[test]
fn gzip_is_refused_without_a_compressor_and_used_with_one() {
    let cfg = || {
        Config::new("http://127.0.0.1:4318/v1/traces").with_compression(edgespan::Compression::Gzip)
    };
    assert!(Tracer::with_transport(cfg(), Fake::new(|_| ok())).is_err());
    let mut fake = Fake::new(|_| ok());
    fake.gzip = true;
    let t = Tracer::with_transport(cfg(), fake.clone()).unwrap();
    t.start_span("zipped").end();
    let r = block_on(t.flush());
    assert_eq!(r.exported, 1);
    let sent = fake.sent.borrow();
    assert!(sent[0]
        .headers
        .iter()
        .any(|(k, v)| k == "content-encoding" && v == "gzip"));
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(&sent[0].body[..])
        .read_to_end(&mut plain)
        .unwrap();
    assert!(plain.windows(6).any(|w| w == b"zipped"));
    assert_eq!(
        r.bytes,
        sent[0].body.len() as u64,
        "bytes count what went on the wire"
    );
}

#[test]
fn timestamps_are_exact_nanoseconds() {
    let fake = Fake::new(|_| ok());
    let cfg = Config::new("http://127.0.0.1:4318/v1/traces").with_protocol(Protocol::Json);
    let t = Tracer::with_transport(cfg, fake.clone()).unwrap();
    t.start_span("t").end();
    block_on(t.flush());
    let body = String::from_utf8(fake.sent.borrow()[0].body.clone()).unwrap();
    assert!(
        body.contains("\"startTimeUnixNano\":\"1796108471941000000\""),
        "{body}"
    );
}

#[test]
fn configured_credentials_never_reach_the_report() {
    let fake = Fake::new(|_| {
        HttpResponse::new(
            401,
            br#"{"error":"invalid api key: Bearer sk-live-0123456789"}"#.to_vec(),
        )
    });
    let cfg = Config::new("https://bob:hunter2-hunter2@127.0.0.1:4318/v1/traces")
        .with_header("authorization", "Bearer sk-live-0123456789")
        .with_exporter(Exporter::from(Config::new("http://127.0.0.1:9/v1/traces")));
    let t = Tracer::with_transport(cfg, fake).unwrap();
    t.start_span("s").end();
    let r = block_on(t.flush());
    let all = format!("{r:?}");
    assert!(!all.contains("sk-live-0123456789"), "{all}");
    assert!(!all.contains("hunter2"), "{all}");
    assert!(
        r.errors[0].contains("invalid api key: [redacted]"),
        "{:?}",
        r.errors
    );
    assert_eq!(r.exporters[0].name, "otlp https://127.0.0.1:4318/v1/traces");
}

#[test]
fn a_bad_endpoint_is_quoted_without_its_credentials() {
    let e = Config::new("ftp://bob:hunter2-hunter2@h/v1/traces")
        .validate()
        .unwrap_err();
    assert!(!e.message().contains("hunter2"), "{}", e.message());
    assert!(
        e.message().ends_with("got: ftp://h/v1/traces"),
        "{}",
        e.message()
    );
}
