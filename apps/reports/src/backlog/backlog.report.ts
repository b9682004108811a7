import { defineReport, type Column, type ReportContext, type Row } from '../report';
import { compare } from '../shared/compare';
import { inUnitScope, topicLabel, unitName } from '../shared/labels';
import { isOpinionEvent, lacksResponse, trackOpinion, type OpinionTrack } from '../shared/opinion-track';
import { withinPeriod } from '../shared/report-dates';

interface BacklogState {
  context: ReportContext;
  opinions: Map<string, OpinionTrack>;
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
  init: (context) => ({ context, opinions: new Map(), sessionTitles: new Map() }),
  apply(state, event) {
    if (isOpinionEvent(event)) {
      const id = event.data.opinionId;
      const before = state.opinions.get(id);
      const track = trackOpinion(before, event);
      if (track && !before) state.opinions.set(id, track);
    } else if (event.type === 'SessionScheduled') {
      const data = event.data as { sessionId: string; title: string };
      state.sessionTitles.set(data.sessionId, data.title);
    }
    return state;
  },
  rows(state) {
    const { params, directory, calendar } = state.context;
    const day = params.referenceDate;
    const rows: Row[] = [];
    for (const [opinionId, track] of state.opinions) {
      if (!lacksResponse(track) || !withinPeriod(track.raisedOn, params)) continue;
      if (!inUnitScope(directory, track.holder, params.unit) && !inUnitScope(directory, track.organisingUnit, params.unit)) continue;
      const overdue = track.dueDate !== undefined && track.dueDate < day;
      rows.push({
        opinionId,
        sessionId: track.sessionId,
        session: state.sessionTitles.get(track.sessionId) ?? '',
        topic: topicLabel(track.topic),
        raisedOn: track.raisedOn,
        state: track.status === 'raised' ? STATES.unassigned : track.returned ? STATES.returned : STATES.assigned,
        holderCode: track.holder,
        holder: unitName(directory, track.holder),
        heldSince: track.heldSince,
        workingDaysHeld: Math.max(0, calendar.workingDaysBetween(track.heldSince, day)),
        dueDate: track.dueDate ?? null,
        workingDaysOverdue: overdue ? calendar.workingDaysBetween(track.dueDate!, day) : null,
      });
    }
    return rows.sort(
      (a, b) => compare(a.holderCode, b.holderCode) || compare(a.heldSince, b.heldSince) || compare(a.opinionId, b.opinionId),
    );
  },
});
