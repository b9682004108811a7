/** Counts of small non-negative integers (working days): exact quantiles in constant memory. */
export type Histogram = Map<number, number>;

export function record(histogram: Histogram, value: number): void {
  histogram.set(value, (histogram.get(value) ?? 0) + 1);
}

/** Median: the middle value, or the mean of the two middle values; null when empty. */
export function median(histogram: Histogram): number | null {
  const n = total(histogram);
  if (n === 0) return null;
  return n % 2 === 1 ? valueAt(histogram, (n - 1) / 2) : (valueAt(histogram, n / 2 - 1) + valueAt(histogram, n / 2)) / 2;
}

/** Nearest-rank percentile (p in (0, 100]): the smallest value with at least p% of samples at or below it. */
export function percentile(histogram: Histogram, p: number): number | null {
  const n = total(histogram);
  if (n === 0) return null;
  return valueAt(histogram, Math.ceil((p / 100) * n) - 1);
}

const total = (histogram: Histogram): number => [...histogram.values()].reduce((a, b) => a + b, 0);

/** Value of the sample at 0-based `index` in sorted order. */
function valueAt(histogram: Histogram, index: number): number {
  let seen = 0;
  for (const value of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(value)!;
    if (index < seen) return value;
  }
  throw new RangeError(`index ${index} beyond ${seen} samples`);
}
