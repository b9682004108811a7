import { parseReportArgs, UsageError } from './report-args';

const NAMES = ['sessions', 'backlog', 'trends'];
const parse = (...argv: string[]) => parseReportArgs(argv, NAMES);

describe('parseReportArgs', () => {
  it('reads a full command line', () => {
    expect(parse('backlog', '--as-of', '2024-05-07', '--unit', 'CATP-HP', '--out', 'x.xlsx')).toEqual({
      kind: 'run',
      request: { report: 'backlog', asOf: '2024-05-07', unit: 'CATP-HP', out: 'x.xlsx', format: 'xlsx', period: 'month', progress: true, from: undefined, to: undefined, now: undefined },
    });
  });

  it('defaults to CSV and monthly periods', () => {
    expect(parse('trends')).toMatchObject({ request: { format: 'csv', period: 'month' } });
  });

  it('answers --help without a report', () => {
    expect(parse('--help')).toEqual({ kind: 'help' });
  });

  it.each([
    [[], /Thiếu tên báo cáo/],
    [['nope'], /Không có báo cáo "nope"/],
    [['sessions', 'trends'], /Chỉ chọn một/],
    [['sessions', '--from', '2024-02-30'], /--from phải là ngày/],
    [['sessions', '--from', '2024-05-02', '--to', '2024-05-01'], /sau --to/],
    [['sessions', '--format', 'pdf'], /--format phải là/],
    [['trends', '--period', 'week'], /--period phải là/],
    [['sessions', '--bogus'], /Tuỳ chọn không hợp lệ/],
    [['sessions', '--from'], /Thiếu hoặc sai giá trị/],
  ])('rejects %j', (argv, message) => {
    expect(() => parse(...argv)).toThrow(UsageError);
    expect(() => parse(...argv)).toThrow(message);
  });
});
