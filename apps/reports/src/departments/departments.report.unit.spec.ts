import { runReport } from '../report';
import { asStoredEvents, buildFixture } from '../../test/report-fixture';
import { contextFor } from '../../test/report-context';
import { departmentsReport } from './departments.report';

const events = asStoredEvents(buildFixture());
const byCode = (rows: ReturnType<typeof runReport>) => Object.fromEntries(rows.map((r) => [r.unitCode, r]));

describe('departments report', () => {
  it('counts assignments, answers, returns and reassignments per holder', () => {
    const rows = byCode(runReport(departmentsReport, contextFor(), events));
    expect(rows['CATP-HP-PC06']).toMatchObject({ assigned: 2, answered: 2, answersReturned: 1, reassignedOut: 1, reassignedIn: 0, overdueNow: 0 });
    expect(rows['CATP-HP-PC04']).toMatchObject({ assigned: 0, answered: 1, reassignedIn: 1 });
    expect(rows['CATP-HP-PC08']).toMatchObject({ assigned: 2, answered: 1, overdueNow: 1 });
    expect(rows['CATP-HP-KA-TTN']).toMatchObject({ assigned: 1, answered: 0, overdueNow: 1, medianWorkingDays: null });
  });

  it('measures working days from receiving to answering, skipping weekends and 29/4–1/5', () => {
    const rows = byCode(runReport(departmentsReport, contextFor(), events));
    // PC06: 26/4 → 6/5 is 4 working days (2, 3, Saturday 4 worked in lieu of 29/4, 6 May); returned 7/5 → answered 15/5 is 6.
    expect(rows['CATP-HP-PC06']).toMatchObject({ medianWorkingDays: 5, p90WorkingDays: 6 });
    // PC04: reassigned Fri 3/5 → answered Tue 4/6: 23 working days (Saturday 4/5 included).
    expect(rows['CATP-HP-PC04']).toMatchObject({ medianWorkingDays: 23, p90WorkingDays: 23 });
  });

  it('counts flows only inside --from/--to and lists only the --unit subtree', () => {
    const rows = runReport(departmentsReport, contextFor({ from: '2024-09-01', unit: 'CATP-HP' }), events);
    expect(rows.every((r) => String(r.unitCode).startsWith('CATP-HP'))).toBe(true);
    expect(byCode(rows)['CATP-HP-PC06']).toMatchObject({ assigned: 0, answered: 0 });
    expect(byCode(rows)['CATP-HP-PC02']).toMatchObject({ assigned: 1, answered: 1 });
  });
});
