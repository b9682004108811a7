import type { Directory } from '@app/directory';
import { DomainError } from './opinion.errors';

/**
 * Opinions go to professional departments or to local (district / commune) police, never to a province
 * police as a whole: someone must hold them.
 */
export function requireAssignableUnit(code: string, directory: Directory): void {
  const unit = directory.get(code);
  if (!unit) throw new DomainError('UNKNOWN_UNIT', `no unit "${code}" in the directory`);
  if (unit.kind === 'province-police') {
    throw new DomainError('NOT_A_DEPARTMENT', `"${code}" is a province police, not a department or local police`);
  }
}
