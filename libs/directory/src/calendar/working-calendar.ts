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

/** Counts working days: deadlines in Vietnamese administrative rules are in working days. */
export class WorkingCalendar {
  private readonly weekendDays: ReadonlySet<number>;
  private readonly holidays: ReadonlyMap<LocalDate, string>;
  private readonly workingWeekendDays: ReadonlySet<LocalDate>;

  constructor(data: WorkingCalendarData) {
    const weekendDays = data.weekendDays ?? [0, 6];
    for (const d of weekendDays) {
      if (!Number.isInteger(d) || d < 0 || d > 6) throw new RangeError(`weekend day must be 0..6, got ${d}`);
    }
    if (weekendDays.length >= 7) throw new RangeError('a calendar needs at least one working weekday');
    this.weekendDays = new Set(weekendDays);
    this.holidays = new Map(data.holidays.map((h) => [assertLocalDate(h.date), h.name]));
    this.workingWeekendDays = new Set((data.workingWeekendDays ?? []).map((d) => assertLocalDate(d.date)));
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
    let date = assertLocalDate(from);
    for (let counted = 0, scanned = 0; counted < n; scanned++) {
      if (scanned > MAX_SCAN_DAYS) throw new RangeError('addWorkingDays: no working days found');
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) counted++;
    }
    return date;
  }

  /**
   * Working days in the interval (a, b]: the inverse of {@link addWorkingDays}.
   * Negative when b is before a.
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): number {
    assertLocalDate(a);
    assertLocalDate(b);
    if (b < a) return -this.workingDaysBetween(b, a);
    let count = 0;
    for (let date = addDays(a, 1); date <= b; date = addDays(date, 1)) if (this.isWorkingDay(date)) count++;
    return count;
  }
}
