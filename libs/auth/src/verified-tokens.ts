import type { Actor } from '@app/eventstore';

interface Verified {
  actor: Actor;
  /** Milliseconds since the epoch after which the token is no longer accepted (its `exp`). */
  expiresAt: number;
}

/**
 * Tokens this process has already verified, with the actor they name, until their `exp`: a client
 * sends the same token with every request, and HMAC verification plus claim checks cost more than
 * the rest of the guard. Keyed by the whole token, not just its signature, so a hit always means
 * the exact bytes that were verified. Bounded (LRU); tokens without `exp` are not kept.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Verified>();

  constructor(
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): Actor | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (this.now() >= entry.expiresAt) return undefined;
    this.entries.set(token, entry);
    return entry.actor;
  }

  /** Remembers a verified token; `exp` is the claim (seconds since the epoch). */
  set(token: string, actor: Actor, exp: unknown): void {
    if (typeof exp !== 'number' || !Number.isFinite(exp)) return;
    this.entries.delete(token);
    this.entries.set(token, { actor, expiresAt: exp * 1000 });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
