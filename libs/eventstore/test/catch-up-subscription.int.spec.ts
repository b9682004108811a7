import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import { startEmbeddedEventStore } from '@app/embedded-eventstore';
import { CatchUpSubscription, EventStore, EventStoreUnavailableError, type NewEvent } from '@app/eventstore';
import { eventually } from '@app/testing';

const event = (n: number): NewEvent => ({
  event: { type: 'Counted', data: { n } },
  metadata: {
    actor: { id: 'u1', name: 'A', role: 'secretary', unit: 'X' },
    correlationId: 'c',
    causationId: 'c',
    occurredAt: new Date(0).toISOString(),
    recordedAt: new Date(0).toISOString(),
  },
});

/** Kills and restarts the embedded node under a live subscriber: the subscriber must see every event once, in order. */
describe('CatchUpSubscription across a node restart', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'catchup-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('resubscribes from the last processed position without gaps or duplicates', async () => {
    let node = await startEmbeddedEventStore({ port: 0, dataDir });
    const port = node.port;
    const client = EventStoreDBClient.connectionString(node.connectionString);
    const store = new EventStore(client);
    const stream = `counter-${randomUUID()}`;
    for (let i = 0; i < 50; i++) await store.append(stream, [event(i)], 'any');

    const subscription = new CatchUpSubscription(client, { streamPrefixes: ['counter-'], backoff: { initialMs: 50, maxMs: 200 } });
    const received: number[] = [];
    const done = (async () => {
      for await (const e of subscription) {
        if (e.streamId !== stream) continue;
        received.push((e.data as { n: number }).n);
        if (received.length === 150) break;
      }
    })();

    // The test's own timeout is the deadline.
    await eventually(() => received.length === 50 && subscription.caughtUp, 60_000);

    await node.stop();
    node = await startEmbeddedEventStore({ port, dataDir });
    // The client drops its channel on the first failed call after a restart and reconnects on the next.
    const append = async (n: number) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await store.append(stream, [event(n)], 'any');
        } catch (error) {
          if (!(error instanceof EventStoreUnavailableError) || attempt > 20) throw error;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    for (let i = 50; i < 100; i++) await append(i);
    await eventually(() => received.length === 100, 60_000);

    await node.stop();
    node = await startEmbeddedEventStore({ port, dataDir });
    for (let i = 100; i < 150; i++) await append(i);
    await done;

    expect(received).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(subscription.retryCount).toBeGreaterThanOrEqual(2);
    await subscription.stop();
    await client.dispose();
    await node.stop();
  }, 60_000);
});
