import { vietnamDate } from '@app/directory';
import { dateOf } from './report-dates';

/** What dateOf must agree with: the Vietnam date through `Date`, errors included. */
const viaDate = (instant: string): string => {
  try {
    return vietnamDate(new Date(instant));
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
};
const fast = (instant: string): string => {
  try {
    return dateOf(instant);
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
};

describe('dateOf', () => {
  it.each([
    '2024-11-27T18:00:00Z',
    '2024-11-27T16:59:59.999Z',
    '2024-11-27T17:00:00Z',
    '2024-12-31T23:00:00Z',
    '2024-02-28T17:00:00.000Z',
    '2024-02-29T09:00:00+07:00',
    '2024-04-30T23:59:59+07:00',
    '2025-02-30T01:00:00Z',
    '2025-02-29T20:00:00Z',
    '2024-04-31T18:00:00+07:00',
    '2024-13-01T00:00:00Z',
    '2024-11-27T24:00:00Z',
    '2024-11-27T10:00Z',
    '2024-11-27T10:00:00.123456Z',
    '2024-11-27T10:00:00-05:00',
    '2024-11-27T20:00:00+00:00',
    '2024-11-27',
    'not a date',
  ])('%s agrees with Date', (instant) => {
    expect(fast(instant)).toBe(viaDate(instant));
  });

  it('agrees with Date on instants spread over three centuries', () => {
    let seed = 12345;
    for (let i = 0; i < 20_000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const instant = new Date(-2e12 + (seed / 2 ** 32) * 8e12).toISOString();
      expect(dateOf(instant)).toBe(viaDate(instant));
    }
  });
});
