interface InFlight {
  running: Promise<unknown>;
  /** The read that starts when `running` ends, shared by everyone who asked meanwhile. */
  next?: Promise<unknown>;
}

/**
 * Fresh reads of a stream that commands only consult (the session a new opinion goes into), shared
 * by the commands that ask for it at the same time. A read already under way when a command asks
 * may have missed a change committed just before that command arrived, so a command never joins it:
 * it waits for the next read, which starts as soon as the current one ends and serves everyone who
 * asked in between. Each command still sees the stream as the store had it at some moment after it
 * asked, as with a read of its own, while a busy stream costs at most two reads at a time.
 */
export class SharedFreshReads {
  private readonly inFlight = new Map<string, InFlight>();

  /** `read` must be the same for a given key (it is called for whichever caller starts a read). */
  get<T>(key: string, read: () => Promise<T>): Promise<T> {
    const current = this.inFlight.get(key);
    if (!current) return this.start(key, read);
    const startNext = () => this.start(key, read);
    current.next ??= current.running.then(startNext, startNext);
    return current.next as Promise<T>;
  }

  private start<T>(key: string, read: () => Promise<T>): Promise<T> {
    const running = read();
    const entry: InFlight = { running };
    this.inFlight.set(key, entry);
    const settled = () => {
      if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
    };
    running.then(settled, settled);
    return running;
  }
}
