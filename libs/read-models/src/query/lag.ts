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

/**
 * How far a checkpoint is behind `$all`: reads backwards from the end, at most `cap` events, so
 * a health probe stays cheap even when the projector is far behind.
 */
export async function measureLag(client: EventStoreDBClient, checkpoint: bigint | undefined, cap = 1000): Promise<Lag> {
  let events = 0;
  let scanned = 0;
  let head: bigint | undefined;
  let oldest: Date | undefined;
  let reached = false;
  for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: cap })) {
    // Past the checkpoint the rest is read, not left: the client's dispose() waits for reads left open.
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
  return { events, capped: scanned >= cap && events > 0, seconds: oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0, head };
}
