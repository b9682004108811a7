import { DomainError } from './opinion.errors';
import type { OpinionState } from './opinion.state';

export type ExistingOpinion = Exclude<OpinionState, { status: 'none' }>;

export function requireOpinion(state: OpinionState, opinionId: string): ExistingOpinion {
  if (state.status === 'none') throw new DomainError('OPINION_NOT_FOUND', `no opinion ${opinionId}`);
  return state;
}

export const alreadyResolved = (opinionId: string): DomainError =>
  new DomainError('OPINION_ALREADY_RESOLVED', `opinion ${opinionId} is resolved`);
