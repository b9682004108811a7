import type { Worker } from 'node:worker_threads';
import { startWorkerThread, type StoredEvent, type ThreadError } from '@app/eventstore';

export interface ReaderThreadData {
  eventstoreUrl: string;
  after: bigint | undefined;
  prefixes: readonly string[];
  /** Events per message from the thread; the iteration joins messages into batches of `batchSize`. */
  postSize: number;
  pageSize: number;
  inFlight: number;
}

/** A batch, the end of `$all`, a failure, or that the thread waits for a credit with its next batch ready. */
export type ReaderThreadMessage = { batch: StoredEvent[] } | { end: true } | { error: ThreadError } | { waiting: true };

/**
 * Reads `$all` in a worker thread with its own client (a client cannot cross threads) and yields
 * its batches here: the client's decoding then overlaps the rebuild's folding and writing. The
 * thread reads at most `inFlight` messages ahead (one batch by default); it is terminated however
 * the iteration ends, and its failure or exit before the end of `$all` fails the iteration.
 * (`startWorkerThread` runs the compiled worker from the build, the .ts sources under jest.)
 */
export class AllReaderThread implements AsyncIterable<StoredEvent[]> {
  private readonly worker: Worker;
  private readonly queue: StoredEvent[][] = [];
  private readonly batchSize: number;
  private readonly firstBatchSize: number;
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  /** The thread waits for a credit (until the next one is sent). */
  private waiting = false;
  /** Resolves with the thread's exit code once it has stopped. */
  readonly exited: Promise<number>;

  /**
   * `postSize` (default `batchSize`): events per message from the thread. Smaller messages keep
   * fewer read events alive in the thread between posts (each one a batch in the making that its
   * scavenges copy); `inFlight` (messages, default one batch's worth) bounds the read-ahead: what
   * waits here was deserialised into this heap and outlives its scavenges too. `firstBatchSize`
   * (default `batchSize`): the first batch yielded, each next one twice as large up to `batchSize`,
   * so the consumer starts folding after a few hundred events instead of a whole batch.
   */
  constructor(
    options: Omit<ReaderThreadData, 'inFlight' | 'postSize'> & { batchSize: number; firstBatchSize?: number; postSize?: number; inFlight?: number },
  ) {
    const { batchSize, firstBatchSize, ...rest } = options;
    const postSize = Math.min(options.postSize ?? batchSize, batchSize);
    const data: ReaderThreadData = { ...rest, postSize, inFlight: options.inFlight ?? Math.ceil(batchSize / postSize) };
    this.batchSize = batchSize;
    this.firstBatchSize = Math.max(1, Math.min(firstBatchSize ?? batchSize, batchSize));
    this.worker = startWorkerThread(__filename, 'all-reader.worker', data);
    this.worker.on('message', (message: ReaderThreadMessage) => {
      if ('batch' in message) this.queue.push(message.batch);
      else if ('waiting' in message) this.waiting = true;
      else if ('end' in message) this.ended = true;
      else this.fail(new Error(`the rebuild's reader thread failed reading $all: ${message.error.name}: ${message.error.message}`));
      this.notify();
    });
    this.worker.on('error', (error) => this.fail(new Error(`the rebuild's reader thread crashed: ${error.message}`, { cause: error })));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        if (!this.ended) this.fail(new Error(`the rebuild's reader thread exited (code ${code}) before the end of $all`));
        resolve(code);
      }),
    );
  }

  /** Messages received and not taken yet. */
  get buffered(): number {
    return this.queue.length;
  }

  /** Events received and not taken yet. */
  get bufferedEvents(): number {
    return this.queue.reduce((n, message) => n + message.length, 0);
  }

  /** Resolves once the thread holds a batch it may not send yet (or has ended): what it read ahead is then all here. */
  async idle(): Promise<void> {
    while (!this.waiting && !this.ended && !this.failure) await new Promise<void>((resolve) => this.worker.once('message', () => resolve()));
  }

  /** Stops the thread (also what ends an iteration early). */
  async terminate(): Promise<void> {
    await this.worker.terminate();
    await this.exited;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<StoredEvent[]> {
    try {
      let batch: StoredEvent[] = [];
      let size = this.firstBatchSize;
      for (;;) {
        if (this.failure) throw this.failure;
        const message = this.queue.shift();
        if (message) {
          this.waiting = false;
          this.worker.postMessage(1);
          if (batch.length === 0) batch = message;
          else for (const event of message) batch.push(event);
          if (batch.length >= size) {
            yield batch;
            batch = [];
            size = Math.min(2 * size, this.batchSize);
          }
        } else if (this.ended) {
          if (batch.length) yield batch;
          return;
        } else await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      await this.terminate();
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.notify();
  }

  private notify(): void {
    this.wake?.();
    this.wake = undefined;
  }
}
