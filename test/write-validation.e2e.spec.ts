import { startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { givenHeldSession, givenOpinion, heldSession, opinionBody } from './support/fixtures';

describe('request validation → 400 problem+json', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp();
  });
  afterAll(() => t?.close());

  const secretary = () => t.bearer('secretary', 'CATP-HP-KA');
  const leader = () => t.bearer('leader', 'CATP-HP');

  const expect400 = async (req: ReturnType<ApiTestApp['http']>['post'] extends (...a: never[]) => infer R ? R : never, code: string, field?: string) => {
    const res = await req.expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code, title: expect.any(String), detail: expect.any(String) });
    if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    return res.body;
  };

  it('lists every invalid field of a session', async () => {
    const body = await expect400(
      t.http().post('/api/v1/sessions').set('Authorization', secretary()).send({ ...heldSession.schedule, title: '', plannedAt: '28/11/2024', locality: { province: 'Hải Phòng' } }),
      'VALIDATION_FAILED',
    );
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['locality.commune', 'plannedAt', 'title']);
  });

  it('refuses unknown fields (forbidNonWhitelisted)', () =>
    expect400(t.http().post('/api/v1/sessions').set('Authorization', secretary()).send({ ...heldSession.schedule, status: 'closed' }), 'VALIDATION_FAILED', 'status'));

  it('bounds text length', () =>
    expect400(
      t.http().post(`/api/v1/sessions/00000000-0000-4000-8000-000000000001/opinions`).set('Authorization', secretary()).send(opinionBody({ content: 'a'.repeat(5001) })),
      'VALIDATION_FAILED',
      'content',
    ));

  it('checks enums and date-times', async () => {
    const sessionId = await givenHeldSession(t.http, secretary());
    const body = await expect400(
      t.http().post(`/api/v1/sessions/${sessionId}/opinions`).set('Authorization', secretary()).send(opinionBody({ topic: 'weather', channel: 'fax', saidAt: '2024-11-28' })),
      'VALIDATION_FAILED',
    );
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['channel', 'saidAt', 'topic']);
  });

  it('a named citizen needs a name; an anonymous one carries no personal data', async () => {
    const sessionId = await givenHeldSession(t.http, secretary());
    await expect400(t.http().post(`/api/v1/sessions/${sessionId}/opinions`).set('Authorization', secretary()).send(opinionBody({ citizen: { anonymous: false } })), 'VALIDATION_FAILED', 'citizen.name');
    await expect400(
      t.http().post(`/api/v1/sessions/${sessionId}/opinions`).set('Authorization', secretary()).send(opinionBody({ citizen: { anonymous: true, name: 'Ông A' } })),
      'VALIDATION_FAILED',
      'citizen',
    );
    await t.http().post(`/api/v1/sessions/${sessionId}/opinions`).set('Authorization', secretary()).send(opinionBody({ citizen: { anonymous: true } })).expect(201);
  });

  it('path ids must be UUIDs', () =>
    expect400(t.http().post('/api/v1/opinions/123/assign').set('Authorization', leader()).send({ department: 'CATP-HP-PC06' }), 'INVALID_ID', 'id'));

  it('unit codes are checked against the directory', async () => {
    const id = await givenOpinion(t.http, { secretary: secretary(), leader: leader() });
    const unknown = await t.http().post(`/api/v1/opinions/${id}/assign`).set('Authorization', leader()).send({ department: 'CATP-HP-PC99' }).expect(400);
    expect(unknown.body.code).toBe('UNKNOWN_UNIT');
    const province = await t.http().post(`/api/v1/opinions/${id}/assign`).set('Authorization', leader()).send({ department: 'CATP-HP' }).expect(400);
    expect(province.body.code).toBe('NOT_A_DEPARTMENT');
    await expect400(t.http().post(`/api/v1/opinions/${id}/assign`).set('Authorization', leader()).send({ department: 'PC 06; drop' }), 'VALIDATION_FAILED', 'department');
  });

  it('due dates are YYYY-MM-DD and not in the past', async () => {
    const id = await givenOpinion(t.http, { secretary: secretary(), leader: leader() });
    await expect400(t.http().post(`/api/v1/opinions/${id}/assign`).set('Authorization', leader()).send({ department: 'CATP-HP-PC06', dueDate: '20/12/2024' }), 'VALIDATION_FAILED', 'dueDate');
    const past = await t.http().post(`/api/v1/opinions/${id}/assign`).set('Authorization', leader()).send({ department: 'CATP-HP-PC06', dueDate: '2020-01-01' }).expect(400);
    expect(past.body.code).toBe('DUE_DATE_IN_PAST');
  });

  it('malformed JSON is 400 MALFORMED_JSON', () =>
    expect400(t.http().post('/api/v1/sessions').set('Authorization', secretary()).set('Content-Type', 'application/json').send('{"title": '), 'MALFORMED_JSON'));

  it('a JSON body must be an object: a bare string or number is MALFORMED_JSON, and so is a __proto__ key', async () => {
    for (const text of ['"a session"', '42', '{"title": "x", "__proto__": {"admin": true}}']) {
      await expect400(t.http().post('/api/v1/sessions').set('Authorization', secretary()).set('Content-Type', 'application/json').send(text), 'MALFORMED_JSON');
    }
  });

  it('bodies other than JSON are 415 UNSUPPORTED_MEDIA_TYPE, with the correlation id', async () => {
    const res = await t.http().post('/api/v1/sessions').set('Authorization', secretary()).set('X-Correlation-Id', 'form-post').type('form').send('title=x').expect(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['x-correlation-id']).toBe('form-post');
    expect(res.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', correlationId: 'form-post' });
  });

  it('a body over 64 KiB is 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.http().post('/api/v1/sessions').set('Authorization', secretary()).send({ ...heldSession.schedule, title: 'a'.repeat(70_000) }).expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('unknown ids are 404 problem+json; illegal transitions are 409', async () => {
    const missing = await t.http().post('/api/v1/opinions/00000000-0000-4000-8000-000000000000/resolve').set('Authorization', leader()).send({ resolutionNote: 'x' }).expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body.code).toBe('AGGREGATE_NOT_FOUND');
    const id = await givenOpinion(t.http, { secretary: secretary(), leader: leader() });
    const illegal = await t.http().post(`/api/v1/opinions/${id}/resolve`).set('Authorization', leader()).send({ resolutionNote: 'x' }).expect(409);
    expect(illegal.body).toMatchObject({ code: 'OPINION_NOT_ANSWERED', title: 'Ý kiến chưa được trả lời' });
  });

  it('unknown routes are 404 problem+json', async () => {
    const res = await t.http().get('/api/v1/nowhere').set('Authorization', leader()).expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
