import type { StoredEvent } from '@app/eventstore';
import type { Directory, LocalDate, WorkingCalendar } from '@app/directory';

export type Cell = string | number | null;
export type Row = Readonly<Record<string, Cell>>;

/** How a column is typed in XLSX and formatted in CSV. */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'ratio' | 'date' | 'datetime';

export interface Column {
  /** English field name, used as the JSON key. */
  key: string;
  /** Vietnamese header shown to people (CSV, XLSX). */
  header: string;
  kind: ColumnKind;
}

export type Period = 'month' | 'quarter';

/** Parameters common to all reports, already validated by the CLI. */
export interface ReportParams {
  from?: LocalDate;
  to?: LocalDate;
  /** Only events recorded up to the end of this day (Vietnam time) are replayed. */
  asOf?: LocalDate;
  /** The day "overdue" and "held for" are measured against: --as-of, else --now, else today. */
  referenceDate: LocalDate;
  unit?: string;
  period: Period;
}

export interface ReportContext {
  params: ReportParams;
  directory: Directory;
  calendar: WorkingCalendar;
}

/**
 * A report is a reducer over the event stream: `init`, `apply` once per event in `$all` order,
 * `rows` at the end. `apply` may update the state it is given and return it: the replay owns the
 * state, and copying per event would dominate a replay of millions of events. Same events in,
 * same rows out: no clock, no randomness, stable sorts.
 */
export interface Report<S = unknown> {
  name: string;
  /** Vietnamese title (sheet name, JSON title). */
  title: string;
  /** One line for --help. */
  summary: string;
  columns: readonly Column[];
  init(context: ReportContext): S;
  apply(state: S, event: StoredEvent): S;
  /**
   * The rows left at the end. May be a lazy iterable (backlog: one row per open opinion, built
   * while they are written rather than all at once); iterated once.
   */
  rows(state: S): Iterable<Row>;
  /**
   * Rows that are already final, taken out of the state so they can be written while the replay
   * goes on (audit: one row per event). `rows` then returns only what is left.
   */
  drain?(state: S): Row[];
}

/** Erases the state type so reports of different states can sit in one list. */
export const defineReport = <S>(report: Report<S>): Report<unknown> => report as unknown as Report<unknown>;

/** Replays a finite list of events through a report: the unit-test and golden-file path. */
export function runReport<S>(report: Report<S>, context: ReportContext, events: Iterable<StoredEvent>): Row[] {
  let state = report.init(context);
  const out: Row[] = [];
  for (const event of events) {
    state = report.apply(state, event);
    if (report.drain) out.push(...report.drain(state));
  }
  return [...out, ...report.rows(state)];
}
