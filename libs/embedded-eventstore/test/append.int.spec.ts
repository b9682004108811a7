import {
  jsonEvent,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { startTarget, uniqueStream, type Target } from './target';

const ev = (n: number, id: string = crypto.randomUUID()) => jsonEvent({ id, type: 'Counted', data: { n } });

// Credentials per call make the client use Streams.Append; without them it takes BatchAppend.
const paths = [
  { path: 'BatchAppend', callOptions: {} },
  { path: 'Append', callOptions: { credentials: { username: 'admin', password: 'changeit' } } },
];

describe.each(paths)('expected revision and idempotency over $path', ({ callOptions }) => {
  let target: Target;
  let client: EventStoreDBClient;
  const append = (stream: string, events: EventData[], expectedRevision: AppendExpectedRevision): Promise<AppendResult> =>
    client.appendToStream(stream, events, { expectedRevision, ...callOptions });
  const revisions = async (stream: string): Promise<bigint[]> => {
    const out: bigint[] = [];
    for await (const e of client.readStream(stream)) out.push(e.event!.revision);
    return out;
  };

  beforeAll(async () => {
    target = await startTarget();
    client = target.client;
  });
  afterAll(() => target.stop());

  it('no_stream creates, then conflicts with a different event', async () => {
    const s = uniqueStream('create');
    const first = await append(s, [ev(0), ev(1)], 'no_stream');
    expect(first.nextExpectedRevision).toBe(1n);
    await expect(append(s, [ev(2)], 'no_stream')).rejects.toThrow(WrongExpectedVersionError);
    expect(await revisions(s)).toEqual([0n, 1n]);
  });

  it('exact revision appends at the current revision and reports the actual one on conflict', async () => {
    const s = uniqueStream('exact');
    await append(s, [ev(0), ev(1)], 'no_stream');
    expect((await append(s, [ev(2)], 1n)).nextExpectedRevision).toBe(2n);
    const err = await append(s, [ev(3)], 5n).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WrongExpectedVersionError);
    expect((err as WrongExpectedVersionError).actualVersion).toBe(2n);
    expect((err as WrongExpectedVersionError).streamName).toBe(s);
    await expect(append(s, [ev(3)], 0n)).rejects.toThrow(WrongExpectedVersionError);
  });

  it('exact revision on a missing stream reports no_stream', async () => {
    const err = await append(uniqueStream('missing'), [ev(0)], 0n).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WrongExpectedVersionError);
    expect((err as WrongExpectedVersionError).actualVersion).toBe('no_stream');
  });

  it('stream_exists fails on a missing stream and appends to an existing one', async () => {
    const s = uniqueStream('exists');
    await expect(append(s, [ev(0)], 'stream_exists')).rejects.toThrow(WrongExpectedVersionError);
    await append(s, [ev(0)], 'any');
    expect((await append(s, [ev(1)], 'stream_exists')).nextExpectedRevision).toBe(1n);
  });

  it('re-appending the same ids at the same expected revision succeeds without writing', async () => {
    const s = uniqueStream('idem');
    const batch = [ev(0), ev(1)];
    const first = await append(s, batch, 'no_stream');
    const again = await append(s, batch, 'no_stream');
    expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
    expect(again.position).toEqual(first.position);
    const next = [ev(2)];
    const third = await append(s, next, 1n);
    expect(await append(s, next, 1n)).toEqual(third);
    expect(await revisions(s)).toEqual([0n, 1n, 2n]);
  });

  it('ids that only partly match the stored events are a conflict', async () => {
    const s = uniqueStream('partial');
    const [a, b] = [ev(0), ev(1)];
    await append(s, [a, b], 'no_stream');
    await expect(append(s, [a, ev(9)], 'no_stream')).rejects.toThrow(WrongExpectedVersionError);
    await expect(append(s, [ev(9), b], 'no_stream')).rejects.toThrow(WrongExpectedVersionError);
    await expect(append(s, [a, b, ev(2)], 'no_stream')).rejects.toThrow(WrongExpectedVersionError);
    expect(await revisions(s)).toEqual([0n, 1n]);
  });

  it('any and stream_exists retries of recent ids are not duplicated', async () => {
    const s = uniqueStream('any');
    const batch = [ev(0), ev(1)];
    const first = await append(s, batch, 'any');
    expect(await append(s, batch, 'any')).toEqual(first);
    expect(await append(s, batch, 'stream_exists')).toEqual(first);
    expect(await revisions(s)).toEqual([0n, 1n]);
  });

  it('rejects appends over 1 MiB without writing anything', async () => {
    const s = uniqueStream('big');
    const big = jsonEvent({ type: 'Big', data: { blob: 'x'.repeat(1024 * 1024) } });
    await expect(append(s, [big], 'any')).rejects.toThrow(MaxAppendSizeExceededError);
    await expect(revisions(s)).rejects.toThrow();
    // Just under the limit (data + 2 × type length) is accepted.
    const fits = jsonEvent({ type: 'Big', data: 'y'.repeat(1024 * 1024 - 20) });
    expect((await append(s, [fits], 'any')).nextExpectedRevision).toBe(0n);
  });

  it('appending to a tombstoned stream fails with StreamDeletedError', async () => {
    const s = uniqueStream('tomb');
    await append(s, [ev(0)], 'any');
    await client.tombstoneStream(s);
    await expect(append(s, [ev(1)], 'any')).rejects.toThrow(StreamDeletedError);
  });
});

describe('concurrent appenders', () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(() => target.stop());

  it('200 appenders on distinct streams each get revision 0 and their own event back', async () => {
    const prefix = uniqueStream('many');
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => target.client.appendToStream(`${prefix}-${i}`, ev(i), { expectedRevision: 'no_stream' })),
    );
    expect(results.every((r) => r.nextExpectedRevision === 0n)).toBe(true);
    expect(new Set(results.map((r) => r.position!.commit)).size).toBe(200);
    for (const i of [0, 99, 199]) {
      const [e] = await toArray(target.client.readStream(`${prefix}-${i}`));
      expect(e.event!.data).toEqual({ n: i });
    }
  });

  it('200 appenders on one stream: no lost or duplicated event, gap-free revisions', async () => {
    const s = uniqueStream('hot');
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => target.client.appendToStream(s, ev(i))));
    const events = await toArray(target.client.readStream(s));
    expect(events.map((e) => e.event!.revision)).toEqual(Array.from({ length: 200 }, (_, i) => BigInt(i)));
    expect(new Set(events.map((e) => (e.event!.data as { n: number }).n)).size).toBe(200);
    expect(new Set(results.map((r) => r.nextExpectedRevision)).size).toBe(200);
  });
});

async function toArray<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
