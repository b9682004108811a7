import { runReport } from '../report';
import { asStoredEvents, buildFixture } from '../../test/report-fixture';
import { contextFor } from '../../test/report-context';
import { sessionsReport } from './sessions.report';

const events = asStoredEvents(buildFixture());

describe('sessions report', () => {
  it('counts each session from its opinions', () => {
    const [a, b, c] = runReport(sessionsReport, contextFor(), events);
    expect(a).toMatchObject({ date: '2024-04-25', raised: 6, answeredOnTheSpot: 1, assigned: 4, answered: 3, resolved: 2, lackingResponse: 2 });
    // a2 and a3 answered in time, a4 after its due date, a5 past due and unanswered.
    expect(a.answeredByDueDate).toBe(0.5);
    expect(a.organisingUnit).toBe('Công an quận Kiến An');
    expect(b).toMatchObject({ date: '2024-09-05', raised: 3, answeredOnTheSpot: 1, assigned: 2, answered: 1, resolved: 1, lackingResponse: 1 });
    expect(c).toMatchObject({ locality: 'Thanh Liệt, Hà Nội', raised: 2, lackingResponse: 2 });
  });

  it('does not count an assignment that is not yet due against the session', () => {
    const rows = runReport(sessionsReport, contextFor({ referenceDate: '2025-11-25' }), events);
    expect(rows[2].answeredByDueDate).toBeNull();
  });

  it('filters by session date and by organising unit subtree', () => {
    expect(runReport(sessionsReport, contextFor({ from: '2024-09-01', to: '2024-12-31' }), events).map((r) => r.date)).toEqual(['2024-09-05']);
    expect(runReport(sessionsReport, contextFor({ unit: 'CATP-HP' }), events)).toHaveLength(2);
  });

  it('gives the same rows whatever the order sessions are met in the map', () => {
    expect(runReport(sessionsReport, contextFor(), events)).toEqual(runReport(sessionsReport, contextFor(), events));
  });
});
