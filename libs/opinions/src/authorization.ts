import type { Directory } from '@app/directory';
import type { Actor, Role } from '@app/eventstore';
import { DomainError } from './opinion.errors';

/** Throws ROLE_NOT_ALLOWED unless the actor has one of the roles. */
export function requireRole(actor: Actor, allowed: readonly Role[], action: string): void {
  if (!allowed.includes(actor.role)) {
    throw new DomainError('ROLE_NOT_ALLOWED', `role "${actor.role}" may not ${action}`);
  }
}

/** True when the session's organising unit is the actor's unit or lies below it. */
export const inSessionScope = (actor: Actor, organisingUnit: string, directory: Directory): boolean =>
  directory.isSameOrBelow(organisingUnit, actor.unit);

/** Secretaries and leaders act only on sessions organised by their unit or a unit below it. */
export function requireSessionScope(actor: Actor, organisingUnit: string, directory: Directory): void {
  if (!inSessionScope(actor, organisingUnit, directory)) {
    throw new DomainError(
      'NOT_YOUR_SESSION',
      `unit "${actor.unit}" is not "${organisingUnit}" nor above it in the directory`,
    );
  }
}
