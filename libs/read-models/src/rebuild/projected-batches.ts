import type { StoredEvent } from '@app/eventstore';

/**
 * Groups `$all` events (as `EventStore.readAllChunks` hands them out) into batches of `batchSize`
 * for a rebuild: only events of the projected streams, and only those after `after` (the read
 * starts there, inclusive).
 */
export async function* projectedBatches(
  chunks: AsyncIterable<readonly StoredEvent[]>,
  options: { after: bigint | undefined; prefixes: readonly string[]; batchSize: number },
): AsyncGenerator<StoredEvent[]> {
  const { after, prefixes, batchSize } = options;
  let batch: StoredEvent[] = [];
  for await (const chunk of chunks) {
    for (const event of chunk) {
      if (after !== undefined && event.position <= after) continue;
      if (!prefixes.some((prefix) => event.streamId.startsWith(prefix))) continue;
      batch.push(event);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}
