//! Runs the core's flush jobs over a [`Transport`]: the Rust twin of the npm build's fetch loop
//! (`js/driver.js`).
//!
//! It only carries out a job's orders (send, wait, done) and feeds answers back, read with the
//! core's shared rules ([`Answer::read`]); every decision is the job's. No `RefCell` borrow is
//! held across an `.await`.

use crate::transport::{HttpRequest, HttpResponse, LocalFuture, Transport, TransportError};
use core::cell::{Cell, RefCell};
use core::future::{poll_fn, Future};
use core::pin::Pin;
use core::task::{Poll, Waker};
use edgespan_core::{Answer, Exporter, FlushJob, FlushReport, Secrets, Step, TracerCore};
use std::rc::Rc;

/// Where one exporter sends, and how. Its `Debug` masks header values and URL credentials.
#[derive(Clone)]
pub(crate) struct Destination {
    /// The URL.
    pub url: String,
    /// Request headers: content type, content encoding when gzipped, the user's.
    pub headers: Vec<(String, String)>,
    /// gzip bodies before sending.
    pub gzip: bool,
    /// How reports name this exporter when there are several (`otlp <url>`, `logs3 <url>`).
    pub name: String,
    /// Every credential the tracer was configured with, redacted from what answers quote.
    pub secrets: Rc<Secrets>,
}

impl core::fmt::Debug for Destination {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Destination")
            .field("url", &edgespan_core::RedactedUrl(&self.url))
            .field("headers", &edgespan_core::RedactedHeaders(&self.headers))
            .field("gzip", &self.gzip)
            .field("name", &self.name)
            .field("secrets", &self.secrets)
            .finish()
    }
}

impl Destination {
    pub(crate) fn new(e: &Exporter, secrets: Rc<Secrets>) -> Destination {
        let headers = e.request_headers();
        let gzip = e.compression == edgespan_core::Compression::Gzip;
        let kind = if e.logs3.is_some() { "logs3 " } else { "otlp " };
        Destination {
            url: e.endpoint.clone(),
            headers,
            gzip,
            name: [kind, &edgespan_core::url_without_credentials(&e.endpoint)].concat(),
            secrets,
        }
    }
}

type Attempt = LocalFuture<(u32, Result<HttpResponse, TransportError>)>;

/// Drives `job` to completion and returns its report (after requeueing what is pending).
pub(crate) async fn drive(
    core: Rc<RefCell<TracerCore>>,
    mut job: FlushJob,
    dest: Rc<Destination>,
    transport: Rc<dyn Transport>,
) -> FlushReport {
    let mut running: Vec<Attempt> = Vec::new();
    // A retried batch is compressed once: compressed bodies are kept by batch; plain ones are
    // copied out of the job again, as the job keeps them anyway.
    let mut zipped: Vec<(u32, Vec<u8>)> = Vec::new();
    let mut gzip_failed = false;
    loop {
        match job.poll(transport.now_ms()) {
            Step::Send { batch, timeout_ms } => {
                let cached = zipped.iter().find(|b| b.0 == batch).map(|b| b.1.clone());
                let (body, gzipped) = match cached {
                    Some(z) => (z, true),
                    None if dest.gzip && !gzip_failed => {
                        match transport.gzip(job.body(batch).to_vec()).await {
                            Some(z) => {
                                zipped.push((batch, z.clone()));
                                (z, true)
                            }
                            None => {
                                gzip_failed = true;
                                (job.body(batch).to_vec(), false)
                            }
                        }
                    }
                    None => (job.body(batch).to_vec(), false),
                };
                job.on_sent_bytes(body.len() as u64);
                let headers = dest
                    .headers
                    .iter()
                    .filter(|(k, _)| gzipped || k != "content-encoding")
                    .cloned()
                    .collect();
                let request = HttpRequest {
                    url: dest.url.clone(),
                    headers,
                    body,
                    timeout_ms,
                };
                let send = transport.send(request);
                running.push(Box::pin(async move { (batch, send.await) }));
            }
            Step::Done => break,
            Step::Wait { ms } => {
                let mut timer = ms.map(|ms| transport.sleep(ms));
                if running.is_empty() && timer.is_none() {
                    break; // cannot happen: the job only waits on something
                }
                let first = poll_fn(|cx| {
                    for (i, f) in running.iter_mut().enumerate() {
                        if let Poll::Ready(v) = f.as_mut().poll(cx) {
                            return Poll::Ready(Some((i, v)));
                        }
                    }
                    match timer.as_mut().map(|t| t.as_mut().poll(cx)) {
                        Some(Poll::Ready(())) => Poll::Ready(None),
                        _ => Poll::Pending,
                    }
                })
                .await;
                if let Some((i, (batch, result))) = first {
                    drop(running.swap_remove(i));
                    let now = transport.now_ms();
                    match result {
                        Ok(r) => {
                            let mut scratch = String::new();
                            let mut answer = Answer::read(
                                r.status,
                                r.retry_after.as_deref().unwrap_or(""),
                                r.content_type.as_deref().unwrap_or(""),
                                &r.body,
                                now,
                                &mut scratch,
                            );
                            // The text is quoted in the report (cut there to 200 bytes): redact
                            // it whole first.
                            let message = dest.secrets.redact(answer.text);
                            answer.text = &message;
                            let c = core.borrow();
                            job.on_response(c.encoder(job.exporter()), batch, &answer, now);
                        }
                        Err(TransportError::Timeout) => job.on_network_error(batch, true, "", now),
                        Err(TransportError::Network(m)) => {
                            job.on_network_error(batch, false, &dest.secrets.redact(&m), now)
                        }
                    }
                }
            }
        }
    }
    let now = transport.now_ms();
    let mut report = core.borrow_mut().finish_flush(job, now);
    if gzip_failed {
        report
            .errors
            .push("gzip was not available; bodies were sent uncompressed".into());
    }
    report
}

/// Runs every future at once and returns their outputs in order.
pub(crate) async fn join_all<T>(futures: Vec<Pin<Box<dyn Future<Output = T>>>>) -> Vec<T> {
    let mut futures: Vec<Option<Pin<Box<dyn Future<Output = T>>>>> =
        futures.into_iter().map(Some).collect();
    let mut out: Vec<Option<T>> = futures.iter().map(|_| None).collect();
    poll_fn(|cx| {
        let mut pending = false;
        for (f, o) in futures.iter_mut().zip(out.iter_mut()) {
            if let Some(fut) = f {
                match fut.as_mut().poll(cx) {
                    Poll::Ready(v) => {
                        *o = Some(v);
                        *f = None;
                    }
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    out.into_iter().flatten().collect()
}

/// Marks a flush as settled and wakes whoever waits for it.
#[derive(Default)]
pub(crate) struct Signal {
    done: Cell<bool>,
    wakers: RefCell<Vec<Waker>>,
}

impl Signal {
    /// Settles the flush.
    pub fn set(&self) {
        self.done.set(true);
        for w in self.wakers.borrow_mut().drain(..) {
            w.wake();
        }
    }

    /// True once settled.
    pub fn is_set(&self) -> bool {
        self.done.get()
    }
}

/// Resolves when every signal in `earlier` is set (true), or when `timeout` resolves first
/// (false). Waiting uses only these signals: no I/O is started on behalf of another flush.
pub(crate) async fn wait_all(earlier: Vec<Rc<Signal>>, timeout: LocalFuture<()>) -> bool {
    let mut timeout = timeout;
    poll_fn(|cx| {
        if earlier.iter().all(|s| s.is_set()) {
            return Poll::Ready(true);
        }
        for s in earlier.iter().filter(|s| !s.is_set()) {
            let mut w = s.wakers.borrow_mut();
            if !w.iter().any(|x| x.will_wake(cx.waker())) {
                w.push(cx.waker().clone());
            }
        }
        match timeout.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(false),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}
