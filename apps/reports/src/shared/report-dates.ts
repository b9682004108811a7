import { addDays, vietnamDate, type LocalDate } from '@app/directory';
import type { StoredEvent } from '@app/eventstore';
import type { Period, ReportParams } from '../report';

/** Vietnam calendar date of an ISO instant (`2024-11-27T18:00:00Z` → `2024-11-28`). */
export const dateOf = (instant: string): LocalDate => vietnamDate(new Date(instant));

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
