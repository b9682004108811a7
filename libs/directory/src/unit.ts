/** Kinds of unit in the police organisation directory. */
export const UNIT_KINDS = ['province-police', 'district-police', 'commune-police', 'department'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** One unit from the directory: stable code, Vietnamese name, place in the hierarchy. */
export interface Unit {
  code: string;
  name: string;
  kind: UnitKind;
  /** Code of the unit directly above, absent for a province police. */
  parent?: string;
  /** Working days a unit has to answer an assigned opinion (default from the directory). */
  answerPeriodDays?: number;
}
