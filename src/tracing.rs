//! `tracing` support (feature `tracing`): [`layer`] is a `tracing_subscriber` Layer that makes
//! each `tracing` span an edgespan span of the current request and each event a span event.
//!
//! ```no_run
//! use tracing_subscriber::prelude::*;
//! // Once per isolate, before the first request:
//! let _ = tracing_subscriber::registry().with(edgespan::tracing::layer()).try_init();
//! ```
//!
//! Then `#[tracing::instrument]` functions, `info_span!` and `.instrument(span)` inside a handler
//! run by [`crate::worker::instrument`] become children of the request's root:
//! - a span's fields become attributes (and later `record`s too);
//! - an event becomes a span event named after its message, its other fields as attributes;
//! - an event at level ERROR (what `#[instrument(err)]` emits) is recorded as the span's error:
//!   an `exception` event and status ERROR;
//! - [`crate::current_span`] inside an instrumented function is that function's span, so
//!   `current_span().log_llm(…)` lands on it.
//!
//! A `tracing` span with no `tracing` parent is a child of the current span (the request's root
//! inside a request scope); outside any scope it starts a trace of its own. edgespan's spans are not
//! `Send`: they live in a table of this thread, keyed by the `tracing` span id, never in the
//! registry, so no `Send` bound reaches your code.

use crate::current::{current_span, enter, exit};
use crate::Span;
use core::cell::RefCell;
use std::collections::HashMap;
use tracing_core::field::{Field, Visit};
use tracing_core::span::{Attributes, Id, Record};
use tracing_core::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

thread_local! {
    // The edgespan span of each live `tracing` span of this thread.
    static SPANS: RefCell<HashMap<u64, Span>> = RefCell::new(HashMap::new());
}

fn span_of(id: &Id) -> Option<Span> {
    SPANS.with(|m| m.borrow().get(&id.into_u64()).cloned())
}

/// The Layer: `tracing_subscriber::registry().with(edgespan::tracing::layer())`.
pub fn layer() -> EdgespanLayer {
    EdgespanLayer { _private: () }
}

/// Turns `tracing` spans and events into edgespan spans (see the module docs).
#[derive(Debug)]
pub struct EdgespanLayer {
    _private: (),
}

// A span's or an event's fields as attributes.
struct Fields<'a> {
    span: &'a Span,
    // For events: the message, and an `error` field.
    message: Option<String>,
    error: Option<String>,
    attributes: Vec<crate::KeyValue>,
    event: bool,
}

impl Fields<'_> {
    fn put(&mut self, field: &Field, value: crate::Value) {
        match field.name() {
            "message" if self.event => {
                if let crate::Value::Str(s) = value {
                    self.message = Some(s);
                }
            }
            "error" if self.event => {
                if let crate::Value::Str(s) = value {
                    self.error = Some(s);
                }
            }
            name if self.event => self.attributes.push(crate::KeyValue::new(name, value)),
            name => self.span.set_attribute(name, value),
        }
    }
}

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, value.into());
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, value.into());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, value.into());
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.put(field, value.into());
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, value.into());
    }
    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.put(field, value.to_string().into());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn core::fmt::Debug) {
        self.put(field, format!("{value:?}").into());
    }
}

impl<S> Layer<S> for EdgespanLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let parent = ctx
            .span(id)
            .and_then(|s| s.parent())
            .and_then(|p| span_of(&p.id()))
            .unwrap_or_else(current_span);
        let span = parent.start_span(attrs.metadata().name());
        attrs.record(&mut Fields {
            span: &span,
            message: None,
            error: None,
            attributes: Vec::new(),
            event: false,
        });
        SPANS.with(|m| m.borrow_mut().insert(id.into_u64(), span));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _ctx: Context<'_, S>) {
        if let Some(span) = span_of(id) {
            values.record(&mut Fields {
                span: &span,
                message: None,
                error: None,
                attributes: Vec::new(),
                event: false,
            });
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let span = ctx
            .event_span(event)
            .and_then(|s| span_of(&s.id()))
            .unwrap_or_else(current_span);
        let mut f = Fields {
            span: &span,
            message: None,
            error: None,
            attributes: Vec::new(),
            event: true,
        };
        event.record(&mut f);
        let name = f
            .message
            .clone()
            .unwrap_or_else(|| event.metadata().name().into());
        if *event.metadata().level() == Level::ERROR {
            let message = f.error.clone().or(f.message.clone()).unwrap_or_default();
            span.record_error("error", &message);
            if !f.attributes.is_empty() {
                span.add_event(&name, f.attributes);
            }
        } else {
            let mut attributes = f.attributes;
            attributes.push(crate::KeyValue::new(
                "level",
                event.metadata().level().as_str(),
            ));
            span.add_event(&name, attributes);
        }
    }

    fn on_enter(&self, id: &Id, _ctx: Context<'_, S>) {
        if let Some(span) = span_of(id) {
            enter(span);
        }
    }

    fn on_exit(&self, id: &Id, _ctx: Context<'_, S>) {
        if let Some(span) = span_of(id) {
            exit(&span);
        }
    }

    fn on_close(&self, id: Id, _ctx: Context<'_, S>) {
        if let Some(span) = SPANS.with(|m| m.borrow_mut().remove(&id.into_u64())) {
            span.end();
        }
    }
}
