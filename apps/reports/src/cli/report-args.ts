import { parseArgs } from 'node:util';
import { isLocalDate, type LocalDate } from '@app/directory';
import type { Period } from '../report';

export const FORMATS = ['csv', 'json', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

/** A validated command line. */
export interface ReportRequest {
  report: string;
  from?: LocalDate;
  to?: LocalDate;
  asOf?: LocalDate;
  now?: LocalDate;
  unit?: string;
  format: Format;
  out?: string;
  period: Period;
  progress: boolean;
}

export type ParsedArgs = { kind: 'help' } | { kind: 'run'; request: ReportRequest };

/** Wrong command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  'as-of': { type: 'string' },
  now: { type: 'string' },
  unit: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string', short: 'o' },
  period: { type: 'string' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses `<report> [options]`; pure, so every rule has a unit test. */
export function parseReportArgs(argv: readonly string[], reportNames: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(translateParseError(error as Error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length === 0) throw new UsageError('Thiếu tên báo cáo (missing report name).');
  if (positionals.length > 1) throw new UsageError(`Chỉ chọn một báo cáo, nhận được: ${positionals.join(' ')}`);
  const [report] = positionals;
  if (!reportNames.includes(report)) {
    throw new UsageError(`Không có báo cáo "${report}" (unknown report). Các báo cáo: ${reportNames.join(', ')}`);
  }
  const from = date(values.from, '--from');
  const to = date(values.to, '--to');
  const asOf = date(values['as-of'], '--as-of');
  const now = date(values.now, '--now');
  if (from && to && from > to) throw new UsageError(`--from ${from} sau --to ${to} (from is after to).`);
  const out = values.out;
  const format = (values.format ?? formatFromExtension(out) ?? 'csv') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format phải là ${FORMATS.join('|')}, nhận được "${values.format}".`);
  const period = (values.period ?? 'month') as Period;
  if (period !== 'month' && period !== 'quarter') throw new UsageError(`--period phải là month|quarter, nhận được "${values.period}".`);
  if (values.unit !== undefined && !/^[A-Za-z0-9_.-]{1,40}$/.test(values.unit)) {
    throw new UsageError(`--unit phải là mã đơn vị trong danh mục, nhận được "${values.unit}".`);
  }
  if (out !== undefined && out.trim() === '') throw new UsageError('--out cần một đường dẫn tệp.');
  return {
    kind: 'run',
    request: { report, from, to, asOf, now, unit: values.unit, format, out, period, progress: !values['no-progress'] },
  };
}

function date(value: string | undefined, flag: string): LocalDate | undefined {
  if (value === undefined) return undefined;
  if (!isLocalDate(value)) throw new UsageError(`${flag} phải là ngày dạng YYYY-MM-DD, nhận được "${value}".`);
  return value;
}

function formatFromExtension(out: string | undefined): Format | undefined {
  const ext = out?.toLowerCase().match(/\.(csv|json|xlsx)$/)?.[1];
  return ext as Format | undefined;
}

function translateParseError(error: Error): string {
  const code = (error as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Tuỳ chọn không hợp lệ (unknown option): ${error.message}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `Thiếu hoặc sai giá trị tuỳ chọn: ${error.message}`;
  return error.message;
}
