import { addDays } from './local-date';
import { vietnamCalendar, VIETNAM_HOLIDAYS } from './vietnam-holidays';
import { WorkingCalendar } from './working-calendar';

describe('WorkingCalendar', () => {
  const calendar = vietnamCalendar();

  it('rests on weekends and public holidays', () => {
    expect(calendar.isWorkingDay('2024-11-28')).toBe(true);
    expect(calendar.isWorkingDay('2024-11-30')).toBe(false);
    expect(calendar.isWorkingDay('2024-12-01')).toBe(false);
    expect(calendar.isWorkingDay('2025-09-02')).toBe(false);
    expect(calendar.holidayName('2025-09-02')).toBe('Quốc khánh');
  });

  it('works on a Saturday swapped for a bridged weekday', () => {
    expect(calendar.isWorkingDay('2024-04-29')).toBe(false);
    expect(calendar.isWorkingDay('2024-05-04')).toBe(true);
  });

  it('counts from the day after: Friday + 1 is Monday', () => {
    expect(calendar.addWorkingDays('2024-11-29', 1)).toBe('2024-12-02');
    expect(calendar.addWorkingDays('2024-11-28', 0)).toBe('2024-11-28');
  });

  it('skips the whole of Tết (Giáp Thìn, 8–14 Feb 2024)', () => {
    expect(calendar.addWorkingDays('2024-02-07', 1)).toBe('2024-02-15');
    expect(calendar.workingDaysBetween('2024-02-07', '2024-02-15')).toBe(1);
  });

  it('skips a Tết that spans two weeks and a weekend (Ất Tỵ, 25 Jan – 2 Feb 2025)', () => {
    expect(calendar.addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
  });

  it('bridges 30/4–1/5 with the swapped day (27 Apr – 1 May 2024, Saturday 4 May worked)', () => {
    expect(calendar.addWorkingDays('2024-04-26', 1)).toBe('2024-05-02');
    expect(calendar.addWorkingDays('2024-05-03', 1)).toBe('2024-05-04');
    expect(calendar.workingDaysBetween('2024-04-26', '2024-05-06')).toBe(4);
  });

  it('gives a day in lieu when a holiday falls on a weekend (Hùng Kings on Sunday 10 Apr 2022)', () => {
    expect(calendar.isWorkingDay('2022-04-11')).toBe(false);
    expect(calendar.addWorkingDays('2022-04-08', 1)).toBe('2022-04-12');
  });

  it('computes the demo 15-working-day answer period', () => {
    expect(calendar.addWorkingDays('2024-11-28', 15)).toBe('2024-12-19');
    expect(calendar.workingDaysBetween('2024-11-28', '2024-12-19')).toBe(15);
  });

  it('is the inverse of addWorkingDays, and negative backwards', () => {
    for (const n of [1, 5, 15, 30]) {
      expect(calendar.workingDaysBetween('2025-01-20', calendar.addWorkingDays('2025-01-20', n))).toBe(n);
    }
    expect(calendar.workingDaysBetween('2024-12-19', '2024-11-28')).toBe(-15);
    expect(calendar.workingDaysBetween('2024-11-28', '2024-11-28')).toBe(0);
  });

  it('holds 2020–2027 with Tết every year', () => {
    const years = new Set(VIETNAM_HOLIDAYS.filter((h) => h.name === 'Tết Nguyên Đán').map((h) => h.date.slice(0, 4)));
    expect([...years]).toEqual(['2020', '2021', '2022', '2023', '2024', '2025', '2026', '2027']);
  });

  it.each([
    ['a negative count', () => calendar.addWorkingDays('2024-11-28', -1)],
    ['a fractional count', () => calendar.addWorkingDays('2024-11-28', 1.5)],
    ['a malformed date', () => calendar.isWorkingDay('2024/11/28')],
    ['a malformed holiday', () => new WorkingCalendar({ holidays: [{ date: '2024-02-30', name: 'x' }] })],
    ['a week without working days', () => new WorkingCalendar({ weekendDays: [0, 1, 2, 3, 4, 5, 6], holidays: [] })],
    ['a weekend day out of range', () => new WorkingCalendar({ weekendDays: [7], holidays: [] })],
  ])('rejects %s', (_, fn) => expect(fn).toThrow(RangeError));

  it('can be built from other data (e.g. Sunday-only weekend)', () => {
    const sixDays = new WorkingCalendar({ weekendDays: [0], holidays: [] });
    expect(sixDays.addWorkingDays('2024-11-29', 1)).toBe('2024-11-30');
  });
});

describe('workingDaysBetween agrees with counting day by day', () => {
  const countDayByDay = (calendar: WorkingCalendar, a: string, b: string) => {
    let n = 0;
    for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) n++;
    return n;
  };
  const calendars = {
    vietnam: vietnamCalendar(),
    'Friday-only weekend, a holiday on a worked weekend day': new WorkingCalendar({
      weekendDays: [5],
      holidays: [{ date: '2024-03-08', name: 'weekend holiday' }, { date: '2024-03-11', name: 'weekday holiday' }, { date: '2024-03-15', name: 'both' }],
      workingWeekendDays: [{ date: '2024-03-15', name: 'worked but also off' }, { date: '2024-03-22', name: 'worked' }],
    }),
  };
  it.each(Object.entries(calendars))('%s', (_, calendar) => {
    let seed = 42;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let i = 0; i < 300; i++) {
      const a = addDays('2019-12-01', random(3000));
      const b = addDays(a, random(800));
      expect(calendar.workingDaysBetween(a, b)).toBe(countDayByDay(calendar, a, b));
    }
  });
});

describe('addWorkingDays agrees with stepping day by day', () => {
  it('over random starts and periods in the Vietnamese calendar', () => {
    const calendar = vietnamCalendar();
    const stepped = (from: string, n: number) => {
      let d = from;
      for (let counted = 0; counted < n; ) {
        d = addDays(d, 1);
        if (calendar.isWorkingDay(d)) counted++;
      }
      return d;
    };
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let i = 0; i < 300; i++) {
      const from = addDays('2019-12-01', random(3000));
      const n = random(40);
      expect(calendar.addWorkingDays(from, n)).toBe(stepped(from, n));
    }
  });
});
