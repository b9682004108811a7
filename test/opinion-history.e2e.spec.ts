import type { Role } from '@app/eventstore';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { givenOpinion } from './support/fixtures';

describe('GET /opinions/:id/history', () => {
  let t: ApiTestApp;
  let id: string;
  beforeAll(async () => {
    t = await startApiTestApp();
    const leader = t.bearer('leader', 'CATP-HP', 'Đại tá Lê Trung Sơn');
    id = await givenOpinion(t.http, { secretary: t.bearer('secretary', 'CATP-HP-KA', 'Thượng uý Phạm Thị Hồng'), leader }, { assignTo: 'CATP-HP-PC06' });
    await t.http().post(`/api/v1/opinions/${id}/answer`).set('Authorization', t.bearer('officer', 'CATP-HP-PC06', 'Thiếu tá Phan Thị Nga')).send({ content: 'Đã xử lý.' }).expect(200);
    await t.http().post(`/api/v1/opinions/${id}/return`).set('Authorization', leader).send({ reason: 'Chưa rõ thời hạn.' }).expect(200);
  });
  afterAll(() => t?.close());

  const history = (role: Role, unit: string) => t.http().get(`/api/v1/opinions/${id}/history`).set('Authorization', t.bearer(role, unit));

  it('leadership sees who did what, when, in order, with personal data', async () => {
    const res = await history('leader', 'CATP-HP').expect(200);
    expect(res.headers.etag).toBe('"3"');
    expect(res.body).toMatchObject({ opinionId: id, revision: '3', status: 'assigned', personalDataRedacted: false });
    expect(res.body.entries.map((e: { type: string }) => e.type)).toEqual(['OpinionRaised', 'OpinionAssigned', 'OpinionAnswered', 'AnswerReturned']);
    expect(res.body.entries.map((e: { revision: string }) => e.revision)).toEqual(['0', '1', '2', '3']);
    expect(res.body.entries.map((e: { actor: { name: string } }) => e.actor.name)).toEqual([
      'Thượng uý Phạm Thị Hồng', 'Đại tá Lê Trung Sơn', 'Thiếu tá Phan Thị Nga', 'Đại tá Lê Trung Sơn',
    ]);
    const raised = res.body.entries[0];
    expect(raised).toMatchObject({ occurredAt: '2024-11-28T09:15:00+07:00', recordedAt: expect.any(String), correlationId: expect.any(String) });
    expect(raised.data.citizen).toEqual({ anonymous: false, name: 'Bà Nguyễn Thị Lan', residentialGroup: 'Tổ dân phố số 5', contact: '0912345678' });
    const positions = res.body.entries.map((e: { position: string }) => BigInt(e.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
  });

  it('officers of the holding department see it with personal data', async () => {
    const res = await history('officer', 'CATP-HP-PC06').expect(200);
    expect(res.body.personalDataRedacted).toBe(false);
  });

  it('auditors see every action, with citizens redacted', async () => {
    const res = await history('auditor', 'CATP-HP').expect(200);
    expect(res.body.personalDataRedacted).toBe(true);
    expect(res.body.entries).toHaveLength(4);
    expect(res.body.entries[0].data.citizen).toEqual({ anonymous: false, redacted: true });
    expect(JSON.stringify(res.body)).not.toMatch(/Nguyễn Thị Lan|0912345678|Tổ dân phố số 5/);
  });

  it.each([
    ['officer', 'CATP-HP-PC08', 'NOT_ASSIGNED_TO_YOUR_UNIT'],
    ['leader', 'CAT-TH', 'NOT_YOUR_SESSION'],
    ['secretary', 'CATP-HP-KA', 'ROLE_NOT_ALLOWED'],
    ['reporter', 'CATP-HP', 'ROLE_NOT_ALLOWED'],
  ] as const)('%s of %s may not read it (403 %s)', async (role, unit, code) => {
    const res = await history(role, unit).expect(403);
    expect(res.body.code).toBe(code);
  });

  it('an unknown opinion is 404', async () => {
    const res = await t.http().get('/api/v1/opinions/00000000-0000-4000-8000-000000000000/history').set('Authorization', t.bearer('auditor', 'CATP-HP')).expect(404);
    expect(res.body.code).toBe('OPINION_NOT_FOUND');
  });
});
