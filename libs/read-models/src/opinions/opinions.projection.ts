import type { StoredEvent } from '@app/eventstore';
import { OPINION_EVENT_TYPES, OPINION_STREAM_PREFIX, type OpinionEvent } from '@app/opinions';
import { alreadyApplied, positionKey } from '../position';
import type { Projection } from '../projection';
import { lacksResponse, storedStep, type OpinionDocument, type OpinionStatus } from './opinion.document';

export const OPINIONS_COLLECTION = 'rm_opinions';

const handled = new Set<string>(OPINION_EVENT_TYPES);

/**
 * The fields that move with a status, keeping `lacksResponse` and the holder's start date in step.
 * Spread into the event's one copy of the document (all are fields of it, so their order stays).
 */
function statusFields(doc: OpinionDocument, status: OpinionStatus, holder: string | null, at: string) {
  const holderChanged = holder !== doc.holder || status !== doc.status;
  return { status, holder, lacksResponse: lacksResponse(status), heldSince: holder === null ? null : holderChanged ? at : doc.heldSince };
}

/** Applies one opinion event; documents ignore anything at or before the position they remember. */
export function evolveOpinion(doc: OpinionDocument | null, stored: StoredEvent): OpinionDocument | null {
  const position = positionKey(stored.position);
  if (doc && alreadyApplied(doc.position, position)) return doc;
  const event = { type: stored.type, data: stored.data } as OpinionEvent;
  const { actor, occurredAt, recordedAt } = stored.metadata;
  if (event.type === 'OpinionRaised') {
    if (doc) return doc;
    const d = event.data;
    return {
      _id: d.opinionId,
      sessionId: d.sessionId,
      organisingUnit: d.organisingUnit,
      locality: d.locality,
      topic: d.topic,
      content: d.content,
      channel: d.channel,
      citizen: d.citizen,
      status: 'raised',
      lacksResponse: true,
      holder: d.organisingUnit,
      department: null,
      departments: [],
      dueDate: null,
      dueKey: '',
      heldSince: occurredAt,
      saidAt: d.saidAt,
      raisedAt: occurredAt,
      raisedSeq: position,
      recordedAt,
      assignedAt: null,
      answeredAt: null,
      resolvedAt: null,
      updatedAt: recordedAt,
      answers: [],
      returns: [],
      reassignments: [],
      resolution: null,
      steps: [storedStep(event.type, occurredAt, recordedAt, actor, position, true)],
      position,
    };
  }
  // Later events without their OpinionRaised cannot build a document. Entries and the resolution
  // store no `by` (their step has the actor; the query gives it back).
  if (!doc) return null;
  // One copy of the document per event: what every step changes, then what this one does.
  const stepped = { position, updatedAt: recordedAt, steps: [...doc.steps, storedStep(event.type, occurredAt, recordedAt, actor, position, false)] };
  switch (event.type) {
    case 'OpinionAssigned': {
      const { department, dueDate } = event.data;
      return {
        ...doc,
        ...stepped,
        ...statusFields(doc, 'assigned', department, occurredAt),
        department,
        departments: addUnique(doc.departments, department),
        dueDate,
        dueKey: dueDate,
        assignedAt: occurredAt,
      };
    }
    case 'OpinionReassigned': {
      const { from, to, reason, dueDate } = event.data;
      return {
        ...doc,
        ...stepped,
        ...statusFields(doc, 'assigned', to, occurredAt),
        department: to,
        departments: addUnique(doc.departments, to),
        dueDate,
        dueKey: dueDate,
        reassignments: [...doc.reassignments, { from, to, reason, dueDate, reassignedAt: occurredAt }],
      };
    }
    case 'OpinionAnswered': {
      const { content, answeringUnit, onTheSpot } = event.data;
      return {
        ...doc,
        ...stepped,
        ...statusFields(doc, 'answered', null, occurredAt),
        answeredAt: occurredAt,
        answers: [...doc.answers, { content, answeringUnit, onTheSpot, answeredAt: occurredAt }],
      };
    }
    case 'AnswerReturned': {
      const { reason, holder, dueDate } = event.data;
      return {
        ...doc,
        ...stepped,
        ...statusFields(doc, 'assigned', holder, occurredAt),
        department: holder,
        departments: addUnique(doc.departments, holder),
        dueDate,
        dueKey: dueDate,
        returns: [...doc.returns, { reason, holder, dueDate, returnedAt: occurredAt }],
      };
    }
    case 'OpinionResolved':
      return {
        ...doc,
        ...stepped,
        ...statusFields(doc, 'resolved', null, occurredAt),
        resolvedAt: occurredAt,
        resolution: { note: event.data.resolutionNote, resolvedAt: occurredAt },
      };
    default:
      return ignoreUnknown(event, doc);
  }
}

const addUnique = (list: string[], item: string): string[] => (list.includes(item) ? list : [...list, item]);

/** Compile-time exhaustiveness; a newer event type leaves the document unchanged. */
const ignoreUnknown = <D>(_event: never, doc: D): D => doc;

export const opinionsProjection: Projection<OpinionDocument> = {
  name: 'opinions',
  collection: OPINIONS_COLLECTION,
  indexes: [
    { key: { sessionId: 1, lacksResponse: 1, dueKey: 1, _id: 1 }, name: 'session_backlog' },
    { key: { status: 1, raisedSeq: -1 }, name: 'status_recent' },
    { key: { department: 1, lacksResponse: 1, dueKey: 1, _id: 1 }, name: 'department_queue' },
    { key: { organisingUnit: 1, raisedSeq: -1 }, name: 'organising_unit' },
    { key: { departments: 1 }, name: 'departments' },
    { key: { topic: 1, raisedSeq: -1 }, name: 'topic' },
    { key: { lacksResponse: 1, dueDate: 1 }, name: 'overdue' },
    { key: { raisedSeq: -1 }, name: 'recent' },
  ],
  canHandle: (event) => event.streamId.startsWith(OPINION_STREAM_PREFIX) && handled.has(event.type),
  documentId: (event) => (event.data as { opinionId: string }).opinionId,
  evolve: evolveOpinion,
};
