const TIMEOUT = Symbol('timeout');

/**
 * Groups an async stream into batches: a batch starts with the first available item and takes
 * whatever else arrives within `windowMs`, up to `max` items. While catching up the source is
 * buffered, so batches fill at once; when live, an event waits at most `windowMs` before it is written.
 * The pending `next()` of a batch that timed out carries over to the next batch (nothing is lost).
 */
export async function* batches<T>(source: AsyncIterable<T>, max: number, windowMs: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined;
  try {
    for (;;) {
      const first = await (pending ?? iterator.next());
      pending = undefined;
      if (first.done) return;
      const batch = [first.value];
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<typeof TIMEOUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMEOUT), windowMs);
      });
      let done = false;
      try {
        while (batch.length < max) {
          pending = iterator.next();
          const result = await Promise.race([pending, deadline]);
          if (result === TIMEOUT) break;
          pending = undefined;
          if (result.done) {
            done = true;
            break;
          }
          batch.push(result.value);
        }
      } finally {
        clearTimeout(timer);
      }
      yield batch;
      if (done) return;
    }
  } finally {
    // Not awaited: with a `next()` still pending, `return()` would wait for one more item.
    void iterator.return?.()?.catch(() => undefined);
  }
}
