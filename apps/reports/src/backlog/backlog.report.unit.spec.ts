import { runReport } from '../report';
import { recordedBy } from '../replay/replay';
import { asStoredEvents, buildFixture } from '../../test/report-fixture';
import { contextFor } from '../../test/report-context';
import { backlogReport } from './backlog.report';

const events = asStoredEvents(buildFixture());
const asOf = (day: string) => runReport(backlogReport, contextFor({ asOf: day, referenceDate: day }), events.filter(recordedBy(day)));

describe('backlog report', () => {
  it('is empty before anything was recorded', () => {
    expect(asOf('2024-04-25')).toEqual([]);
  });

  it('shows unassigned opinions held by the organising unit at the end of the day they were typed in', () => {
    const rows = asOf('2024-04-26');
    expect(rows.map((r) => r.holderCode)).toEqual(['CATP-HP-KA', 'CATP-HP-KA-TTN', 'CATP-HP-PC06', 'CATP-HP-PC06', 'CATP-HP-PC08']);
    expect(rows[0]).toMatchObject({ state: 'Chưa giao xử lý', heldSince: '2024-04-25', workingDaysHeld: 1, dueDate: null });
  });

  it('follows a reassignment and a return, counting working days held and overdue', () => {
    const rows = asOf('2024-05-07');
    const pc04 = rows.find((r) => r.holderCode === 'CATP-HP-PC04');
    expect(pc04).toMatchObject({ state: 'Đang xử lý', heldSince: '2024-05-03', workingDaysHeld: 3, workingDaysOverdue: null });
    expect(rows.find((r) => r.holderCode === 'CATP-HP-PC06')).toMatchObject({ state: 'Bị trả lại, đang làm lại', heldSince: '2024-05-07', dueDate: '2024-05-21' });
  });

  it('counts overdue working days after the due date', () => {
    const row = asOf('2024-06-03').find((r) => r.holderCode === 'CATP-HP-PC04');
    // Due 23/5; 24, 27, 28, 29, 30, 31/5 and 3/6 are working days.
    expect(row).toMatchObject({ dueDate: '2024-05-23', workingDaysOverdue: 7 });
    expect(asOf('2024-06-04').find((r) => r.holderCode === 'CATP-HP-PC04')).toBeUndefined();
  });

  it('excludes events recorded after the day even when they say they happened before', () => {
    // Session B was held on 5/9 but typed in on 9/9; its on-the-spot answer is not backlog.
    expect(asOf('2024-09-06').filter((r) => r.raisedOn === '2024-09-05')).toEqual([]);
    expect(asOf('2024-09-09').filter((r) => r.raisedOn === '2024-09-05').map((r) => r.holderCode)).toEqual(['CATP-HP-PC02', 'CATP-HP-PC08']);
  });
});
