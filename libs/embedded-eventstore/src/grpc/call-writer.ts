import type { ServerWritableStream } from '@grpc/grpc-js';
import { TOMBSTONE_REVISION, type StoredEvent } from '../storage/event-record.codec';
import { streams } from './proto';
import { streamIdentifier, uuid } from './wire.mapping';

type ReadCall = ServerWritableStream<streams.ReadReq, streams.ReadResp>;

/**
 * Wraps a server-streaming call: tracks cancellation and waits for `drain` when the client
 * reads slower than we produce, so nothing is buffered without bound.
 */
export class CallWriter {
  cancelled = false;
  readonly whenCancelled: Promise<void>;

  constructor(readonly call: ReadCall) {
    this.whenCancelled = new Promise((resolve) => {
      const done = (): void => {
        this.cancelled = true;
        resolve();
      };
      call.once('cancelled', done);
      call.once('error', done);
      call.once('close', done);
    });
  }

  /** Writes one message; the returned promise (only when the buffer is full) settles on drain or cancel. */
  send(msg: streams.ReadResp): Promise<void> | undefined {
    if (this.cancelled) return undefined;
    // grpc-js streams buffer only 16 objects before write() says "full", and each drain costs a
    // flush round trip; a bounded 256-message window keeps throughput without unbounded buffering.
    this.call.write(msg);
    if (this.call.writableLength < 256) return undefined;
    return Promise.race([new Promise<void>((r) => this.call.once('drain', r)), this.whenCancelled]);
  }

  sendEvent(e: StoredEvent): Promise<void> | undefined {
    return this.send(readEvent(e));
  }
}

/** Converts a stored event to the wire shape; `created` is .NET ticks since the Unix epoch. */
export function readEvent(e: StoredEvent): streams.ReadResp {
  const pos = String(e.position);
  const rec = new streams.ReadResp.ReadEvent.RecordedEvent()
    .setId(uuid(e.id))
    .setStreamIdentifier(streamIdentifier(e.stream))
    .setStreamRevision(e.revision < 0 ? TOMBSTONE_REVISION.toString() : String(e.revision))
    .setPreparePosition(pos)
    .setCommitPosition(pos)
    .setData(e.data)
    .setCustomMetadata(e.customMetadata);
  const m = rec.getMetadataMap();
  m.set('type', e.type);
  m.set('content-type', e.contentType);
  m.set('created', e.createdTicks.toString());
  return new streams.ReadResp().setEvent(new streams.ReadResp.ReadEvent().setEvent(rec).setCommitPosition(pos));
}
