//! The bounded buffer of ended spans waiting for a flush.

use crate::prelude::*;

use crate::span::{Row, SpanData};

/// Ended spans, bounded by count and by estimated bytes. What does not fit is dropped and
/// counted; nothing here allocates beyond the limits. With several exporters each entry carries
/// the set of exporters that still have to send it (bit `i` for exporter `i`).
#[derive(Debug, Default)]
pub struct Buffer {
    spans: Vec<(SpanData, u8)>,
    bytes: usize,
    max_spans: usize,
    max_bytes: usize,
    dropped: u64,
    all: u8,
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
            all: 1,
        }
    }

    /// Sets how many exporters new spans are meant for (1 to 8).
    pub fn set_exporters(&mut self, n: usize) {
        self.all = (((1u16 << n.clamp(1, 8)) - 1) & 0xff) as u8;
    }

    /// Adds an ended span for every exporter, or drops it (and counts it) when a limit would be
    /// passed.
    pub fn push(&mut self, span: SpanData) -> bool {
        self.push_for(span, self.all)
    }

    /// Adds `span` for the exporters in `mask`. An open row that does not fit is refused without
    /// counting a drop: it is a preview, and the span itself is not lost.
    pub fn push_for(&mut self, span: SpanData, mask: u8) -> bool {
        let size = span.approx_bytes();
        if self.spans.len() >= self.max_spans || self.bytes + size > self.max_bytes {
            if span.row != Row::Open {
                self.dropped += 1;
            }
            return false;
        }
        self.bytes += size;
        self.spans.push((span, mask));
        true
    }

    /// Calls `f` on every buffered span.
    pub fn for_each_mut(&mut self, mut f: impl FnMut(&mut SpanData)) {
        for (s, _) in &mut self.spans {
            f(s);
        }
    }

    /// Counts a span lost before it reached the buffer (too many open spans, say).
    pub fn count_drop(&mut self) {
        self.dropped += 1;
    }

    /// Takes every buffered span exporter `exporter` has still to send (its flush snapshot). A
    /// span other exporters still need stays, as a copy for them.
    pub fn take(&mut self, exporter: usize) -> Vec<SpanData> {
        let bit = 1u8 << exporter.min(7);
        let mut out = Vec::new();
        let mut keep = Vec::new();
        self.bytes = 0;
        for (span, mask) in core::mem::take(&mut self.spans) {
            if mask & bit == 0 {
                self.bytes += span.approx_bytes();
                keep.push((span, mask));
            } else if mask == bit {
                out.push(span);
            } else {
                self.bytes += span.approx_bytes();
                out.push(span.clone());
                keep.push((span, mask & !bit));
            }
        }
        self.spans = keep;
        out
    }

    /// The count of spans dropped since the last call.
    pub fn take_dropped(&mut self) -> u64 {
        core::mem::take(&mut self.dropped)
    }

    /// Puts spans exporter `exporter` could not deliver back in front of newer ones, as far as
    /// the limits allow; returns how many had to be dropped.
    pub fn requeue(&mut self, spans: Vec<SpanData>, exporter: usize) -> u64 {
        let bit = 1u8 << exporter.min(7);
        let newer = core::mem::take(&mut self.spans);
        self.bytes = 0;
        let before = self.dropped;
        // Open rows go back last, so that they can never take the room of a span.
        let mut open_rows = Vec::new();
        for s in spans {
            if s.row == Row::Open {
                open_rows.push(s);
            } else {
                self.push_for(s, bit);
            }
        }
        for (s, mask) in newer {
            self.push_for(s, mask);
        }
        for s in open_rows {
            self.push_for(s, bit);
        }
        let lost = self.dropped - before;
        // Those drops are reported by the flush that requeued, not again by the next one.
        self.dropped = before;
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
    #[cfg(test)]
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
        let spans = b.take(0);
        assert_eq!(spans.len(), 2);
        assert_eq!(b.take_dropped(), 1);
        assert_eq!(b.take_dropped(), 0);
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
        let lost = b.requeue(vec![span("old1"), span("old2")], 0);
        assert_eq!(lost, 1);
        let spans = b.take(0);
        let names: Vec<_> = spans.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["old1", "old2", "new1"]);
        assert_eq!(b.take_dropped(), 0);
    }

    #[test]
    fn requeued_open_rows_never_take_the_room_of_spans() {
        let mut b = Buffer::new(2, usize::MAX);
        b.push(span("new"));
        let open = SpanData {
            row: Row::Open,
            ..span("open")
        };
        let lost = b.requeue(vec![open, span("old")], 0);
        assert_eq!(lost, 0, "the open row is not a lost span");
        let names: Vec<_> = b.take(0).into_iter().map(|s| s.name).collect();
        assert_eq!(names, ["old", "new"]);
        assert_eq!(b.take_dropped(), 0);
    }

    #[test]
    fn each_exporter_takes_its_own_copy_and_requeues_only_for_itself() {
        let mut b = Buffer::new(100, usize::MAX);
        b.set_exporters(2);
        b.push(span("a"));
        assert_eq!(b.take(0).len(), 1);
        assert_eq!(b.len(), 1, "exporter 1 still needs it");
        b.requeue(vec![span("a")], 0);
        assert_eq!(b.take(1).len(), 1);
        let again: Vec<_> = b.take(0).into_iter().map(|s| s.name).collect();
        assert_eq!(again, ["a"]);
        assert!(
            b.take(1).is_empty(),
            "exporter 1 is not sent the requeued copy again"
        );
        assert!(b.is_empty());
    }
}
