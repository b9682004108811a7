/** Entries per chunk: growth allocates one more chunk, never copies what is already there. */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

type Chunk = Uint8Array | Uint16Array | Int32Array;

/**
 * A column of small non-negative integers, one per row (opinion), in fixed-size typed-array
 * chunks outside the JS heap. It starts one byte wide and widens (2, then 4 bytes) the first time
 * a value needs it, so ids into a pool of a few hundred values cost one byte a row. Rows never
 * written read as 0.
 */
export class IntColumn {
  private chunks: Chunk[] = [];
  private max = 0xff;

  get(row: number): number {
    const chunk = this.chunks[row >>> CHUNK_BITS];
    return chunk === undefined ? 0 : chunk[row & MASK];
  }

  set(row: number, value: number): void {
    if (value > this.max || value < 0 || !Number.isInteger(value)) this.widen(value);
    const c = row >>> CHUNK_BITS;
    while (this.chunks.length <= c) this.chunks.push(this.allocate());
    this.chunks[c][row & MASK] = value;
  }

  /** Bytes each row takes now (1, 2 or 4). */
  get width(): number {
    return this.max === 0xff ? 1 : this.max === 0xffff ? 2 : 4;
  }

  private allocate(): Chunk {
    return this.max === 0xff ? new Uint8Array(CHUNK) : this.max === 0xffff ? new Uint16Array(CHUNK) : new Int32Array(CHUNK);
  }

  private widen(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) throw new RangeError(`IntColumn holds integers 0..2^31-1, not ${value}`);
    this.max = value <= 0xffff ? 0xffff : 0x7fffffff;
    this.chunks = this.chunks.map((old) => {
      const wider = this.allocate();
      wider.set(old);
      return wider;
    });
  }
}
