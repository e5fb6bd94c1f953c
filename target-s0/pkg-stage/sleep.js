// A cancellable timer as a promise. `unref` (Node only) keeps a bounded wait from holding a script
// open; callers cancel the timer once what they raced it against has settled, so no timer stays
// pending for the rest of its time.
export function sleep(ms) {
  let timer;
  const p = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return {
    p,
    cancel: () => clearTimeout(timer),
    unref: () => typeof timer === 'object' && typeof timer.unref === 'function' && timer.unref(),
  };
}
