import { randomUUID } from 'node:crypto';
import { credentials } from '@grpc/grpc-js';
import { jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';
import { startTestEventStore } from '@app/testing';
import type { Infrastructure } from '@app/config';
import { EventStore, toEventData, type NewEvent } from '@app/eventstore';

const event: NewEvent = {
  event: { type: 'OpinionRaised', data: { opinionId: 'o-1', content: 'Vỉa hè bị lấn chiếm' } },
  metadata: {
    actor: { id: 'u1', name: 'Nguyễn Văn A', role: 'secretary', unit: 'CATP-HP' },
    correlationId: 'c-1',
    causationId: 'c-1',
    occurredAt: '2024-11-28T08:00:00+07:00',
    recordedAt: '2024-11-30T10:00:00+07:00',
  },
};

/** The first event of a stream as the node sends it: content-type and the raw data and metadata bytes. */
function rawFirstEvent(raw: StreamsClient, stream: string): Promise<{ contentType: string; data: Buffer; metadata: Buffer }> {
  const options = new ReadReq.Options();
  const streamOptions = new ReadReq.Options.StreamOptions();
  streamOptions.setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(stream)));
  streamOptions.setStart(new Empty());
  options.setStream(streamOptions);
  options.setResolveLinks(false);
  options.setCount('1');
  options.setUuidOption(new ReadReq.Options.UUIDOption().setString(new Empty()));
  options.setNoFilter(new Empty());
  options.setReadDirection(ReadReq.Options.ReadDirection.FORWARDS);
  return new Promise((resolve, reject) => {
    const call = raw.read(new ReadReq().setOptions(options));
    call.on('data', (resp: ReadResp) => {
      const recorded = resp.getEvent()?.getEvent();
      if (!recorded) return;
      resolve({
        contentType: recorded.getMetadataMap().get('content-type') ?? '',
        data: Buffer.from(recorded.getData_asU8()),
        metadata: Buffer.from(recorded.getCustomMetadata_asU8()),
      });
    });
    call.on('error', reject);
    call.on('end', () => reject(new Error(`no event in ${stream}`)));
  });
}

describe('event metadata as UTF-8 JSON bytes', () => {
  let client: EventStoreDBClient;
  let stop: () => Promise<void>;
  let raw: StreamsClient;

  beforeAll(async () => {
    let nodes: Infrastructure;
    ({ nodes, client, stop } = await startTestEventStore());
    raw = new StreamsClient(new URL(nodes.eventstoreUrl.replace('esdb', 'http')).host, credentials.createInsecure());
  });
  afterAll(async () => {
    raw.close();
    await stop();
  });

  it('hands the client bytes, not the object it would base64-encode', () => {
    const { metadata, contentType } = toEventData(event);
    expect(metadata?.constructor).toBe(Uint8Array);
    expect(contentType).toBe('application/json');
  });

  it('stores the same bytes as the client writes for the metadata object, and reads back the same object', async () => {
    const [ours, objects] = [`bytes-${randomUUID()}`, `object-${randomUUID()}`];
    await new EventStore(client).append(ours, [event], 'no_stream');
    await client.appendToStream(objects, jsonEvent({ type: event.event.type, data: event.event.data as never, metadata: event.metadata as never }));

    const [stored, expected] = [await rawFirstEvent(raw, ours), await rawFirstEvent(raw, objects)];
    expect(stored.contentType).toBe('application/json');
    expect(stored.metadata.equals(expected.metadata)).toBe(true);
    expect(stored.data.equals(expected.data)).toBe(true);

    for (const stream of [ours, objects]) {
      const read = [];
      for await (const resolved of client.readStream(stream)) read.push(resolved.event);
      expect(read).toHaveLength(1);
      expect(read[0]?.metadata).toEqual(event.metadata);
      expect(read[0]?.data).toEqual(event.event.data);
      expect(read[0]?.isJson).toBe(true);
    }
  });
});
