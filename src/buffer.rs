//! The bounded buffer of ended spans waiting for a flush.

use crate::prelude::*;

use crate::span::SpanData;

/// Ended spans, bounded by count and by estimated bytes. What does not fit is dropped and
/// counted; nothing here allocates beyond the limits.
#[derive(Debug, Default)]
pub struct Buffer {
    spans: Vec<SpanData>,
    bytes: usize,
    max_spans: usize,
    max_bytes: usize,
    dropped: u64,
}

impl Buffer {
    /// An empty buffer with the given limits.
    pub fn new(max_spans: usize, max_bytes: usize) -> Self {
        Buffer {
            spans: Vec::new(),
            bytes: 0,
            max_spans,
            max_bytes,
            dropped: 0,
        }
    }

    /// Adds an ended span, or drops it (and counts it) when a limit would be passed.
    pub fn push(&mut self, span: SpanData) -> bool {
        let size = span.approx_bytes();
        if self.spans.len() >= self.max_spans || self.bytes + size > self.max_bytes {
            self.dropped += 1;
            return false;
        }
        self.bytes += size;
        self.spans.push(span);
        true
    }

    /// Counts a span lost before it reached the buffer (too many open spans, say).
    pub fn count_drop(&mut self) {
        self.dropped += 1;
    }

    /// Takes every buffered span (the flush snapshot) and the count of spans dropped since the
    /// last take.
    pub fn take(&mut self) -> (Vec<SpanData>, u64) {
        self.bytes = 0;
        (
            core::mem::take(&mut self.spans),
            core::mem::take(&mut self.dropped),
        )
    }

    /// Puts spans a flush could not deliver back in front of newer ones, as far as the limits
    /// allow; returns how many had to be dropped.
    pub fn requeue(&mut self, spans: Vec<SpanData>) -> u64 {
        let newer = core::mem::take(&mut self.spans);
        self.bytes = 0;
        let mut lost = 0;
        for s in spans.into_iter().chain(newer) {
            if !self.push(s) {
                lost += 1;
            }
        }
        // Those drops are reported by the flush that requeued, not again by the next one.
        self.dropped -= lost;
        lost
    }

    /// Spans dropped since the last take.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Buffered spans.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when nothing is buffered.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(name: &str) -> SpanData {
        SpanData {
            name: name.into(),
            ..Default::default()
        }
    }

    #[test]
    fn drops_beyond_span_limit_and_counts() {
        let mut b = Buffer::new(2, usize::MAX);
        assert!(b.push(span("a")));
        assert!(b.push(span("b")));
        assert!(!b.push(span("c")));
        let (spans, dropped) = b.take();
        assert_eq!(spans.len(), 2);
        assert_eq!(dropped, 1);
        assert_eq!(b.take().1, 0);
    }

    #[test]
    fn drops_beyond_byte_limit() {
        let one = span("x").approx_bytes();
        let mut b = Buffer::new(100, one * 2);
        assert!(b.push(span("x")));
        assert!(b.push(span("x")));
        assert!(!b.push(span("x")));
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn requeue_keeps_old_first_within_limits() {
        let mut b = Buffer::new(3, usize::MAX);
        b.push(span("new1"));
        b.push(span("new2"));
        let lost = b.requeue(vec![span("old1"), span("old2")]);
        assert_eq!(lost, 1);
        let (spans, dropped) = b.take();
        let names: Vec<_> = spans.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["old1", "old2", "new1"]);
        assert_eq!(dropped, 0);
    }
}
