import type { Readable } from 'node:stream';
import { status } from '@grpc/grpc-js';
import { baseCallOf } from './batched-writes';

/** The parts of grpc-js's `BaseServerInterceptingCall` (1.x) the direct read path relies on. */
interface ReadableBaseCall {
  stream: Readable;
  readQueue: unknown[];
  incomingEncoding: string;
  maxReceiveMessageSize: number;
  checkCancelled(): boolean;
  sendStatus(status: { code: number; details: string; metadata: null }): void;
  callEventTracker?: { addMessageReceived(): void } | null;
}

const SEND_ERROR_DETAILS = process.env.GRPC_NODE_DEBUG_SEND_ERROR_DETAILS === 'true';

function readableBaseCallOf(call: Readable): ReadableBaseCall | undefined {
  const base = baseCallOf(call) as Partial<ReadableBaseCall> | undefined;
  const stream = base?.stream;
  if (
    base &&
    Array.isArray(base.readQueue) &&
    base.readQueue.length === 0 &&
    typeof base.incomingEncoding === 'string' &&
    typeof base.maxReceiveMessageSize === 'number' &&
    typeof stream?.listeners === 'function' &&
    typeof stream.resume === 'function' &&
    stream.listeners('data').length === 1
  ) {
    return base as ReadableBaseCall;
  }
  return undefined;
}

/**
 * grpc-js hands a server stream's requests over one at a time: each gRPC message is copied out
 * of its DATA frame, pauses the HTTP/2 stream, goes through an async decompression step (a
 * promise and a microtask even for uncompressed messages), a read queue and an object-mode
 * Readable before the handler's 'data' listener sees it; about a fifth of the node's CPU per
 * append under 50 writers. This takes over the DATA frames of an uncompressed call without
 * interceptors: messages are cut from each frame (`flag | u32 length | message`, as grpc-js's
 * StreamDecoder does), deserialized and passed to `onMessage` in arrival order, synchronously.
 * Half-close, cancellation, errors and replies stay with grpc-js. Size and deserialization
 * failures end the call with the status grpc-js would send. Returns false when the call does not
 * have the shape this relies on; the caller then reads through grpc-js (`call.on('data')`).
 */
export function readDirectly<T>(call: Readable, deserialize: (message: Buffer) => T, onMessage: (message: T) => void): boolean {
  const base = readableBaseCallOf(call);
  // A compressed call goes through grpc-js, which inflates its messages.
  if (!base || base.incomingEncoding !== 'identity') return false;
  const stream = base.stream;
  stream.off('data', stream.listeners('data')[0] as (chunk: Buffer) => void);
  const max = base.maxReceiveMessageSize;
  let failed = false;
  const fail = (code: number, details: string): void => {
    failed = true;
    base.sendStatus({ code, details, metadata: null });
  };
  /**
   * Bytes of a frame header or message that continue in later DATA frames, joined only once the
   * message is complete (a 1 MiB append arrives in ~64 frames: joining at each would copy it ~32 times).
   */
  let parts: Buffer[] = [];
  let buffered = 0;
  let needed = 0;
  stream.on('data', (chunk: Buffer) => {
    if (failed || base.checkCancelled()) return;
    let data = chunk;
    if (parts.length > 0) {
      parts.push(chunk);
      buffered += chunk.length;
      if (buffered < needed) return;
      data = Buffer.concat(parts, buffered);
      parts = [];
    }
    let o = 0;
    while (data.length - o >= 5) {
      const size = data.readUInt32BE(o + 1);
      if (max !== -1 && size > max) return fail(status.RESOURCE_EXHAUSTED, `Received message larger than max (${size} vs ${max})`);
      if (data.length - o - 5 < size) break;
      // Its own copy: decoded events keep views of it, and the DATA frame's buffer is shared.
      const message = Buffer.allocUnsafe(size);
      data.copy(message, 0, o + 5, o + 5 + size);
      o += 5 + size;
      base.callEventTracker?.addMessageReceived();
      let decoded: T;
      try {
        decoded = deserialize(message);
      } catch (err) {
        return fail(status.INTERNAL, SEND_ERROR_DETAILS ? `Error deserializing request: ${(err as Error).message}` : 'Error deserializing request');
      }
      onMessage(decoded);
      if (failed || base.checkCancelled()) return;
    }
    if (o < data.length) {
      parts = [data.subarray(o)];
      buffered = data.length - o;
      needed = buffered >= 5 ? 5 + data.readUInt32BE(o + 1) : 5;
    }
  });
  stream.resume();
  // The call's own readable side stays flowing (nothing is pushed to it but the end): grpc-js
  // only reports the half-close once it has been asked to read.
  call.resume();
  return true;
}
