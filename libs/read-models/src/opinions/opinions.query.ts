import type { Collection, Db, Filter } from 'mongodb';
import { canSeePersonalData } from '@app/auth';
import { fromPositionKey } from '../position';
import { findPage, type Page } from '../query/page';
import { ageInDays, inScope, today, type ScopeDirectory, type Viewer } from '../query/viewer';
import { withActors, type OpinionDocument, type OpinionStatus } from './opinion.document';
import { OPINIONS_COLLECTION } from './opinions.projection';

/** An opinion as the API shows it: personal data redacted where the viewer may not see it. */
export type OpinionView = Omit<OpinionDocument, '_id' | 'opinionId' | 'position' | 'dueKey' | 'raisedSeq' | 'citizen' | keyof ReturnType<typeof withActors>> &
  ReturnType<typeof withActors> & {
  id: string;
  opinionId: string;
  position: string;
  citizen: OpinionDocument['citizen'] | { anonymous: boolean; redacted: true };
  /** Lacking a response and past its due date (Vietnam date, computed now). */
  overdue: boolean;
  /** Days the current holder has held it (null once answered). */
  ageDays: number | null;
};

export interface OpinionFilters {
  status?: OpinionStatus;
  department?: string;
  topic?: string;
  sessionId?: string;
  overdue?: boolean;
  limit: number;
  cursor?: string;
}

/** Scoping: leaders see their subtree's sessions and what their units hold; secretaries their subtree's sessions; officers what their unit holds or held. */
export function opinionScope(viewer: Viewer): Filter<OpinionDocument> {
  if (viewer.units === 'all') return {};
  const units = viewer.units;
  switch (viewer.actor.role) {
    case 'leader':
      return { $or: [{ organisingUnit: { $in: units } }, { departments: { $in: units } }] };
    case 'secretary':
      return { organisingUnit: { $in: units } };
    default:
      return { departments: { $in: units } };
  }
}

export const canViewOpinion = (viewer: Viewer, doc: OpinionDocument): boolean => {
  if (viewer.units === 'all') return true;
  const organising = inScope(viewer, doc.organisingUnit);
  const handled = doc.departments.some((d) => inScope(viewer, d));
  if (viewer.actor.role === 'leader') return organising || handled;
  if (viewer.actor.role === 'secretary') return organising;
  return handled;
};

export class OpinionsQuery {
  private readonly collection: Collection<OpinionDocument>;

  constructor(
    db: Db,
    private readonly directory: ScopeDirectory,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.collection = db.collection<OpinionDocument>(OPINIONS_COLLECTION);
  }

  async list(viewer: Viewer, filters: OpinionFilters): Promise<Page<OpinionView>> {
    const clauses: Filter<OpinionDocument>[] = [opinionScope(viewer)];
    if (filters.status) clauses.push({ status: filters.status });
    if (filters.department) clauses.push({ department: filters.department });
    if (filters.topic) clauses.push({ topic: filters.topic as OpinionDocument['topic'] });
    if (filters.sessionId) clauses.push({ sessionId: filters.sessionId });
    if (filters.overdue !== undefined) clauses.push(overdueFilter(filters.overdue, today(this.now())));
    const page = await findPage(this.collection, { $and: clauses }, [['raisedSeq', -1], ['_id', -1]], filters);
    return { ...page, items: page.items.map((d) => this.view(viewer, d)) };
  }

  /** Null when missing or outside the viewer's scope (the API answers 404 for both). */
  async get(viewer: Viewer, id: string): Promise<OpinionView | null> {
    const doc = await this.collection.findOne({ _id: id });
    return doc && canViewOpinion(viewer, doc) ? this.view(viewer, doc) : null;
  }

  /** Opinions of a session lacking a response, by due date (unassigned first), with holder and age. */
  async backlog(viewer: Viewer, sessionId: string, page: { limit: number; cursor?: string }): Promise<Page<OpinionView>> {
    const result = await findPage(this.collection, { sessionId, lacksResponse: true }, [['dueKey', 1], ['_id', 1]], page);
    return { ...result, items: result.items.map((d) => this.view(viewer, d)) };
  }

  /** A department's queue: what it holds and must answer, by due date. */
  async queue(viewer: Viewer, department: string, page: { limit: number; cursor?: string }): Promise<Page<OpinionView>> {
    const result = await findPage(this.collection, { department, lacksResponse: true }, [['dueKey', 1], ['_id', 1]], page);
    return { ...result, items: result.items.map((d) => this.view(viewer, d)) };
  }

  view(viewer: Viewer, doc: OpinionDocument): OpinionView {
    const { _id, position, dueKey: _d, raisedSeq: _r, citizen, ...rest } = doc;
    const now = this.now();
    const visible = canSeePersonalData(viewer.actor, { organisingUnit: doc.organisingUnit, holder: doc.holder ?? doc.department ?? undefined }, this.directory);
    return {
      id: _id,
      opinionId: _id,
      ...rest,
      ...withActors(doc),
      citizen: visible ? citizen : { anonymous: citizen.anonymous, redacted: true },
      position: fromPositionKey(position).toString(),
      overdue: doc.lacksResponse && doc.dueDate !== null && doc.dueDate < today(now),
      ageDays: doc.lacksResponse ? ageInDays(doc.heldSince, now) : null,
    };
  }
}

export const overdueFilter = (overdue: boolean, on: string): Filter<OpinionDocument> =>
  overdue
    ? { lacksResponse: true, dueKey: { $gt: '', $lt: on } }
    : { $or: [{ lacksResponse: false }, { dueKey: '' }, { dueKey: { $gte: on } }] };
