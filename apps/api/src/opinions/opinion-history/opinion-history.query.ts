import { Inject, Injectable } from '@nestjs/common';
import { canSeePersonalData } from '@app/auth';
import { EventStore, type Actor, type EventMetadata } from '@app/eventstore';
import {
  DECIDE_CONTEXT,
  DomainError,
  evolveOpinion,
  initialOpinionState,
  opinionStream,
  type DecideContext,
  type OpinionEvent,
  type OpinionState,
} from '@app/opinions';

export interface HistoryEntry {
  revision: string;
  position: string;
  type: OpinionEvent['type'];
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string;
  data: Record<string, unknown>;
}

export interface OpinionHistory {
  opinionId: string;
  revision: bigint;
  status: OpinionState['status'];
  personalDataRedacted: boolean;
  entries: HistoryEntry[];
}

const holderOf = (state: OpinionState): string | undefined =>
  state.status === 'assigned' || ((state.status === 'answered' || state.status === 'resolved') && !state.onTheSpot) ? state.holder : undefined;

/**
 * The audit trail of one opinion straight from its stream (not a read model, so it is never behind):
 * readable by auditors, leadership of the organising unit's subtree and officers of the holding unit.
 */
@Injectable()
export class OpinionHistoryQuery {
  constructor(
    private readonly store: EventStore,
    @Inject(DECIDE_CONTEXT) private readonly ctx: DecideContext,
  ) {}

  async history(opinionId: string, actor: Actor): Promise<OpinionHistory> {
    const { state, revision, events } = await this.store.aggregate(opinionStream(opinionId), evolveOpinion, initialOpinionState);
    if (state.status === 'none' || revision === undefined) throw new DomainError('OPINION_NOT_FOUND', `no opinion ${opinionId}`);
    const scope = { organisingUnit: state.organisingUnit, holder: holderOf(state) };
    this.authorize(actor, scope);
    const personal = canSeePersonalData(actor, scope, this.ctx.directory);
    const entries = events.map((e): HistoryEntry => {
      const m = e.metadata as EventMetadata;
      return {
        revision: e.revision.toString(),
        position: e.position.toString(),
        type: e.type,
        occurredAt: m.occurredAt,
        recordedAt: m.recordedAt,
        actor: m.actor,
        correlationId: m.correlationId,
        causationId: m.causationId,
        data: personal ? { ...e.data } : redact(e.type, e.data as unknown as Record<string, unknown>),
      };
    });
    return { opinionId, revision, status: state.status, personalDataRedacted: !personal, entries };
  }

  private authorize(actor: Actor, scope: { organisingUnit: string; holder?: string }): void {
    const { directory } = this.ctx;
    if (actor.role === 'auditor') return;
    if (actor.role === 'leader' && (directory.isSameOrBelow(scope.organisingUnit, actor.unit) || (scope.holder && directory.isSameOrBelow(scope.holder, actor.unit)))) return;
    if (actor.role === 'officer' && scope.holder === actor.unit) return;
    if (actor.role === 'officer') throw new DomainError('NOT_ASSIGNED_TO_YOUR_UNIT', `unit ${actor.unit} does not hold this opinion`);
    if (actor.role === 'leader') throw new DomainError('NOT_YOUR_SESSION', `unit ${actor.unit} is not above ${scope.organisingUnit}`);
    throw new DomainError('ROLE_NOT_ALLOWED', `role ${actor.role} may not read an opinion's history`);
  }
}

/** Keeps whether the citizen was anonymous, drops who they are (Decree 13/2023). */
function redact(type: string, data: Record<string, unknown>): Record<string, unknown> {
  if (type !== 'OpinionRaised') return { ...data };
  const citizen = data.citizen as { anonymous: boolean } | undefined;
  return { ...data, citizen: { anonymous: citizen?.anonymous ?? true, redacted: true } };
}
