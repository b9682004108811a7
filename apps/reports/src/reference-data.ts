import { readFileSync } from 'node:fs';
import { demoDirectory, Directory, vietnamCalendar, WorkingCalendar } from '@app/directory';
import type { AppConfig } from '@app/config';

/** Unit names and working days: the configured files, else the built-in directory and calendar. */
export function loadReferenceData(config: Pick<AppConfig, 'DIRECTORY_FILE' | 'CALENDAR_FILE'>): {
  directory: Directory;
  calendar: WorkingCalendar;
} {
  const directory = config.DIRECTORY_FILE ? Directory.fromJson(readJson(config.DIRECTORY_FILE)) : demoDirectory();
  const calendar = config.CALENDAR_FILE ? new WorkingCalendar(readJson(config.CALENDAR_FILE) as never) : vietnamCalendar();
  return { directory, calendar };
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
