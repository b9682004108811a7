import { isLocalDate, vietnamDate, type LocalDate } from '@app/directory';
import type { DecideContext } from './decide-context';
import { DomainError } from './opinion.errors';

/**
 * The due date of an assignment: the explicit one if given (not before today in Vietnam),
 * otherwise the holder's answer period in working days after today.
 */
export function dueDateFor(
  input: { dueDate?: string; holder: string; now: Date },
  { directory, calendar }: DecideContext,
): LocalDate {
  const today = vietnamDate(input.now);
  if (input.dueDate === undefined) return calendar.addWorkingDays(today, directory.answerPeriodDays(input.holder));
  if (!isLocalDate(input.dueDate)) throw new DomainError('INVALID_DUE_DATE', `"${input.dueDate}" is not a YYYY-MM-DD date`);
  if (input.dueDate < today) throw new DomainError('DUE_DATE_IN_PAST', `${input.dueDate} is before today (${today})`);
  return input.dueDate;
}
