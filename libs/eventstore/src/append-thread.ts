import type { Worker } from 'node:worker_threads';
import type { AppendResult, Appender, ExpectedRevision, NewEvent } from './event-store';
import { EventStoreUnavailableError, RevisionConflictError, StreamGoneError } from './eventstore.errors';
import { fromThreadError, startWorkerThread, type ThreadError } from './worker-thread';

/** An event as it goes to the append thread: data and metadata already JSON, exactly as `JSON.stringify` makes them here. */
export interface SerializedEvent {
  id?: string;
  type: string;
  data: string;
  metadata: string;
}

export type AppendThreadRequest = { id: number; stream: string; expected: ExpectedRevision; events: SerializedEvent[] } | { close: true };
export type AppendThreadReply = { id: number; nextRevision: bigint; position: bigint } | { id: number; error: ThreadError } | { closed: true };

/**
 * The append thread stopped before answering: the append may or may not have been written (a
 * retry with the same event ids, i.e. the same Idempotency-Key, is safe), or it was closed.
 */
export class AppendThreadError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AppendThreadError';
  }
}

/** Errors the thread's appends throw that callers tell apart. */
const KNOWN_ERRORS = [RevisionConflictError, StreamGoneError, EventStoreUnavailableError];

/** A thread that dies sooner than this after it started is restarted only after this long (no crash loop). */
const RESTART_BACKOFF_MS = 1000;

/**
 * Appends through a worker thread with its own EventStoreDB client (a client cannot cross
 * threads), so the client's work for appends (JSON, protobuf encoding, gRPC framing and HTTP/2)
 * runs on another core than the HTTP requests that decide them. Results and errors come back as
 * `EventStore.append` gives them on this thread: the same error classes, messages and fields.
 *
 * If the thread dies, the appends it had not answered fail with `AppendThreadError` and a new
 * thread starts (at once, or after RESTART_BACKOFF_MS if the dead one had just started); appends
 * meanwhile fail with the same error and `failure` says why.
 */
export class AppendThread implements Appender {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (result: AppendResult) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private down: Error | undefined;
  private closed: Error | undefined;
  private closing: Promise<number> | undefined;
  private restart: NodeJS.Timeout | undefined;
  /** Resolves with the exit code of the thread running now (or last). */
  exited!: Promise<number>;

  constructor(private readonly eventstoreUrl: string) {
    this.start();
  }

  /** Why appends fail now (the thread died and has not restarted yet, or it was closed), or undefined. */
  get failure(): Error | undefined {
    return this.closed ?? this.down;
  }

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const worker = this.worker;
    if (!worker || this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const serialized = events.map(({ event, metadata, id }) => ({ id, type: event.type, data: JSON.stringify(event.data), metadata: JSON.stringify(metadata) }));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, stream, expected, events: serialized } satisfies AppendThreadRequest);
    });
  }

  /** Lets the appends under way finish, disposes of the thread's client and stops the thread. */
  close(): Promise<number> {
    this.closed ??= new AppendThreadError('the append thread is closed');
    clearTimeout(this.restart);
    if (!this.closing) {
      if (this.worker) this.worker.postMessage({ close: true } satisfies AppendThreadRequest);
      this.closing = this.exited;
    }
    return this.closing;
  }

  private start(): void {
    const worker = startWorkerThread(__filename, 'append.worker', { eventstoreUrl: this.eventstoreUrl });
    const startedAt = Date.now();
    this.worker = worker;
    this.down = undefined;
    worker.on('message', (reply: AppendThreadReply) => {
      if ('closed' in reply) return void worker.terminate();
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('error' in reply) waiter?.reject(fromThreadError(reply.error, KNOWN_ERRORS));
      else waiter?.resolve({ nextRevision: reply.nextRevision, position: reply.position });
    });
    worker.on('error', (error) => this.lost(new AppendThreadError(`the append thread crashed: ${error.message}`, { cause: error })));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.worker = undefined;
        this.lost(new AppendThreadError(`the append thread exited (code ${code})`));
        if (!this.closed) {
          const wait = Date.now() - startedAt < RESTART_BACKOFF_MS ? RESTART_BACKOFF_MS : 0;
          this.restart = setTimeout(() => this.closed || this.start(), wait).unref();
        }
        resolve(code);
      }),
    );
  }

  /** Fails the unanswered appends (the thread that had them is gone) and later ones until a new thread runs. */
  private lost(reason: Error): void {
    this.down ??= reason;
    for (const { reject } of this.pending.values()) reject(new AppendThreadError(`${reason.message}; this append may or may not have been written`, { cause: reason }));
    this.pending.clear();
  }
}
