import type { Readable, Writable } from 'node:stream';
import { status } from '@grpc/grpc-js';

/** The parts of grpc-js's `BaseServerInterceptingCall` (1.x) the batched path relies on. */
interface BaseCall {
  stream: { write(chunk: Buffer, cb: (err?: Error | null) => void): boolean };
  maybeSendMetadata(): void;
  checkCancelled(): boolean;
  sendMessage(message: unknown, callback: () => void): void;
  sendStatus(status: { code: number; details: string; metadata: null }): void;
  maxSendMessageSize: number;
  callEventTracker?: { addMessageSent(): void };
}


/** grpc-js's call behind a server stream, when it has the shape the batched paths rely on. */
export function baseCallOf(call: Writable | Readable): BaseCall | undefined {
  const inner = (call as unknown as { call?: Partial<BaseCall> }).call;
  if (
    inner &&
    typeof inner.maybeSendMetadata === 'function' &&
    typeof inner.checkCancelled === 'function' &&
    typeof inner.sendMessage === 'function' &&
    typeof inner.sendStatus === 'function' &&
    typeof inner.maxSendMessageSize === 'number' &&
    typeof inner.stream?.write === 'function'
  ) {
    return inner as BaseCall;
  }
  return undefined;
}

/**
 * grpc-js writes a server stream one message per HTTP/2 write, and only takes the next message
 * once that write has completed: a socket write, and an event-loop turn, per message. This gives
 * the call a `_writev`, so messages queued meanwhile (a read page, a group's append replies) go
 * out framed exactly as grpc-js frames them (`0 | u32 length | message`, still one gRPC message
 * each) but in a single stream write. It applies only to pre-encoded Buffers on a call without
 * interceptors (whose grpc-js internals have the shape it expects); anything else takes grpc-js's
 * own path, one message at a time, unchanged.
 */
export function batchWrites(call: Writable): void {
  const base = baseCallOf(call);
  if (!base) return;
  const w = call as Writable & { _writev?: unknown };
  w._writev = (chunks: Array<{ chunk: unknown }>, callback: (err?: Error | null) => void): void => {
    let bytes = 0;
    let batchable = true;
    for (const { chunk } of chunks) {
      if (!Buffer.isBuffer(chunk) || (base.maxSendMessageSize !== -1 && chunk.length > base.maxSendMessageSize)) {
        batchable = false;
        break;
      }
      bytes += 5 + chunk.length;
    }
    if (!batchable) {
      // grpc-js's path for each message in turn (serialisation, size errors, interceptors' view).
      let i = 0;
      const next = (): void => {
        if (i === chunks.length) return callback();
        base.sendMessage(chunks[i++].chunk, next);
      };
      return next();
    }
    writeFramed(
      base,
      chunks.map((c) => c.chunk as Buffer),
      bytes,
      callback,
    );
  };
}

/** Frames pre-encoded messages (`0 | u32 length | message` each) into one HTTP/2 stream write. */
function writeFramed(base: BaseCall, messages: Buffer[], bytes: number, callback: () => void): void {
  if (base.checkCancelled()) return;
  const out = Buffer.allocUnsafe(bytes);
  let o = 0;
  for (const b of messages) {
    out[o] = 0; // not compressed
    out.writeUInt32BE(b.length, o + 1);
    b.copy(out, o + 5);
    o += 5 + b.length;
  }
  base.maybeSendMetadata();
  base.stream.write(out, (err) => {
    if (err) {
      // As grpc-js does for a failed message write: end the call, never call back.
      base.sendStatus({ code: status.INTERNAL, details: 'Internal server error', metadata: null });
      return;
    }
    if (base.callEventTracker) for (let n = 0; n < messages.length; n++) base.callEventTracker.addMessageSent();
    callback();
  });
}

/** Sends pre-encoded replies of a duplex call, bypassing its Writable (see {@link directWriter}). */
export interface DirectWriter {
  /** Queues one message; the queue leaves at the end of the current tick, in one stream write. */
  send(message: Buffer): void;
  /** Writes what is queued now (before the call's own writes or end). */
  flush(): void;
}

const noop = (): void => {};

/**
 * A call's replies written straight to its HTTP/2 stream: every reply passed through the call's
 * object-mode Writable (write, buffer while corked, uncork, a `_write` or `_writev` per batch)
 * only to be framed and written here anyway. Messages queued in one tick (a group commit's
 * replies) leave in one write, framed as grpc-js frames them. Replies larger than grpc-js allows
 * go through the call (after what is queued) so grpc-js reports the error. Undefined when the call
 * does not have the shape this relies on; the caller then writes through the call.
 */
export function directWriter(call: Writable): DirectWriter | undefined {
  const base = baseCallOf(call);
  if (!base) return undefined;
  let queue: Buffer[] = [];
  let bytes = 0;
  const flush = (): void => {
    if (queue.length === 0) return;
    const messages = queue;
    queue = [];
    const n = bytes;
    bytes = 0;
    writeFramed(base, messages, n, noop);
  };
  return {
    send(message) {
      if (base.maxSendMessageSize !== -1 && message.length > base.maxSendMessageSize) {
        flush();
        call.write(message);
        return;
      }
      if (queue.length === 0) process.nextTick(flush);
      queue.push(message);
      bytes += 5 + message.length;
    },
    flush,
  };
}
