import { jsonEvent } from '@eventstore/db-client';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProposedEvent, WriteResult } from '../src/engine/append.types';
import { EventStoreEngine } from '../src/engine/event-store.engine';
import { batchAppendReq, grpcFrame, openBatchAppend } from './raw-batch-append';
import { startEmbedded, uniqueStream } from './target';

const proposed = (n: number, id: string = crypto.randomUUID()): ProposedEvent => ({
  id,
  type: 'Counted',
  contentType: 'application/json',
  data: Buffer.from(JSON.stringify({ n })),
  customMetadata: new Uint8Array(0),
});

// The group commit of the node's engine on a real log file: how writes are gathered into one
// durable write, and what writers sharing a group see.
describe('group commit', () => {
  let dir: string;
  let engine: EventStoreEngine;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'es-group-'));
    ({ engine } = await EventStoreEngine.open(dir));
  });
  afterEach(async () => {
    await engine.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes arriving one callback at a time while a write is in flight share the next group', async () => {
    const results: Array<Promise<WriteResult>> = [engine.write('append', 'first', { kind: 'any' }, [proposed(0)])];
    // As gRPC messages arrive: one callback each, with a microtask checkpoint between them.
    await new Promise<void>((resolve) => {
      const arrive = (n: number): void => {
        results.push(engine.write('append', `s-${n}`, { kind: 'no_stream' }, [proposed(n)]));
        if (n === 10) resolve();
        else queueMicrotask(() => arrive(n + 1));
      };
      arrive(1);
    });
    const done = await Promise.all(results);
    expect(done.map((r) => r.kind)).toEqual(Array(11).fill('ok'));
    expect(engine.stats).toEqual({ writes: 11, groupCommits: 2 });
  });

  it('a retry decided in the same group as the write it repeats gets that write’s answer', async () => {
    const id = crypto.randomUUID();
    // The first write takes the idle writer's group alone; the next three queue behind it, together.
    const [, written, retried, conflict] = await Promise.all([
      engine.write('append', 'other', { kind: 'any' }, [proposed(0)]),
      engine.write('append', 's', { kind: 'no_stream' }, [proposed(0, id)]),
      engine.write('append', 's', { kind: 'no_stream' }, [proposed(0, id)]),
      engine.write('append', 's', { kind: 'no_stream' }, [proposed(0)]),
    ]);
    expect(written).toEqual({ kind: 'ok', revision: 0, position: expect.any(Number) });
    expect(retried).toEqual(written);
    expect(conflict).toEqual({ kind: 'wrong_expected_version', current: 0, expected: { kind: 'no_stream' } });
    expect(engine.stats).toEqual({ writes: 4, groupCommits: 2 });
  });
});

describe('group commits on disk through the client', () => {
  it('overlapping group writes from 50 concurrent writers all land where their positions say, across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'es-group-'));
    try {
      let node = await startEmbedded({ dataDir: dir });
      const acked: Array<{ stream: string; commit: bigint }> = [];
      await Promise.all(
        Array.from({ length: 50 }, async (_, w) => {
          for (let i = 0; i < 10; i++) {
            const stream = `w-${w}`;
            const r = await node.client.appendToStream(stream, jsonEvent({ type: 'Counted', data: { w, i } }), {
              expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1),
            });
            acked.push({ stream, commit: r.position!.commit });
          }
        }),
      );
      await node.stop();
      node = await startEmbedded({ dataDir: dir });
      try {
        const read: Array<{ stream: string; commit: bigint }> = [];
        for await (const e of node.client.readAll({ maxCount: 1_000 })) read.push({ stream: e.event!.streamId, commit: e.event!.position!.commit });
        const byPosition = (a: { commit: bigint }, b: { commit: bigint }): number => (a.commit < b.commit ? -1 : 1);
        expect(read).toEqual([...acked].sort(byPosition));
      } finally {
        await node.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('replies of a group commit', () => {
  it('leave in one HTTP/2 DATA frame per group on the BatchAppend call', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'es-group-'));
    const node = await startEmbedded({ dataDir: dir });
    const session = connect(`http://127.0.0.1:${new URL(node.connectionString.replace('esdb', 'http')).port}`);
    try {
      const call = openBatchAppend(session);
      const frames: Buffer[] = [];
      let replies = 0;
      let expected = 0;
      let answered: () => void = () => {};
      call.on('data', (chunk: Buffer) => {
        frames.push(chunk);
        for (let o = 0; o < chunk.length; o += 5 + chunk.readUInt32BE(o + 1)) replies++;
        if (replies === expected) answered();
      });
      const send = (count: number): Promise<void> => {
        expected += count;
        const done = new Promise<void>((resolve) => (answered = resolve));
        call.write(Buffer.concat(Array.from({ length: count }, () => grpcFrame(batchAppendReq(uniqueStream('frames'))))));
        return done;
      };
      await send(1);
      frames.length = 0;
      // One HTTP/2 write of 20 appends to an idle node: the first takes a group alone, the other
      // 19 form the next; each group's replies are one DATA frame.
      await send(20);
      expect(replies).toBe(21);
      expect(frames.length).toBeLessThanOrEqual(2);
      call.close();
    } finally {
      session.close();
      await node.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
