import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, StoredEvent } from '@app/eventstore';
import { eventually, startTestEventStore } from '@app/testing';
import { DomainError } from '../opinion.errors';
import { SESSION_STREAM_PREFIX, sessionStream } from '../opinion.stream';
import { RaiseOpinionCommand } from '../raise-opinion/raise-opinion.command';
import { RaiseOpinionHandler } from '../raise-opinion/raise-opinion.handler';
import type { SessionEvent } from '../session.events';
import { evolveSession, initialSessionState, type SessionState } from '../session.state';
import { ctx, kienAnSecretary, sessionClosed, sessionHeld, sessionScheduled } from '../testing/domain.fixtures';
import { randomIds, systemClock } from './clock';
import { StreamCommandRunner } from './command-runner';
import type { StreamLru } from './aggregate-cache';
import { LiveStreamView } from './live-stream-view';

const recorded = (event: SessionEvent): NewEvent => ({
  event,
  metadata: { actor: kienAnSecretary, correlationId: 'c', causationId: 'c', occurredAt: '2024-11-26T08:00:00+07:00', recordedAt: '2024-11-26T08:00:00+07:00' },
});
const of = (sessionId: string, event: SessionEvent): SessionEvent => ({ ...event, data: { ...event.data, sessionId } }) as SessionEvent;

/**
 * The live view of sessions that spares each new opinion a read of its session: followed through a
 * real catch-up subscription on the embedded node, answering only while live, and only trusted to
 * accept; a refusal on it is decided again on the store's state.
 */
describe('LiveStreamView of sessions over the real client', () => {
  let started: Awaited<ReturnType<typeof startTestEventStore>>;
  let store: EventStore;
  const views: Array<LiveStreamView<SessionState, SessionEvent>> = [];
  const newView = (capacity?: number) => {
    const view = new LiveStreamView<SessionState, SessionEvent>(store, { prefix: SESSION_STREAM_PREFIX, evolve: evolveSession, initial: initialSessionState, capacity });
    views.push(view);
    return view;
  };
  const newSession = async (...events: SessionEvent[]) => {
    const id = randomUUID();
    await store.append(sessionStream(id), events.map((e) => recorded(of(id, e))), 'no_stream');
    return id;
  };
  const statusIn = (view: LiveStreamView<SessionState, SessionEvent>, id: string) => view.lookup(sessionStream(id))?.status;

  beforeAll(async () => {
    started = await startTestEventStore();
    store = started.store;
  });
  afterEach(async () => {
    await Promise.all(views.splice(0).map((view) => view.stop()));
    jest.restoreAllMocks();
  });
  afterAll(() => started?.stop());

  it('answers nothing until its subscription is live, then follows sessions written by anyone, and nothing once stopped', async () => {
    const earlier = await newSession(sessionScheduled, sessionHeld);
    const view = newView();
    expect(view.lookup(sessionStream(earlier))).toBeUndefined();
    view.start();
    await eventually(() => view.live);
    await eventually(() => statusIn(view, earlier) === 'held');

    const later = await newSession(sessionScheduled);
    await eventually(() => statusIn(view, later) === 'scheduled');
    await store.append(sessionStream(later), [recorded(of(later, sessionHeld))], 0n);
    await eventually(() => statusIn(view, later) === 'held');
    await store.append(sessionStream(later), [recorded(of(later, sessionClosed))], 1n);
    await eventually(() => statusIn(view, later) === 'closed');

    await view.stop();
    expect(view.live).toBe(false);
    expect(view.lookup(sessionStream(later))).toBeUndefined();
  });

  it('keeps what this process offered ahead of the subscription and folds only the events after it', () => {
    const view = newView();
    const stream = sessionStream('s1');
    const event = (revision: bigint, e: SessionEvent) => ({ ...e, streamId: stream, revision }) as unknown as StoredEvent<SessionEvent>;
    const held = [sessionScheduled, sessionHeld].reduce(evolveSession, initialSessionState);
    view.offer(stream, held, 1n);
    view.apply(event(0n, sessionScheduled));
    view.apply(event(1n, sessionHeld));
    view.offer(stream, initialSessionState, 0n); // an older read never replaces a newer state
    view.apply(event(2n, sessionClosed));
    const seen = (view as unknown as { entries: StreamLru<{ state: SessionState; revision: bigint }> }).entries.get(stream);
    expect(seen).toEqual({ state: evolveSession(held, sessionClosed), revision: 2n });
  });

  it('forgets the least recently touched stream beyond its capacity and ignores its later events (it is read fresh)', () => {
    const view = newView(2);
    const event = (stream: string, revision: bigint, e: SessionEvent) => ({ ...e, streamId: stream, revision }) as unknown as StoredEvent<SessionEvent>;
    for (const s of ['a', 'b', 'c']) view.apply(event(s, 0n, sessionScheduled));
    view.apply(event('a', 1n, sessionHeld));
    const entries = (view as unknown as { entries: StreamLru<unknown> }).entries;
    expect([...entries.keys()]).toEqual(['b', 'c']);
  });

  describe('in the command runner', () => {
    const raise = (runner: StreamCommandRunner, sessionId: string) =>
      new RaiseOpinionHandler(runner, ctx).execute(
        new RaiseOpinionCommand(
          { sessionId, topic: 'residence-id', content: 'Đề nghị rút ngắn thời gian cấp căn cước.', citizen: { anonymous: true }, channel: 'spoken', saidAt: '2024-11-26T09:10:00+07:00' },
          { actor: kienAnSecretary, correlationId: randomUUID() },
        ),
      );
    const liveRunner = async () => {
      const view = newView();
      view.start();
      await eventually(() => view.live);
      return { view, runner: new StreamCommandRunner(store, systemClock, randomIds, [view]) };
    };

    it('records an opinion into a held session the view knows without reading the session stream', async () => {
      const { view, runner } = await liveRunner();
      const id = await newSession(sessionScheduled, sessionHeld);
      await eventually(() => statusIn(view, id) === 'held');
      const reads = jest.spyOn(store, 'aggregate');
      await expect(raise(runner, id)).resolves.toMatchObject({ revision: 0n, replayed: false });
      expect(reads).not.toHaveBeenCalled();
    });

    it('decides a refusal on the view again on the store: a view behind the store never refuses what the store allows', async () => {
      const { view, runner } = await liveRunner();
      const id = await newSession(sessionScheduled, sessionHeld);
      await eventually(() => statusIn(view, id) === 'held');
      // Make the view say "not held yet" at a revision the subscription will not overwrite.
      view.offer(sessionStream(id), evolveSession(initialSessionState, of(id, sessionScheduled)), 99n);
      const reads = jest.spyOn(store, 'aggregate');
      await expect(raise(runner, id)).resolves.toMatchObject({ revision: 0n });
      expect(reads.mock.calls.map(([stream]) => stream)).toContain(sessionStream(id));
    });

    it('refuses with the store\'s reason once the view has seen another instance close the session', async () => {
      const { view, runner } = await liveRunner();
      const id = await newSession(sessionScheduled, sessionHeld);
      await store.append(sessionStream(id), [recorded(of(id, sessionClosed))], 1n);
      await eventually(() => statusIn(view, id) === 'closed');
      await expect(raise(runner, id)).rejects.toEqual(expect.objectContaining<Partial<DomainError>>({ code: 'SESSION_CLOSED' }));
    });

    it('reads the session from the store while the view is not live (not started)', async () => {
      const view = newView();
      const runner = new StreamCommandRunner(store, systemClock, randomIds, [view]);
      const id = await newSession(sessionScheduled, sessionHeld);
      const reads = jest.spyOn(store, 'aggregate');
      await raise(runner, id);
      expect(reads.mock.calls.map(([stream]) => stream)).toEqual([sessionStream(id)]);
    });
  });
});
