import {
  CancelledError,
  END,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  START,
  streamNameFilter,
  type Position,
  type ResolvedEvent,
  type StreamSubscription,
} from '@eventstore/db-client';
import { startEmbedded, startTarget, uniqueStream, type Target } from './target';

const ev = (type: string, n: number) => jsonEvent({ type, data: { n } });
const ns = (events: ResolvedEvent[]): number[] => events.map((e) => (e.event!.data as { n: number }).n);

/** Consumes until `done` holds; records where the `caughtUp` notification fell in the sequence. */
async function consume(sub: StreamSubscription, done: (seen: ResolvedEvent[]) => boolean) {
  const seen: ResolvedEvent[] = [];
  let caughtUpAt = -1;
  sub.on('caughtUp', () => {
    if (caughtUpAt < 0) caughtUpAt = seen.length;
  });
  for await (const e of sub) {
    seen.push(e);
    if (done(seen)) break;
  }
  return { seen, caughtUpAt };
}

const caughtUp = (sub: StreamSubscription): Promise<void> => new Promise((resolve) => sub.once('caughtUp', () => resolve()));

describe('subscriptions', () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(() => target.stop());

  it('$all with an unanchored event-type regex: catch-up, caught_up, live, and checkpoints per scanned window', async () => {
    const { client } = target;
    const tag = crypto.randomUUID().slice(0, 8);
    const s = uniqueStream('suball');
    await client.appendToStream(s, Array.from({ length: 100 }, (_, i) => ev(i % 10 === 0 ? `Hit_${tag}` : 'Miss', i)));
    const checkpoints: Position[] = [];
    const sub = client.subscribeToAll({
      fromPosition: START,
      filter: eventTypeFilter({
        regex: `t_${tag}`,
        maxSearchWindow: 10,
        checkpointInterval: 2,
        checkpointReached: (_s, p) => void checkpoints.push(p),
      }),
    });
    const live = caughtUp(sub).then(() => client.appendToStream(s, [ev('Miss', 100), ev(`Hit_${tag}`, 101)]));
    const { seen, caughtUpAt } = await consume(sub, (all) => all.length === 11);
    await live;
    expect(ns(seen)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 101]);
    expect(caughtUpAt).toBe(10);
    expect(checkpoints.length).toBeGreaterThanOrEqual(5);
    checkpoints.forEach((p, i) => {
      expect(p.commit).toBe(p.prepare);
      if (i > 0) expect(p.commit).toBeGreaterThanOrEqual(checkpoints[i - 1].commit);
    });
    if (!target.external) {
      // Fresh node: 100 scanned events, interval 2 × 10 → 5 checkpoints, plus one at the end of catch-up.
      expect(checkpoints).toHaveLength(6);
      const [lastScanned] = await consumeN(client.subscribeToStream(s, { fromRevision: 98n }), 1);
      expect(checkpoints[5]).toEqual(lastScanned.event!.position);
    }
  });

  it('$all from a position starts after it; stream-name prefix with excludeSystemEvents sends no checkpoints when unfiltered', async () => {
    const { client } = target;
    const s = uniqueStream('after');
    const first = await client.appendToStream(s, [ev('A', 0), ev('A', 1), ev('A', 2)]);
    await client.setStreamMetadata(s, { maxAge: 3600 });
    const [, second] = (await consumeN(client.subscribeToStream(s, { fromRevision: START }), 2)).map((e) => e.event!.position!);
    const fromSecond = await consumeN(client.subscribeToAll({ fromPosition: second, filter: streamNameFilter({ prefixes: [s] }) }), 1);
    expect(ns(fromSecond)).toEqual([2]);
    expect(first.position).toEqual(fromSecond[0].event!.position);
    // excludeSystemEvents hides the $metadata event written to $$<stream>.
    const sub = client.subscribeToAll({ fromPosition: second, filter: excludeSystemEvents() });
    const live = caughtUp(sub).then(() => client.appendToStream(s, ev('A', 3)));
    const { seen } = await consume(sub, (all) => all.some((e) => e.event?.streamId === s && ns([e])[0] === 3));
    await live;
    expect(seen.filter((e) => e.event!.type.startsWith('$'))).toEqual([]);
    expect(ns(seen.filter((e) => e.event!.streamId === s))).toEqual([2, 3]);
  });

  it('stream subscription from a revision is exclusive, reports caught_up, then delivers live appends', async () => {
    const { client } = target;
    const s = uniqueStream('substream');
    await client.appendToStream(s, [0, 1, 2].map((n) => ev('A', n)));
    const sub = client.subscribeToStream(s, { fromRevision: 0n });
    const live = caughtUp(sub).then(() => client.appendToStream(s, ev('A', 3)));
    const { seen, caughtUpAt } = await consume(sub, (all) => all.length === 3);
    await live;
    expect(ns(seen)).toEqual([1, 2, 3]);
    expect(caughtUpAt).toBe(2);
    expect(seen.map((e) => e.event!.revision)).toEqual([1n, 2n, 3n]);
  });

  it('subscribing to a missing stream from END waits for its first event', async () => {
    const { client } = target;
    const s = uniqueStream('later');
    const sub = client.subscribeToStream(s, { fromRevision: END });
    const live = caughtUp(sub).then(() => client.appendToStream(s, ev('A', 7)));
    const { seen } = await consume(sub, (all) => all.length === 1);
    await live;
    expect(ns(seen)).toEqual([7]);
  });

  it('a slow consumer still gets every event of a long catch-up in order', async () => {
    const { client } = target;
    const s = uniqueStream('slow');
    const blob = 'z'.repeat(2000);
    for (let b = 0; b < 10; b++) {
      await client.appendToStream(s, Array.from({ length: 300 }, (_, i) => jsonEvent({ type: 'B', data: { n: b * 300 + i, blob } })));
    }
    const sub = client.subscribeToStream(s, { fromRevision: START });
    const got: number[] = [];
    for await (const e of sub) {
      got.push(ns([e])[0]);
      if (got.length % 500 === 0) await new Promise((r) => setTimeout(r, 20));
      if (got.length === 3000) break;
    }
    expect(got).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    // 6 MB through the client's google-protobuf decode: seconds on a loaded 2-CPU box, so not the 5 s default.
  }, 30_000);

  it('an idle subscription outlives the client keepalive (10 s) and still receives', async () => {
    const { client } = target;
    const s = uniqueStream('idle');
    const sub = client.subscribeToStream(s, { fromRevision: END });
    const live = caughtUp(sub)
      .then(() => new Promise((r) => setTimeout(r, 12_000)))
      .then(() => client.appendToStream(s, ev('A', 42)));
    const { seen } = await consume(sub, (all) => all.length === 1);
    await live;
    expect(ns(seen)).toEqual([42]);
  }, 30_000);
});

describe('shutdown', () => {
  it('ends an open subscription with CancelledError; later calls get UNAVAILABLE', async () => {
    const node = await startEmbedded();
    const sub = node.client.subscribeToAll({ fromPosition: START });
    const ended = consume(sub, () => false);
    await caughtUp(sub);
    await node.stopServer();
    await expect(ended).rejects.toThrow(CancelledError);
    // The client surfaces this one as a raw gRPC error (it fails while fetching server features).
    await expect(node.client.appendToStream('after-stop', ev('A', 0))).rejects.toMatchObject({ code: 14 });
    await node.client.dispose();
  });
});

async function consumeN(sub: StreamSubscription, n: number): Promise<ResolvedEvent[]> {
  const { seen } = await consume(sub, (all) => all.length === n);
  return seen;
}
