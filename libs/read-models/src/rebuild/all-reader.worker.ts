/**
 * The reader thread of a rebuild (see AllReaderThread): its own client reads `$all`, so decoding
 * the events (gRPC, protobuf, JSON) runs here while the main thread folds and writes. Batches go
 * to the main thread by structured clone, at most `inFlight` ahead of what it has taken (every
 * batch it takes sends back one credit).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EventStore, toThreadError } from '@app/eventstore';
import { projectedBatches } from './projected-batches';
import type { ReaderThreadData, ReaderThreadMessage } from './all-reader-thread';

const port = parentPort!;
const { eventstoreUrl, after, prefixes, postSize, pageSize, inFlight } = workerData as ReaderThreadData;
const post = (message: ReaderThreadMessage) => port.postMessage(message);

let credits = inFlight;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits++;
  wake?.();
  wake = undefined;
});

async function read(): Promise<void> {
  const client = EventStoreDBClient.connectionString(eventstoreUrl);
  try {
    const chunks = new EventStore(client).readAllChunks({ fromPosition: after, pageSize, chunkSize: postSize });
    for await (const batch of projectedBatches(chunks, { after, prefixes, batchSize: postSize })) {
      if (credits === 0) post({ waiting: true });
      while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      credits--;
      post({ batch });
    }
  } finally {
    await client.dispose();
  }
}

read().then(
  () => post({ end: true }),
  (error: unknown) => post({ error: toThreadError(error) }),
).finally(() => port.close());
