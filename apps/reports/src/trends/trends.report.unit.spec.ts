import { runReport } from '../report';
import { asStoredEvents, buildFixture } from '../../test/report-fixture';
import { contextFor } from '../../test/report-context';
import { trendsReport } from './trends.report';

const events = asStoredEvents(buildFixture());

describe('trends report', () => {
  it('counts opinions by topic and by locality per month', () => {
    const rows = runReport(trendsReport, contextFor(), events);
    expect(rows.filter((r) => r.period === '2024-04' && r.dimension === 'Chủ đề')[0]).toMatchObject({ key: 'residence-id', opinions: 2 });
    expect(rows).toContainEqual({ period: '2024-04', dimension: 'Địa bàn', key: 'Trần Thành Ngọ, Kiến An, Hải Phòng', label: 'Trần Thành Ngọ, Kiến An, Hải Phòng', opinions: 6 });
    expect(rows).toContainEqual(expect.objectContaining({ period: '2025-11', dimension: 'Địa bàn', key: 'Thanh Liệt, Hà Nội', opinions: 2 }));
  });

  it('groups by quarter', () => {
    const rows = runReport(trendsReport, contextFor({ period: 'quarter' }), events);
    expect([...new Set(rows.map((r) => r.period))]).toEqual(['2024-Q2', '2024-Q3', '2025-Q4']);
  });
});
