import type { StoredEvent } from '@app/eventstore';
import type { OpinionEvent, SessionEvent } from '@app/opinions';
import { defineReport, type Column, type ReportContext, type Row } from '../report';
import { EVENT_LABELS, ROLE_LABELS, inUnitScope, topicLabel, unitName } from '../shared/labels';
import { dateOf, withinPeriod } from '../shared/report-dates';

interface AuditState {
  context: ReportContext;
  /** Rows not yet handed to the writer; drained as the replay goes, so memory stays flat. */
  pending: Row[];
}

const COLUMNS: readonly Column[] = [
  { key: 'position', header: 'Vị trí', kind: 'text' },
  { key: 'recordedAt', header: 'Thời điểm ghi nhận', kind: 'datetime' },
  { key: 'occurredAt', header: 'Thời điểm diễn ra', kind: 'datetime' },
  { key: 'actorId', header: 'Mã người thực hiện', kind: 'text' },
  { key: 'actor', header: 'Người thực hiện', kind: 'text' },
  { key: 'role', header: 'Vai trò', kind: 'text' },
  { key: 'unitCode', header: 'Mã đơn vị', kind: 'text' },
  { key: 'unit', header: 'Đơn vị', kind: 'text' },
  { key: 'action', header: 'Hành động', kind: 'text' },
  { key: 'sessionId', header: 'Mã phiên', kind: 'text' },
  { key: 'opinionId', header: 'Mã ý kiến', kind: 'text' },
  { key: 'details', header: 'Chi tiết', kind: 'text' },
  { key: 'correlationId', header: 'Mã tương quan', kind: 'text' },
];

/**
 * Every action recorded in the period (by the day it was recorded, Vietnam time), in the order the
 * store committed it: who, in which unit, when it was recorded and when it happened. Citizens'
 * names and contacts are never shown; --unit selects actions by the actor's unit.
 */
export const auditReport = defineReport<AuditState>({
  name: 'audit',
  title: 'Nhật ký thao tác',
  summary: 'mọi thao tác trong kỳ: người thực hiện, đơn vị, thời điểm ghi nhận và diễn ra, theo thứ tự ghi',
  columns: COLUMNS,
  init: (context) => ({ context, pending: [] }),
  apply(state, event) {
    const { params, directory } = state.context;
    const { actor, recordedAt, occurredAt, correlationId } = event.metadata ?? ({} as StoredEvent['metadata']);
    if (!recordedAt || !withinPeriod(dateOf(recordedAt), params)) return state;
    if (!inUnitScope(directory, actor?.unit, params.unit)) return state;
    const data = event.data as { sessionId?: unknown; opinionId?: unknown };
    state.pending.push({
      position: event.position.toString(),
      recordedAt,
      occurredAt: occurredAt ?? null,
      actorId: actor?.id ?? '',
      actor: actor?.name ?? '',
      role: ROLE_LABELS[actor?.role] ?? actor?.role ?? '',
      unitCode: actor?.unit ?? '',
      unit: unitName(directory, actor?.unit),
      action: EVENT_LABELS[event.type] ?? event.type,
      sessionId: typeof data.sessionId === 'string' ? data.sessionId : null,
      opinionId: typeof data.opinionId === 'string' ? data.opinionId : null,
      details: details(state.context, event),
      correlationId: correlationId ?? null,
    });
    return state;
  },
  drain(state) {
    return state.pending.splice(0, state.pending.length);
  },
  rows: (state) => state.pending.splice(0, state.pending.length),
});

/** What the action did, in Vietnamese, without personal data (no citizen name, contact or content). */
function details({ directory }: ReportContext, event: StoredEvent): string {
  const e = { type: event.type, data: event.data } as OpinionEvent | SessionEvent;
  const unit = (code: string) => `${unitName(directory, code)} (${code})`;
  switch (e.type) {
    case 'SessionScheduled':
      return `${e.data.title}; địa điểm: ${e.data.venue}; dự kiến: ${e.data.plannedAt}`;
    case 'SessionHeld':
      return `tổ chức lúc ${e.data.heldAt}; chủ trì: ${e.data.chairedBy}; số người dự: ${e.data.attendance}`;
    case 'SessionClosed':
      return 'kết thúc phiên';
    case 'OpinionRaised':
      return `chủ đề: ${topicLabel(e.data.topic)}; hình thức: ${e.data.channel === 'spoken' ? 'phát biểu' : 'văn bản'}; nêu lúc ${e.data.saidAt}`;
    case 'OpinionAssigned':
      return `giao ${unit(e.data.department)}; hạn ${e.data.dueDate}`;
    case 'OpinionReassigned':
      return `chuyển từ ${unit(e.data.from)} sang ${unit(e.data.to)}; lý do: ${e.data.reason}; hạn ${e.data.dueDate}`;
    case 'OpinionAnswered':
      return e.data.onTheSpot ? `trả lời trực tiếp tại phiên bởi ${unit(e.data.answeringUnit)}` : `trả lời bởi ${unit(e.data.answeringUnit)}`;
    case 'AnswerReturned':
      return `trả lại ${unit(e.data.holder)}; lý do: ${e.data.reason}; hạn mới ${e.data.dueDate}`;
    case 'OpinionResolved':
      return `kết thúc: ${e.data.resolutionNote}`;
    default:
      return '';
  }
}
