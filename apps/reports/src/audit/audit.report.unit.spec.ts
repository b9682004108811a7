import { runReport } from '../report';
import { asStoredEvents, buildFixture } from '../../test/report-fixture';
import { contextFor } from '../../test/report-context';
import { auditReport } from './audit.report';

const events = asStoredEvents(buildFixture());

describe('audit report', () => {
  it('lists every action in commit order with actor, unit and both times', () => {
    const rows = runReport(auditReport, contextFor(), events);
    expect(rows).toHaveLength(events.length);
    expect(rows[0]).toMatchObject({ position: '100', action: 'Lên lịch phiên', unitCode: 'CATP-HP-KA', unit: 'Công an quận Kiến An', role: 'Thư ký' });
    expect(rows.find((r) => r.action === 'Ghi nhận ý kiến')).toMatchObject({ occurredAt: '2024-04-25T09:10:00+07:00', recordedAt: '2024-04-26T09:00:00+07:00' });
  });

  it('never shows a citizen name or contact', () => {
    const text = JSON.stringify(runReport(auditReport, contextFor(), events));
    expect(text).not.toContain('Nguyễn Thị Hằng');
    expect(text).not.toContain('0900000000');
  });

  it('selects by recording day and by the actor unit', () => {
    const rows = runReport(auditReport, contextFor({ from: '2024-05-01', to: '2024-05-31', unit: 'CATP-HP-PC06' }), events);
    expect(rows.map((r) => r.recordedAt)).toEqual(['2024-05-06T15:00:00+07:00', '2024-05-15T11:00:00+07:00']);
  });

  it('drains rows as they come so the state stays empty', () => {
    let state = auditReport.init(contextFor());
    for (const event of events) state = auditReport.apply(state, event);
    expect(auditReport.drain!(state)).toHaveLength(events.length);
    expect(auditReport.rows(state)).toEqual([]);
  });
});
