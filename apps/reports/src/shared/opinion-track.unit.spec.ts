import type { StoredEvent } from '@app/eventstore';
import { evolveOpinion, initialOpinionState, type OpinionEvent, type OpinionState } from '@app/opinions';
import { asStoredEvents, buildFixture } from '../../test/report-fixture';
import { isOpinionEvent, OpinionTable } from './opinion-track';

const events = asStoredEvents(buildFixture());
const opinionEvents = events.filter(isOpinionEvent);

let position = 1_000_000n;
const event = (type: OpinionEvent['type'], data: Record<string, unknown>, occurredAt = '2024-05-02T03:00:00Z'): StoredEvent<OpinionEvent> =>
  ({
    id: 'e',
    type,
    data,
    metadata: { occurredAt, recordedAt: occurredAt },
    streamId: 'opinion-x',
    revision: 0n,
    position: position++,
    created: new Date(occurredAt),
  }) as unknown as StoredEvent<OpinionEvent>;

const ID = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
const raised = (opinionId = ID) =>
  event('OpinionRaised', { opinionId, sessionId: 's-1', organisingUnit: 'CATP-HP-KA', topic: 'traffic', saidAt: '2024-04-30T18:00:00Z' });

describe('OpinionTable', () => {
  it('follows the fixture history like the domain does', () => {
    const table = new OpinionTable();
    const domain = new Map<string, OpinionState>();
    for (const e of opinionEvents) {
      table.apply(e);
      const id = e.data.opinionId;
      domain.set(id, evolveOpinion(domain.get(id) ?? initialOpinionState, { type: e.type, data: e.data } as OpinionEvent));
    }
    expect(table.size).toBe(domain.size);
    for (let row = 0; row < table.size; row++) {
      const state = domain.get(table.id(row)) as OpinionState & { status: string; holder?: string; sessionId: string };
      expect({ status: table.status(row), sessionId: table.sessionId(row) }).toEqual({ status: state.status, sessionId: state.sessionId });
    }
  });

  it('remembers a raised opinion in a few columns and gives it back as a track', () => {
    const table = new OpinionTable();
    expect(table.apply(raised())).toBe(0);
    expect(table.track(0)).toEqual({
      sessionId: 's-1',
      organisingUnit: 'CATP-HP-KA',
      topic: 'traffic',
      raisedOn: '2024-05-01',
      status: 'raised',
      assigned: false,
      onTheSpot: false,
      holder: 'CATP-HP-KA',
      heldSince: '2024-05-01',
      dueDate: undefined,
      returned: false,
      answeredOnTime: undefined,
    });
    expect(table.find(ID)).toBe(0);
  });

  it('hands, answers late, returns and resolves, ignoring what the domain would refuse', () => {
    const table = new OpinionTable();
    table.apply(raised());
    table.apply(event('OpinionResolved', { opinionId: ID }));
    expect(table.status(0)).toBe('raised');
    table.apply(event('OpinionAssigned', { opinionId: ID, department: 'CATP-HP-PC06', dueDate: '2024-05-10' }, '2024-05-02T03:00:00Z'));
    table.apply(event('OpinionAssigned', { opinionId: ID, department: 'CATP-HP-PC08', dueDate: '2024-05-30' }));
    expect(table.track(0)).toMatchObject({ status: 'assigned', assigned: true, holder: 'CATP-HP-PC06', heldSince: '2024-05-02', dueDate: '2024-05-10' });
    table.apply(event('OpinionAnswered', { opinionId: ID, onTheSpot: false }, '2024-05-11T03:00:00Z'));
    expect(table.track(0)).toMatchObject({ status: 'answered', onTheSpot: false, answeredOnTime: false, returned: false });
    table.apply(event('AnswerReturned', { opinionId: ID, holder: 'CATP-HP-PC06', dueDate: '2024-05-21' }, '2024-05-13T03:00:00Z'));
    expect(table.track(0)).toMatchObject({ status: 'assigned', returned: true, answeredOnTime: undefined, heldSince: '2024-05-13', dueDate: '2024-05-21' });
    expect(table.lacksResponse(0)).toBe(true);
    table.apply(event('OpinionAnswered', { opinionId: ID, onTheSpot: false }, '2024-05-20T03:00:00Z'));
    table.apply(event('OpinionResolved', { opinionId: ID }));
    expect(table.track(0)).toMatchObject({ status: 'resolved', returned: false, answeredOnTime: true, assigned: true });
    table.apply(event('OpinionReassigned', { opinionId: ID, to: 'CATP-HP-PC08', dueDate: '2024-06-30' }));
    table.apply(raised());
    expect(table.track(0)).toMatchObject({ status: 'resolved', holder: 'CATP-HP-PC06', sessionId: 's-1' });
    expect(table.size).toBe(1);
  });

  it('marks an answer given before any assignment as on the spot', () => {
    const table = new OpinionTable();
    table.apply(raised());
    table.apply(event('OpinionAnswered', { opinionId: ID, onTheSpot: true }));
    expect(table.track(0)).toMatchObject({ status: 'answered', onTheSpot: true, assigned: false, answeredOnTime: true });
  });

  it('knows nothing of an opinion whose raise it never saw', () => {
    const table = new OpinionTable();
    expect(table.apply(event('OpinionAssigned', { opinionId: ID, department: 'CATP-HP-PC06', dueDate: '2024-05-10' }))).toBe(-1);
    expect(table.size).toBe(0);
  });
});
