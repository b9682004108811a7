import { START, streamNameFilter, type EventStoreDBClient, type StreamSubscription, type AllStreamSubscription } from '@eventstore/db-client';
import type { StoredEvent } from './event-metadata';
import { isTransient, toStoredEvent } from './event-store';

export interface CatchUpOptions {
  /** Last position already processed; delivery starts strictly after it. Omit to start from the beginning. */
  after?: bigint;
  /** Only streams whose names start with one of these (system streams are never delivered). */
  streamPrefixes: string[];
  /** Backoff between resubscriptions, doubling from `initialMs` up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
  /** Called with every error that leads to a resubscription (for logs and metrics). */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Stop on errors that are not transient (default); set false to retry on everything. */
  failOnPermanentErrors?: boolean;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });

/**
 * A catch-up subscription to `$all` that survives server restarts: it resubscribes after
 * CANCELLED/UNAVAILABLE from the last position the consumer finished with, so delivery is
 * at-least-once and gap-free. Consume it with `for await`; an event counts as processed when
 * the consumer asks for the next one.
 */
export class CatchUpSubscription implements AsyncIterable<StoredEvent> {
  private readonly abort = new AbortController();
  private current?: AllStreamSubscription | StreamSubscription;
  private caughtUpFlag = false;
  private processed?: bigint;
  private lastEventCreated?: Date;
  private retries = 0;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: CatchUpOptions,
  ) {
    this.processed = options.after;
  }

  /** True once the server said the subscription went live (and it has not dropped since). */
  get caughtUp(): boolean {
    return this.caughtUpFlag;
  }

  /** Position of the last event handed to the consumer and processed by it. */
  get lastProcessedPosition(): bigint | undefined {
    return this.processed;
  }

  /** Seconds between the store's clock on the last processed event and now (0 when caught up). */
  get lagSeconds(): number {
    if (this.caughtUpFlag || !this.lastEventCreated) return 0;
    return Math.max(0, (Date.now() - this.lastEventCreated.getTime()) / 1000);
  }

  /** Number of resubscriptions so far. */
  get retryCount(): number {
    return this.retries;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.current?.unsubscribe().catch(() => undefined);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<StoredEvent> {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 100, maxMs: 5000 };
    let delay = initialMs;
    while (!this.abort.signal.aborted) {
      const from = this.processed;
      const subscription = this.client.subscribeToAll({
        fromPosition: from === undefined ? START : { commit: from, prepare: from },
        filter: streamNameFilter({ prefixes: this.options.streamPrefixes }),
      });
      this.current = subscription;
      subscription.on('caughtUp', () => { this.caughtUpFlag = true; });
      try {
        for await (const resolved of subscription) {
          if (!resolved.event) continue;
          delay = initialMs;
          const event = toStoredEvent(resolved);
          yield event;
          this.processed = event.position;
          this.lastEventCreated = event.created;
        }
        if (this.abort.signal.aborted) return;
      } catch (error) {
        if (this.abort.signal.aborted) return;
        if (this.options.failOnPermanentErrors !== false && !isTransient(error)) throw error;
        this.retries++;
        this.options.onRetry?.(error, this.retries, delay);
      } finally {
        this.caughtUpFlag = false;
        await subscription.unsubscribe().catch(() => undefined);
      }
      await sleep(delay, this.abort.signal);
      delay = Math.min(maxMs, delay * 2);
    }
  }
}
