import { demoDirectory, vietnamCalendar } from '@app/directory';
import type { Actor, EventMetadata, EventStore, StoredEvent } from '@app/eventstore';
import {
  answerOpinion,
  assignOpinion,
  closeSession,
  evolveOpinion,
  evolveSession,
  holdSession,
  initialOpinionState,
  initialSessionState,
  opinionStream,
  raiseOpinion,
  reassignOpinion,
  resolveOpinion,
  returnAnswer,
  scheduleSession,
  sessionStream,
  type DecideContext,
  type Locality,
  type OpinionEvent,
  type OpinionState,
  type SessionEvent,
  type SessionState,
  type Topic,
} from '@app/opinions';

export const fixtureContext: DecideContext = { directory: demoDirectory(), calendar: vietnamCalendar() };

const actor = (role: Actor['role'], unit: string, name: string): Actor => ({ id: `${role}-${unit}`, name, role, unit });
const hpLeader = actor('leader', 'CATP-HP', 'Đại tá Nguyễn Văn An');
const kaSecretary = actor('secretary', 'CATP-HP-KA', 'Thiếu tá Phạm Thu Hà');
const kaLeader = actor('leader', 'CATP-HP-KA', 'Thượng tá Trần Minh Đức');
const vbSecretary = actor('secretary', 'CATP-HP-VB', 'Đại uý Vũ Thị Lan');
const vbLeader = actor('leader', 'CATP-HP-VB', 'Thượng tá Lê Quang Huy');
const hnLeader = actor('leader', 'CATP-HN', 'Đại tá Đặng Văn Bình');
const tlSecretary = actor('secretary', 'CATP-HN-TL', 'Thượng uý Lý Thu Trang');
const officer = (unit: string) => actor('officer', unit, `Cán bộ ${unit}`);

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

/** One event as the API would have appended it, with its stream. */
export interface FixtureEvent {
  stream: string;
  event: OpinionEvent | SessionEvent;
  metadata: EventMetadata;
}

/**
 * A small history built through the domain's own decide functions, so it can only contain what the
 * service would have accepted: two Hải Phòng sessions of 2024 (the first right before the 30/4–1/5
 * holidays, the second right after Quốc khánh), and Thanh Liệt ward, Hà Nội, after the 2025 reform.
 * Returns, reassignments and on-the-spot answers included; secretaries record days after sessions.
 */
export function buildFixture(): FixtureEvent[] {
  const log: FixtureEvent[] = [];
  const sessions = new Map<string, SessionState>();
  const opinions = new Map<string, OpinionState>();
  let seq = 0;
  const emit = (stream: string, event: OpinionEvent | SessionEvent, by: Actor, now: string, occurredAt = now) => {
    seq++;
    log.push({
      stream,
      event,
      metadata: { actor: by, correlationId: uuid(1000 + seq), causationId: uuid(1000 + seq), occurredAt, recordedAt: now },
    });
  };
  const session = (id: string) => sessions.get(id) ?? initialSessionState;
  const opinion = (id: string) => opinions.get(id) ?? initialOpinionState;
  const onSession = (id: string, by: Actor, now: string, event: SessionEvent, occurredAt?: string) => {
    sessions.set(id, evolveSession(session(id), event));
    emit(sessionStream(id), event, by, now, occurredAt);
  };
  const onOpinion = (id: string, by: Actor, now: string, event: OpinionEvent, occurredAt?: string) => {
    opinions.set(id, evolveOpinion(opinion(id), event));
    emit(opinionStream(id), event, by, now, occurredAt);
  };
  const at = (s: string) => new Date(s);

  const schedule = (sessionId: string, by: Actor, now: string, title: string, organisingUnit: string, locality: Locality, plannedAt: string) =>
    onSession(sessionId, by, now, scheduleSession({ actor: by, now: at(now), sessionId, title, organisingUnit, coOrganisers: ['Ban Dân vận', 'UBMTTQ'], locality, venue: `Hội trường UBND ${locality.commune}`, plannedAt }, session(sessionId), fixtureContext));
  const hold = (sessionId: string, by: Actor, now: string, heldAt: string) =>
    onSession(sessionId, by, now, holdSession({ actor: by, now: at(now), sessionId, heldAt, chairedBy: 'Lãnh đạo đơn vị', attendance: 120 }, session(sessionId), fixtureContext), heldAt);
  const close = (sessionId: string, by: Actor, now: string) =>
    onSession(sessionId, by, now, closeSession({ actor: by, now: at(now), sessionId, minutesSummary: 'Biên bản hội nghị' }, session(sessionId), fixtureContext));
  const raise = (opinionId: string, sessionId: string, by: Actor, now: string, topic: Topic, saidAt: string) =>
    onOpinion(opinionId, by, now, raiseOpinion(
      { actor: by, now: at(now), opinionId, sessionId, topic, content: `Ý kiến về ${topic}`, citizen: { anonymous: false, name: 'Nguyễn Thị Hằng', contact: '0900000000' }, channel: 'spoken', saidAt },
      { session: session(sessionId), opinion: opinion(opinionId) }, fixtureContext), saidAt);
  const assign = (opinionId: string, by: Actor, now: string, department: string) =>
    onOpinion(opinionId, by, now, assignOpinion({ actor: by, now: at(now), opinionId, department }, opinion(opinionId), fixtureContext));
  const reassign = (opinionId: string, by: Actor, now: string, to: string) =>
    onOpinion(opinionId, by, now, reassignOpinion({ actor: by, now: at(now), opinionId, to, reason: 'Đúng thẩm quyền' }, opinion(opinionId), fixtureContext));
  const answer = (opinionId: string, by: Actor, now: string) =>
    onOpinion(opinionId, by, now, answerOpinion({ actor: by, now: at(now), opinionId, content: 'Trả lời' }, opinion(opinionId), fixtureContext));
  const giveBack = (opinionId: string, by: Actor, now: string) =>
    onOpinion(opinionId, by, now, returnAnswer({ actor: by, now: at(now), opinionId, reason: 'Chưa trả lời đúng nội dung' }, opinion(opinionId), fixtureContext));
  const resolve = (opinionId: string, by: Actor, now: string) =>
    onOpinion(opinionId, by, now, resolveOpinion({ actor: by, now: at(now), opinionId, resolutionNote: 'Đã thông báo kết quả tới người dân' }, opinion(opinionId), fixtureContext));

  // Session A: Trần Thành Ngọ (Kiến An), held Thursday 25/4/2024, typed in the next day.
  const A = uuid(1);
  const kienAn: Locality = { province: 'Hải Phòng', district: 'Kiến An', commune: 'Trần Thành Ngọ' };
  schedule(A, kaSecretary, '2024-04-15T09:00:00+07:00', 'Công an lắng nghe ý kiến Nhân dân phường Trần Thành Ngọ 2024', 'CATP-HP-KA', kienAn, '2024-04-25T08:00:00+07:00');
  hold(A, kaSecretary, '2024-04-26T08:30:00+07:00', '2024-04-25T08:05:00+07:00');
  const [a1, a2, a3, a4, a5, a6] = [11, 12, 13, 14, 15, 16].map(uuid);
  raise(a1, A, kaSecretary, '2024-04-26T09:00:00+07:00', 'residence-id', '2024-04-25T09:10:00+07:00');
  raise(a2, A, kaSecretary, '2024-04-26T09:01:00+07:00', 'traffic', '2024-04-25T09:20:00+07:00');
  raise(a3, A, kaSecretary, '2024-04-26T09:02:00+07:00', 'residence-id', '2024-04-25T09:30:00+07:00');
  raise(a4, A, kaSecretary, '2024-04-26T09:03:00+07:00', 'drugs', '2024-04-25T09:40:00+07:00');
  raise(a5, A, kaSecretary, '2024-04-26T09:04:00+07:00', 'officer-conduct', '2024-04-25T09:50:00+07:00');
  raise(a6, A, kaSecretary, '2024-04-26T09:05:00+07:00', 'urban-order', '2024-04-25T10:00:00+07:00');
  answer(a1, kaLeader, '2024-04-26T10:00:00+07:00');
  resolve(a1, kaLeader, '2024-04-26T10:05:00+07:00');
  // Due dates skip 27–28/4 (weekend) and 29/4–1/5 (holidays).
  assign(a2, hpLeader, '2024-04-26T14:00:00+07:00', 'CATP-HP-PC08');
  assign(a3, hpLeader, '2024-04-26T14:01:00+07:00', 'CATP-HP-PC06');
  assign(a4, hpLeader, '2024-04-26T14:02:00+07:00', 'CATP-HP-PC06');
  assign(a5, kaLeader, '2024-04-26T14:03:00+07:00', 'CATP-HP-KA-TTN');
  close(A, kaSecretary, '2024-04-26T17:00:00+07:00');
  reassign(a4, hpLeader, '2024-05-03T09:00:00+07:00', 'CATP-HP-PC04');
  answer(a3, officer('CATP-HP-PC06'), '2024-05-06T15:00:00+07:00');
  giveBack(a3, hpLeader, '2024-05-07T08:00:00+07:00');
  answer(a2, officer('CATP-HP-PC08'), '2024-05-10T10:00:00+07:00');
  resolve(a2, hpLeader, '2024-05-10T16:00:00+07:00');
  answer(a3, officer('CATP-HP-PC06'), '2024-05-15T11:00:00+07:00');
  answer(a4, officer('CATP-HP-PC04'), '2024-06-04T09:00:00+07:00');

  // Session B: Tân Hưng (Vĩnh Bảo), held Thursday 5/9/2024 right after the 2–3/9 holidays.
  const B = uuid(2);
  const vinhBao: Locality = { province: 'Hải Phòng', district: 'Vĩnh Bảo', commune: 'Tân Hưng' };
  schedule(B, vbSecretary, '2024-08-26T09:00:00+07:00', 'Công an lắng nghe ý kiến Nhân dân xã Tân Hưng 2024', 'CATP-HP-VB', vinhBao, '2024-09-05T08:00:00+07:00');
  hold(B, vbSecretary, '2024-09-09T08:00:00+07:00', '2024-09-05T08:00:00+07:00');
  const [b1, b2, b3] = [21, 22, 23].map(uuid);
  raise(b1, B, vbSecretary, '2024-09-09T09:00:00+07:00', 'gambling', '2024-09-05T09:00:00+07:00');
  raise(b2, B, vbSecretary, '2024-09-09T09:01:00+07:00', 'fire-safety', '2024-09-05T09:15:00+07:00');
  raise(b3, B, vbSecretary, '2024-09-09T09:02:00+07:00', 'traffic', '2024-09-05T09:30:00+07:00');
  answer(b2, vbLeader, '2024-09-09T10:00:00+07:00');
  assign(b1, hpLeader, '2024-09-09T14:00:00+07:00', 'CATP-HP-PC02');
  assign(b3, hpLeader, '2024-09-09T14:01:00+07:00', 'CATP-HP-PC08');
  answer(b1, officer('CATP-HP-PC02'), '2024-09-20T10:00:00+07:00');
  resolve(b1, hpLeader, '2024-09-23T09:00:00+07:00');

  // Session C: Thanh Liệt ward, Hà Nội, 19/11/2025: no district any more.
  const C = uuid(3);
  const thanhLiet: Locality = { province: 'Hà Nội', commune: 'Thanh Liệt' };
  schedule(C, tlSecretary, '2025-11-10T09:00:00+07:00', 'Công an phường Thanh Liệt lắng nghe ý kiến Nhân dân', 'CATP-HN-TL', thanhLiet, '2025-11-19T08:00:00+07:00');
  hold(C, tlSecretary, '2025-11-19T17:00:00+07:00', '2025-11-19T08:00:00+07:00');
  const [c1, c2] = [31, 32].map(uuid);
  raise(c1, C, tlSecretary, '2025-11-19T17:05:00+07:00', 'officer-conduct', '2025-11-19T08:30:00+07:00');
  raise(c2, C, tlSecretary, '2025-11-19T17:06:00+07:00', 'residence-id', '2025-11-19T08:45:00+07:00');
  assign(c2, hnLeader, '2025-11-20T09:00:00+07:00', 'CATP-HN-PC06');
  return log;
}

/** Appends the fixture one command at a time, as the API would (each append its own position). */
export async function appendFixture(store: EventStore, log: readonly FixtureEvent[]): Promise<void> {
  for (const { stream, event, metadata } of log) await store.append(stream, [{ event, metadata }], 'any');
}

/** The fixture as events read back, for the pure reducer tests (positions in append order). */
export function asStoredEvents(log: readonly FixtureEvent[]): StoredEvent[] {
  const revisions = new Map<string, bigint>();
  return log.map(({ stream, event, metadata }, i) => {
    const revision = revisions.get(stream) ?? 0n;
    revisions.set(stream, revision + 1n);
    return {
      id: uuid(5000 + i),
      type: event.type,
      data: event.data,
      metadata,
      streamId: stream,
      revision,
      position: BigInt((i + 1) * 100),
      created: new Date(metadata.recordedAt),
    };
  });
}
