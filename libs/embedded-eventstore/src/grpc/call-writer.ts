import type { ServerWritableStream } from '@grpc/grpc-js';
import type { StoredEvent } from '../storage/event-record.codec';
import type { streams } from './proto';
import { batchWrites } from './batched-writes';
import { encodeReadEvent } from './wire.codec';

/** Read responses go out pre-encoded; the service's serializer passes Buffers through (see readService). */
type ReadCall = ServerWritableStream<streams.ReadReq, Buffer | streams.ReadResp>;

/**
 * Wraps a server-streaming call: tracks cancellation and waits for `drain` when the client
 * reads slower than we produce, so nothing is buffered without bound.
 */
export class CallWriter {
  cancelled = false;
  readonly whenCancelled: Promise<void>;

  constructor(readonly call: ReadCall) {
    batchWrites(call);
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
  send(msg: Buffer | streams.ReadResp): Promise<void> | undefined {
    if (this.cancelled) return undefined;
    // grpc-js streams buffer only 16 objects before write() says "full", and each drain costs a
    // flush round trip; a bounded 256-message window keeps throughput without unbounded buffering.
    this.call.write(msg);
    if (this.call.writableLength < 256) return undefined;
    return Promise.race([new Promise<void>((r) => this.call.once('drain', r)), this.whenCancelled]);
  }

  sendEvent(e: StoredEvent): Promise<void> | undefined {
    return this.send(encodeReadEvent(e));
  }
}
