import type { StoredEvent } from '@app/eventstore';
import type { IndexDescription } from 'mongodb';
import type { PositionKey } from './position';

/** Every read-model document remembers the last `$all` position applied to it. */
export interface ReadModelDocument {
  _id: string;
  position: PositionKey;
}

/**
 * A read model: which events it reads, which document each event touches, and a pure `evolve`.
 * `evolve` must return the same document (by reference) for an event already applied, so the
 * projector can skip the write, and `null` to delete the document.
 */
export interface Projection<D extends ReadModelDocument = ReadModelDocument> {
  readonly name: string;
  readonly collection: string;
  /** One index per query path; created idempotently when the projector starts and before a rebuild. */
  readonly indexes: IndexDescription[];
  /** One immutable document per event (the audit log): written with unordered inserts, duplicates ignored, nothing read first. */
  readonly appendOnly?: boolean;
  /**
   * A map field with one entry per child (a session's opinions). The projector loads, caches and
   * writes only the entries a batch touches, so `evolve` sees the map partially and must not depend
   * on entries other than the event's own.
   */
  readonly entries?: {
    field: string;
    key(event: StoredEvent): string | undefined;
    /** True for the event that creates its entry (none exists before it): a document that has not applied it has no such entry to read back. */
    createdBy?(event: StoredEvent): boolean;
  };
  canHandle(event: StoredEvent): boolean;
  documentId(event: StoredEvent): string;
  evolve(doc: D | null, event: StoredEvent): D | null;
}

/**
 * An empty map object for entries keyed by id. Objects are dictionaries from the start here: a
 * plain `{}` given a new id as key takes a new hidden class per id (V8 adds a map transition for
 * every property name it has not seen on that shape). Folding the sessions, whose `opinions` map is
 * keyed by opinion id, took 8 us per event that way, more than the other read models together.
 */
export const entryMap = <V = unknown>(): Record<string, V> => Object.create(null) as Record<string, V>;

/** A copy of an id-keyed map with `key` set to `value` (an {@link entryMap} dictionary). */
export function withEntry<V>(map: Readonly<Record<string, V>>, key: string, value: NoInfer<V>): Record<string, V> {
  const next = Object.assign(entryMap<V>(), map);
  next[key] = value;
  return next;
}
