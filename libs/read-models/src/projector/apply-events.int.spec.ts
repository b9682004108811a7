import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import type { Infrastructure } from '@app/config';
import { EventFactory, answered, assigned, raised, scheduled } from '../read-model.fixtures';
import { OPINIONS_COLLECTION, opinionsProjection } from '../opinions/opinions.projection';
import type { OpinionDocument } from '../opinions/opinion.document';
import { sessionsProjection, SESSIONS_COLLECTION } from '../sessions/sessions.projection';
import type { SessionDocument } from '../sessions/session.document';
import { DocumentCache, ReadModelConflict, applyEvents } from './apply-events';
import { startTestNodes, testDatabaseName } from '@app/testing';

jest.setTimeout(60_000);

/** Partial writes of the sessions read model: single map entries, counters, and the position guard. */
describe('applyEvents with partial updates', () => {
  let nodes: Infrastructure;
  let mongo: MongoClient;

  beforeAll(async () => {
    nodes = await startTestNodes();
    mongo = await MongoClient.connect(nodes.mongoUrl, { monitorCommands: true });
  });
  afterAll(async () => {
    await mongo?.close();
    await nodes?.stop();
  });

  it('writes only the touched entry, replays are no-ops, and a write over a document changed behind the cache fails', async () => {
    const sessions = mongo.db(testDatabaseName('apply')).collection<SessionDocument>(SESSIONS_COLLECTION);
    const f = new EventFactory();
    const history = [f.session(scheduled('s1')), f.opinion(raised('o1', 's1')), f.opinion(raised('o2', 's1')), f.opinion(assigned('o1', 's1'))];
    const cache = new DocumentCache<SessionDocument>();
    await applyEvents(sessions as never, sessionsProjection, history.slice(0, 3), cache);
    // A cold cache loads only o1's entry, yet the counters stay exact.
    await applyEvents(sessions as never, sessionsProjection, history.slice(1), new DocumentCache());
    const once = await sessions.findOne({ _id: 's1' });
    expect(once!.counters).toEqual({ total: 2, raised: 1, assigned: 1, answered: 0, resolved: 0, lackingResponse: 2 });
    expect(once!.opinions).toEqual({ o1: { status: 'assigned', dueDate: '2024-12-19' }, o2: { status: 'raised', dueDate: null } });
    await applyEvents(sessions as never, sessionsProjection, history, new DocumentCache());
    expect(await sessions.findOne({ _id: 's1' })).toEqual(once);

    // `cache` still believes the document is at o2's raise: its write must not land.
    const answer = f.opinion(answered('o2', 's1', true, 'HP-KA'));
    await expect(applyEvents(sessions as never, sessionsProjection, [answer], cache)).rejects.toThrow(ReadModelConflict);
    expect(await sessions.findOne({ _id: 's1' })).toEqual(once);
    await applyEvents(sessions as never, sessionsProjection, [answer], cache);
    expect((await sessions.findOne({ _id: 's1' }))!.counters).toEqual({ total: 2, raised: 0, assigned: 1, answered: 1, resolved: 0, lackingResponse: 1 });
  });

  it('folds a batch touching many entries of one document with each event seeing only its own entry, into the document one-by-one folding gives', async () => {
    const sessions = mongo.db(testDatabaseName('apply-many')).collection<SessionDocument>(SESSIONS_COLLECTION);
    const f = new EventFactory();
    const ids = Array.from({ length: 40 }, (_, i) => `o${i}`);
    const history = [
      f.session(scheduled('s1')),
      ...ids.map((id) => f.opinion(raised(id, 's1'))),
      ...ids.filter((_, i) => i % 2 === 0).map((id) => f.opinion(assigned(id, 's1'))),
      ...ids.filter((_, i) => i % 4 === 0).map((id) => f.opinion(answered(id, 's1'))),
    ];
    const seen: number[] = [];
    const watched = {
      ...sessionsProjection,
      evolve: (doc: SessionDocument | null, event: Parameters<typeof sessionsProjection.evolve>[1]) => {
        if (doc) seen.push(Object.keys(doc.opinions).length);
        return sessionsProjection.evolve(doc, event);
      },
    };
    // Half the history, then the rest with the entries read back from the collection.
    await applyEvents(sessions as never, watched, history.slice(0, 30), new DocumentCache());
    await applyEvents(sessions as never, watched, history.slice(30), new DocumentCache());
    expect(Math.max(...seen)).toBe(1);
    const oneByOne = history.reduce<SessionDocument | null>((doc, e) => sessionsProjection.evolve(doc, e), null);
    expect(await sessions.findOne({ _id: 's1' })).toEqual(oneByOne);
  });

  it('sends only the steps and answers an event adds, with $push, onto documents read back or cached, old shapes included', async () => {
    const opinions = mongo.db(testDatabaseName('apply-push')).collection<OpinionDocument>(OPINIONS_COLLECTION);
    const updates: Document[] = [];
    const watch = (e: CommandStartedEvent) => {
      if (e.commandName === 'update' && e.command.update === OPINIONS_COLLECTION) updates.push(...(e.command.updates as Document[]).map((u) => u.u as Document));
    };
    mongo.on('commandStarted', watch);
    try {
      const f = new EventFactory();
      const history = [f.opinion(raised('o1', 's1')), f.opinion(raised('o2', 's1')), f.opinion(assigned('o1', 's1')), f.opinion(answered('o1', 's1')), f.opinion(assigned('o2', 's1'))];
      const oneByOne = (id: string) => history.reduce<OpinionDocument | null>((doc, e) => (e.data as { opinionId: string }).opinionId === id ? opinionsProjection.evolve(doc, e) : doc, null);
      const cache = new DocumentCache<OpinionDocument>();
      await applyEvents(opinions as never, opinionsProjection, history.slice(0, 3), cache);
      // o2 as an older version stored it: every field on its steps.
      const o2 = (await opinions.findOne({ _id: 'o2' }))!;
      const oldShape = { ...o2, steps: [{ ...o2.steps[0], occurredAt: o2.raisedAt, recordedAt: o2.recordedAt, position: o2.raisedSeq }] };
      await opinions.replaceOne({ _id: 'o2' }, oldShape);
      updates.length = 0;
      // o1 from the cache, o2 read back.
      cache.docs.set('o2', undefined as never);
      await applyEvents(opinions as never, opinionsProjection, history.slice(3), cache);
      expect(updates).toHaveLength(2);
      for (const u of updates) {
        expect(u.$set).not.toHaveProperty('steps');
        expect(u.$push.steps.$each).toHaveLength(1);
      }
      expect(updates[0].$push.answers.$each).toHaveLength(1);
      expect(await opinions.findOne({ _id: 'o1' })).toEqual(oneByOne('o1'));
      expect(await opinions.findOne({ _id: 'o2' })).toEqual({ ...oneByOne('o2'), steps: [oldShape.steps[0], oneByOne('o2')!.steps[1]] });
      // A replay sends nothing.
      updates.length = 0;
      await applyEvents(opinions as never, opinionsProjection, history, new DocumentCache());
      expect(updates).toEqual([]);
    } finally {
      mongo.off('commandStarted', watch);
    }
  });

  it('reads back no entry for a raise its cached session has not applied (a live raise), and still reads every other missing entry', async () => {
    const sessions = mongo.db(testDatabaseName('apply-raise')).collection<SessionDocument>(SESSIONS_COLLECTION);
    let finds = 0;
    const watch = (e: CommandStartedEvent) => {
      if (e.commandName === 'find' && e.command.find === SESSIONS_COLLECTION) finds++;
    };
    mongo.on('commandStarted', watch);
    try {
      const f = new EventFactory();
      const history = [f.session(scheduled('s1')), f.opinion(raised('o1', 's1')), f.opinion(raised('o2', 's1')), f.opinion(assigned('o2', 's1')), f.opinion(assigned('o1', 's1'))];
      // A small entries cache: o1's entry falls out, the session's head stays.
      const cache = new DocumentCache<SessionDocument>(10, { entryCapacity: 1 });
      await applyEvents(sessions as never, sessionsProjection, history.slice(0, 2), cache);
      finds = 0;
      await applyEvents(sessions as never, sessionsProjection, history.slice(2, 4), cache);
      expect(finds).toBe(0);
      // o1's entry was evicted and its event creates nothing: read back.
      await applyEvents(sessions as never, sessionsProjection, history.slice(4), cache);
      expect(finds).toBe(1);
      const oneByOne = history.reduce<SessionDocument | null>((doc, e) => sessionsProjection.evolve(doc, e), null);
      expect(await sessions.findOne({ _id: 's1' })).toEqual(oneByOne);
      // A replay from a cold cache reads the head and the entries, and changes nothing.
      finds = 0;
      await applyEvents(sessions as never, sessionsProjection, history, new DocumentCache());
      expect(finds).toBe(2);
      expect(await sessions.findOne({ _id: 's1' })).toEqual(oneByOne);
      // A raise that is not its stream's first event proves nothing: its entry is read back, and the existing entry kept.
      const stray = { ...f.opinion(raised('o2', 's1')), revision: 3n };
      finds = 0;
      await applyEvents(sessions as never, sessionsProjection, [stray], cache);
      expect(finds).toBe(1);
      expect(await sessions.findOne({ _id: 's1' })).toEqual({ ...oneByOne, position: expect.any(String), updatedAt: expect.any(String) });
    } finally {
      mongo.off('commandStarted', watch);
    }
  });
});
