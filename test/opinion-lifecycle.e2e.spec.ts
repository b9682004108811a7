import { EventStore } from '@app/eventstore';
import { opinionStream } from '@app/opinions';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { heldSession, opinionBody } from './support/fixtures';

const PROVINCE = 'CATP-HP';
const COMMUNE = 'CATP-HP-KA-TTN';

describe('opinion lifecycle over HTTP', () => {
  let t: ApiTestApp;
  let store: EventStore;
  beforeAll(async () => {
    t = await startApiTestApp();
    store = t.app.get(EventStore);
  });
  afterAll(() => t?.close());

  const leader = () => t.bearer('leader', PROVINCE, 'Đại tá Nguyễn Văn Hùng');
  const secretary = () => t.bearer('secretary', 'CATP-HP-KA', 'Thượng uý Trần Thị Mai');
  const officer = (unit: string) => t.bearer('officer', unit, 'Trung tá Lê Văn Bình');

  it('schedules, holds and closes a session, returning revision, position and ETag', async () => {
    const scheduled = await t.http().post('/api/v1/sessions').set('Authorization', secretary()).send(heldSession.schedule).expect(201);
    expect(scheduled.body).toEqual({ id: expect.any(String), revision: '0', position: expect.stringMatching(/^\d+$/) });
    expect(scheduled.headers.etag).toBe('"0"');
    expect(scheduled.headers.location).toBe(`/api/v1/sessions/${scheduled.body.id}`);
    const id = scheduled.body.id;
    const held = await t.http().post(`/api/v1/sessions/${id}/hold`).set('Authorization', secretary()).send(heldSession.hold).expect(200);
    expect(held.body.revision).toBe('1');
    expect(BigInt(held.body.position)).toBeGreaterThan(BigInt(scheduled.body.position));
    await t.http().post(`/api/v1/sessions/${id}/close`).set('Authorization', leader()).send({ minutesSummary: 'Kết thúc hội nghị.' }).expect(200);
    await t.http().post(`/api/v1/sessions/${id}/opinions`).set('Authorization', secretary()).send(opinionBody()).expect(409)
      .expect((r) => expect(r.body.code).toBe('SESSION_CLOSED'));
  });

  it('takes opinions through answer on the spot, assignment, return, reassignment, answer and resolution', async () => {
    const session = await t.http().post('/api/v1/sessions').set('Authorization', secretary()).send(heldSession.schedule).expect(201);
    await t.http().post(`/api/v1/sessions/${session.body.id}/hold`).set('Authorization', secretary()).send(heldSession.hold).expect(200);

    // 1. Answered on the spot by leadership, then resolved.
    const onTheSpot = await t.http().post(`/api/v1/sessions/${session.body.id}/opinions`).set('Authorization', secretary()).send(opinionBody({ topic: 'residence-id' })).expect(201);
    await t.http().post(`/api/v1/opinions/${onTheSpot.body.id}/answer`).set('Authorization', leader()).send({ content: 'Lãnh đạo trả lời trực tiếp tại hội nghị.' }).expect(200);
    await t.http().post(`/api/v1/opinions/${onTheSpot.body.id}/resolve`).set('Authorization', leader()).send({ resolutionNote: 'Công dân đồng ý.' }).expect(200)
      .expect((r) => expect(r.body.revision).toBe('2'));

    // 2. Assigned → reassigned → answered by the new holder → returned → answered again → resolved.
    const raised = await t.http().post(`/api/v1/sessions/${session.body.id}/opinions`).set('Authorization', secretary()).send(opinionBody()).expect(201);
    const id = raised.body.id;
    await t.http().post(`/api/v1/opinions/${id}/assign`).set('Authorization', leader()).send({ department: 'CATP-HP-PC06', instructions: 'Kiểm tra, trả lời trong hạn.' }).expect(200);
    await t.http().post(`/api/v1/opinions/${id}/reassign`).set('Authorization', leader()).send({ to: 'CATP-HP-PC08', reason: 'Thuộc lĩnh vực giao thông.' }).expect(200);
    await t.http().post(`/api/v1/opinions/${id}/answer`).set('Authorization', officer('CATP-HP-PC06')).send({ content: 'Trả lời.' }).expect(403)
      .expect((r) => expect(r.body.code).toBe('NOT_ASSIGNED_TO_YOUR_UNIT'));
    await t.http().post(`/api/v1/opinions/${id}/answer`).set('Authorization', officer('CATP-HP-PC08')).send({ content: 'Đã bố trí lực lượng CSGT phân luồng.' }).expect(200);
    await t.http().post(`/api/v1/opinions/${id}/return`).set('Authorization', leader()).send({ reason: 'Chưa nêu rõ thời gian thực hiện.' }).expect(200);
    await t.http().post(`/api/v1/opinions/${id}/answer`).set('Authorization', officer('CATP-HP-PC08')).send({ content: 'Từ 01/12 bố trí CSGT phân luồng giờ cao điểm.' }).expect(200);
    const resolved = await t.http().post(`/api/v1/opinions/${id}/resolve`).set('Authorization', leader()).send({ resolutionNote: 'Đã thông báo cho công dân.' }).expect(200);
    expect(resolved.body.revision).toBe('6');
    await t.http().post(`/api/v1/opinions/${id}/answer`).set('Authorization', leader()).send({ content: 'Lại.' }).expect(409)
      .expect((r) => expect(r.body.code).toBe('OPINION_ALREADY_RESOLVED'));

    const events = [];
    for await (const e of store.readStream(opinionStream(id))) events.push(e);
    expect(events.map((e) => e.type)).toEqual([
      'OpinionRaised', 'OpinionAssigned', 'OpinionReassigned', 'OpinionAnswered', 'AnswerReturned', 'OpinionAnswered', 'OpinionResolved',
    ]);
    expect(events[0].metadata).toMatchObject({
      actor: { role: 'secretary', unit: 'CATP-HP-KA', name: 'Thượng uý Trần Thị Mai' },
      occurredAt: opinionBody().saidAt,
      correlationId: expect.any(String),
      causationId: expect.any(String),
    });
    expect(events[3].metadata.actor).toMatchObject({ role: 'officer', unit: 'CATP-HP-PC08' });
    expect(Date.parse(events[0].metadata.recordedAt)).toBeGreaterThan(Date.parse(events[0].metadata.occurredAt));
  });

  it('stamps the caller’s X-Correlation-Id on the events and echoes it', async () => {
    const res = await t.http().post('/api/v1/sessions').set('Authorization', secretary()).set('X-Correlation-Id', 'hp-2024-kien-an').send(heldSession.schedule).expect(201);
    expect(res.headers['x-correlation-id']).toBe('hp-2024-kien-an');
    const [event] = await collect(store, `session-${res.body.id}`);
    expect(event.metadata.correlationId).toBe('hp-2024-kien-an');
  });

  it('commune leadership cannot act on a provincial session (403, domain scope)', async () => {
    const res = await t.http().post('/api/v1/sessions').set('Authorization', t.bearer('leader', COMMUNE)).send({ ...heldSession.schedule, organisingUnit: 'CATP-HP-KA' }).expect(403);
    expect(res.body.code).toBe('NOT_YOUR_SESSION');
  });
});

async function collect(store: EventStore, stream: string) {
  const out = [];
  for await (const e of store.readStream(stream)) out.push(e);
  return out;
}
