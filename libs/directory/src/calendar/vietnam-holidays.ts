import type { CalendarDay, WorkingCalendarData } from './working-calendar';

/** Placeholder; filled from the official annual announcements. */
export const VIETNAM_HOLIDAYS: readonly CalendarDay[] = [];
export const VIETNAM_WORKING_WEEKEND_DAYS: readonly CalendarDay[] = [];

export const VIETNAM_CALENDAR_DATA: WorkingCalendarData = {
  weekendDays: [0, 6],
  holidays: [...VIETNAM_HOLIDAYS],
  workingWeekendDays: [...VIETNAM_WORKING_WEEKEND_DAYS],
};
