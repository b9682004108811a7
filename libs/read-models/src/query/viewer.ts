import type { Actor } from '@app/eventstore';
import type { UnitDirectory } from '@app/auth';
import { vietnamDate } from '@app/directory';

/** What the query layer needs from the unit directory (satisfied by `Directory`). */
export interface ScopeDirectory extends UnitDirectory {
  all(): Array<{ code: string }>;
}

/**
 * Who is asking and what they may see: leaders and secretaries their unit's subtree, officers
 * their own unit (and below), auditors and reporters everything (without personal data).
 */
export interface Viewer {
  actor: Actor;
  /** Unit codes in scope, or 'all'. */
  units: string[] | 'all';
}

export function viewerOf(actor: Actor, directory: ScopeDirectory): Viewer {
  if (actor.role === 'auditor' || actor.role === 'reporter') return { actor, units: 'all' };
  return { actor, units: subtree(actor.unit, directory) };
}

export const subtree = (unit: string, directory: ScopeDirectory): string[] => {
  const codes = directory.all().map((u) => u.code).filter((code) => directory.isSameOrBelow(code, unit));
  return codes.length ? codes : [unit];
};

export const inScope = (viewer: Viewer, unit: string | null | undefined): boolean =>
  viewer.units === 'all' || (unit !== null && unit !== undefined && viewer.units.includes(unit));

/** Whole calendar days between two Vietnam dates (b − a). */
export const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

export const today = (now: Date): string => vietnamDate(now);

export const ageInDays = (since: string | null, now: Date): number | null => (since ? daysBetween(vietnamDate(new Date(since)), today(now)) : null);
