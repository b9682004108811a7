import { jsonEvent } from '@eventstore/db-client';
import { BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { connect, type ClientHttp2Session, type ClientHttp2Stream } from 'node:http2';
import { gzipSync } from 'node:zlib';
import { batchAppendReq, grpcFrame, openBatchAppend } from './raw-batch-append';
import { startEmbedded, uniqueStream } from './target';

/** What a raw BatchAppend call got back: its replies, and its grpc-status once the call ended. */
function collect(call: ClientHttp2Stream): { replies: BatchAppendResp[]; replied(n: number): Promise<void>; status: Promise<{ code: number; message: string }> } {
  const replies: BatchAppendResp[] = [];
  let buffered = Buffer.alloc(0);
  let waiting: { n: number; resolve: () => void } | undefined;
  let ended: (h: Record<string, unknown>) => void = () => {};
  const status = new Promise<{ code: number; message: string }>((resolve) => {
    ended = (h) => resolve({ code: Number(h['grpc-status']), message: decodeURIComponent(String(h['grpc-message'] ?? '')) });
  });
  // A call that fails before any reply is answered trailers-only: the status is in the headers.
  call.on('response', (h) => h['grpc-status'] !== undefined && ended(h));
  call.on('trailers', (t) => ended(t));
  // The node resets the rest of a call it has ended early; the status above is what counts.
  call.on('error', () => {});
  call.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 5 && buffered.length >= 5 + buffered.readUInt32BE(1)) {
      const size = buffered.readUInt32BE(1);
      replies.push(BatchAppendResp.deserializeBinary(buffered.subarray(5, 5 + size)));
      buffered = buffered.subarray(5 + size);
    }
    if (waiting && replies.length >= waiting.n) waiting.resolve();
  });
  call.resume();
  return {
    replies,
    status,
    replied: (n) => (replies.length >= n ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { n, resolve }))),
  };
}

// The node cuts BatchAppend requests out of the HTTP/2 DATA frames itself: however the bytes of
// the gRPC messages fall into frames, each is answered as grpc-js would have delivered it.
describe('BatchAppend requests on the wire', () => {
  let node: Awaited<ReturnType<typeof startEmbedded>>;
  let session: ClientHttp2Session;
  beforeAll(async () => {
    node = await startEmbedded();
    session = connect(`http://127.0.0.1:${new URL(node.connectionString.replace('esdb', 'http')).port}`);
  });
  afterAll(async () => {
    session.close();
    await node.stop();
  });

  it('messages split across DATA frames, down to one byte each, and several in one frame are each answered in order', async () => {
    const call = openBatchAppend(session);
    const got = collect(call);
    const ids = Array.from({ length: 4 }, () => crypto.randomUUID());
    const streams = ids.map(() => uniqueStream('framing'));
    const bytes = Buffer.concat(ids.map((id, i) => grpcFrame(batchAppendReq(streams[i], id))));
    const first = grpcFrame(batchAppendReq(streams[0], ids[0])).length;
    // The first message a byte per DATA frame, then the rest in frames cut mid-header and mid-body.
    for (let o = 0; o < first; o++) call.write(bytes.subarray(o, o + 1));
    call.write(bytes.subarray(first, first + 3));
    call.write(bytes.subarray(first + 3, first + 40));
    call.write(bytes.subarray(first + 40));
    await got.replied(4);
    expect(got.replies.map((r) => r.getCorrelationId()?.getString())).toEqual(ids);
    expect(got.replies.map((r) => r.getSuccess()?.getCurrentRevision())).toEqual(['0', '0', '0', '0']);
    call.end();
    expect((await got.status).code).toBe(0);
    for (const s of streams) {
      const events = [];
      for await (const e of node.client.readStream(s)) events.push(e.event?.type);
      expect(events).toEqual(['Counted']);
    }
  });

  it('a message over the receive limit ends the call with RESOURCE_EXHAUSTED as soon as its length is read', async () => {
    const call = openBatchAppend(session);
    const got = collect(call);
    const header = Buffer.alloc(5);
    header.writeUInt32BE(19 * 1024 * 1024, 1);
    call.write(header);
    expect(await got.status).toEqual({ code: 8, message: `Received message larger than max (${19 * 1024 * 1024} vs ${18 * 1024 * 1024})` });
    call.close();
  });

  it('bytes that are no BatchAppendReq end the call with INTERNAL and the node keeps serving', async () => {
    const call = openBatchAppend(session);
    const got = collect(call);
    call.write(grpcFrame(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f])));
    expect(await got.status).toEqual({ code: 13, message: 'Error deserializing request' });
    call.close();
    expect((await node.client.appendToStream(uniqueStream('alive'), jsonEvent({ type: 'X', data: {} }))).nextExpectedRevision).toBe(0n);
  });

  it('a gzip-compressed call is inflated and answered', async () => {
    const call = openBatchAppend(session, { 'grpc-encoding': 'gzip' });
    const got = collect(call);
    const id = crypto.randomUUID();
    call.write(grpcFrame(gzipSync(batchAppendReq(uniqueStream('gzip'), id)), true));
    await got.replied(1);
    expect(got.replies[0].getCorrelationId()?.getString()).toBe(id);
    expect(got.replies[0].getSuccess()?.getCurrentRevision()).toBe('0');
    call.end();
    expect((await got.status).code).toBe(0);
  });
});
