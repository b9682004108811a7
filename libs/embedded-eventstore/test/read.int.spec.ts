import {
  BACKWARDS,
  END,
  FORWARDS,
  jsonEvent,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type EventStoreDBClient,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { startTarget, uniqueStream, type Target } from './target';

const ev = (n: number) => jsonEvent({ type: n % 2 ? 'Odd' : 'Even', data: { n }, metadata: { by: 'test', n } });

async function toArray<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
const ns = (events: ResolvedEvent[]): number[] => events.map((e) => (e.event!.data as { n: number }).n);

describe('reads', () => {
  let target: Target;
  let client: EventStoreDBClient;
  const s = uniqueStream('read');
  beforeAll(async () => {
    target = await startTarget();
    client = target.client;
    await client.appendToStream(s, [0, 1, 2, 3, 4].map(ev), { expectedRevision: 'no_stream' });
  });
  afterAll(() => target.stop());

  it('reads a stream forwards and backwards with counts and start revisions', async () => {
    expect(ns(await toArray(client.readStream(s)))).toEqual([0, 1, 2, 3, 4]);
    expect(ns(await toArray(client.readStream(s, { fromRevision: 2n, maxCount: 2 })))).toEqual([2, 3]);
    expect(ns(await toArray(client.readStream(s, { direction: BACKWARDS, fromRevision: END, maxCount: 3 })))).toEqual([4, 3, 2]);
    expect(ns(await toArray(client.readStream(s, { direction: BACKWARDS, fromRevision: 1n })))).toEqual([1, 0]);
    expect(ns(await toArray(client.readStream(s, { direction: FORWARDS, fromRevision: END })))).toEqual([]);
  });

  it('returns type, content type, custom metadata and a creation time from the Unix-epoch ticks', async () => {
    const before = Date.now();
    const t = uniqueStream('meta');
    await client.appendToStream(t, ev(1));
    const [e] = await toArray(client.readStream(t));
    expect(e.event).toMatchObject({ type: 'Odd', streamId: t, revision: 0n, isJson: true, metadata: { by: 'test', n: 1 } });
    expect(new Date(e.event!.created).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(e.event!.created).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('reports a missing stream as StreamNotFoundError', async () => {
    await expect(toArray(client.readStream(uniqueStream('none')))).rejects.toThrow(StreamNotFoundError);
  });

  it('orders $all by strictly increasing positions with commit == prepare, both directions', async () => {
    const forwards = (await toArray(client.readAll({ fromPosition: START, maxCount: 10_000 }))).filter((e) => e.event?.streamId === s);
    expect(ns(forwards)).toEqual([0, 1, 2, 3, 4]);
    const positions = forwards.map((e) => e.event!.position!);
    positions.forEach((p, i) => {
      expect(p.commit).toBe(p.prepare);
      if (i > 0) expect(p.commit).toBeGreaterThan(positions[i - 1].commit);
    });
    // Forwards from a position includes it; backwards from it excludes it.
    const [third] = await toArray(client.readAll({ fromPosition: positions[2], maxCount: 1 }));
    expect(third.event!.position).toEqual(positions[2]);
    const [second] = await toArray(client.readAll({ direction: BACKWARDS, fromPosition: positions[2], maxCount: 1 }));
    expect(second.event!.position).toEqual(positions[1]);
    const backwards = (await toArray(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 10_000 }))).filter(
      (e) => e.event?.streamId === s,
    );
    expect(ns(backwards)).toEqual([4, 3, 2, 1, 0]);
    expect(await toArray(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 2 }))).toHaveLength(2);
  });

  it('stream metadata round-trips and $maxCount hides older events without renumbering', async () => {
    const t = uniqueStream('capped');
    await client.appendToStream(t, [0, 1, 2, 3].map(ev));
    await client.setStreamMetadata(t, { maxCount: 2, custom: 'x' });
    expect((await client.getStreamMetadata(t)).metadata).toEqual({ maxCount: 2, custom: 'x' });
    const events = await toArray(client.readStream(t));
    expect(events.map((e) => e.event!.revision)).toEqual([2n, 3n]);
  });

  it('soft delete hides the stream; a later append continues the revisions', async () => {
    const t = uniqueStream('soft');
    await client.appendToStream(t, [0, 1].map(ev));
    await expect(client.deleteStream(t, { expectedRevision: 0n })).rejects.toThrow(WrongExpectedVersionError);
    await client.deleteStream(t, { expectedRevision: 1n });
    await expect(toArray(client.readStream(t))).rejects.toThrow(StreamNotFoundError);
    const r = await client.appendToStream(t, ev(2));
    expect(r.nextExpectedRevision).toBe(2n);
    expect((await toArray(client.readStream(t))).map((e) => e.event!.revision)).toEqual([2n]);
  });

  it('soft delete of a stream that never existed is a conflict', async () => {
    await expect(client.deleteStream(uniqueStream('ghost'))).rejects.toThrow(WrongExpectedVersionError);
  });

  it('tombstone is permanent: reads, appends and deletes then fail with StreamDeletedError', async () => {
    const t = uniqueStream('tomb');
    await client.appendToStream(t, ev(0));
    const { position } = await client.tombstoneStream(t);
    expect(position).toBeDefined();
    await expect(toArray(client.readStream(t))).rejects.toThrow(StreamDeletedError);
    await expect(client.appendToStream(t, ev(1))).rejects.toThrow(StreamDeletedError);
    await expect(client.tombstoneStream(t)).rejects.toThrow(StreamDeletedError);
    // $all keeps the deleted events until a scavenge.
    const all = await toArray(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 50 }));
    expect(all.some((e) => e.event?.streamId === t && e.event.type === 'Even')).toBe(true);
  });

  it('tombstone succeeds on a stream that never existed', async () => {
    const t = uniqueStream('never');
    await client.tombstoneStream(t);
    await expect(toArray(client.readStream(t))).rejects.toThrow(StreamDeletedError);
  });
});
