import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { BatchAppendReq } from '@eventstore/db-client/generated/streams_pb';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import type { ClientHttp2Session, ClientHttp2Stream, OutgoingHttpHeaders } from 'node:http2';

/** A one-event `BatchAppendReq` to `stream` (expected revision any), as the client encodes it. */
export function batchAppendReq(stream: string, correlationId: string = crypto.randomUUID()): Uint8Array {
  const options = new BatchAppendReq.Options()
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(stream)))
    .setAny(new Empty())
    .setDeadline(new Timestamp().setSeconds(Math.floor(Date.now() / 1000) + 60));
  const event = new BatchAppendReq.ProposedMessage().setId(new UUID().setString(crypto.randomUUID())).setData(Buffer.from('{}'));
  event.getMetadataMap().set('type', 'Counted').set('content-type', 'application/json');
  return new BatchAppendReq()
    .setCorrelationId(new UUID().setString(correlationId))
    .setOptions(options)
    .setProposedMessagesList([event])
    .setIsFinal(true)
    .serializeBinary();
}

/** A gRPC length-prefixed message: compressed flag, u32 length, bytes. */
export function grpcFrame(message: Uint8Array, compressed = false): Buffer {
  const b = Buffer.alloc(5 + message.length);
  b[0] = compressed ? 1 : 0;
  b.writeUInt32BE(message.length, 1);
  b.set(message, 5);
  return b;
}

/** Opens a raw `Streams.BatchAppend` call on an HTTP/2 session to the node. */
export function openBatchAppend(session: ClientHttp2Session, headers: OutgoingHttpHeaders = {}): ClientHttp2Stream {
  return session.request({
    ':method': 'POST',
    ':path': '/event_store.client.streams.Streams/BatchAppend',
    'content-type': 'application/grpc',
    te: 'trailers',
    ...headers,
  });
}
