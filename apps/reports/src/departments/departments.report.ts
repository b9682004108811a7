import { defineReport, type Column, type ReportContext, type Row } from '../report';
import { compare } from '../shared/compare';
import { median, percentile, record, type Histogram } from '../shared/histogram';
import { inUnitScope, unitName } from '../shared/labels';
import { isOpinionEvent, OpinionTable } from '../shared/opinion-track';
import { occurredOn, withinPeriod } from '../shared/report-dates';

interface DepartmentStats {
  assigned: number;
  answered: number;
  daysToAnswer: Histogram;
  returned: number;
  reassignedIn: number;
  reassignedOut: number;
}

interface DepartmentsState {
  context: ReportContext;
  opinions: OpinionTable;
  stats: Map<string, DepartmentStats>;
}

const COLUMNS: readonly Column[] = [
  { key: 'unitCode', header: 'Mã đơn vị', kind: 'text' },
  { key: 'unit', header: 'Đơn vị', kind: 'text' },
  { key: 'assigned', header: 'Được giao', kind: 'integer' },
  { key: 'answered', header: 'Đã trả lời', kind: 'integer' },
  { key: 'medianWorkingDays', header: 'Trung vị ngày làm việc để trả lời', kind: 'decimal' },
  { key: 'p90WorkingDays', header: 'P90 ngày làm việc để trả lời', kind: 'integer' },
  { key: 'overdueNow', header: 'Đang quá hạn', kind: 'integer' },
  { key: 'answersReturned', header: 'Câu trả lời bị trả lại', kind: 'integer' },
  { key: 'reassignedIn', header: 'Nhận chuyển đến', kind: 'integer' },
  { key: 'reassignedOut', header: 'Chuyển đi', kind: 'integer' },
];

/**
 * Per unit that was asked to answer: opinions assigned, answers given, working days from receiving
 * an opinion (assignment, reassignment or return) to answering it, opinions held past their due
 * date on the reference date, answers sent back, reassignments in and out. Flows count when they
 * happened within --from/--to; "overdue" is a snapshot at the reference date.
 */
export const departmentsReport = defineReport<DepartmentsState>({
  name: 'departments',
  title: 'Kết quả theo đơn vị',
  summary: 'theo đơn vị được giao: đã giao, đã trả lời, trung vị và P90 ngày làm việc, quá hạn, bị trả lại, chuyển đến/đi',
  columns: COLUMNS,
  init: (context) => ({ context, opinions: new OpinionTable(), stats: new Map() }),
  apply(state, event) {
    if (!isOpinionEvent(event)) return state;
    const { opinions } = state;
    const row = opinions.find(event.data.opinionId);
    if (row < 0) {
      opinions.applyAt(row, event);
      return state;
    }
    // What the row said before this event.
    const priorStatus = opinions.status(row);
    const priorHolder = opinions.holder(row);
    const priorHeldSince = opinions.heldSince(row);
    opinions.applyAt(row, event);
    const holder = opinions.holder(row);
    if (priorStatus === opinions.status(row) && event.type !== 'OpinionReassigned') return state;
    const day = occurredOn(event);
    if (!withinPeriod(day, state.context.params)) return state;
    switch (event.type) {
      case 'OpinionAssigned':
        statsOf(state, holder).assigned++;
        break;
      case 'OpinionReassigned':
        if (priorStatus !== 'assigned') break;
        statsOf(state, priorHolder).reassignedOut++;
        statsOf(state, holder).reassignedIn++;
        break;
      case 'OpinionAnswered': {
        if (priorStatus !== 'assigned') break;
        const stats = statsOf(state, priorHolder);
        stats.answered++;
        record(stats.daysToAnswer, Math.max(0, state.context.calendar.workingDaysBetween(priorHeldSince, day)));
        break;
      }
      case 'AnswerReturned':
        statsOf(state, priorHolder).returned++;
        break;
    }
    return state;
  },
  rows(state) {
    const { params, directory } = state.context;
    const overdue = new Map<string, number>();
    const { opinions } = state;
    for (let row = 0; row < opinions.size; row++) {
      const dueDate = opinions.dueDate(row);
      if (opinions.status(row) === 'assigned' && dueDate !== undefined && dueDate < params.referenceDate) {
        const holder = opinions.holder(row);
        overdue.set(holder, (overdue.get(holder) ?? 0) + 1);
      }
    }
    const codes = new Set([...directory.departments().map((u) => u.code), ...state.stats.keys(), ...overdue.keys()]);
    const rows: Row[] = [];
    for (const code of codes) {
      if (!inUnitScope(directory, code, params.unit)) continue;
      const s = state.stats.get(code) ?? emptyStats();
      rows.push({
        unitCode: code,
        unit: unitName(directory, code),
        assigned: s.assigned,
        answered: s.answered,
        medianWorkingDays: median(s.daysToAnswer),
        p90WorkingDays: percentile(s.daysToAnswer, 90),
        overdueNow: overdue.get(code) ?? 0,
        answersReturned: s.returned,
        reassignedIn: s.reassignedIn,
        reassignedOut: s.reassignedOut,
      });
    }
    return rows.sort((a, b) => compare(a.unitCode, b.unitCode));
  },
});

const emptyStats = (): DepartmentStats => ({ assigned: 0, answered: 0, daysToAnswer: new Map(), returned: 0, reassignedIn: 0, reassignedOut: 0 });

function statsOf(state: DepartmentsState, code: string): DepartmentStats {
  let stats = state.stats.get(code);
  if (!stats) state.stats.set(code, (stats = emptyStats()));
  return stats;
}
