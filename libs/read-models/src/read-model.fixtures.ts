import type { Actor, StoredEvent } from '@app/eventstore';
import type { OpinionEvent, SessionEvent } from '@app/opinions';

/** Builds stored events for projection specs and integration tests: ascending positions, fixed clocks. */
export class EventFactory {
  private position = 100n;
  private revisions = new Map<string, bigint>();
  private seq = 0;

  constructor(private readonly actor: Actor = { id: 'u-leader', name: 'Trần Văn Lãnh', role: 'leader', unit: 'HP' }) {}

  event(streamId: string, event: OpinionEvent | SessionEvent, actor: Actor = this.actor): StoredEvent {
    this.position += 137n;
    const revision = this.revisions.has(streamId) ? this.revisions.get(streamId)! + 1n : 0n;
    this.revisions.set(streamId, revision);
    this.seq++;
    const at = new Date(Date.UTC(2024, 10, 28, 1, 0, this.seq)).toISOString();
    return {
      id: `00000000-0000-4000-8000-${this.seq.toString().padStart(12, '0')}`,
      type: event.type,
      data: event.data,
      metadata: { actor, correlationId: `c-${this.seq}`, causationId: `c-${this.seq}`, occurredAt: at, recordedAt: at },
      streamId,
      revision,
      position: this.position,
      created: new Date(at),
    };
  }

  opinion(event: OpinionEvent, actor?: Actor): StoredEvent {
    return this.event(`opinion-${event.data.opinionId}`, event, actor);
  }

  session(event: SessionEvent, actor?: Actor): StoredEvent {
    return this.event(`session-${event.data.sessionId}`, event, actor);
  }
}

export const locality = { province: 'Hải Phòng', district: 'Kiến An', commune: 'Trần Thành Ngọ' };

export const scheduled = (sessionId: string, organisingUnit = 'HP-KA'): SessionEvent => ({
  type: 'SessionScheduled',
  data: {
    sessionId,
    title: 'Công an lắng nghe ý kiến Nhân dân phường Trần Thành Ngọ',
    organisingUnit,
    coOrganisers: ['Ban Dân vận', 'UBMTTQ phường'],
    locality,
    venue: 'Nhà văn hoá phường',
    plannedAt: '2024-11-28T08:00:00+07:00',
  },
});

export const raised = (opinionId: string, sessionId: string, organisingUnit = 'HP-KA'): OpinionEvent => ({
  type: 'OpinionRaised',
  data: {
    opinionId,
    sessionId,
    organisingUnit,
    locality,
    topic: 'urban-order',
    content: 'Lấn chiếm vỉa hè trên đường Trần Thành Ngọ',
    citizen: { anonymous: false, name: 'Nguyễn Thị Hoa', residentialGroup: 'Tổ dân phố 3', contact: '0912 345 678' },
    channel: 'spoken',
    saidAt: '2024-11-28T09:15:00+07:00',
  },
});

export const assigned = (opinionId: string, sessionId: string, department = 'HP-PC08', dueDate = '2024-12-19'): OpinionEvent => ({
  type: 'OpinionAssigned',
  data: { opinionId, sessionId, department, dueDate, instructions: 'Kiểm tra, trả lời công dân' },
});

export const answered = (opinionId: string, sessionId: string, onTheSpot = false, answeringUnit = 'HP-PC08'): OpinionEvent => ({
  type: 'OpinionAnswered',
  data: { opinionId, sessionId, content: 'Đã phối hợp UBND phường xử lý', answeringUnit, onTheSpot },
});

export const returned = (opinionId: string, sessionId: string, holder = 'HP-PC08', dueDate = '2024-12-26'): OpinionEvent => ({
  type: 'AnswerReturned',
  data: { opinionId, sessionId, reason: 'Chưa trả lời đúng nội dung', holder, dueDate },
});

export const reassigned = (opinionId: string, sessionId: string, from = 'HP-PC08', to = 'HP-PC06', dueDate = '2024-12-20'): OpinionEvent => ({
  type: 'OpinionReassigned',
  data: { opinionId, sessionId, from, to, reason: 'Thuộc thẩm quyền PC06', dueDate },
});

export const resolved = (opinionId: string, sessionId: string): OpinionEvent => ({
  type: 'OpinionResolved',
  data: { opinionId, sessionId, resolutionNote: 'Đã thông báo kết quả cho công dân' },
});
