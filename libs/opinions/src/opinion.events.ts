import type { DomainEvent } from '@app/eventstore';

/** Where a session took place. District is optional: abolished on 1 July 2025, kept on older data. */
export interface Locality {
  province: string;
  district?: string;
  commune: string;
}

export const TOPICS = [
  'security-order',
  'crime',
  'drugs',
  'gambling',
  'traffic',
  'urban-order',
  'residence-id',
  'fire-safety',
  'cyber-social-media',
  'officer-conduct',
  'administrative-procedures',
  'staffing-facilities',
  'reintegration',
  'public-health',
  'other',
] as const;
export type Topic = (typeof TOPICS)[number];

export const CHANNELS = ['spoken', 'written'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Personal data (Decree 13/2023): only roles that need it may see name and contact. */
export type Citizen =
  | { anonymous: true }
  | { anonymous: false; name: string; residentialGroup?: string; contact?: string };

/** Dates without time (`YYYY-MM-DD`, Vietnam local) are used for due dates. */
export type LocalDate = string;
/** ISO-8601 instant with offset, e.g. `2024-11-28T08:30:00+07:00`. */
export type Instant = string;

export type OpinionRaised = DomainEvent<
  'OpinionRaised',
  {
    opinionId: string;
    sessionId: string;
    /** Organising unit of the session, copied so scoping needs no join. */
    organisingUnit: string;
    locality: Locality;
    topic: Topic;
    content: string;
    citizen: Citizen;
    channel: Channel;
    saidAt: Instant;
  }
>;

export type OpinionAssigned = DomainEvent<
  'OpinionAssigned',
  { opinionId: string; sessionId: string; department: string; dueDate: LocalDate; instructions?: string }
>;

export type OpinionReassigned = DomainEvent<
  'OpinionReassigned',
  { opinionId: string; sessionId: string; from: string; to: string; reason: string; dueDate: LocalDate }
>;

export type OpinionAnswered = DomainEvent<
  'OpinionAnswered',
  { opinionId: string; sessionId: string; content: string; answeringUnit: string; onTheSpot: boolean }
>;

/** Leadership sends an answer back for rework; the opinion returns to its holder. */
export type AnswerReturned = DomainEvent<
  'AnswerReturned',
  { opinionId: string; sessionId: string; reason: string; holder: string; dueDate: LocalDate }
>;

export type OpinionResolved = DomainEvent<
  'OpinionResolved',
  { opinionId: string; sessionId: string; resolutionNote: string }
>;

export type OpinionEvent =
  | OpinionRaised
  | OpinionAssigned
  | OpinionReassigned
  | OpinionAnswered
  | AnswerReturned
  | OpinionResolved;

export const OPINION_EVENT_TYPES: readonly OpinionEvent['type'][] = [
  'OpinionRaised',
  'OpinionAssigned',
  'OpinionReassigned',
  'OpinionAnswered',
  'AnswerReturned',
  'OpinionResolved',
];
