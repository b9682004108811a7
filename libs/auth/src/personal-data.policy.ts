import type { Actor } from '@app/eventstore';
import type { UnitDirectory } from './unit-directory';

/** Where an opinion sits: the unit that organised its session and, if assigned, the unit holding it. */
export interface OpinionScope {
  organisingUnit: string;
  holder?: string;
}

/**
 * Decree 13/2023: citizens' names and contacts are shown only to those who need them —
 * the secretary and leadership of the organising unit (or a unit above it) and officers of
 * the holding unit. Auditors and reporting jobs see them redacted.
 */
export function canSeePersonalData(actor: Actor, scope: OpinionScope, directory: UnitDirectory): boolean {
  switch (actor.role) {
    case 'secretary':
    case 'leader':
      return directory.isSameOrBelow(scope.organisingUnit, actor.unit);
    case 'officer':
      return scope.holder !== undefined && directory.isSameOrBelow(actor.unit, scope.holder);
    case 'auditor':
    case 'reporter':
      return false;
    default: {
      const never: never = actor.role;
      return never;
    }
  }
}
