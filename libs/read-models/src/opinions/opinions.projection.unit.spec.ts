import { positionKey } from '../position';
import type { StoredEvent } from '@app/eventstore';
import { EventFactory, answered, assigned, raised, reassigned, resolved, returned } from '../read-model.fixtures';
import { opinionsProjection } from './opinions.projection';
import { withActors, type OpinionDocument, type OpinionStep } from './opinion.document';

const fold = (events: StoredEvent[], start: OpinionDocument | null = null) =>
  events.reduce<OpinionDocument | null>((doc, e) => opinionsProjection.evolve(doc, e), start);

describe('opinions projection', () => {
  const f = new EventFactory();
  const raise = f.opinion(raised('o1', 's1'));
  const assign = f.opinion(assigned('o1', 's1'));
  const answer = f.opinion(answered('o1', 's1'));
  const giveBack = f.opinion(returned('o1', 's1'));
  const move = f.opinion(reassigned('o1', 's1'));
  const answerAgain = f.opinion(answered('o1', 's1', false, 'HP-PC06'));
  const resolve = f.opinion(resolved('o1', 's1'));
  const history = [raise, assign, answer, giveBack, move, answerAgain, resolve];

  it('OpinionRaised creates a document held by the organising unit, lacking a response', () => {
    expect(fold([raise])).toEqual(
      expect.objectContaining({
        _id: 'o1',
        sessionId: 's1',
        organisingUnit: 'HP-KA',
        status: 'raised',
        lacksResponse: true,
        holder: 'HP-KA',
        dueDate: null,
        dueKey: '',
        heldSince: raise.metadata.occurredAt,
        citizen: expect.objectContaining({ name: 'Nguyễn Thị Hoa' }),
        position: '00000000000000000237',
      }),
    );
  });

  it('OpinionAssigned hands it to the department with a due date', () => {
    expect(fold([raise, assign])).toEqual(
      expect.objectContaining({ status: 'assigned', lacksResponse: true, holder: 'HP-PC08', department: 'HP-PC08', departments: ['HP-PC08'], dueDate: '2024-12-19', assignedAt: assign.metadata.occurredAt, heldSince: assign.metadata.occurredAt }),
    );
  });

  it('OpinionAnswered on the spot leaves the backlog without a department', () => {
    const doc = fold([raise, f.opinion(answered('o1', 's1', true, 'HP-KA'))])!;
    expect(doc).toEqual(expect.objectContaining({ status: 'answered', lacksResponse: false, holder: null, department: null, heldSince: null }));
    expect(doc.answers).toEqual([expect.objectContaining({ onTheSpot: true, answeringUnit: 'HP-KA' })]);
  });

  it('AnswerReturned puts it back to the holder, keeping the draft answer', () => {
    const doc = fold([raise, assign, answer, giveBack])!;
    expect(doc).toEqual(expect.objectContaining({ status: 'assigned', lacksResponse: true, holder: 'HP-PC08', dueDate: '2024-12-26', heldSince: giveBack.metadata.occurredAt }));
    expect(doc.answers).toHaveLength(1);
    expect(doc.returns).toEqual([expect.objectContaining({ reason: 'Chưa trả lời đúng nội dung', holder: 'HP-PC08' })]);
  });

  it('OpinionReassigned moves it to another department and remembers both', () => {
    const doc = fold([raise, assign, move])!;
    expect(doc).toEqual(expect.objectContaining({ holder: 'HP-PC06', department: 'HP-PC06', departments: ['HP-PC08', 'HP-PC06'], dueDate: '2024-12-20' }));
    expect(doc.reassignments).toEqual([expect.objectContaining({ from: 'HP-PC08', to: 'HP-PC06' })]);
  });

  it('OpinionResolved closes it and keeps every step in order', () => {
    const doc = fold(history)!;
    expect(doc).toEqual(expect.objectContaining({ status: 'resolved', lacksResponse: false, holder: null, resolvedAt: resolve.metadata.occurredAt }));
    expect(doc.resolution).toEqual(expect.objectContaining({ note: 'Đã thông báo kết quả cho công dân' }));
    expect(doc.steps.map((s) => s.action)).toEqual(history.map((e) => e.type));
    expect(doc.answers).toHaveLength(2);
  });

  it.each(history.map((e, i) => [e.type, i] as const))('%s applied twice leaves the document unchanged', (_, i) => {
    const once = fold(history.slice(0, i + 1));
    expect(opinionsProjection.evolve(once, history[i])).toBe(once);
  });

  it('a replay of the whole history is a no-op', () => {
    const doc = fold(history);
    expect(fold(history, doc)).toBe(doc);
  });

  it('ignores events of an opinion it never saw raised', () => {
    expect(fold([assign])).toBeNull();
  });

  it('handles only opinion streams, keyed by opinion id', () => {
    expect(opinionsProjection.canHandle(raise)).toBe(true);
    expect(opinionsProjection.documentId(assign)).toBe('o1');
    expect(opinionsProjection.canHandle({ ...raise, streamId: 'session-s1' })).toBe(false);
  });

  it('stores no actor that a step holds, nor the opinion id apart from _id, and gives the actors back', () => {
    const g = new EventFactory();
    const actor = (id: string) => ({ id, name: id, role: 'officer' as const, unit: `U-${id}` });
    const events = [
      g.opinion(raised('o2', 's1'), actor('raiser')),
      g.opinion(assigned('o2', 's1'), actor('assigner')),
      g.opinion(answered('o2', 's1'), actor('answerer-1')),
      g.opinion(returned('o2', 's1'), actor('returner')),
      g.opinion(reassigned('o2', 's1'), actor('mover')),
      g.opinion(answered('o2', 's1', false, 'HP-PC06'), actor('answerer-2')),
      g.opinion(resolved('o2', 's1'), actor('resolver')),
    ];
    const doc = fold(events)!;
    expect(doc).not.toHaveProperty('opinionId');
    expect(JSON.stringify([doc.answers, doc.returns, doc.reassignments, doc.resolution])).not.toContain('"by"');
    const acting = withActors(doc);
    expect(acting.answers.map((a) => a.by.id)).toEqual(['answerer-1', 'answerer-2']);
    expect(acting.returns.map((r) => r.by.id)).toEqual(['returner']);
    expect(acting.reassignments.map((r) => r.by.id)).toEqual(['mover']);
    expect(acting.resolution?.by).toEqual(actor('resolver'));
    // `by` comes last, where documents stored with it had it; those read unchanged.
    expect(Object.keys(acting.answers[0]).at(-1)).toBe('by');
    const stored = { ...doc, answers: acting.answers.map((a) => ({ ...a, by: actor('stored') })) };
    expect(withActors(stored).answers.map((a) => a.by.id)).toEqual(['stored', 'stored']);
  });

  it('stores of each step only what the document does not hold elsewhere, and gives every field back in the stored order', () => {
    const g = new EventFactory();
    const events = [g.opinion(raised('o3', 's1')), g.opinion(assigned('o3', 's1')), g.opinion(answered('o3', 's1'))];
    // The answer was recorded a minute after it happened.
    events[2] = { ...events[2], metadata: { ...events[2].metadata, recordedAt: '2030-01-01T00:01:00.000Z', occurredAt: '2030-01-01T00:00:00.000Z' } };
    const doc = fold(events)!;
    const full = events.map((e) => ({ action: e.type as OpinionStep['action'], occurredAt: e.metadata.occurredAt, recordedAt: e.metadata.recordedAt, actor: e.metadata.actor, position: positionKey(e.position) }));
    expect(doc.steps[0]).toEqual({ action: 'OpinionRaised', actor: events[0].metadata.actor });
    expect(events[1].metadata.recordedAt).toBe(events[1].metadata.occurredAt);
    expect(doc.steps[1]).not.toHaveProperty('recordedAt');
    expect(doc.steps[2]).toHaveProperty('recordedAt', '2030-01-01T00:01:00.000Z');
    const steps = withActors(doc).steps;
    expect(steps).toEqual(full);
    expect(steps.map((s) => Object.keys(s))).toEqual(full.map((s) => Object.keys(s)));
    // Documents stored with every field of every step read the same.
    expect(JSON.stringify(withActors({ ...doc, steps: full }).steps)).toBe(JSON.stringify(full));
  });
});
