import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import { startTestNodes } from '@app/testing';
import type { Infrastructure } from '@app/config';
import { EventStore, RevisionConflictError, type NewEvent, type StoredEvent } from '@app/eventstore';

const metadata = (n = 0) => ({
  actor: { id: 'u1', name: 'Nguyễn Văn A', role: 'secretary' as const, unit: 'CATP-HP' },
  correlationId: `c-${n}`,
  causationId: `c-${n}`,
  occurredAt: '2024-11-28T08:00:00+07:00',
  recordedAt: '2024-11-30T10:00:00+07:00',
});
const counted = (n: number): NewEvent => ({ event: { type: 'Counted', data: { n } }, metadata: metadata(n) });

describe('EventStore gateway (real client)', () => {
  let nodes: Infrastructure;
  let client: EventStoreDBClient;
  let store: EventStore;

  beforeAll(async () => {
    nodes = await startTestNodes();
    client = EventStoreDBClient.connectionString(nodes.eventstoreUrl);
    store = new EventStore(client);
  });
  afterAll(async () => {
    await client.dispose();
    await nodes.stop();
  });

  it('appends with no_stream, then an exact revision, and folds the stream back with metadata', async () => {
    const stream = `test-${randomUUID()}`;
    const first = await store.append(stream, [counted(1), counted(2)], 'no_stream');
    expect(first.nextRevision).toBe(1n);
    const second = await store.append(stream, [counted(3)], 1n);
    expect(second.nextRevision).toBe(2n);
    expect(second.position).toBeGreaterThan(first.position);

    const folded = await store.aggregate<number, StoredEvent['type'] extends string ? any : never>(
      stream,
      (sum, e) => sum + (e.data as { n: number }).n,
      0,
    );
    expect(folded.state).toBe(6);
    expect(folded.revision).toBe(2n);
    expect(folded.events.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    expect(folded.events[0].metadata).toEqual(metadata(1));
    expect(folded.events[2].position).toBe(second.position);
  });

  it('reports a stale expected revision as RevisionConflictError and writes nothing', async () => {
    const stream = `test-${randomUUID()}`;
    await store.append(stream, [counted(1)], 'no_stream');
    await expect(store.append(stream, [counted(2)], 5n)).rejects.toThrow(RevisionConflictError);
    await expect(store.append(stream, [counted(2)], 'no_stream')).rejects.toThrow(RevisionConflictError);
    const folded = await store.aggregate(stream, (n: number) => n + 1, 0);
    expect(folded.state).toBe(1);
  });

  it('reads a missing stream as empty', async () => {
    const folded = await store.aggregate(`test-${randomUUID()}`, (n: number) => n + 1, 0);
    expect(folded).toEqual({ state: 0, revision: undefined, events: [] });
  });

  it('pages through $all exactly once, in order, from a position inclusive', async () => {
    const stream = `paged-${randomUUID()}`;
    for (let i = 0; i < 5; i++) await store.append(stream, Array.from({ length: 7 }, (_, j) => counted(i * 7 + j)), 'any');
    const seen: StoredEvent[] = [];
    for await (const e of store.readAll({ pageSize: 4 })) if (e.streamId === stream) seen.push(e);
    expect(seen.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 35 }, (_, i) => i));
    const positions = seen.map((e) => e.position);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);

    const fromTenth: StoredEvent[] = [];
    for await (const e of store.readAll({ fromPosition: seen[9].position, pageSize: 3 })) if (e.streamId === stream) fromTenth.push(e);
    expect(fromTenth.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 26 }, (_, i) => i + 9));
    expect(await store.headPosition()).toBeGreaterThanOrEqual(seen[34].position);
  });

  it('hands out $all in arrays of at most the chunk size, the same events as one by one', async () => {
    const stream = `chunked-${randomUUID()}`;
    await store.append(stream, Array.from({ length: 23 }, (_, i) => counted(i)), 'no_stream');
    const chunks: StoredEvent[][] = [];
    for await (const chunk of store.readAllChunks({ pageSize: 10, chunkSize: 4 })) chunks.push(chunk);
    const oneByOne: StoredEvent[] = [];
    for await (const e of store.readAll({ pageSize: 7 })) oneByOne.push(e);
    expect(chunks.flat()).toEqual(oneByOne);
    expect(chunks.every((chunk) => chunk.length >= 1 && chunk.length <= 4)).toBe(true);
    expect(chunks.flat().filter((e) => e.streamId === stream).map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });
});

describe('EventStore reads left early', () => {
  it('still lets the client dispose', async () => {
    const nodes = await startTestNodes();
    const client = EventStoreDBClient.connectionString(nodes.eventstoreUrl);
    const store = new EventStore(client);
    const stream = `early-${randomUUID()}`;
    await store.append(stream, Array.from({ length: 20 }, (_, i) => counted(i)), 'no_stream');
    for await (const e of store.readStream(stream)) if (e.revision === 2n) break;
    for await (const e of store.readAll({ pageSize: 8 })) if (e.revision === 3n) break;
    for await (const chunk of store.readAllChunks({ pageSize: 8, chunkSize: 3 })) if (chunk.length) break;
    expect(await store.headPosition()).toBeDefined();
    let deadline: NodeJS.Timeout | undefined;
    const disposed = await Promise.race([client.dispose().then(() => 'disposed'), new Promise((r) => (deadline = setTimeout(() => r('hung'), 5000)))]);
    clearTimeout(deadline);
    expect(disposed).toBe('disposed');
    await nodes.stop();
  });
});
