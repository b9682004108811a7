import type { StoredEvent } from '@app/eventstore';
import { OPINION_STREAM_PREFIX, SESSION_STREAM_PREFIX } from '@app/opinions';
import { positionKey } from '../position';
import type { Projection } from '../projection';
import { derivedStreamId, storedAuditDetails, type AuditEntryDocument } from './audit-entry.document';

export const AUDIT_COLLECTION = 'rm_audit';

/** One immutable entry per event: a replayed event finds its entry and changes nothing. */
export function evolveAuditEntry(doc: AuditEntryDocument | null, event: StoredEvent): AuditEntryDocument | null {
  if (doc) return doc;
  const data = event.data as Record<string, unknown>;
  const { actor, occurredAt, recordedAt, correlationId, causationId } = event.metadata;
  const opinionId = typeof data.opinionId === 'string' ? data.opinionId : null;
  const sessionId = typeof data.sessionId === 'string' ? data.sessionId : null;
  return {
    _id: event.id,
    position: positionKey(event.position),
    action: event.type,
    actor,
    unit: actor.unit,
    // Nearly always the opinion's or the session's stream, which the ids give back (a twelfth of an entry).
    ...(event.streamId !== derivedStreamId(opinionId, sessionId) && { streamId: event.streamId }),
    revision: event.revision.toString(),
    opinionId,
    sessionId,
    ...(occurredAt !== recordedAt && { occurredAt }),
    recordedAt,
    correlationId,
    causationId,
    // The ids once, at the top level (an eighth of an entry's bytes were the two repeated in details).
    details: storedAuditDetails(data),
  };
}

export const auditProjection: Projection<AuditEntryDocument> = {
  name: 'audit',
  collection: AUDIT_COLLECTION,
  appendOnly: true,
  indexes: [
    { key: { position: -1 }, name: 'position' },
    { key: { 'actor.id': 1, position: -1 }, name: 'actor' },
    { key: { unit: 1, position: -1 }, name: 'unit' },
    { key: { action: 1, position: -1 }, name: 'action' },
    { key: { sessionId: 1, position: -1 }, name: 'session' },
    { key: { opinionId: 1, position: -1 }, name: 'opinion' },
    { key: { recordedAt: 1 }, name: 'recorded_at' },
  ],
  canHandle: (event) => event.streamId.startsWith(OPINION_STREAM_PREFIX) || event.streamId.startsWith(SESSION_STREAM_PREFIX),
  documentId: (event) => event.id,
  evolve: evolveAuditEntry,
};
