import { defineReport, type Column, type ReportContext, type Row } from '../report';
import { compare } from '../shared/compare';
import { inUnitScope, topicLabel, unitName } from '../shared/labels';
import { isOpinionEvent, OpinionTable } from '../shared/opinion-track';
import { withinPeriod } from '../shared/report-dates';

interface BacklogState {
  context: ReportContext;
  opinions: OpinionTable;
  sessionTitles: Map<string, string>;
}

const COLUMNS: readonly Column[] = [
  { key: 'opinionId', header: 'Mã ý kiến', kind: 'text' },
  { key: 'sessionId', header: 'Mã phiên', kind: 'text' },
  { key: 'session', header: 'Phiên', kind: 'text' },
  { key: 'topic', header: 'Chủ đề', kind: 'text' },
  { key: 'raisedOn', header: 'Ngày nêu ý kiến', kind: 'date' },
  { key: 'state', header: 'Tình trạng', kind: 'text' },
  { key: 'holderCode', header: 'Mã đơn vị đang giữ', kind: 'text' },
  { key: 'holder', header: 'Đơn vị đang giữ', kind: 'text' },
  { key: 'heldSince', header: 'Giữ từ ngày', kind: 'date' },
  { key: 'workingDaysHeld', header: 'Số ngày làm việc đã giữ', kind: 'integer' },
  { key: 'dueDate', header: 'Hạn trả lời', kind: 'date' },
  { key: 'workingDaysOverdue', header: 'Số ngày làm việc quá hạn', kind: 'integer' },
];

const STATES = {
  unassigned: 'Chưa giao xử lý',
  assigned: 'Đang xử lý',
  returned: 'Bị trả lại, đang làm lại',
} as const;

/**
 * Opinions that lacked a response at the end of the reference day: not answered, or answered and
 * sent back. Who held each one, since when, for how many working days, and how far past due.
 * With --as-of the replay sees only events recorded by then, so this is what the system showed
 * that evening; --from/--to select opinions by the day they were said.
 */
export const backlogReport = defineReport<BacklogState>({
  name: 'backlog',
  title: 'Tồn đọng ý kiến',
  summary: 'ý kiến chưa được trả lời vào cuối ngày --as-of (giờ Việt Nam): đơn vị đang giữ, từ ngày nào, quá hạn',
  columns: COLUMNS,
  init: (context) => ({ context, opinions: new OpinionTable(), sessionTitles: new Map() }),
  apply(state, event) {
    if (isOpinionEvent(event)) {
      state.opinions.apply(event);
    } else if (event.type === 'SessionScheduled') {
      const data = event.data as { sessionId: string; title: string };
      state.sessionTitles.set(data.sessionId, data.title);
    }
    return state;
  },
  rows(state) {
    const { params, directory } = state.context;
    const { opinions } = state;
    const include = (row: number) =>
      opinions.lacksResponse(row) &&
      withinPeriod(opinions.raisedOn(row), params) &&
      (inUnitScope(directory, opinions.holder(row), params.unit) || inUnitScope(directory, opinions.organisingUnit(row), params.unit));
    let count = 0;
    for (let row = 0; row < opinions.size; row++) if (include(row)) count++;
    // Sorted as row numbers (4 bytes each); the rows themselves are built as they are written.
    const order = new Int32Array(count);
    for (let row = 0, i = 0; i < count; row++) if (include(row)) order[i++] = row;
    const holderRank = opinions.units.ranks(compare);
    const dayRank = opinions.dates.ranks(compare);
    order.sort(
      (a, b) =>
        holderRank[opinions.holderId(a)] - holderRank[opinions.holderId(b)] ||
        dayRank[opinions.heldSinceId(a)] - dayRank[opinions.heldSinceId(b)] ||
        opinions.compareIds(a, b),
    );
    return backlogRows(state, order);
  },
});

function* backlogRows(state: BacklogState, order: Int32Array): Generator<Row> {
  const { params, directory, calendar } = state.context;
  const { opinions } = state;
  const day = params.referenceDate;
  for (const row of order) {
    const holder = opinions.holder(row);
    const heldSince = opinions.heldSince(row);
    const dueDate = opinions.dueDate(row);
    const sessionId = opinions.sessionId(row);
    const overdue = dueDate !== undefined && dueDate < day;
    yield {
      opinionId: opinions.id(row),
      sessionId,
      session: state.sessionTitles.get(sessionId) ?? '',
      topic: topicLabel(opinions.topic(row)),
      raisedOn: opinions.raisedOn(row),
      state: opinions.status(row) === 'raised' ? STATES.unassigned : opinions.returned(row) ? STATES.returned : STATES.assigned,
      holderCode: holder,
      holder: unitName(directory, holder),
      heldSince,
      workingDaysHeld: Math.max(0, calendar.workingDaysBetween(heldSince, day)),
      dueDate: dueDate ?? null,
      workingDaysOverdue: overdue ? calendar.workingDaysBetween(dueDate, day) : null,
    };
  }
}
