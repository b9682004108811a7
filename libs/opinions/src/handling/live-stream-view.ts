import { Logger } from '@nestjs/common';
import { CatchUpSubscription, type DomainEvent, type EventStore, type StoredEvent } from '@app/eventstore';
import { StreamLru } from './aggregate-cache';
import type { ConsultedView } from './command-runner';

export interface LiveStreamViewSpec<S, E extends DomainEvent> {
  /** Streams this view follows: those whose names start with this prefix. */
  prefix: string;
  evolve: (state: S, event: StoredEvent<E>) => S;
  initial: S;
  /** Most streams held; the least recently touched one is dropped beyond it (it is then read fresh). */
  capacity?: number;
}

interface Entry<S> {
  state: S;
  revision: bigint;
}

/**
 * The current state of small streams that commands only consult (the session a new opinion goes
 * into), kept in this process by a catch-up subscription to `$all` filtered on their prefix, so a
 * command does not pay a read of its own for them.
 *
 * What it answers is never more than a hint:
 * - it answers only while the subscription is live (caught up and not dropped since); otherwise,
 *   and for streams it does not hold, the runner reads the stream from the store;
 * - the runner trusts it only to accept a command: a refusal decided on it is decided again on a
 *   fresh read, so a view that is behind can never refuse what the store would allow;
 * - what this process writes or reads fresh is offered to it at once, so a process always sees its
 *   own changes (a session it just held or closed) whatever the subscription's delay.
 * The one thing it gives up against a read per command: a change committed by another process
 * within the subscription's delivery delay (milliseconds while live) can be missed, e.g. an opinion
 * recorded just after another instance closed the session. A read per command has the same race,
 * only narrower (between its read and its append); that is why closing is not a business deadline.
 */
export class LiveStreamView<S, E extends DomainEvent> implements ConsultedView {
  private readonly logger: Logger;
  private readonly entries: StreamLru<Entry<S>>;
  private subscription?: CatchUpSubscription;
  private following?: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly spec: LiveStreamViewSpec<S, E>,
  ) {
    this.entries = new StreamLru(spec.capacity ?? 50_000);
    this.logger = new Logger(`LiveStreamView(${spec.prefix})`);
  }

  covers(stream: string): boolean {
    return stream.startsWith(this.spec.prefix);
  }

  /** True while the subscription is caught up with the store and has not dropped since. */
  get live(): boolean {
    return this.subscription?.caughtUp ?? false;
  }

  /** The stream's state as last seen, only while live; `undefined` means "read it from the store". */
  lookup(stream: string): S | undefined {
    return this.live ? this.entries.get(stream)?.state : undefined;
  }

  /** A state this process has just written or read from the store, at `revision`. */
  offer(stream: string, state: S, revision: bigint): void {
    const known = this.entries.get(stream);
    if (known && known.revision >= revision) return;
    this.entries.set(stream, { state, revision });
  }

  /**
   * Folds one event delivered by the subscription. Events the view already has (offered ahead of
   * the subscription, or delivered again after a resubscription) are skipped; so are later events
   * of a stream it no longer holds, which it could not fold without the earlier ones.
   */
  apply(event: StoredEvent<E>): void {
    const known = this.entries.get(event.streamId);
    if (known ? event.revision <= known.revision : event.revision !== 0n) return;
    this.entries.set(event.streamId, { state: this.spec.evolve(known?.state ?? this.spec.initial, event), revision: event.revision });
  }

  start(): void {
    if (this.subscription) return;
    const subscription = new CatchUpSubscription(this.store.client, {
      streamPrefixes: [this.spec.prefix],
      failOnPermanentErrors: false,
      onRetry: (error, attempt) => this.logger.warn(`subscription dropped (attempt ${attempt}), reading from the store meanwhile: ${String(error)}`),
    });
    this.subscription = subscription;
    this.following = (async () => {
      for await (const event of subscription) this.apply(event as StoredEvent<E>);
    })().catch((error: unknown) => this.logger.error('subscription ended; commands read from the store from now on', error));
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    await this.following;
  }
}
