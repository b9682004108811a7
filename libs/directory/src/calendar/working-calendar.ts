import { addDays, assertLocalDate, dayOfWeek, type LocalDate } from './local-date';

/** A day off (or a weekend day worked in exchange, "ngày làm bù"). */
export interface CalendarDay {
  date: LocalDate;
  name: string;
}

/** Serialised calendar: which weekdays are weekends, which dates are off, which weekend dates are worked. */
export interface WorkingCalendarData {
  /** 0 = Sunday … 6 = Saturday; Vietnamese public bodies rest on Saturday and Sunday. */
  weekendDays?: number[];
  holidays: CalendarDay[];
  /** Weekend dates worked to make up for a bridged day off. */
  workingWeekendDays?: CalendarDay[];
}

const MAX_SCAN_DAYS = 366 * 20;
/** A day number far before any date the service handles (1900-01-01), so spans stay positive. */
const ORIGIN = -25567;

const dayNumber = (date: LocalDate): number => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000;
/** 1970-01-01 (day 0) was a Thursday; 0 = Sunday as in {@link WorkingCalendarData.weekendDays}. */
const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;

/** How many of the sorted numbers are ≤ value. */
function countAtMost(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts working days: deadlines in Vietnamese administrative rules are in working days. */
export class WorkingCalendar {
  private readonly weekendDays: ReadonlySet<number>;
  private readonly holidays: ReadonlyMap<LocalDate, string>;
  private readonly workingWeekendDays: ReadonlySet<LocalDate>;
  /** Day numbers (days since 1970-01-01) of holidays on weekdays, sorted. */
  private readonly daysOff: number[];
  /** Day numbers of weekend days that are worked, sorted. */
  private readonly extraWorkdays: number[];
  private readonly holidayDays: ReadonlySet<number>;
  private readonly workedWeekendDays: ReadonlySet<number>;

  constructor(data: WorkingCalendarData) {
    const weekendDays = data.weekendDays ?? [0, 6];
    for (const d of weekendDays) {
      if (!Number.isInteger(d) || d < 0 || d > 6) throw new RangeError(`weekend day must be 0..6, got ${d}`);
    }
    if (weekendDays.length >= 7) throw new RangeError('a calendar needs at least one working weekday');
    this.weekendDays = new Set(weekendDays);
    this.holidays = new Map(data.holidays.map((h) => [assertLocalDate(h.date), h.name]));
    this.workingWeekendDays = new Set((data.workingWeekendDays ?? []).map((d) => assertLocalDate(d.date)));
    // Holidays on weekdays are subtracted from the weekday count; weekend days worked are added
    // unless they are holidays too (a holiday always wins, as in isWorkingDay).
    this.daysOff = [...this.holidays.keys()].filter((date) => !this.weekendDays.has(dayOfWeek(date))).map(dayNumber).sort((x, y) => x - y);
    this.extraWorkdays = [...this.workingWeekendDays]
      .filter((date) => !this.holidays.has(date) && this.weekendDays.has(dayOfWeek(date)))
      .map(dayNumber)
      .sort((x, y) => x - y);
    this.holidayDays = new Set([...this.holidays.keys()].map(dayNumber));
    this.workedWeekendDays = new Set([...this.workingWeekendDays].map(dayNumber));
  }

  /** Name of the public holiday on that date, if any. */
  holidayName(date: LocalDate): string | undefined {
    return this.holidays.get(assertLocalDate(date));
  }

  isWorkingDay(date: LocalDate): boolean {
    if (this.holidays.has(assertLocalDate(date))) return false;
    if (this.workingWeekendDays.has(date)) return true;
    return !this.weekendDays.has(dayOfWeek(date));
  }

  /**
   * The date `n` working days after `from`; the first day counted is the day after `from`,
   * so an item assigned on a Friday with n = 1 is due on Monday. `n = 0` returns `from`.
   */
  addWorkingDays(from: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays: n must be a non-negative integer, got ${n}`);
    // On day numbers: every assignment computes a due date, and string dates cost a parse per day.
    let day = dayNumber(assertLocalDate(from));
    for (let counted = 0, scanned = 0; counted < n; scanned++) {
      if (scanned > MAX_SCAN_DAYS) throw new RangeError('addWorkingDays: no working days found');
      day++;
      if (this.isWorkingDayNumber(day)) counted++;
    }
    return new Date(day * 86_400_000).toISOString().slice(0, 10);
  }

  private isWorkingDayNumber(day: number): boolean {
    if (this.holidayDays.has(day)) return false;
    return this.workedWeekendDays.has(day) || !this.weekendDays.has(weekdayOf(day));
  }


  /**
   * Working days in the interval (a, b]: the inverse of {@link addWorkingDays}.
   * Negative when b is before a.
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): number {
    // Constant time in the span (reports compute it for every opinion over years of history):
    // the difference of running counts of working days since a fixed origin.
    return this.workedUpTo(dayNumber(assertLocalDate(b))) - this.workedUpTo(dayNumber(assertLocalDate(a)));
  }

  /** Working days in (ORIGIN, day]. */
  private workedUpTo(day: number): number {
    const span = day - ORIGIN;
    const perWeek = 7 - this.weekendDays.size;
    let count = Math.floor(span / 7) * perWeek;
    for (let d = day - (span % 7) + 1; d <= day; d++) if (!this.weekendDays.has(weekdayOf(d))) count++;
    return count - countAtMost(this.daysOff, day) + countAtMost(this.extraWorkdays, day);
  }

}
