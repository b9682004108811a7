/**
 * Distinct values (unit codes, session ids, dates, topics) numbered in the order first seen, so a
 * row of a column stores a small id instead of a reference to its own copy. Any value can be
 * pooled (event data is not validated here: `undefined` or a number come back as they went in);
 * ids stay valid for the life of the pool, which grows with distinct values, not with events.
 */
export class StringPool<T = string | undefined> {
  private readonly ids = new Map<T, number>();
  private readonly values: T[] = [];

  id(value: T): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  value(id: number): T {
    return this.values[id];
  }

  get size(): number {
    return this.values.length;
  }

  /**
   * Rank of each id when the values are sorted by `compare`: sorting rows by `rank[id]` gives the
   * order sorting them by value would, without touching the values per comparison.
   */
  ranks(compare: (a: T, b: T) => number): Int32Array {
    const order = this.values.map((_, id) => id).sort((a, b) => compare(this.values[a], this.values[b]) || a - b);
    const rank = new Int32Array(order.length);
    for (let r = 0, i = 0; i < order.length; i++) {
      if (i > 0 && compare(this.values[order[i - 1]], this.values[order[i]]) !== 0) r = i;
      rank[order[i]] = r;
    }
    return rank;
  }
}
