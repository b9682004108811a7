import { demoDirectory, vietnamCalendar } from '@app/directory';
import type { Actor } from '@app/eventstore';
import type { DecideContext } from '../decide-context';
import { DomainError, type DomainErrorCode } from '../opinion.errors';
import type { OpinionEvent } from '../opinion.events';
import { evolveOpinion, initialOpinionState, type OpinionState } from '../opinion.state';
import type { SessionEvent } from '../session.events';
import { evolveSession, initialSessionState, type SessionState } from '../session.state';

/** Shared by the unit specs: the demo directory and the Vietnamese calendar, as in production. */
export const ctx: DecideContext = { directory: demoDirectory(), calendar: vietnamCalendar() };

/** Thursday 28 November 2024, 09:00 in Hải Phòng. */
export const NOW = new Date('2024-11-28T02:00:00Z');
export const SESSION_ID = 'b0c6a3f2-2f35-4a5e-9a57-6f1d4d1b7e10';
export const OPINION_ID = '5a8e1c1e-7f0d-4c1b-bb39-0f3f5f0b2d21';

const actor = (role: Actor['role'], unit: string, name: string): Actor => ({ id: `${role}-${unit}`, name, role, unit });
export const cityLeader = actor('leader', 'CATP-HP', 'Đại tá Nguyễn Văn An');
export const kienAnLeader = actor('leader', 'CATP-HP-KA', 'Thượng tá Trần Minh Đức');
export const kienAnSecretary = actor('secretary', 'CATP-HP-KA', 'Thiếu tá Phạm Thu Hà');
export const vinhBaoLeader = actor('leader', 'CATP-HP-VB', 'Thượng tá Lê Quang Huy');
export const vinhBaoSecretary = actor('secretary', 'CATP-HP-VB', 'Đại uý Vũ Thị Lan');
export const pc06Officer = actor('officer', 'CATP-HP-PC06', 'Đại uý Hoàng Văn Nam');
export const pc06Leader = actor('leader', 'CATP-HP-PC06', 'Trung tá Đỗ Thị Mai');
export const pc08Officer = actor('officer', 'CATP-HP-PC08', 'Thượng uý Ngô Văn Tùng');
export const auditor = actor('auditor', 'CATP-HP-TTRA', 'Trung tá Bùi Văn Sơn');
export const reporter = actor('reporter', 'CATP-HP-PV01', 'Thiếu tá Đinh Thị Hoa');

export const sessionScheduled: SessionEvent = {
  type: 'SessionScheduled',
  data: {
    sessionId: SESSION_ID,
    title: 'Công an lắng nghe ý kiến Nhân dân năm 2024',
    organisingUnit: 'CATP-HP-KA',
    coOrganisers: ['Ban Dân vận Quận uỷ Kiến An', 'UBMTTQ phường Trần Thành Ngọ'],
    locality: { province: 'Hải Phòng', district: 'Kiến An', commune: 'Trần Thành Ngọ' },
    venue: 'Hội trường UBND phường Trần Thành Ngọ',
    plannedAt: '2024-11-26T08:00:00+07:00',
  },
};
export const sessionHeld: SessionEvent = {
  type: 'SessionHeld',
  data: { sessionId: SESSION_ID, heldAt: '2024-11-26T08:05:00+07:00', chairedBy: 'Đại tá Nguyễn Văn An', attendance: 120 },
};
export const sessionClosed: SessionEvent = {
  type: 'SessionClosed',
  data: { sessionId: SESSION_ID, minutesSummary: '12 ý kiến; 5 ý kiến được giải đáp trực tiếp' },
};

export const opinionRaised: OpinionEvent = {
  type: 'OpinionRaised',
  data: {
    opinionId: OPINION_ID,
    sessionId: SESSION_ID,
    organisingUnit: 'CATP-HP-KA',
    locality: { province: 'Hải Phòng', district: 'Kiến An', commune: 'Trần Thành Ngọ' },
    topic: 'residence-id',
    content: 'Đề nghị rút ngắn thời gian cấp căn cước cho người cao tuổi.',
    citizen: { anonymous: false, name: 'Nguyễn Thị Hằng', residentialGroup: 'Tổ dân phố số 3' },
    channel: 'spoken',
    saidAt: '2024-11-26T09:10:00+07:00',
  },
};
export const opinionAssigned: OpinionEvent = {
  type: 'OpinionAssigned',
  data: { opinionId: OPINION_ID, sessionId: SESSION_ID, department: 'CATP-HP-PC06', dueDate: '2024-12-12' },
};
export const answeredOnTheSpot: OpinionEvent = {
  type: 'OpinionAnswered',
  data: { opinionId: OPINION_ID, sessionId: SESSION_ID, content: 'Đã giải đáp tại hội nghị.', answeringUnit: 'CATP-HP', onTheSpot: true },
};
export const answeredByHolder: OpinionEvent = {
  type: 'OpinionAnswered',
  data: { opinionId: OPINION_ID, sessionId: SESSION_ID, content: 'Phòng PC06 đã bố trí ...', answeringUnit: 'CATP-HP-PC06', onTheSpot: false },
};
export const opinionResolved: OpinionEvent = {
  type: 'OpinionResolved',
  data: { opinionId: OPINION_ID, sessionId: SESSION_ID, resolutionNote: 'Đã thông báo kết quả tới người dân.' },
};

export const sessionGiven = (...events: SessionEvent[]): SessionState => events.reduce(evolveSession, initialSessionState);
export const opinionGiven = (...events: OpinionEvent[]): OpinionState => events.reduce(evolveOpinion, initialOpinionState);

/** Named histories covering every opinion status. */
export const OPINION_HISTORIES = {
  none: [] as OpinionEvent[],
  raised: [opinionRaised],
  assigned: [opinionRaised, opinionAssigned],
  answeredOnTheSpot: [opinionRaised, answeredOnTheSpot],
  answered: [opinionRaised, opinionAssigned, answeredByHolder],
  resolved: [opinionRaised, opinionAssigned, answeredByHolder, opinionResolved],
};

/** Runs `fn` and returns what it threw, so the assertions run outside any `catch`. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Asserts `fn` throws a DomainError with that code. */
export function expectDomainError(fn: () => unknown, code: DomainErrorCode): void {
  const error = thrownBy(fn);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}

export const opinionReassignedTo = (to: string, from = 'CATP-HP-PC06'): OpinionEvent => ({
  type: 'OpinionReassigned',
  data: { opinionId: OPINION_ID, sessionId: SESSION_ID, from, to, reason: 'Đúng thẩm quyền', dueDate: '2024-12-19' },
});
