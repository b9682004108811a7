import { addDays, dayOfWeek, isLocalDate, vietnamDate } from './local-date';

describe('local dates in Vietnam (UTC+7, no DST)', () => {
  it.each([
    ['2024-11-27T16:59:59Z', '2024-11-27'],
    ['2024-11-27T17:00:00Z', '2024-11-28'],
    ['2024-12-31T17:30:00Z', '2025-01-01'],
    ['2025-07-01T00:00:00+07:00', '2025-07-01'],
  ])('%s is %s in Vietnam', (instant, date) => expect(vietnamDate(new Date(instant))).toBe(date));

  it('rejects an invalid Date', () => expect(() => vietnamDate(new Date('nope'))).toThrow(RangeError));

  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2024-13-01', false],
    ['2024-1-01', false],
    ['28/11/2024', false],
    [20241128, false],
  ])('isLocalDate(%p) is %p', (value, ok) => expect(isLocalDate(value)).toBe(ok));

  it('adds calendar days across months and years', () => {
    expect(addDays('2024-12-30', 3)).toBe('2025-01-02');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(dayOfWeek('2024-11-28')).toBe(4);
  });
});
