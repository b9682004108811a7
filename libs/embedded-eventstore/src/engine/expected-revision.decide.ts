import type { ExpectedRevision, ProposedEvent, WriteResult } from './append.types';
import { isSoftDeleted, type StreamState } from './stream-index';
import type { EventStoreEngine } from './event-store.engine';

/** Either write the events, or answer without writing (conflict, deleted, idempotent retry). */
export type WritePlan = { kind: 'write' } | { kind: 'done'; result: WriteResult };

const write: WritePlan = { kind: 'write' };
const deleted: WritePlan = { kind: 'done', result: { kind: 'stream_deleted' } };
const wrong = (current: number, expected: ExpectedRevision): WritePlan => ({
  kind: 'done',
  result: { kind: 'wrong_expected_version', current, expected },
});

/**
 * The server's commit check (IndexWriter.CheckCommit): expected revision, tombstones, soft
 * deletes, and idempotent retries. Sees the events already planned in the current group.
 * Answers synchronously unless a retry has to be compared with stored events, so the common
 * append costs the group commit no promise and no microtask turn.
 */
export function decideWrite(
  engine: EventStoreEngine,
  op: 'append' | 'delete' | 'tombstone',
  name: string,
  expected: ExpectedRevision,
  events: ProposedEvent[],
): WritePlan | Promise<WritePlan> {
  const s = engine.stream(name);
  if (s?.tombstoned) return deleted;
  if (name.startsWith('$$') && engine.stream(name.slice(2))?.tombstoned) return deleted;
  const current = s ? s.events.length - 1 : -1;
  const soft = s !== undefined && isSoftDeleted(s);

  if (op !== 'append') {
    // Soft delete of a stream that never had events is a conflict; tombstone accepts it.
    if (op === 'delete' && current === -1) return wrong(current, expected);
    return matchesExactly(expected, current) ? write : wrong(current, expected);
  }

  let plan: WritePlan;
  switch (expected.kind) {
    case 'no_stream':
      // A retry is checked against stored events (maybe a log read); its plan is never a write.
      if (current !== -1 && !soft) return idempotent(engine, s!, 0, events, expected);
      plan = write;
      break;
    case 'any':
      plan = cachedRetry(engine, s, events, expected);
      break;
    case 'stream_exists':
      if (soft) return deleted;
      if (current === -1 && !s?.hasMetastream) return wrong(current, expected);
      plan = cachedRetry(engine, s, events, expected);
      break;
    case 'exact': {
      const n = Number(expected.revision);
      if (n === current) plan = write;
      else if (n > current) plan = wrong(current, expected);
      else return idempotent(engine, s!, n + 1, events, expected);
      break;
    }
  }
  if (plan.kind === 'write' && events.length === 0) {
    return { kind: 'done', result: { kind: 'ok', revision: current, position: undefined } };
  }
  return plan;
}

function matchesExactly(expected: ExpectedRevision, current: number): boolean {
  switch (expected.kind) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'stream_exists':
      return current !== -1;
    case 'exact':
      return Number(expected.revision) === current;
  }
}

function done(engine: EventStoreEngine, s: StreamState, revision: number): WritePlan {
  return { kind: 'done', result: { kind: 'ok', revision, position: engine.index.positions[s.events[revision]] } };
}

// Exact-revision retries compare against the stored events, so they are idempotent even after a restart.
async function idempotent(
  engine: EventStoreEngine,
  s: StreamState,
  from: number,
  events: ProposedEvent[],
  expected: ExpectedRevision,
): Promise<WritePlan> {
  const current = s.events.length - 1;
  if (events.length === 0 || from + events.length - 1 > current) return wrong(current, expected);
  for (let i = 0; i < events.length; i++) {
    const rev = from + i;
    const hit = engine.index.recentId(events[i].id);
    if (hit && hit.stream === s && hit.revision === rev) continue;
    const stored = await engine.readOne(s.events[rev]);
    if (stored.id !== events[i].id) return wrong(current, expected);
  }
  return done(engine, s, from + events.length - 1);
}

// any / stream_exists: best effort through the recent-id cache, like the server's committed-events cache.
function cachedRetry(
  engine: EventStoreEngine,
  s: StreamState | undefined,
  events: ProposedEvent[],
  expected: ExpectedRevision,
): WritePlan {
  if (!s || events.length === 0) return write;
  const first = engine.index.recentId(events[0].id);
  if (!first || first.stream !== s) return write;
  for (let i = 1; i < events.length; i++) {
    const hit = engine.index.recentId(events[i].id);
    if (!hit || hit.stream !== s || hit.revision !== first.revision + i) return wrong(s.events.length - 1, expected);
  }
  return done(engine, s, first.revision + events.length - 1);
}
