import { addDays, vietnamDate, type LocalDate } from '@app/directory';
import type { StoredEvent } from '@app/eventstore';
import type { Period, ReportParams } from '../report';

/** `…Z` or `…+07:00` instants with an in-range time: the day can be read off the text. */
const UTC_OR_VIETNAM = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(Z|\+07:00)$/;
/**
 * Valid calendar day → itself and the next day (the Vietnam date from 17:00Z on), so every track
 * that remembers a date shares one string per day. Bounded by the days seen.
 */
const knownDays = new Map<string, readonly [LocalDate, LocalDate]>();

/**
 * Vietnam calendar date of an ISO instant (`2024-11-27T18:00:00Z` → `2024-11-28`). Runs once or
 * twice per event in a replay, so the shapes the service writes are read off the text (the date
 * part still goes through `Date` once per distinct day, to reject days that do not exist);
 * anything else goes through `Date`.
 */
export function dateOf(instant: string): LocalDate {
  const m = UTC_OR_VIETNAM.exec(instant);
  if (m === null) return vietnamDate(new Date(instant));
  let days = knownDays.get(m[1]);
  if (days === undefined) {
    const midnight = Date.parse(`${m[1]}T00:00:00Z`);
    if (Number.isNaN(midnight) || new Date(midnight).toISOString().slice(0, 10) !== m[1]) return vietnamDate(new Date(instant));
    days = [m[1], vietnamDate(new Date(midnight + 17 * 3_600_000))];
    if (knownDays.size >= 100_000) knownDays.clear();
    knownDays.set(m[1], days);
  }
  return days[m[3] === 'Z' && m[2] >= '17' ? 1 : 0];
}

/** When the action happened in the world (a secretary may type it in days later). */
export const occurredOn = (event: StoredEvent): LocalDate => dateOf(event.metadata.occurredAt);

/** Inclusive --from/--to test on a Vietnam date. */
export const withinPeriod = (date: LocalDate, { from, to }: Pick<ReportParams, 'from' | 'to'>): boolean =>
  (from === undefined || date >= from) && (to === undefined || date <= to);

/** First instant after the end of `date` in Vietnam (UTC+7): the --as-of cut-off, exclusive. */
export const endOfVietnamDay = (date: LocalDate): number => Date.parse(`${addDays(date, 1)}T00:00:00+07:00`);

/** `2024-11` or `2024-Q4`. */
export function periodOf(date: LocalDate, period: Period): string {
  const month = Number(date.slice(5, 7));
  return period === 'month' ? date.slice(0, 7) : `${date.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}
