import { DirectoryDataError } from './directory.errors';
import { UNIT_KINDS, type Unit, type UnitKind } from './unit';

/** Answer period used when a unit does not set its own (working days). */
export const DEFAULT_ANSWER_PERIOD_DAYS = 15;

/** Serialised form of a directory, e.g. a JSON file supplied by configuration. */
export interface DirectoryData {
  defaultAnswerPeriodDays?: number;
  units: Unit[];
}

/**
 * The police organisation: units with stable codes arranged in a tree (province → [district] → commune,
 * departments under their province). Immutable once built.
 */
export class Directory {
  private readonly byCode: ReadonlyMap<string, Unit>;

  private constructor(
    units: readonly Unit[],
    readonly defaultAnswerPeriodDays: number,
  ) {
    this.byCode = new Map(units.map((u) => [u.code, Object.freeze({ ...u })]));
  }

  /** Validates and builds a directory; throws {@link DirectoryDataError} listing every problem. */
  static fromJson(json: unknown): Directory {
    const { units, defaultAnswerPeriodDays } = parseDirectoryData(json);
    return new Directory(units, defaultAnswerPeriodDays);
  }

  get(code: string): Unit | undefined {
    return this.byCode.get(code);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  all(): Unit[] {
    return [...this.byCode.values()];
  }

  departments(): Unit[] {
    return this.all().filter((u) => u.kind === 'department');
  }

  children(code: string): Unit[] {
    return this.all().filter((u) => u.parent === code);
  }

  /** The unit itself followed by its parents up to the province police; empty for an unknown code. */
  lineage(code: string): Unit[] {
    const chain: Unit[] = [];
    for (let unit = this.get(code); unit; unit = unit.parent ? this.get(unit.parent) : undefined) chain.push(unit);
    return chain;
  }

  /** True when `code` is `ancestor` or lies in its subtree; false if either is unknown. */
  isSameOrBelow(code: string, ancestor: string): boolean {
    return this.has(ancestor) && this.lineage(code).some((u) => u.code === ancestor);
  }

  /** Working days the unit has to answer an assigned opinion. */
  answerPeriodDays(code: string): number {
    return this.get(code)?.answerPeriodDays ?? this.defaultAnswerPeriodDays;
  }
}

function parseDirectoryData(json: unknown): { units: Unit[]; defaultAnswerPeriodDays: number } {
  if (!isObject(json) || !Array.isArray(json.units)) throw new DirectoryDataError(['expected an object with a "units" array']);
  const problems: string[] = [];
  const period = json.defaultAnswerPeriodDays ?? DEFAULT_ANSWER_PERIOD_DAYS;
  if (!isPositiveInteger(period)) problems.push(`defaultAnswerPeriodDays must be a positive integer, got ${String(period)}`);

  const units: Unit[] = [];
  json.units.forEach((raw: unknown, i: number) => {
    const unit = parseUnit(raw, `units[${i}]`, problems);
    if (unit) units.push(unit);
  });

  const codes = new Set<string>();
  for (const u of units) {
    if (codes.has(u.code)) problems.push(`duplicate unit code "${u.code}"`);
    codes.add(u.code);
  }
  for (const u of units) {
    if (u.parent !== undefined && !codes.has(u.parent)) problems.push(`unit "${u.code}" has unknown parent "${u.parent}"`);
  }
  problems.push(...findCycles(units));
  if (problems.length > 0) throw new DirectoryDataError(problems);
  return { units, defaultAnswerPeriodDays: period as number };
}

function parseUnit(raw: unknown, where: string, problems: string[]): Unit | undefined {
  if (!isObject(raw)) {
    problems.push(`${where} must be an object`);
    return undefined;
  }
  const before = problems.length;
  const { code, name, kind, parent, answerPeriodDays } = raw;
  if (typeof code !== 'string' || code.trim() === '') problems.push(`${where}.code must be a non-empty string`);
  const label = typeof code === 'string' ? `unit "${code}"` : where;
  if (typeof name !== 'string' || name.trim() === '') problems.push(`${label}: name must be a non-empty string`);
  if (!UNIT_KINDS.includes(kind as UnitKind)) problems.push(`${label}: kind must be one of ${UNIT_KINDS.join(', ')}`);
  if (parent !== undefined && typeof parent !== 'string') problems.push(`${label}: parent must be a string`);
  if (parent === undefined && kind !== 'province-police' && UNIT_KINDS.includes(kind as UnitKind)) {
    problems.push(`${label}: only a province police may have no parent`);
  }
  if (answerPeriodDays !== undefined && !isPositiveInteger(answerPeriodDays)) {
    problems.push(`${label}: answerPeriodDays must be a positive integer`);
  }
  if (problems.length > before) return undefined;
  return {
    code: code as string,
    name: name as string,
    kind: kind as UnitKind,
    ...(parent !== undefined && { parent: parent as string }),
    ...(answerPeriodDays !== undefined && { answerPeriodDays: answerPeriodDays as number }),
  };
}

function findCycles(units: readonly Unit[]): string[] {
  const parentOf = new Map(units.map((u) => [u.code, u.parent]));
  const reported = new Set<string>();
  const problems: string[] = [];
  for (const start of parentOf.keys()) {
    const path: string[] = [];
    let code: string | undefined = start;
    while (code !== undefined && parentOf.has(code) && !path.includes(code)) {
      path.push(code);
      code = parentOf.get(code);
    }
    if (code !== undefined && path.includes(code) && !reported.has(code)) {
      const cycle = path.slice(path.indexOf(code));
      cycle.forEach((c) => reported.add(c));
      problems.push(`cycle in parents: ${[...cycle, code].join(' → ')}`);
    }
  }
  return problems;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPositiveInteger = (v: unknown): boolean => Number.isInteger(v) && (v as number) > 0;
