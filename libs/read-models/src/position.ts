/**
 * Positions in `$all` are unsigned 64-bit integers. Documents store them as 20-digit zero-padded
 * strings: exact (no double rounding), JSON-safe and ordered the same way as strings and numbers,
 * so MongoDB can sort and compare them.
 */
export type PositionKey = string;

const WIDTH = 20;

export const positionKey = (position: bigint): PositionKey => position.toString().padStart(WIDTH, '0');

export const fromPositionKey = (key: PositionKey): bigint => BigInt(key);

/** `before` for documents that have not applied anything yet. */
export const NO_POSITION: PositionKey = ''.padStart(WIDTH, '0');

/** True when the event at `position` (its key) is already reflected in a document at `applied`. */
export const alreadyApplied = (applied: PositionKey | undefined, position: PositionKey): boolean => applied !== undefined && applied >= position;

/** Parses a client-supplied position (decimal string); undefined for absent or malformed input. */
export function parsePosition(raw: unknown): bigint | undefined {
  if (typeof raw !== 'string' || !/^\d{1,20}$/.test(raw.trim())) return undefined;
  return BigInt(raw.trim());
}
