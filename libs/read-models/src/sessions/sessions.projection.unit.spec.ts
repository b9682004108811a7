import type { StoredEvent } from '@app/eventstore';
import { EventFactory, answered, assigned, raised, reassigned, resolved, returned, scheduled } from '../read-model.fixtures';
import { countersOf, sessionsProjection } from './sessions.projection';
import type { SessionDocument } from './session.document';

const fold = (events: StoredEvent[], start: SessionDocument | null = null) =>
  events.reduce<SessionDocument | null>((doc, e) => sessionsProjection.evolve(doc, e), start);

describe('sessions projection', () => {
  const f = new EventFactory();
  const schedule = f.session(scheduled('s1'));
  const held = f.session({ type: 'SessionHeld', data: { sessionId: 's1', heldAt: '2024-11-28T07:30:00+07:00', chairedBy: 'Đại tá Nguyễn Văn B', attendance: 120 } });
  const raise1 = f.opinion(raised('o1', 's1'));
  const raise2 = f.opinion(raised('o2', 's1'));
  const spot = f.opinion(answered('o2', 's1', true, 'HP-KA'));
  const assign = f.opinion(assigned('o1', 's1'));
  const move = f.opinion(reassigned('o1', 's1'));
  const answer = f.opinion(answered('o1', 's1'));
  const giveBack = f.opinion(returned('o1', 's1'));
  const answerAgain = f.opinion(answered('o1', 's1'));
  const resolve = f.opinion(resolved('o1', 's1'));
  const closed = f.session({ type: 'SessionClosed', data: { sessionId: 's1', minutesSummary: 'Biên bản' } });
  const history = [schedule, held, raise1, raise2, spot, assign, move, answer, giveBack, answerAgain, resolve, closed];

  it('SessionScheduled creates the session dated in Vietnam time', () => {
    expect(fold([schedule])).toEqual(
      expect.objectContaining({ _id: 's1', status: 'scheduled', organisingUnit: 'HP-KA', date: '2024-11-28', hasBacklog: false, counters: expect.objectContaining({ total: 0 }) }),
    );
  });

  it('SessionHeld and SessionClosed record the meeting', () => {
    expect(fold([schedule, held])).toEqual(expect.objectContaining({ status: 'held', chairedBy: 'Đại tá Nguyễn Văn B', attendance: 120 }));
    expect(fold([schedule, held, closed])).toEqual(expect.objectContaining({ status: 'closed', minutesSummary: 'Biên bản' }));
  });

  it('counts raised opinions as lacking a response', () => {
    expect(fold([schedule, raise1, raise2])!.counters).toEqual({ total: 2, raised: 2, assigned: 0, answered: 0, resolved: 0, lackingResponse: 2 });
  });

  it('an on-the-spot answer leaves the backlog', () => {
    expect(fold([schedule, raise1, raise2, spot])!.counters).toEqual({ total: 2, raised: 1, assigned: 0, answered: 1, resolved: 0, lackingResponse: 1 });
  });

  it('assignment and reassignment keep it in the backlog with its due date', () => {
    const doc = fold([schedule, raise1, assign, move])!;
    expect(doc.counters).toEqual(expect.objectContaining({ assigned: 1, lackingResponse: 1 }));
    expect(doc.opinions.o1).toEqual({ status: 'assigned', dueDate: '2024-12-20' });
  });

  it('a department answer leaves the backlog; a returned answer comes back; resolution is final', () => {
    expect(fold([schedule, raise1, assign, answer])!.counters.lackingResponse).toBe(0);
    const back = fold([schedule, raise1, assign, answer, giveBack])!;
    expect(back.counters).toEqual(expect.objectContaining({ assigned: 1, lackingResponse: 1 }));
    expect(back.hasBacklog).toBe(true);
    expect(fold(history)!.counters).toEqual({ total: 2, raised: 0, assigned: 0, answered: 1, resolved: 1, lackingResponse: 0 });
  });

  it('an opinion raised before its session was scheduled still counts', () => {
    const g = new EventFactory();
    const doc = fold([g.opinion(raised('o1', 's1')), g.session(scheduled('s1'))])!;
    expect(doc).toEqual(expect.objectContaining({ status: 'scheduled', title: expect.any(String), counters: expect.objectContaining({ raised: 1 }) }));
  });

  it.each(history.map((e, i) => [e.type, i] as const))('%s (#%i) applied twice leaves the document unchanged', (_, i) => {
    const once = fold(history.slice(0, i + 1));
    expect(sessionsProjection.evolve(once, history[i])).toBe(once);
  });

  it('counters kept per transition equal a recount of the opinions after every event', () => {
    history.forEach((_, i) => {
      const doc = fold(history.slice(0, i + 1))!;
      expect(doc.counters).toEqual(countersOf(doc.opinions));
    });
  });

  it('needs only the event\'s own opinion entry: a document holding just that entry gets the same counters', () => {
    const before = fold(history.slice(0, 8))!;
    const partial = { ...before, opinions: { o1: before.opinions.o1 } };
    expect(sessionsProjection.evolve(partial, giveBack)!.counters).toEqual(sessionsProjection.evolve(before, giveBack)!.counters);
  });

  it('keys opinion events by their session', () => {
    expect(sessionsProjection.documentId(assign)).toBe('s1');
    expect(sessionsProjection.canHandle(assign)).toBe(true);
  });
});
