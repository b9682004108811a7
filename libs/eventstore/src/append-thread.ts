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

/** The append thread stopped: appends it had not answered may or may not have been written. */
export class AppendThreadError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AppendThreadError';
  }
}

/** Errors the thread's appends throw that callers tell apart. */
const KNOWN_ERRORS = [RevisionConflictError, StreamGoneError, EventStoreUnavailableError];

/**
 * Appends through a worker thread with its own EventStoreDB client (a client cannot cross
 * threads), so the client's work for appends (JSON, protobuf encoding, gRPC framing and HTTP/2)
 * runs on another core than the HTTP requests that decide them. Results and errors come back as
 * `EventStore.append` gives them on this thread: the same error classes, messages and fields.
 * If the thread dies, every unanswered and later append fails with `AppendThreadError`.
 */
export class AppendThread implements Appender {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (result: AppendResult) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private stopped: Error | undefined;
  private closing: Promise<number> | undefined;
  /** Resolves with the thread's exit code once it has stopped. */
  readonly exited: Promise<number>;

  constructor(eventstoreUrl: string) {
    this.worker = startWorkerThread(__filename, 'append.worker', { eventstoreUrl });
    this.worker.on('message', (reply: AppendThreadReply) => {
      if ('closed' in reply) return void this.worker.terminate();
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('error' in reply) waiter?.reject(fromThreadError(reply.error, KNOWN_ERRORS));
      else waiter?.resolve({ nextRevision: reply.nextRevision, position: reply.position });
    });
    this.worker.on('error', (error) => this.stop(new AppendThreadError(`the append thread crashed: ${error.message}`, { cause: error })));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.stop(new AppendThreadError(`the append thread exited (code ${code})`));
        resolve(code);
      }),
    );
  }

  /** Why appends fail (the thread stopped), or undefined while it runs. */
  get failure(): Error | undefined {
    return this.stopped;
  }

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    const serialized = events.map(({ event, metadata, id }) => ({ id, type: event.type, data: JSON.stringify(event.data), metadata: JSON.stringify(metadata) }));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, stream, expected, events: serialized } satisfies AppendThreadRequest);
    });
  }

  /** Lets the appends under way finish, disposes of the thread's client and stops the thread. */
  close(): Promise<number> {
    if (!this.stopped) this.stop(new AppendThreadError('the append thread is closed'), false);
    this.closing ??= (this.worker.postMessage({ close: true } satisfies AppendThreadRequest), this.exited);
    return this.closing;
  }

  /** Fails later appends with `reason` and, unless closing (the thread finishes those), the unanswered ones. */
  private stop(reason: Error, failPending = true): void {
    this.stopped ??= reason;
    if (!failPending) return;
    for (const { reject } of this.pending.values()) reject(new AppendThreadError(`${reason.message}; this append may or may not have been written`, { cause: reason }));
    this.pending.clear();
  }
}
