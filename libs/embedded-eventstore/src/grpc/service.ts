import type { ServiceDefinition } from '@grpc/grpc-js';
import { StreamsService } from './proto';
import { decodeBatchAppendReq } from './wire.codec';

type Serializable = { serializeBinary(): Uint8Array };

/** Hot-path responses are written as pre-encoded Buffers; rare ones still as generated messages. */
const passThroughOrSerialize = (m: Buffer | Serializable): Buffer => (Buffer.isBuffer(m) ? m : Buffer.from(m.serializeBinary()));

/**
 * The client's own `Streams` definition (paths, request decoding), with the serializers of the
 * hot paths replaced: Read and BatchAppend answers may be Buffers, and BatchAppend requests are
 * decoded by hand (`decodeBatchAppendReq`) instead of into google-protobuf objects.
 */
export const NodeStreamsService: ServiceDefinition = {
  ...(StreamsService as unknown as ServiceDefinition),
  read: { ...StreamsService.read, responseSerialize: passThroughOrSerialize },
  batchAppend: {
    ...StreamsService.batchAppend,
    requestDeserialize: (b: Buffer) => decodeBatchAppendReq(b),
    responseSerialize: passThroughOrSerialize,
  },
};
