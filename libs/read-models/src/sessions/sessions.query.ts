import type { Collection, Db, Filter } from 'mongodb';
import { fromPositionKey } from '../position';
import { findPage, type Page } from '../query/page';
import { inScope, subtree, today, type ScopeDirectory, type Viewer } from '../query/viewer';
import type { SessionCounters, SessionDocument } from './session.document';
import { SESSIONS_COLLECTION } from './sessions.projection';

/** A session as the API shows it: counters by status plus what is overdue today. */
export type SessionView = Omit<SessionDocument, '_id' | 'position' | 'opinions' | 'counters' | 'dateKey'> & {
  id: string;
  position: string;
  counters: SessionCounters & { overdue: number };
  /** Earliest due date among opinions lacking a response. */
  oldestDueDate: string | null;
};

export interface SessionFilters {
  unit?: string;
  province?: string;
  from?: string;
  to?: string;
  hasBacklog?: boolean;
  limit: number;
  cursor?: string;
}

/** Auditors and reporters see every session; everyone else the sessions organised in their subtree. */
export const sessionScope = (viewer: Viewer): Filter<SessionDocument> => (viewer.units === 'all' ? {} : { organisingUnit: { $in: viewer.units } });

export class SessionsQuery {
  private readonly collection: Collection<SessionDocument>;

  constructor(
    db: Db,
    private readonly directory: ScopeDirectory,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.collection = db.collection<SessionDocument>(SESSIONS_COLLECTION);
  }

  async list(viewer: Viewer, filters: SessionFilters): Promise<Page<SessionView>> {
    const clauses: Filter<SessionDocument>[] = [sessionScope(viewer)];
    if (filters.unit) clauses.push({ organisingUnit: { $in: subtree(filters.unit, this.directory) } });
    if (filters.province) clauses.push({ 'locality.province': filters.province });
    if (filters.from) clauses.push({ dateKey: { $gte: filters.from } });
    if (filters.to) clauses.push({ dateKey: { $lte: filters.to, $gt: '' } });
    if (filters.hasBacklog !== undefined) clauses.push({ hasBacklog: filters.hasBacklog });
    const page = await findPage(this.collection, { $and: clauses }, [['dateKey', -1], ['_id', -1]], filters);
    return { ...page, items: page.items.map((d) => this.view(d)) };
  }

  /** Null when missing or outside the viewer's scope. */
  async get(viewer: Viewer, id: string): Promise<SessionView | null> {
    const doc = await this.collection.findOne({ _id: id });
    return doc && inScope(viewer, doc.organisingUnit) ? this.view(doc) : null;
  }

  /** Session ids organised in these units (audit scoping for leaders). */
  async idsOrganisedBy(units: string[]): Promise<string[]> {
    const docs = await this.collection.find({ organisingUnit: { $in: units } }, { projection: { _id: 1 } }).toArray();
    return docs.map((d) => d._id);
  }

  view(doc: SessionDocument): SessionView {
    const { _id, position, opinions, counters, dateKey: _k, ...rest } = doc;
    const on = today(this.now());
    let overdue = 0;
    let oldestDueDate: string | null = null;
    for (const { status, dueDate } of Object.values(opinions)) {
      if ((status === 'raised' || status === 'assigned') && dueDate) {
        if (dueDate < on) overdue++;
        if (oldestDueDate === null || dueDate < oldestDueDate) oldestDueDate = dueDate;
      }
    }
    return { id: _id, ...rest, position: fromPositionKey(position).toString(), counters: { ...counters, overdue }, oldestDueDate };
  }
}
