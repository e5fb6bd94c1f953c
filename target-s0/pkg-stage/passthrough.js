// A pass-through copy of a ReadableStream that reports each chunk and how it ended: read to the
// end ('ok'), failed ('error', with the error) or cancelled by its reader ('cancel'). Used for
// traceStream() and for instrument()'s response bodies. Returns `stream` itself when it cannot be
// read (locked, or not a stream), so callers never throw.
export function passThrough(stream, onChunk, onEnd) {
  let reader;
  try {
    reader = stream.getReader();
  } catch {
    return null;
  }
  let ended = false;
  const end = (how, err) => {
    if (ended) return;
    ended = true;
    onEnd(how, err);
  };
  return new ReadableStream({
    async pull(controller) {
      let r;
      try {
        r = await reader.read();
      } catch (e) {
        end('error', e);
        controller.error(e);
        return;
      }
      if (r.done) {
        end('ok');
        controller.close();
      } else {
        onChunk?.(r.value);
        controller.enqueue(r.value);
      }
    },
    cancel(reason) {
      end('cancel');
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 }); // read only when the reader asks: what it saw is what was counted
}
