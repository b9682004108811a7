import { randomUUID } from 'node:crypto';
import { jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { measureLag } from '@app/read-models';
import { startTestEventStore } from '@app/testing';

/** How far a checkpoint is behind `$all` (the health probe), through the real client on the embedded node. */
describe('measureLag', () => {
  let client: EventStoreDBClient;
  let stop: () => Promise<void>;
  /** Commit positions of 60 projected events, oldest first; an unprojected event follows them. */
  const positions: bigint[] = [];

  beforeAll(async () => {
    ({ client, stop } = await startTestEventStore());
    for (let i = 0; i < 60; i++) {
      const result = await client.appendToStream(`opinion-${randomUUID()}`, jsonEvent({ type: 'OpinionRaised', data: { i } }));
      positions.push(result.position!.commit);
    }
    await client.appendToStream(`other-${randomUUID()}`, jsonEvent({ type: 'Unrelated', data: {} }));
  });
  afterAll(async () => {
    await stop();
  });

  it('counts the projected events after a checkpoint among the last few (the first, short read)', async () => {
    const lag = await measureLag(client, positions[54]);
    expect(lag).toMatchObject({ events: 5, capped: false, head: positions[59] });
  });

  it('reads further back when the checkpoint is not among the last few', async () => {
    expect(await measureLag(client, positions[9])).toMatchObject({ events: 50, capped: false, head: positions[59] });
  });

  it('stops at the cap and says so', async () => {
    // The cap counts what is read, the unprojected event included.
    expect(await measureLag(client, positions[9], 41)).toMatchObject({ events: 40, capped: true, head: positions[59] });
    expect(await measureLag(client, positions[9], 20)).toMatchObject({ events: 19, capped: true });
  });

  it('is caught up at the head, and not capped when the checkpoint is the last event read', async () => {
    expect(await measureLag(client, positions[59])).toMatchObject({ events: 0, capped: false, seconds: 0 });
    expect(await measureLag(client, positions[49], 12)).toMatchObject({ events: 10, capped: false });
  });

  it('leaves no read open: the client disposes of itself at once afterwards', async () => {
    const { client: own, stop: stopOwn } = await startTestEventStore();
    await own.appendToStream(`opinion-${randomUUID()}`, jsonEvent({ type: 'OpinionRaised', data: {} }));
    const { position } = await own.appendToStream(`opinion-${randomUUID()}`, jsonEvent({ type: 'OpinionRaised', data: {} }));
    for (let i = 0; i < 40; i++) await own.appendToStream(`opinion-${randomUUID()}`, jsonEvent({ type: 'OpinionRaised', data: { i } }));
    await measureLag(own, position!.commit);
    await measureLag(own, undefined, 5);
    // A read abandoned half-way keeps dispose() waiting for ever (a deadline for the hang, not a timing check).
    const hung = new Promise<string>((resolve) => setTimeout(resolve, 4000, 'dispose() hung').unref());
    expect(await Promise.race([own.dispose().then(() => 'disposed'), hung])).toBe('disposed');
    await stopOwn();
  });
});
