import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '@app/eventstore';
import { startTestEventStore } from '@app/testing';
import { evolveSession, initialSessionState, type SessionState } from '../session.state';
import { kienAnSecretary, sessionClosed, sessionHeld, sessionScheduled } from '../testing/domain.fixtures';
import { randomIds, systemClock } from './clock';
import { StreamCommandRunner } from './command-runner';

const recorded = (event: NewEvent['event']): NewEvent => ({
  event,
  metadata: { actor: kienAnSecretary, correlationId: 'c', causationId: 'c', occurredAt: '2024-11-26T08:00:00+07:00', recordedAt: '2024-11-26T08:00:00+07:00' },
});

/** Consulted streams (the session of a new opinion) are read fresh, and concurrent askers share reads. */
describe('StreamCommandRunner.state over the real client', () => {
  let started: Awaited<ReturnType<typeof startTestEventStore>>;
  let store: EventStore;
  let runner: StreamCommandRunner;
  beforeAll(async () => {
    started = await startTestEventStore();
    store = started.store;
  });
  beforeEach(() => {
    runner = new StreamCommandRunner(store, systemClock, randomIds);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => started?.stop());

  const heldSession = async () => {
    const stream = `session-${randomUUID()}`;
    await store.append(stream, [recorded(sessionScheduled), recorded(sessionHeld)], 'no_stream');
    return stream;
  };
  const session = (stream: string): Promise<SessionState> => runner.state(stream, evolveSession, initialSessionState);

  it('twenty commands asking at once cost two reads: the one under way and one shared by the rest', async () => {
    const stream = await heldSession();
    const reads = jest.spyOn(store, 'aggregate');
    const states = await Promise.all(Array.from({ length: 20 }, () => session(stream)));
    expect(states.map((s) => s.status)).toEqual(Array(20).fill('held'));
    expect(reads).toHaveBeenCalledTimes(2);
    await session(stream);
    expect(reads).toHaveBeenCalledTimes(3);
  });

  it('a command never joins a read that started before it asked: it sees a close committed before it asked', async () => {
    const stream = await heldSession();
    // The first read is held back after it has read the stream, so it is still under way when the session closes.
    const aggregate = store.aggregate.bind(store);
    let readDone!: () => void;
    const firstReadDone = new Promise<void>((resolve) => (readDone = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(store, 'aggregate').mockImplementationOnce(async (...args) => {
      const folded = await aggregate(...args);
      readDone();
      await released;
      return folded;
    });
    const before = session(stream);
    await firstReadDone;
    await store.append(stream, [recorded(sessionClosed)], 1n);
    const after = session(stream);
    release();
    expect((await before).status).toBe('held');
    expect((await after).status).toBe('closed');
  });

  it('a failed read fails only those who shared it; the next asker reads again', async () => {
    const stream = await heldSession();
    jest.spyOn(store, 'aggregate').mockRejectedValueOnce(new Error('connection reset'));
    await expect(session(stream)).rejects.toThrow('connection reset');
    expect((await session(stream)).status).toBe('held');
  });
});
