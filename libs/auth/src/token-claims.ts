import { ROLES, type Actor, type Role } from '@app/eventstore';
import { AuthenticationError } from './auth.errors';
import type { UnitDirectory } from './unit-directory';

/** Claims of a bearer token (HS256). `unit` is a directory code. */
export interface TokenClaims {
  sub: string;
  name: string;
  role: Role;
  unit: string;
}

const isNonEmpty = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= max;

/** Turns verified claims into the actor stamped on events; rejects malformed claims and units the directory does not know. */
export function actorFromClaims(claims: Record<string, unknown>, directory: UnitDirectory): Actor {
  const { sub, name, role, unit } = claims;
  if (!isNonEmpty(sub, 128) || !isNonEmpty(name, 200) || !isNonEmpty(unit, 64) || !ROLES.includes(role as Role)) {
    throw new AuthenticationError('TOKEN_CLAIMS_INVALID', `Token must carry sub, name, unit and role (one of ${ROLES.join(', ')})`);
  }
  if (!directory.has(unit)) throw new AuthenticationError('UNKNOWN_UNIT', `Unit ${unit} is not in the directory`);
  return { id: sub, name, role: role as Role, unit };
}

export const claimsOf = (actor: Actor): TokenClaims => ({ sub: actor.id, name: actor.name, role: actor.role, unit: actor.unit });
