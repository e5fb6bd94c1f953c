//! Runs a [`FlushJob`] over a [`Transport`]: the Rust twin of the JS layer's fetch loop.
//!
//! It only carries out the job's orders (send, wait, done) and feeds answers back; every decision
//! is the job's. No `RefCell` borrow is held across an `.await`.

use super::transport::{HttpRequest, LocalFuture, Transport, TransportError};
use crate::flush::{Answer, FlushJob, FlushReport, Step};
use crate::prelude::*;
use crate::tracer::TracerCore;
use alloc::rc::Rc;
use core::cell::{Cell, RefCell};
use core::future::poll_fn;
use core::task::{Poll, Waker};

/// Where one exporter sends, and with which headers.
#[derive(Clone, Debug)]
pub struct Destination {
    /// The URL.
    pub url: String,
    /// Request headers, content type included.
    pub headers: Vec<(String, String)>,
}

/// Drives `job` to completion and returns its report (after requeueing what is pending).
pub async fn drive(
    core: Rc<RefCell<TracerCore>>,
    mut job: FlushJob,
    dest: Rc<Destination>,
    transport: Rc<dyn Transport>,
) -> FlushReport {
    let mut running: Vec<
        LocalFuture<(u32, Result<super::transport::HttpResponse, TransportError>)>,
    > = Vec::new();
    loop {
        match job.poll(transport.now_ms()) {
            Step::Send { batch, timeout_ms } => {
                let body = job.body(batch).to_vec();
                job.on_sent_bytes(body.len() as u64);
                let request = HttpRequest {
                    url: dest.url.clone(),
                    headers: dest.headers.clone(),
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
                            let retry_after = r.retry_after.as_deref().unwrap_or("");
                            let answer =
                                Answer::read(r.status, retry_after, &r.body, now, &mut scratch);
                            let c = core.borrow();
                            job.on_response(c.encoder(job.exporter()), batch, &answer, now);
                        }
                        Err(TransportError::Timeout) => job.on_network_error(batch, true, "", now),
                        Err(TransportError::Network(m)) => {
                            job.on_network_error(batch, false, &m, now)
                        }
                    }
                }
            }
        }
    }
    let now = transport.now_ms();
    core.borrow_mut().finish_flush(job, now)
}

/// Marks a flush as settled and wakes whoever waits for it.
#[derive(Default)]
pub struct Signal {
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
pub async fn wait_all(earlier: Vec<Rc<Signal>>, timeout: LocalFuture<()>) -> bool {
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
