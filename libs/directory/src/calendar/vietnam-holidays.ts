import { WorkingCalendar, type CalendarDay, type WorkingCalendarData } from './working-calendar';

/**
 * Days off for public bodies in Viet Nam, 2020–2027: Labour Code 2012 art. 115 (to 2020) and 2019 art. 112
 * (from 2021: Tết 5 days, 2/9 plus an adjacent day), with days off in lieu ("nghỉ bù") when a holiday falls on
 * a weekend, and the swaps decided for civil servants by the Government each year (e.g. Công văn
 * 2450/VPCP-KGVX for 30/4/2024). Lunar dates (Tết, Giỗ Tổ Hùng Vương, 10/3 âm lịch) are listed per year.
 * Years after the last announcement hold the statutory days and must be checked against the new one.
 */
const DAYS_OFF: ReadonlyArray<readonly [date: string, name: string]> = [
  // 2020
  ['2020-01-01', 'Tết Dương lịch'],
  ['2020-01-23', '29 Tết'],
  ['2020-01-24', 'Giao thừa Tết Nguyên Đán'],
  ['2020-01-25', 'Tết Nguyên Đán'],
  ['2020-01-26', 'Mùng hai Tết Nguyên Đán'],
  ['2020-01-27', 'Mùng ba Tết Nguyên Đán'],
  ['2020-01-28', 'Mùng bốn Tết Nguyên Đán'],
  ['2020-01-29', 'Mùng năm Tết Nguyên Đán'],
  ['2020-04-02', 'Ngày Giỗ Tổ Hùng Vương'],
  ['2020-04-30', 'Ngày Chiến thắng'],
  ['2020-05-01', 'Ngày Quốc tế Lao động'],
  ['2020-09-02', 'Quốc khánh'],
  // 2021
  ['2021-01-01', 'Tết Dương lịch'],
  ['2021-02-10', '29 Tết'],
  ['2021-02-11', 'Giao thừa Tết Nguyên Đán'],
  ['2021-02-12', 'Tết Nguyên Đán'],
  ['2021-02-13', 'Mùng hai Tết Nguyên Đán'],
  ['2021-02-14', 'Mùng ba Tết Nguyên Đán'],
  ['2021-02-15', 'Mùng bốn Tết Nguyên Đán'],
  ['2021-02-16', 'Mùng năm Tết Nguyên Đán'],
  ['2021-04-21', 'Ngày Giỗ Tổ Hùng Vương'],
  ['2021-04-30', 'Ngày Chiến thắng'],
  ['2021-05-01', 'Ngày Quốc tế Lao động'],
  ['2021-05-03', 'Ngày Quốc tế Lao động (nghỉ bù)'],
  ['2021-09-02', 'Quốc khánh'],
  ['2021-09-03', 'Quốc khánh'],
  // 2022
  ['2022-01-01', 'Tết Dương lịch'],
  ['2022-01-03', 'Tết Dương lịch (nghỉ bù)'],
  ['2022-01-31', 'Giao thừa Tết Nguyên Đán'],
  ['2022-02-01', 'Tết Nguyên Đán'],
  ['2022-02-02', 'Mùng hai Tết Nguyên Đán'],
  ['2022-02-03', 'Mùng ba Tết Nguyên Đán'],
  ['2022-02-04', 'Mùng bốn Tết Nguyên Đán'],
  ['2022-04-10', 'Ngày Giỗ Tổ Hùng Vương'],
  ['2022-04-11', 'Ngày Giỗ Tổ Hùng Vương (nghỉ bù)'],
  ['2022-04-30', 'Ngày Chiến thắng'],
  ['2022-05-01', 'Ngày Quốc tế Lao động'],
  ['2022-05-02', 'Ngày Chiến thắng (nghỉ bù)'],
  ['2022-05-03', 'Ngày Quốc tế Lao động (nghỉ bù)'],
  ['2022-09-01', 'Quốc khánh'],
  ['2022-09-02', 'Quốc khánh'],
  // 2023
  ['2023-01-01', 'Tết Dương lịch'],
  ['2023-01-02', 'Tết Dương lịch (nghỉ bù)'],
  ['2023-01-20', '29 Tết'],
  ['2023-01-21', 'Giao thừa Tết Nguyên Đán'],
  ['2023-01-22', 'Tết Nguyên Đán'],
  ['2023-01-23', 'Mùng hai Tết Nguyên Đán'],
  ['2023-01-24', 'Mùng ba Tết Nguyên Đán'],
  ['2023-01-25', 'Mùng bốn Tết Nguyên Đán'],
  ['2023-01-26', 'Mùng năm Tết Nguyên Đán'],
  ['2023-04-29', 'Ngày Giỗ Tổ Hùng Vương'],
  ['2023-04-30', 'Ngày Chiến thắng'],
  ['2023-05-01', 'Ngày Quốc tế Lao động'],
  ['2023-05-02', 'Ngày Giỗ Tổ Hùng Vương (nghỉ bù)'],
  ['2023-05-03', 'Ngày Chiến thắng (nghỉ bù)'],
  ['2023-09-01', 'Quốc khánh'],
  ['2023-09-02', 'Quốc khánh'],
  ['2023-09-04', 'Quốc khánh (nghỉ bù)'],
  // 2024
  ['2024-01-01', 'Tết Dương lịch'],
  ['2024-02-08', '29 Tết'],
  ['2024-02-09', 'Giao thừa Tết Nguyên Đán'],
  ['2024-02-10', 'Tết Nguyên Đán'],
  ['2024-02-11', 'Mùng hai Tết Nguyên Đán'],
  ['2024-02-12', 'Mùng ba Tết Nguyên Đán'],
  ['2024-02-13', 'Mùng bốn Tết Nguyên Đán'],
  ['2024-02-14', 'Mùng năm Tết Nguyên Đán'],
  ['2024-04-18', 'Ngày Giỗ Tổ Hùng Vương'],
  ['2024-04-29', 'Ngày nghỉ (thay cho ngày 04/05/2024)'],
  ['2024-04-30', 'Ngày Chiến thắng'],
  ['2024-05-01', 'Ngày Quốc tế Lao động'],
  ['2024-09-02', 'Quốc khánh'],
  ['2024-09-03', 'Quốc khánh'],
  // 2025
  ['2025-01-01', 'Tết Dương lịch'],
  ['2025-01-27', '29 Tết'],
  ['2025-01-28', 'Giao thừa Tết Nguyên Đán'],
  ['2025-01-29', 'Tết Nguyên Đán'],
  ['2025-01-30', 'Mùng hai Tết Nguyên Đán'],
  ['2025-01-31', 'Mùng ba Tết Nguyên Đán'],
  ['2025-02-01', 'Mùng bốn Tết Nguyên Đán'],
  ['2025-04-07', 'Ngày Giỗ Tổ Hùng Vương'],
  ['2025-04-30', 'Ngày Chiến thắng'],
  ['2025-05-01', 'Ngày Quốc tế Lao động'],
  ['2025-05-02', 'Ngày nghỉ (thay cho ngày 26/04/2025)'],
  ['2025-09-01', 'Quốc khánh'],
  ['2025-09-02', 'Quốc khánh'],
  // 2026
  ['2026-01-01', 'Tết Dương lịch'],
  ['2026-02-16', 'Giao thừa Tết Nguyên Đán'],
  ['2026-02-17', 'Tết Nguyên Đán'],
  ['2026-02-18', 'Mùng hai Tết Nguyên Đán'],
  ['2026-02-19', 'Mùng ba Tết Nguyên Đán'],
  ['2026-02-20', 'Mùng bốn Tết Nguyên Đán'],
  ['2026-04-26', 'Ngày Giỗ Tổ Hùng Vương'],
  ['2026-04-27', 'Ngày Giỗ Tổ Hùng Vương (nghỉ bù)'],
  ['2026-04-30', 'Ngày Chiến thắng'],
  ['2026-05-01', 'Ngày Quốc tế Lao động'],
  ['2026-09-01', 'Quốc khánh'],
  ['2026-09-02', 'Quốc khánh'],
  // 2027
  ['2027-01-01', 'Tết Dương lịch'],
  ['2027-02-04', '29 Tết'],
  ['2027-02-05', 'Giao thừa Tết Nguyên Đán'],
  ['2027-02-06', 'Tết Nguyên Đán'],
  ['2027-02-07', 'Mùng hai Tết Nguyên Đán'],
  ['2027-02-08', 'Mùng ba Tết Nguyên Đán'],
  ['2027-02-09', 'Mùng bốn Tết Nguyên Đán'],
  ['2027-02-10', 'Mùng năm Tết Nguyên Đán'],
  ['2027-04-16', 'Ngày Giỗ Tổ Hùng Vương'],
  ['2027-04-30', 'Ngày Chiến thắng'],
  ['2027-05-01', 'Ngày Quốc tế Lao động'],
  ['2027-05-03', 'Ngày Quốc tế Lao động (nghỉ bù)'],
  ['2027-09-02', 'Quốc khánh'],
  ['2027-09-03', 'Quốc khánh'],
];

/** Saturdays worked in exchange for a bridged weekday ("làm bù"). */
const WORKED_WEEKEND_DAYS: ReadonlyArray<readonly [date: string, name: string]> = [
  ['2024-05-04', 'Làm bù cho ngày 29/04/2024'],
  ['2025-04-26', 'Làm bù cho ngày 02/05/2025'],
];

const toDays = (rows: ReadonlyArray<readonly [string, string]>): CalendarDay[] => rows.map(([date, name]) => ({ date, name }));

export const VIETNAM_HOLIDAYS: readonly CalendarDay[] = toDays(DAYS_OFF);
export const VIETNAM_WORKING_WEEKEND_DAYS: readonly CalendarDay[] = toDays(WORKED_WEEKEND_DAYS);

/** Saturday and Sunday off, plus the holidays above. */
export const VIETNAM_CALENDAR_DATA: WorkingCalendarData = {
  weekendDays: [0, 6],
  holidays: [...VIETNAM_HOLIDAYS],
  workingWeekendDays: [...VIETNAM_WORKING_WEEKEND_DAYS],
};

export const vietnamCalendar = (): WorkingCalendar => new WorkingCalendar(VIETNAM_CALENDAR_DATA);
