// The keys of a Span's internal methods, for the integrations (wrap*.js), which call them without
// importing span.js and its wasm.

/** `(kind, text)`: tells onDiagnostic (or the console), once per tracer and kind, about something
 * the SDK saw go wrong. */
export const REPORT = Symbol('edgespan.report');

/** `(fn) → unregister`: `fn(how)` runs if the span's request scope finishes while the span is
 * still open, before the scope ends it: `how` is 'cancel' when what the scope served went away (a
 * client that disconnected), when the span may end itself as cancelled; else 'incomplete', when
 * it records what it has and is left to end as incomplete. */
export const ABANDON = Symbol('edgespan.abandon');

/** `() → boolean`: forgets the span without exporting it when it is open, has no child span and
 * recorded no error (a root whose event made no span of its own); true when it did. */
export const DISCARD_IF_LONE = Symbol('edgespan.discardIfLone');

/** `(existing) → string`: the `baggage` header value for a call made from the span: its trace's
 * session and user (`session.id`, `user.id`), then the entries of `existing` (the request's own
 * header, or '') under other keys; '' for none. */
export const BAGGAGE = Symbol('edgespan.baggage');

/** `(header)`: applies the session and user of an incoming `baggage` header to the span's trace;
 * every other entry is ignored. */
export const APPLY_BAGGAGE = Symbol('edgespan.applyBaggage');

/** `(name, options) → Span`: starts a span in the span's tracer (its own parent in `options`,
 * a `traceparent` say), not as its child. */
export const START_SPAN = Symbol('edgespan.startSpan');

/** `()`: marks a request scope's root as serving something that went away (the client
 * disconnected): finishing it ends the scope's open spans as cancelled, not as incomplete. */
export const CANCEL_SCOPE = Symbol('edgespan.cancelScope');

/** A start option, `{ t: [4 words], s: [2 words] }`: the span's own ids, chosen by the caller
 * (a workflow's, derived from its instance so that every invocation agrees), instead of random
 * ones. A trace id given here is used when the span has no parent. */
export const WITH_IDS = Symbol('edgespan.withIds');

/** `end(how, err)` made to run once: from the stream's own end, or through ABANDON when the
 * span's request scope finishes first. `.forget()` drops it without running it. */
export function endOnce(span, end) {
  let done = false;
  let unregister;
  const once = (how, err) => {
    if (done) return;
    done = true;
    unregister?.();
    end(how, err);
  };
  once.forget = () => {
    done = true;
    unregister?.();
  };
  try {
    unregister = span[ABANDON]?.(once);
  } catch {
    // not an edgespan span: its scope cannot call back
  }
  return once;
}
