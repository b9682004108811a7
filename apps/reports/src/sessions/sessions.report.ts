import type { StoredEvent } from '@app/eventstore';
import type { SessionEvent } from '@app/opinions';
import { defineReport, type Column, type ReportContext, type Row } from '../report';
import { compare } from '../shared/compare';
import { inUnitScope, localityLabel, unitName } from '../shared/labels';
import { isOpinionEvent, OpinionTable } from '../shared/opinion-track';
import { dateOf, withinPeriod } from '../shared/report-dates';

interface SessionInfo {
  title: string;
  organisingUnit: string;
  locality: string;
  /** Held date, else planned date, else the day its first opinion was said. */
  date?: string;
  held: boolean;
}

interface SessionsState {
  context: ReportContext;
  sessions: Map<string, SessionInfo>;
  opinions: OpinionTable;
}

const COLUMNS: readonly Column[] = [
  { key: 'sessionId', header: 'Mã phiên', kind: 'text' },
  { key: 'session', header: 'Phiên', kind: 'text' },
  { key: 'date', header: 'Ngày tổ chức', kind: 'date' },
  { key: 'organisingUnit', header: 'Đơn vị tổ chức', kind: 'text' },
  { key: 'locality', header: 'Địa bàn', kind: 'text' },
  { key: 'raised', header: 'Số ý kiến', kind: 'integer' },
  { key: 'answeredOnTheSpot', header: 'Đã trả lời tại chỗ', kind: 'integer' },
  { key: 'assigned', header: 'Đã giao xử lý', kind: 'integer' },
  { key: 'answered', header: 'Đã trả lời', kind: 'integer' },
  { key: 'resolved', header: 'Đã kết thúc', kind: 'integer' },
  { key: 'lackingResponse', header: 'Chưa được trả lời', kind: 'integer' },
  { key: 'answeredByDueDate', header: 'Tỷ lệ trả lời đúng hạn', kind: 'ratio' },
];

/**
 * Per session: opinions raised, answered on the spot, assigned, answered by the units they were
 * assigned to (answer standing, not sent back), resolved, still lacking a response, and the share
 * of assigned opinions answered by their due date among those answered or already past due.
 */
export const sessionsReport = defineReport<SessionsState>({
  name: 'sessions',
  title: 'Kết quả theo phiên',
  summary: 'theo từng phiên: số ý kiến, trả lời tại chỗ, đã giao, đã trả lời, đã kết thúc, chưa trả lời, tỷ lệ đúng hạn',
  columns: COLUMNS,
  init: (context) => ({ context, sessions: new Map(), opinions: new OpinionTable() }),
  apply(state, event) {
    if (isOpinionEvent(event)) {
      state.opinions.apply(event);
    } else {
      applySessionEvent(state.sessions, event);
    }
    return state;
  },
  rows(state) {
    const { params, directory } = state.context;
    const counts = new Map<string, ReturnType<typeof emptyCounts>>();
    const firstSaid = new Map<string, string>();
    const { opinions } = state;
    for (let row = 0; row < opinions.size; row++) {
      const sessionId = opinions.sessionId(row);
      const c = counts.get(sessionId) ?? counts.set(sessionId, emptyCounts(opinions.organisingUnit(row))).get(sessionId)!;
      const raisedOn = opinions.raisedOn(row);
      const earliest = firstSaid.get(sessionId);
      if (earliest === undefined || raisedOn < earliest) firstSaid.set(sessionId, raisedOn);
      const status = opinions.status(row);
      const assigned = opinions.assigned(row);
      c.raised++;
      if (opinions.onTheSpot(row)) c.answeredOnTheSpot++;
      if (assigned) c.assigned++;
      const standing = status === 'answered' || status === 'resolved';
      if (assigned && standing) c.answered++;
      if (status === 'resolved') c.resolved++;
      if (opinions.lacksResponse(row)) c.lackingResponse++;
      const dueDate = opinions.dueDate(row);
      if (assigned && (standing || (dueDate !== undefined && dueDate < params.referenceDate))) {
        c.due++;
        if (standing && opinions.answeredOnTime(row)) c.onTime++;
      }
    }
    const ids = new Set([...state.sessions.keys(), ...counts.keys()]);
    const rows: Row[] = [];
    for (const sessionId of ids) {
      const info = state.sessions.get(sessionId);
      const c = counts.get(sessionId) ?? emptyCounts(info?.organisingUnit ?? '');
      const organisingUnit = info?.organisingUnit ?? c.organisingUnit;
      const date = info?.date ?? firstSaid.get(sessionId) ?? null;
      if (date !== null && !withinPeriod(date, params)) continue;
      if (date === null && (params.from || params.to)) continue;
      if (!inUnitScope(directory, organisingUnit, params.unit)) continue;
      rows.push({
        sessionId,
        session: info?.title ?? '',
        date,
        organisingUnit: unitName(directory, organisingUnit),
        locality: info?.locality ?? '',
        raised: c.raised,
        answeredOnTheSpot: c.answeredOnTheSpot,
        assigned: c.assigned,
        answered: c.answered,
        resolved: c.resolved,
        lackingResponse: c.lackingResponse,
        answeredByDueDate: c.due === 0 ? null : c.onTime / c.due,
      });
    }
    return rows.sort((a, b) => compare(a.date, b.date) || compare(a.sessionId, b.sessionId));
  },
});

function applySessionEvent(sessions: Map<string, SessionInfo>, event: StoredEvent): void {
  const e = { type: event.type, data: event.data } as SessionEvent;
  switch (e.type) {
    case 'SessionScheduled': {
      const known = sessions.get(e.data.sessionId);
      sessions.set(e.data.sessionId, {
        title: e.data.title,
        organisingUnit: e.data.organisingUnit,
        locality: localityLabel(e.data.locality),
        date: known?.held ? known.date : dateOf(e.data.plannedAt),
        held: known?.held ?? false,
      });
      return;
    }
    case 'SessionHeld': {
      const known = sessions.get(e.data.sessionId);
      if (known) {
        known.date = dateOf(e.data.heldAt);
        known.held = true;
      }
      return;
    }
    default:
      return;
  }
}

const emptyCounts = (organisingUnit: string) => ({
  organisingUnit,
  raised: 0,
  answeredOnTheSpot: 0,
  assigned: 0,
  answered: 0,
  resolved: 0,
  lackingResponse: 0,
  due: 0,
  onTime: 0,
});
