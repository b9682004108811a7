import { readFileSync } from 'node:fs';
import type { AppConfig } from '@app/config';
import { demoDirectory, Directory, VIETNAM_CALENDAR_DATA, WorkingCalendar, type WorkingCalendarData } from '@app/directory';
import type { DecideContext } from '@app/opinions';

const readJson = (file: string, what: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${what} from ${file}: ${(error as Error).message}`);
  }
};

/** Directory and working calendar: from DIRECTORY_FILE / CALENDAR_FILE when set, else the built-in demo data. */
export function loadReferenceData(config: Pick<AppConfig, 'DIRECTORY_FILE' | 'CALENDAR_FILE'>): DecideContext {
  const directory = config.DIRECTORY_FILE ? Directory.fromJson(readJson(config.DIRECTORY_FILE, 'the unit directory')) : demoDirectory();
  const calendar = new WorkingCalendar(
    config.CALENDAR_FILE ? (readJson(config.CALENDAR_FILE, 'the working calendar') as WorkingCalendarData) : VIETNAM_CALENDAR_DATA,
  );
  return { directory, calendar };
}
