import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { EventStoreDBClient } from '@eventstore/db-client';
import { eventually, startTestEventStore } from '@app/testing';
import type { Infrastructure } from '@app/config';
import { freePort } from '../../../bench/support/processes';
import {
  AppendThread,
  AppendThreadError,
  EventStore,
  EventStoreUnavailableError,
  RevisionConflictError,
  isTransient,
  type NewEvent,
} from '@app/eventstore';

const counted = (n: number, id?: string): NewEvent => ({
  id,
  event: { type: 'Counted', data: { n, note: 'Vỉa hè', at: new Date('2024-11-28T01:00:00Z') } },
  metadata: {
    actor: { id: 'u1', name: 'Nguyễn Văn A', role: 'secretary', unit: 'CATP-HP' },
    correlationId: `c-${n}`,
    causationId: `c-${n}`,
    occurredAt: '2024-11-28T08:00:00+07:00',
    recordedAt: '2024-11-30T10:00:00+07:00',
  },
});

/** What an append settles with, errors by class, message and own fields. */
const outcome = (appending: Promise<unknown>) =>
  appending.then(
    (value) => ({ value }),
    (error: Error) => ({ error: { ...error, class: error.constructor.name, message: error.message } }),
  );

const workerOf = (thread: AppendThread) => (thread as unknown as { worker: Worker }).worker;

describe('appends through the append thread (real client, embedded node)', () => {
  let nodes: Infrastructure;
  let client: EventStoreDBClient;
  let stop: () => Promise<void>;
  let thread: AppendThread;
  let direct: EventStore;
  let threaded: EventStore;

  beforeAll(async () => {
    ({ nodes, client, store: direct, stop } = await startTestEventStore());
    thread = new AppendThread(nodes.eventstoreUrl);
    threaded = new EventStore(client, thread);
  });
  afterAll(async () => {
    await thread.close();
    await stop();
  });

  it('appends and the events read back as the main thread client would have written them', async () => {
    const [viaThread, viaClient] = [`thread-${randomUUID()}`, `client-${randomUUID()}`];
    const first = await threaded.append(viaThread, [counted(1), counted(2)], 'no_stream');
    expect(first.nextRevision).toBe(1n);
    const second = await threaded.append(viaThread, [counted(3)], 1n);
    expect(second).toEqual({ nextRevision: 2n, position: expect.any(BigInt) });
    expect(second.position).toBeGreaterThan(first.position);
    await direct.append(viaClient, [counted(1), counted(2), counted(3)], 'no_stream');

    const read = async (stream: string) => (await direct.aggregate(stream, (n: number) => n + 1, 0)).events.map(({ type, data, metadata, revision }) => ({ type, data, metadata, revision }));
    const written = await read(viaThread);
    expect(written).toEqual(await read(viaClient));
    expect(written[2]).toEqual({ type: 'Counted', data: { n: 3, note: 'Vỉa hè', at: '2024-11-28T01:00:00.000Z' }, metadata: counted(3).metadata, revision: 2n });
  });

  it('refuses a wrong expected revision with the same RevisionConflictError as the client, and writes nothing', async () => {
    const stream = `conflict-${randomUUID()}`;
    await direct.append(stream, [counted(1)], 'no_stream');
    for (const expected of [5n, 'no_stream'] as const) {
      const viaThread = await outcome(threaded.append(stream, [counted(2)], expected));
      expect(viaThread).toEqual(await outcome(direct.append(stream, [counted(2)], expected)));
      expect(viaThread).toMatchObject({ error: { class: 'RevisionConflictError', stream, actual: '0' } });
    }
    await expect(threaded.append(stream, [counted(2)], 'no_stream')).rejects.toBeInstanceOf(RevisionConflictError);
    expect((await direct.aggregate(stream, (n: number) => n + 1, 0)).state).toBe(1);
  });

  it('answers a retry with the same event ids and expected revision as the first append, without writing twice', async () => {
    const stream = `retry-${randomUUID()}`;
    const events = [counted(1, randomUUID()), counted(2, randomUUID())];
    const first = await threaded.append(stream, events, 'no_stream');
    expect(await threaded.append(stream, events, 'no_stream')).toEqual(first);
    expect((await direct.aggregate(stream, (n: number) => n + 1, 0)).state).toBe(2);
  });

  it('closes after the appends under way, and refuses appends after that', async () => {
    const own = new AppendThread(nodes.eventstoreUrl);
    const stream = `closing-${randomUUID()}`;
    const appending = new EventStore(client, own).append(stream, [counted(1)], 'no_stream');
    const closed = own.close();
    expect(await appending).toEqual({ nextRevision: 0n, position: expect.any(BigInt) });
    await closed;
    await expect(own.append(stream, [counted(2)], 0n)).rejects.toThrow(AppendThreadError);
  });
});

describe('the append thread when things fail', () => {
  it('gives the same transient error as the client when EventStoreDB cannot be reached (the API answers 503)', async () => {
    const url = `esdb://127.0.0.1:${await freePort()}?tls=false`;
    const client = EventStoreDBClient.connectionString(url);
    const thread = new AppendThread(url);
    try {
      const failure = async (store: EventStore) => {
        const error = await store.append(`down-${randomUUID()}`, [counted(1)], 'any').then(() => undefined, (e: Error) => e);
        expect(isTransient(error) || error instanceof EventStoreUnavailableError).toBe(true);
        // grpc-js's Metadata object is the one field that does not cross threads.
        const { metadata, ...rest } = ((await outcome(Promise.reject(error))) as { error: Record<string, unknown> }).error;
        return rest;
      };
      expect(await failure(new EventStore(client, thread))).toEqual(await failure(new EventStore(client)));
    } finally {
      await thread.close();
      await client.dispose();
    }
  });

  it('fails the appends a dying thread had not answered with AppendThreadError, then a new thread takes the appends; it still closes', async () => {
    const { nodes, client, stop } = await startTestEventStore();
    const thread = new AppendThread(nodes.eventstoreUrl);
    const store = new EventStore(client, thread);
    try {
      await store.append(`alive-${randomUUID()}`, [counted(1)], 'no_stream');
      expect(store.appendFailure).toBeUndefined();
      const first = workerOf(thread);
      const stream = `dying-${randomUUID()}`;
      const events = [counted(1, randomUUID())];
      const unanswered = store.append(stream, events, 'no_stream');
      await first.terminate();
      await expect(unanswered).rejects.toThrow(/append thread exited .*may or may not have been written/);
      // Until the new thread runs (it died within a second of starting: it waits that long), appends fail fast and say why.
      expect(store.appendFailure).toBeInstanceOf(AppendThreadError);
      await expect(store.append(`meanwhile-${randomUUID()}`, [counted(1)], 'no_stream')).rejects.toBeInstanceOf(AppendThreadError);

      await eventually(() => store.appendFailure === undefined);
      expect(workerOf(thread)).not.toBe(first);
      // The retry of the interrupted append (same event ids) is safe whether or not the dead thread wrote it.
      const retried = await store.append(stream, events, 'no_stream');
      expect(retried.nextRevision).toBe(0n);
      expect((await store.aggregate(stream, (n: number) => n + 1, 0)).state).toBe(1);
      expect(await thread.close()).toBe(1);
      await expect(store.append(`closed-${randomUUID()}`, [counted(1)], 'no_stream')).rejects.toThrow('the append thread is closed');
    } finally {
      await stop();
    }
  });
});
