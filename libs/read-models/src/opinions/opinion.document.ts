import type { Actor } from '@app/eventstore';
import type { Channel, Citizen, Instant, LocalDate, Locality, OpinionEvent, Topic } from '@app/opinions';
import type { ReadModelDocument } from '../projection';

export const OPINION_STATUSES = ['raised', 'assigned', 'answered', 'resolved'] as const;
export type OpinionStatus = (typeof OPINION_STATUSES)[number];

/** "Lacking a response": raised and not yet answered, or assigned (including after a return). */
export const lacksResponse = (status: OpinionStatus): boolean => status === 'raised' || status === 'assigned';

/** Who did a step, when it happened in the world and when it was written. */
export interface OpinionStep {
  action: OpinionEvent['type'];
  occurredAt: Instant;
  recordedAt: Instant;
  actor: Actor;
  position: string;
}

/**
 * A step as stored: the raise stores only its action and actor (raisedAt, recordedAt and raisedSeq
 * are its time, record time and position), later steps no `recordedAt` when it equals `occurredAt`
 * (the service stamps both from one clock unless the command says when it happened). {@link withActors}
 * gives the full steps back; documents stored with every field read the same.
 */
export type StoredStep = Pick<OpinionStep, 'action' | 'actor'> & Partial<Pick<OpinionStep, 'occurredAt' | 'recordedAt' | 'position'>>;

/**
 * Answers, returns, reassignments and the resolution as stored: without the acting `by`, which is
 * the actor of the step that made them (see {@link withActors}). Documents stored with `by` read the same.
 */
export type Stored<E extends { by: Actor }> = Omit<E, 'by'> & { by?: Actor };

export interface OpinionAnswerEntry {
  content: string;
  answeringUnit: string;
  onTheSpot: boolean;
  answeredAt: Instant;
  by: Actor;
}

export interface OpinionReturnEntry {
  reason: string;
  holder: string;
  dueDate: LocalDate;
  returnedAt: Instant;
  by: Actor;
}

export interface OpinionReassignmentEntry {
  from: string;
  to: string;
  reason: string;
  dueDate: LocalDate;
  reassignedAt: Instant;
  by: Actor;
}

/** Collection `rm_opinions`, one document per opinion (`_id` = opinionId). */
export interface OpinionDocument extends ReadModelDocument {
  /** The `_id`: stored only by older versions (the query gives it back). */
  opinionId?: string;
  sessionId: string;
  organisingUnit: string;
  locality: Locality;
  topic: Topic;
  content: string;
  channel: Channel;
  /** Personal data: redacted by the query layer for roles that may not see it. */
  citizen: Citizen;
  status: OpinionStatus;
  lacksResponse: boolean;
  /** Unit expected to act now: the organising unit while raised, the department while assigned; null once answered. */
  holder: string | null;
  /** Department the opinion is (or was last) assigned to. */
  department: string | null;
  /** Every department that has held it, for officers' scoping. */
  departments: string[];
  dueDate: LocalDate | null;
  /** `dueDate` or '' when there is none: a total sort key for backlog cursors. */
  dueKey: string;
  /** Since when the current holder holds it (age in days is computed at query time). */
  heldSince: Instant | null;
  saidAt: Instant;
  raisedAt: Instant;
  /** Position of OpinionRaised: immutable, unique, recording order. Lists sort on it. */
  raisedSeq: string;
  recordedAt: Instant;
  assignedAt: Instant | null;
  answeredAt: Instant | null;
  resolvedAt: Instant | null;
  updatedAt: Instant;
  answers: Stored<OpinionAnswerEntry>[];
  returns: Stored<OpinionReturnEntry>[];
  reassignments: Stored<OpinionReassignmentEntry>[];
  resolution: Stored<OpinionResolution> | null;
  steps: StoredStep[];
}

export interface OpinionResolution {
  note: string;
  resolvedAt: Instant;
  by: Actor;
}

/** The step to store for an event: only what {@link fullSteps} cannot give back. */
export function storedStep(action: OpinionStep['action'], occurredAt: Instant, recordedAt: Instant, actor: Actor, position: string, first: boolean): StoredStep {
  if (first) return { action, actor };
  return recordedAt === occurredAt ? { action, occurredAt, actor, position } : { action, occurredAt, recordedAt, actor, position };
}

/** The steps with every field, in the order documents stored them. */
export function fullSteps(doc: Pick<OpinionDocument, 'steps' | 'raisedAt' | 'recordedAt' | 'raisedSeq'>): OpinionStep[] {
  return doc.steps.map((s, i) => {
    const occurredAt = s.occurredAt ?? (i === 0 ? doc.raisedAt : undefined)!;
    const recordedAt = s.recordedAt ?? (i === 0 ? doc.recordedAt : occurredAt);
    return { action: s.action, occurredAt, recordedAt, actor: s.actor, position: s.position ?? (i === 0 ? doc.raisedSeq : undefined)! };
  });
}

/**
 * The acting parts of an opinion with `by` given back (the actor of the n-th step of the kind that
 * made each) and the steps with every field.
 */
export function withActors(doc: Pick<OpinionDocument, 'answers' | 'returns' | 'reassignments' | 'resolution' | 'steps' | 'raisedAt' | 'recordedAt' | 'raisedSeq'>) {
  const actors = (action: OpinionStep['action']) => doc.steps.filter((s) => s.action === action).map((s) => s.actor);
  const by = <E extends object>(entries: (E & { by?: Actor })[], action: OpinionStep['action']): (E & { by: Actor })[] => {
    if (entries.every((e) => e.by)) return entries as (E & { by: Actor })[];
    const acting = actors(action);
    return entries.map((e, i) => ({ ...e, by: e.by ?? acting[i] }));
  };
  const resolvedBy = doc.resolution && (doc.resolution.by ?? actors('OpinionResolved').at(-1)!);
  return {
    answers: by(doc.answers, 'OpinionAnswered'),
    returns: by(doc.returns, 'AnswerReturned'),
    reassignments: by(doc.reassignments, 'OpinionReassigned'),
    resolution: doc.resolution && { ...doc.resolution, by: resolvedBy! },
    steps: fullSteps(doc),
  };
}
