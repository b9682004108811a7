import type { LocalDate } from '@app/directory';
import type { StoredEvent } from '@app/eventstore';
import type { OpinionEvent } from '@app/opinions';
import { IntColumn } from './int-column';
import { OpinionKeys } from './opinion-keys';
import { dateOf, occurredOn } from './report-dates';
import { StringPool } from './string-pool';

export type TrackStatus = 'raised' | 'assigned' | 'answered' | 'resolved';

/** What reports need to remember about one opinion between events (one row of an `OpinionTable`). */
export interface OpinionTrack {
  sessionId: string;
  organisingUnit: string;
  topic: string;
  raisedOn: LocalDate;
  status: TrackStatus;
  /** Ever handed to a unit for an answer. */
  assigned: boolean;
  onTheSpot: boolean;
  /** Unit that must answer now (organising unit while not yet assigned). */
  holder: string;
  /** Day the current holder received it (raised, assigned, reassigned or answer returned). */
  heldSince: LocalDate;
  dueDate?: LocalDate;
  /** Whether it was sent back for rework and not answered since. */
  returned: boolean;
  /** Whether the answer that currently stands was given within the due date then in force. */
  answeredOnTime?: boolean;
}

/** The opinion events this module understands; anything else is not an opinion event. */
export const isOpinionEvent = (event: StoredEvent): event is StoredEvent<OpinionEvent> =>
  event.type in OPINION_TYPES && typeof (event.data as { opinionId?: unknown }).opinionId === 'string';

const OPINION_TYPES: Record<OpinionEvent['type'], true> = {
  OpinionRaised: true,
  OpinionAssigned: true,
  OpinionReassigned: true,
  OpinionAnswered: true,
  AnswerReturned: true,
  OpinionResolved: true,
};

/** Lacks a response: nobody has answered it yet, or its answer was sent back. */
export const lacksResponse = (track: Pick<OpinionTrack, 'status'>): boolean => track.status === 'raised' || track.status === 'assigned';

const STATUSES: readonly TrackStatus[] = ['raised', 'assigned', 'answered', 'resolved'];
const [RAISED, ASSIGNED, ANSWERED, RESOLVED] = [0, 1, 2, 3];
// Flag bits next to the status (bits 0–1).
const WAS_ASSIGNED = 1 << 2;
const ON_THE_SPOT = 1 << 3;
const RETURNED = 1 << 4;
const ON_TIME_KNOWN = 1 << 5;
const ON_TIME = 1 << 6;

/**
 * Every opinion a replay has met, one row each, in the order they were raised. A replay of a
 * million events meets hundreds of thousands of opinions and keeps them to the end, so a row is
 * a handful of bytes in typed-array columns (ids into pools of distinct unit codes, session ids,
 * topics and dates; the id as 16 bytes), not an object: about 35 bytes an opinion instead of
 * several hundred, and outside the JS heap.
 *
 * `apply` follows the domain's lifecycle: events that the domain would not have accepted in the
 * current status leave the row as it is, like `evolveOpinion` does.
 */
export class OpinionTable {
  private readonly keys = new OpinionKeys();
  private readonly flags = new IntColumn();
  private readonly sessionIds = new IntColumn();
  private readonly organisingUnits = new IntColumn();
  private readonly topics = new IntColumn();
  private readonly raisedOns = new IntColumn();
  private readonly holders = new IntColumn();
  private readonly heldSinces = new IntColumn();
  private readonly dueDates = new IntColumn();
  /** Pools shared by the columns that hold the same kind of value. */
  readonly units = new StringPool();
  readonly dates = new StringPool();
  private readonly sessionPool = new StringPool();
  private readonly topicPool = new StringPool();

  /** Opinions met so far; rows are 0 … size - 1. */
  get size(): number {
    return this.keys.size;
  }

  /** Row of an opinion id, or -1 when never raised. */
  find(opinionId: string): number {
    return this.keys.find(opinionId);
  }

  /** Folds one opinion event into its row (created on OpinionRaised); returns the row, or -1 for an unknown opinion. */
  apply(event: StoredEvent<OpinionEvent>): number {
    return this.applyAt(this.keys.find(event.data.opinionId), event);
  }

  /** `apply` for a caller that already looked the row up (-1: not known). */
  applyAt(row: number, event: StoredEvent<OpinionEvent>): number {
    const e = { type: event.type, data: event.data } as OpinionEvent;
    if (e.type === 'OpinionRaised') {
      if (row >= 0) return row;
      const raisedOn = this.dates.id(dateOf(e.data.saidAt));
      const organisingUnit = this.units.id(e.data.organisingUnit);
      row = this.keys.add(e.data.opinionId);
      this.flags.set(row, RAISED);
      this.sessionIds.set(row, this.sessionPool.id(e.data.sessionId));
      this.organisingUnits.set(row, organisingUnit);
      this.topics.set(row, this.topicPool.id(e.data.topic));
      this.raisedOns.set(row, raisedOn);
      this.holders.set(row, organisingUnit);
      this.heldSinces.set(row, raisedOn);
      this.dueDates.set(row, this.dates.id(undefined));
      return row;
    }
    if (row < 0) return row;
    const day = occurredOn(event);
    let flags = this.flags.get(row);
    const status = flags & 3;
    switch (e.type) {
      case 'OpinionAssigned':
        if (status === RAISED) this.hand(row, flags, e.data.department, day, e.data.dueDate);
        return row;
      case 'OpinionReassigned':
        if (status === ASSIGNED) this.hand(row, flags, e.data.to, day, e.data.dueDate);
        return row;
      case 'AnswerReturned':
        if (status === ANSWERED) this.hand(row, (flags & ~(ON_TIME_KNOWN | ON_TIME)) | RETURNED, e.data.holder, day, e.data.dueDate);
        return row;
      case 'OpinionAnswered': {
        if (status === RAISED) flags |= ON_THE_SPOT;
        else if (status !== ASSIGNED) return row;
        const due = this.dueDate(row);
        const onTime = due === undefined || day <= due;
        this.flags.set(row, (flags & ~(3 | RETURNED | ON_TIME)) | ANSWERED | ON_TIME_KNOWN | (onTime ? ON_TIME : 0));
        return row;
      }
      case 'OpinionResolved':
        if (status === ANSWERED) this.flags.set(row, (flags & ~3) | RESOLVED);
        return row;
      default:
        return row;
    }
  }

  private hand(row: number, flags: number, holder: string, day: LocalDate, dueDate: LocalDate): void {
    this.flags.set(row, (flags & ~3) | ASSIGNED | WAS_ASSIGNED);
    this.holders.set(row, this.units.id(holder));
    this.heldSinces.set(row, this.dates.id(day));
    this.dueDates.set(row, this.dates.id(dueDate));
  }

  id(row: number): string {
    return this.keys.idAt(row);
  }
  /** Orders rows by opinion id as strings compare. */
  compareIds(a: number, b: number): number {
    return this.keys.compareIds(a, b);
  }
  status(row: number): TrackStatus {
    return STATUSES[this.flags.get(row) & 3];
  }
  /** Lacks a response: nobody has answered it yet, or its answer was sent back. */
  lacksResponse(row: number): boolean {
    return (this.flags.get(row) & 3) <= ASSIGNED;
  }
  assigned(row: number): boolean {
    return (this.flags.get(row) & WAS_ASSIGNED) !== 0;
  }
  onTheSpot(row: number): boolean {
    return (this.flags.get(row) & ON_THE_SPOT) !== 0;
  }
  returned(row: number): boolean {
    return (this.flags.get(row) & RETURNED) !== 0;
  }
  answeredOnTime(row: number): boolean | undefined {
    const flags = this.flags.get(row);
    return flags & ON_TIME_KNOWN ? (flags & ON_TIME) !== 0 : undefined;
  }
  sessionId(row: number): string {
    return this.sessionPool.value(this.sessionIds.get(row))!;
  }
  organisingUnit(row: number): string {
    return this.units.value(this.organisingUnits.get(row))!;
  }
  topic(row: number): string {
    return this.topicPool.value(this.topics.get(row))!;
  }
  raisedOn(row: number): LocalDate {
    return this.dates.value(this.raisedOns.get(row))!;
  }
  /** Id of the holder in `units`. */
  holderId(row: number): number {
    return this.holders.get(row);
  }
  holder(row: number): string {
    return this.units.value(this.holders.get(row))!;
  }
  /** Id of the day in `dates`. */
  heldSinceId(row: number): number {
    return this.heldSinces.get(row);
  }
  heldSince(row: number): LocalDate {
    return this.dates.value(this.heldSinces.get(row))!;
  }
  dueDate(row: number): LocalDate | undefined {
    return this.dates.value(this.dueDates.get(row));
  }

  /** One row as an object (for comparisons and tests; reports read the columns). */
  track(row: number): OpinionTrack {
    return {
      sessionId: this.sessionId(row),
      organisingUnit: this.organisingUnit(row),
      topic: this.topic(row),
      raisedOn: this.raisedOn(row),
      status: this.status(row),
      assigned: this.assigned(row),
      onTheSpot: this.onTheSpot(row),
      holder: this.holder(row),
      heldSince: this.heldSince(row),
      dueDate: this.dueDate(row),
      returned: this.returned(row),
      answeredOnTime: this.answeredOnTime(row),
    };
  }
}
