//! The current span: the innermost span code is running in, for code that was not handed one
//! (a `#[tracing::instrument]` function, a helper deep in a call stack). A request scope of
//! [`crate::worker::instrument`] makes its root current while its handler runs, and the
//! `tracing` layer makes each `tracing` span current while it is entered. Futures of concurrent
//! requests interleave on one thread, so a span is current only during the polls of the future it
//! belongs to ([`Scoped`]).

use crate::{Span, Tracer};
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

thread_local! {
    static STACK: RefCell<Vec<Span>> = const { RefCell::new(Vec::new()) };
    // One span that records nothing, for every call outside a scope.
    static NOOP: Span = Tracer::off("no span is current here").start_span("");
}

/// The innermost current span: inside a `tracing` span the `tracing` layer made, that span; in a
/// request handler run by [`crate::worker::instrument`], the request's root; anywhere else a span
/// that records nothing (every method a no-op), so code can call it without checking.
pub fn current_span() -> Span {
    STACK
        .with(|s| s.borrow().last().cloned())
        .unwrap_or_else(|| NOOP.with(Span::clone))
}

pub(crate) fn enter(span: Span) {
    STACK.with(|s| s.borrow_mut().push(span));
}

// Leaves `span` (the innermost entry that is it; spans are left in the order they were entered).
pub(crate) fn exit(span: &Span) {
    STACK.with(|s| {
        let mut s = s.borrow_mut();
        if let Some(i) = s.iter().rposition(|x| x.span_id() == span.span_id()) {
            s.remove(i);
        }
    });
}

/// A future with `span` current during each of its polls.
pub(crate) struct Scoped<F> {
    span: Span,
    fut: Pin<Box<F>>,
}

impl<F> Scoped<F> {
    pub(crate) fn new(span: Span, fut: F) -> Self {
        Scoped {
            span,
            fut: Box::pin(fut),
        }
    }
}

impl<F: Future> Future for Scoped<F> {
    type Output = F::Output;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.get_mut();
        enter(this.span.clone());
        let out = this.fut.as_mut().poll(cx);
        exit(&this.span);
        out
    }
}
