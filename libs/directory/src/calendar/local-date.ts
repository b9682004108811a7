/** A calendar date without time, `YYYY-MM-DD`, in Vietnam local time. */
export type LocalDate = string;

/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving time). */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date in Vietnam at the given instant, e.g. 2024-11-27T17:30Z → `2024-11-28`. */
export function vietnamDate(instant: Date): LocalDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('vietnamDate: invalid Date');
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** True for a well-formed, existing calendar date (rejects `2025-02-30`). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.toISOString().slice(0, 10) === value;
}

export function assertLocalDate(value: string): LocalDate {
  if (!isLocalDate(value)) throw new RangeError(`not a YYYY-MM-DD date: "${value}"`);
  return value;
}

/** Calendar arithmetic (no working-day logic). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(toUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, like `Date#getUTCDay`. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

const toUtcMs = (date: LocalDate): number => Date.parse(`${assertLocalDate(date)}T00:00:00Z`);
