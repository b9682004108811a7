import type { Collection, Db, Filter } from 'mongodb';
import { fromPositionKey } from '../position';
import { findPage, type Page } from '../query/page';
import type { Viewer } from '../query/viewer';
import { auditDetails, auditOccurredAt, auditStreamId, type AuditEntryDocument } from './audit-entry.document';
import { AUDIT_COLLECTION } from './audit.projection';

export type AuditEntryView = Omit<AuditEntryDocument, '_id' | 'position' | 'streamId' | 'occurredAt'> & { eventId: string; streamId: string | undefined; occurredAt: string; position: string };

export interface AuditFilters {
  actor?: string;
  unit?: string;
  action?: string;
  /** ISO instants bounding `recordedAt` (inclusive from, exclusive to). */
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

/** The audit log, newest first. Leaders see actions by their subtree or on sessions it organised. */
export class AuditQuery {
  private readonly collection: Collection<AuditEntryDocument>;

  constructor(db: Db) {
    this.collection = db.collection<AuditEntryDocument>(AUDIT_COLLECTION);
  }

  async list(viewer: Viewer, filters: AuditFilters, sessionsInScope: () => Promise<string[]>): Promise<Page<AuditEntryView>> {
    const clauses: Filter<AuditEntryDocument>[] = [];
    if (viewer.units !== 'all') clauses.push({ $or: [{ unit: { $in: viewer.units } }, { sessionId: { $in: await sessionsInScope() } }] });
    if (filters.actor) clauses.push({ 'actor.id': filters.actor });
    if (filters.unit) clauses.push({ unit: filters.unit });
    if (filters.action) clauses.push({ action: filters.action });
    if (filters.from) clauses.push({ recordedAt: { $gte: filters.from } });
    if (filters.to) clauses.push({ recordedAt: { $lt: filters.to } });
    const page = await findPage(this.collection, clauses.length ? { $and: clauses } : {}, [['position', -1], ['_id', -1]], filters);
    return {
      ...page,
      items: page.items.map(auditEntryView),
    };
  }
}

/** An entry as the API shows it: the fields in stored order, with the stream and the ids in `details` given back. */
export const auditEntryView = (e: AuditEntryDocument): AuditEntryView => ({
  eventId: e._id,
  action: e.action,
  actor: e.actor,
  unit: e.unit,
  streamId: auditStreamId(e),
  revision: e.revision,
  opinionId: e.opinionId,
  sessionId: e.sessionId,
  occurredAt: auditOccurredAt(e),
  recordedAt: e.recordedAt,
  correlationId: e.correlationId,
  causationId: e.causationId,
  details: auditDetails(e),
  position: fromPositionKey(e.position).toString(),
});
