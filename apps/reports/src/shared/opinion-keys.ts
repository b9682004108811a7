const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;
/** Grow the slot table past this share of slots in use (linear probing stays short below it). */
const MAX_LOAD = 0.7;

/**
 * Opinion ids → dense row numbers 0, 1, 2… in the order first added. An id in the canonical
 * lowercase UUID form is kept as its 16 bytes (the service's ids); any other string is kept as
 * itself in a side map, so every id comes back exactly as it was given. The hash index is one
 * Int32Array, the keys fixed-size Uint32Array chunks: about 23 bytes an opinion where a
 * `Map<string, …>` entry with its key string costs well over 100.
 */
export class OpinionKeys {
  /** 4 words per row, big-endian hex order: word 0 is the first 8 hex digits. */
  private readonly keys: Uint32Array[] = [];
  /** Row + 1 of the canonical id in each slot; 0 is empty. */
  private slots = new Int32Array(1024);
  private inSlots = 0;
  /** Ids not in canonical form, and the reverse for `idAt`. */
  private readonly others = new Map<string, number>();
  private readonly otherIds = new Map<number, string>();
  private count = 0;
  /** Words of the id last parsed by `parse` (valid when it returned true). */
  private readonly words = new Uint32Array(4);

  get size(): number {
    return this.count;
  }

  /** Row of `id`, or -1. */
  find(id: string): number {
    if (!this.parse(id)) return this.others.get(id) ?? -1;
    const slot = this.probe();
    return this.slots[slot] - 1;
  }

  /** Row of `id`, adding it as the next row when new. */
  add(id: string): number {
    if (!this.parse(id)) {
      let row = this.others.get(id);
      if (row === undefined) {
        row = this.count++;
        this.others.set(id, row);
        this.otherIds.set(row, id);
      }
      return row;
    }
    const slot = this.probe();
    if (this.slots[slot] !== 0) return this.slots[slot] - 1;
    const row = this.count++;
    const c = row >>> CHUNK_BITS;
    while (this.keys.length <= c) this.keys.push(new Uint32Array(CHUNK * 4));
    this.keys[c].set(this.words, (row & MASK) * 4);
    this.slots[slot] = row + 1;
    if (++this.inSlots > this.slots.length * MAX_LOAD) this.grow();
    return row;
  }

  /** The id of a row, as it was added. */
  idAt(row: number): string {
    const other = this.otherIds.get(row);
    if (other !== undefined) return other;
    const chunk = this.keys[row >>> CHUNK_BITS];
    const at = (row & MASK) * 4;
    const [a, b, c, d] = [chunk[at], chunk[at + 1], chunk[at + 2], chunk[at + 3]];
    return (
      `${HEX[a >>> 24]}${HEX[(a >>> 16) & 255]}${HEX[(a >>> 8) & 255]}${HEX[a & 255]}-${HEX[b >>> 24]}${HEX[(b >>> 16) & 255]}-` +
      `${HEX[(b >>> 8) & 255]}${HEX[b & 255]}-${HEX[c >>> 24]}${HEX[(c >>> 16) & 255]}-${HEX[(c >>> 8) & 255]}${HEX[c & 255]}` +
      `${HEX[d >>> 24]}${HEX[(d >>> 16) & 255]}${HEX[(d >>> 8) & 255]}${HEX[d & 255]}`
    );
  }

  /** Orders rows as their ids compare as strings (by code unit), without building the strings for UUIDs. */
  compareIds(x: number, y: number): number {
    if (x === y) return 0;
    if (this.otherIds.has(x) || this.otherIds.has(y)) {
      const [a, b] = [this.idAt(x), this.idAt(y)];
      return a === b ? 0 : a < b ? -1 : 1;
    }
    // Lowercase hex digits sort like their values and the dashes sit at the same places.
    const kx = this.keys[x >>> CHUNK_BITS];
    const ky = this.keys[y >>> CHUNK_BITS];
    const ax = (x & MASK) * 4;
    const ay = (y & MASK) * 4;
    for (let w = 0; w < 4; w++) {
      if (kx[ax + w] !== ky[ay + w]) return kx[ax + w] < ky[ay + w] ? -1 : 1;
    }
    return 0;
  }

  /** Reads a canonical lowercase UUID into `words`; false for anything else. */
  private parse(id: string): boolean {
    if (id.length !== 36) return false;
    let w = 0;
    let word = 0;
    let digits = 0;
    for (let i = 0; i < 36; i++) {
      const ch = id.charCodeAt(i);
      if (i === 8 || i === 13 || i === 18 || i === 23) {
        if (ch !== 45 /* - */) return false;
        continue;
      }
      let v: number;
      if (ch >= 48 && ch <= 57) v = ch - 48;
      else if (ch >= 97 && ch <= 102) v = ch - 87;
      else return false;
      word = (word << 4) | v;
      if (++digits === 8) {
        this.words[w++] = word;
        word = 0;
        digits = 0;
      }
    }
    return true;
  }

  /** Slot holding the parsed words, or the empty slot where they would go. */
  private probe(): number {
    const [a, b, c, d] = this.words;
    const mask = this.slots.length - 1;
    let slot = hash(a, b, c, d) & mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) return slot;
      const row = entry - 1;
      const chunk = this.keys[row >>> CHUNK_BITS];
      const at = (row & MASK) * 4;
      if (chunk[at] === a && chunk[at + 1] === b && chunk[at + 2] === c && chunk[at + 3] === d) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let row = 0; row < this.count; row++) {
      if (this.otherIds.has(row)) continue;
      const chunk = this.keys[row >>> CHUNK_BITS];
      const at = (row & MASK) * 4;
      let slot = hash(chunk[at], chunk[at + 1], chunk[at + 2], chunk[at + 3]) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = row + 1;
    }
    this.slots = slots;
  }
}

/** Two lowercase hex digits of each byte value. */
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Mixes all 128 bits: test and legacy ids differ only in their last digits. */
function hash(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13) ^ c, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16) ^ d, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
