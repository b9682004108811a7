import { jsonEvent, RequiredMetadataPropertyMissingError, WrongExpectedVersionError } from '@eventstore/db-client';
import { convertToCommandError } from '@eventstore/db-client/dist/utils/CommandError';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendReq, AppendResp } from '@eventstore/db-client/generated/streams_pb';
import { StreamIdentifier, UUID, Empty } from '@eventstore/db-client/generated/shared_pb';
import { connect } from 'node:net';
import { startEmbedded, uniqueStream } from './target';

// Raw-protocol abuse targets the embedded node directly: a shared real server is not ours to poke.
describe('protocol robustness', () => {
  let node: Awaited<ReturnType<typeof startEmbedded>>;
  let raw: StreamsClient;
  beforeAll(async () => {
    node = await startEmbedded();
    raw = new StreamsClient(`127.0.0.1:${new URL(node.connectionString.replace('esdb', 'http')).port}`, credentials.createInsecure());
  });
  afterAll(async () => {
    raw.close();
    await node.stop();
  });

  const rawAppend = (stream: string, meta: Record<string, string>): Promise<AppendResp> =>
    new Promise((resolve, reject) => {
      const call = raw.append(new Metadata(), (err, resp) => (err ? reject(err) : resolve(resp!)));
      const options = new AppendReq.Options().setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(stream))).setAny(new Empty());
      call.write(new AppendReq().setOptions(options));
      const msg = new AppendReq.ProposedMessage().setId(new UUID().setString(crypto.randomUUID())).setData(Buffer.from('{}'));
      for (const [k, v] of Object.entries(meta)) msg.getMetadataMap().set(k, v);
      call.write(new AppendReq().setProposedMessage(msg));
      call.end();
    });

  it('missing type or content-type is RequiredMetadataPropertyMissingError and writes nothing', async () => {
    const s = uniqueStream('nometa');
    const err = await rawAppend(s, { type: 'X' }).catch((e: ServiceError) => convertToCommandError(e));
    expect(err).toBeInstanceOf(RequiredMetadataPropertyMissingError);
    expect((await rawAppend(s, { type: 'X', 'content-type': 'application/json' })).getSuccess()?.getCurrentRevision()).toBe('0');
  });

  it('an empty stream name is rejected with a clear error', async () => {
    await expect(rawAppend('', { type: 'X', 'content-type': 'application/json' })).rejects.toMatchObject({
      code: 3,
      details: 'Stream name must not be empty',
    });
    await expect(node.client.appendToStream('', jsonEvent({ type: 'X', data: {} }))).rejects.toThrow(/empty/);
  });

  it('malformed message bytes get a gRPC error and the node keeps serving', async () => {
    const garbage = new StreamsClient(`127.0.0.1:${node.connectionString.split(':')[2].split('?')[0]}`, credentials.createInsecure());
    const err = await new Promise<ServiceError>((resolve) => {
      const call = garbage.makeClientStreamRequest(
        '/event_store.client.streams.Streams/Append',
        (b: Buffer) => b,
        (b: Buffer) => b,
        new Metadata(),
        (e) => resolve(e!),
      );
      call.write(Buffer.from([0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]));
      call.end();
    });
    garbage.close();
    expect(err.code).toBeGreaterThan(0);
    expect((await node.client.appendToStream(uniqueStream('alive'), jsonEvent({ type: 'X', data: {} }))).nextExpectedRevision).toBe(0n);
  });

  it('garbage bytes on the port do not take the node down', async () => {
    const port = Number(node.connectionString.split(':')[2].split('?')[0]);
    await new Promise<void>((resolve) => {
      const sock = connect(port, '127.0.0.1', () => sock.end(Buffer.from('GET / HTTP/1.1\r\n\r\n\x00\x01garbage'.repeat(50))));
      sock.on('error', () => resolve());
      sock.on('close', () => resolve());
      sock.resume();
    });
    expect((await node.client.appendToStream(uniqueStream('alive'), jsonEvent({ type: 'X', data: {} }))).nextExpectedRevision).toBe(0n);
  });
});

describe('node without BatchAppend (client falls back to Streams.Append)', () => {
  it('appends and reports conflicts through the Append reply body', async () => {
    const node = await startEmbedded({ batchAppend: false });
    try {
      const s = uniqueStream('plain');
      expect((await node.client.appendToStream(s, jsonEvent({ type: 'X', data: {} }), { expectedRevision: 'no_stream' })).nextExpectedRevision).toBe(0n);
      await expect(node.client.appendToStream(s, jsonEvent({ type: 'X', data: {} }), { expectedRevision: 'no_stream' })).rejects.toThrow(
        WrongExpectedVersionError,
      );
    } finally {
      await node.stop();
    }
  });
});
