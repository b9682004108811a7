import { BACKWARDS, END, type EventStoreDBClient } from '@eventstore/db-client';
import { PROJECTED_STREAM_PREFIXES } from '../projector/projector';

export interface Lag {
  /** Projected events written after the checkpoint (capped at `cap`). */
  events: number;
  capped: boolean;
  /** Age of the oldest event not yet applied (0 when none). */
  seconds: number;
  head: bigint | undefined;
}

/** Events a first look reads: a caught-up projector's checkpoint is among the last few. */
const FIRST_LOOK = 32;

/**
 * How far a checkpoint is behind `$all`: reads backwards from the end, at most `cap` events, so
 * a health probe stays cheap even when the projector is far behind. A first read of FIRST_LOOK
 * events settles the usual case; only when the checkpoint is not among them is `cap` read. Each
 * read is consumed to its end: the client's dispose() waits for reads left open.
 */
export async function measureLag(client: EventStoreDBClient, checkpoint: bigint | undefined, cap = 1000): Promise<Lag> {
  const look = Math.min(FIRST_LOOK, cap);
  const first = await scan(client, checkpoint, look);
  return first.reached || first.scanned < look || look === cap ? first.lag : (await scan(client, checkpoint, cap)).lag;
}

async function scan(client: EventStoreDBClient, checkpoint: bigint | undefined, count: number): Promise<{ lag: Lag; reached: boolean; scanned: number }> {
  let events = 0;
  let scanned = 0;
  let head: bigint | undefined;
  let oldest: Date | undefined;
  let reached = false;
  for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: count })) {
    if (reached) continue;
    scanned++;
    const event = resolved.event;
    const position = event?.position?.commit ?? resolved.commitPosition;
    if (position === undefined) continue;
    if (checkpoint !== undefined && position <= checkpoint) {
      reached = true;
      continue;
    }
    if (!event || !PROJECTED_STREAM_PREFIXES.some((p) => event.streamId.startsWith(p))) continue;
    head ??= position;
    events++;
    oldest = event.created;
  }
  const lag = { events, capped: scanned >= count && events > 0 && !reached, seconds: oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0, head };
  return { lag, reached, scanned };
}
