import { BACKWARDS, END, type EventStoreDBClient } from '@eventstore/db-client';
import { translateError } from '@app/eventstore';

/**
 * Position of the last event in `$all`, for the progress bar's ETA. Reads the one-event page to
 * its end: leaving a read stream early keeps its call open, and `client.dispose()` then waits.
 */
export async function headPosition(client: EventStoreDBClient): Promise<bigint | undefined> {
  let head: bigint | undefined;
  try {
    for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
      head ??= resolved.event?.position?.commit ?? resolved.commitPosition;
    }
  } catch (error) {
    throw translateError(error);
  }
  return head;
}
