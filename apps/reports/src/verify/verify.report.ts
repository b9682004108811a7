import { createHash } from 'node:crypto';
import type { StoredEvent } from '@app/eventstore';
import { OPINION_STREAM_PREFIX, SESSION_STREAM_PREFIX } from '@app/opinions';
import type { Column } from '../report';
import { isOpinionEvent, lacksResponse, OpinionTable, type OpinionTrack } from '../shared/opinion-track';

/** How far each read model says it has applied `$all`; events after it are not expected there yet. */
export interface VerifyLimits {
  opinions?: bigint;
  sessions?: bigint;
  audit?: bigint;
}

/** What the read models should contain, folded from events independently of the projector's code. */
export interface VerifyState {
  limits: VerifyLimits;
  opinions: OpinionTable;
  /** Opinions as of the sessions checkpoint (usually the same position, then `opinions` serves both). */
  sessionOpinions: OpinionTable;
  sessions: Map<string, { title: string | null }>;
  audit: AuditDigest;
}

/** Count and order-independent digest of audit entries: a million ids need not be kept. */
export interface AuditDigest {
  count: number;
  digest: bigint;
}

export const DRIFT_COLUMNS: readonly Column[] = [
  { key: 'readModel', header: 'Mô hình đọc', kind: 'text' },
  { key: 'documentId', header: 'Mã tài liệu', kind: 'text' },
  { key: 'field', header: 'Trường', kind: 'text' },
  { key: 'expected', header: 'Giá trị theo sự kiện', kind: 'text' },
  { key: 'actual', header: 'Giá trị trong MongoDB', kind: 'text' },
];

const within = (position: bigint, limit: bigint | undefined): boolean => limit !== undefined && position <= limit;

export const initVerify = (limits: VerifyLimits): VerifyState => ({
  limits,
  opinions: new OpinionTable(),
  sessionOpinions: new OpinionTable(),
  sessions: new Map(),
  audit: { count: 0, digest: 0n },
});

export function applyVerify(state: VerifyState, event: StoredEvent): VerifyState {
  const { limits } = state;
  const ours = event.streamId.startsWith(OPINION_STREAM_PREFIX) || event.streamId.startsWith(SESSION_STREAM_PREFIX);
  if (!ours) return state;
  if (within(event.position, limits.audit)) {
    state.audit.count++;
    state.audit.digest ^= auditEntryHash(event.id, event.type, event.metadata.recordedAt);
  }
  if (isOpinionEvent(event)) {
    // Each table folds its own events: the two limits may differ.
    if (within(event.position, limits.opinions)) state.opinions.apply(event);
    if (limits.sessions !== limits.opinions && within(event.position, limits.sessions)) state.sessionOpinions.apply(event);
  } else if (event.type === 'SessionScheduled' && within(event.position, limits.sessions)) {
    const data = event.data as { sessionId: string; title: string };
    state.sessions.set(data.sessionId, { title: data.title });
  }
  return state;
}

/** 64 bits of SHA-1 over what identifies an audit entry; XOR makes the digest order-free. */
export function auditEntryHash(id: string, action: string, recordedAt: string): bigint {
  return createHash('sha1').update(`${id}\u0000${action}\u0000${recordedAt}`).digest().readBigUInt64BE(0);
}

/** Expected fields of an `rm_opinions` document, as strings for the drift listing. */
export function expectedOpinion(track: OpinionTrack): Record<string, string> {
  const open = lacksResponse(track);
  return {
    sessionId: track.sessionId,
    status: track.status,
    lacksResponse: String(open),
    holder: open ? track.holder : 'null',
    ...(track.status === 'assigned' && { dueDate: track.dueDate ?? 'null' }),
    topic: track.topic,
  };
}

export interface ExpectedCounters {
  total: number;
  raised: number;
  assigned: number;
  answered: number;
  resolved: number;
  lackingResponse: number;
}

/** Expected `counters` of every session that is scheduled or has opinions. */
export function expectedSessions(state: VerifyState): Map<string, { title: string | null; counters: ExpectedCounters }> {
  const tracks = state.limits.sessions === state.limits.opinions ? state.opinions : state.sessionOpinions;
  const sessions = new Map([...state.sessions].map(([id, s]) => [id, { title: s.title, counters: emptyCounters() }]));
  for (let row = 0; row < tracks.size; row++) {
    const sessionId = tracks.sessionId(row);
    let session = sessions.get(sessionId);
    if (!session) sessions.set(sessionId, (session = { title: null, counters: emptyCounters() }));
    session.counters.total++;
    session.counters[tracks.status(row)]++;
    if (tracks.lacksResponse(row)) session.counters.lackingResponse++;
  }
  return sessions;
}

const emptyCounters = (): ExpectedCounters => ({ total: 0, raised: 0, assigned: 0, answered: 0, resolved: 0, lackingResponse: 0 });
