/**
 * The API's append thread (see AppendThread): its own client appends what the main thread
 * decided, so the client's encoding and gRPC work runs beside the HTTP requests. Replies carry the
 * request's id; errors go back as `ThreadError`s. `{ close }` lets the appends under way finish,
 * disposes of the client and answers `{ closed }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { AppendThreadReply, AppendThreadRequest } from './append-thread';
import { appendEvents, serializedEventData } from './event-store';
import { toThreadError } from './worker-thread';

const port = parentPort!;
const client = EventStoreDBClient.connectionString((workerData as { eventstoreUrl: string }).eventstoreUrl);
const inFlight = new Set<Promise<void>>();
const reply = (message: AppendThreadReply) => port.postMessage(message);

port.on('message', (request: AppendThreadRequest) => {
  if ('close' in request) {
    void Promise.allSettled(inFlight)
      .then(() => client.dispose())
      .finally(() => reply({ closed: true }));
    return;
  }
  const { id, stream, events, expected } = request;
  const appending = appendEvents(client, stream, events.map(serializedEventData), expected).then(
    ({ nextRevision, position }) => reply({ id, nextRevision, position }),
    (error: unknown) => reply({ id, error: toThreadError(error) }),
  );
  inFlight.add(appending);
  void appending.finally(() => inFlight.delete(appending));
});
