import { startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { givenHeldSession, opinionBody } from './support/fixtures';

jest.setTimeout(60_000);

const PROVINCE = 'CATP-HP';
const ORGANISER = 'CATP-HP-KA';

describe('read side over HTTP', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp();
  });
  afterAll(() => t?.close());

  const leader = () => t.bearer('leader', PROVINCE, 'Đại tá Nguyễn Văn Hùng');
  const secretary = () => t.bearer('secretary', ORGANISER, 'Thượng uý Trần Thị Mai');
  const officer = (unit: string) => t.bearer('officer', unit, 'Trung tá Lê Văn Bình');
  const auditor = () => t.bearer('auditor', PROVINCE, 'Thanh tra viên');

  /** Sends a command and returns the `position` it was written at (for read-your-writes). */
  const command = async (path: string, auth: string, body: object, status = 200): Promise<{ id: string; position: string }> => {
    const res = await t.http().post(`/api/v1${path}`).set('Authorization', auth).send(body).expect(status);
    return res.body;
  };
  const backlogIds = async (sessionId: string, position: string): Promise<string[]> => {
    const res = await t.http().get(`/api/v1/sessions/${sessionId}/backlog`).query({ minPosition: position }).set('Authorization', leader()).expect(200);
    return res.body.items.map((o: { id: string }) => o.id);
  };

  it('an opinion leaves the backlog when answered on the spot or by the department, and comes back once when returned', async () => {
    const sessionId = await givenHeldSession(() => t.http(), secretary());
    const spot = await command(`/sessions/${sessionId}/opinions`, secretary(), opinionBody({ topic: 'residence-id' }), 201);
    const dept = await command(`/sessions/${sessionId}/opinions`, secretary(), opinionBody(), 201);
    expect((await backlogIds(sessionId, dept.position)).sort()).toEqual([spot.id, dept.id].sort());

    let at = await command(`/opinions/${spot.id}/answer`, leader(), { content: 'Lãnh đạo trả lời trực tiếp tại hội nghị.' });
    expect(await backlogIds(sessionId, at.position)).toEqual([dept.id]);

    at = await command(`/opinions/${dept.id}/assign`, leader(), { department: 'CATP-HP-PC06' });
    const assigned = await t.http().get(`/api/v1/sessions/${sessionId}/backlog`).set('X-Min-Position', at.position).set('Authorization', leader()).expect(200);
    expect(assigned.body.items).toEqual([expect.objectContaining({ id: dept.id, status: 'assigned', holder: 'CATP-HP-PC06', dueDate: expect.any(String), ageDays: expect.any(Number) })]);

    at = await command(`/opinions/${dept.id}/answer`, officer('CATP-HP-PC06'), { content: 'Đã phối hợp UBND phường xử lý.' });
    expect(await backlogIds(sessionId, at.position)).toEqual([]);

    at = await command(`/opinions/${dept.id}/return`, leader(), { reason: 'Chưa nêu rõ thời gian thực hiện.' });
    expect(await backlogIds(sessionId, at.position)).toEqual([dept.id]);

    const session = await t.http().get(`/api/v1/sessions/${sessionId}`).query({ minPosition: at.position }).set('Authorization', leader()).expect(200);
    expect(session.body.counters).toEqual(expect.objectContaining({ total: 2, answered: 1, assigned: 1, lackingResponse: 1 }));
    expect(session.body).not.toHaveProperty('opinions');

    const opinion = await t.http().get(`/api/v1/opinions/${dept.id}`).set('Authorization', leader()).expect(200);
    expect(opinion.body).toEqual(expect.objectContaining({ status: 'assigned', answers: [expect.any(Object)], returns: [expect.objectContaining({ holder: 'CATP-HP-PC06' })] }));
    expect(opinion.body.citizen.name).toBe('Bà Nguyễn Thị Lan');
  });

  it('officers see only their own unit’s queue; auditors see opinions without personal data', async () => {
    const sessionId = await givenHeldSession(() => t.http(), secretary());
    const o = await command(`/sessions/${sessionId}/opinions`, secretary(), opinionBody(), 201);
    const at = await command(`/opinions/${o.id}/assign`, leader(), { department: 'CATP-HP-PC08' });

    const queue = await t.http().get('/api/v1/departments/CATP-HP-PC08/queue').query({ minPosition: at.position }).set('Authorization', officer('CATP-HP-PC08')).expect(200);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(o.id);
    expect(queue.body.items.every((i: { department: string }) => i.department === 'CATP-HP-PC08')).toBe(true);
    await t.http().get('/api/v1/departments/CATP-HP-PC08/queue').set('Authorization', officer('CATP-HP-PC06')).expect(403);
    const other = await t.http().get('/api/v1/opinions').set('Authorization', officer('CATP-HP-PC06')).expect(200);
    expect(other.body.items.map((i: { id: string }) => i.id)).not.toContain(o.id);
    await t.http().get(`/api/v1/opinions/${o.id}`).set('Authorization', officer('CATP-HP-PC06')).expect(404);

    const seen = await t.http().get(`/api/v1/opinions/${o.id}`).set('Authorization', auditor()).expect(200);
    expect(seen.body.citizen).toEqual({ anonymous: false, redacted: true });
    expect(JSON.stringify(seen.body)).not.toContain('Nguyễn Thị Lan');

    const audit = await t.http().get('/api/v1/audit').query({ action: 'OpinionAssigned' }).set('Authorization', auditor()).expect(200);
    expect(audit.body.items[0]).toEqual(
      expect.objectContaining({ action: 'OpinionAssigned', opinionId: o.id, actor: expect.objectContaining({ role: 'leader' }), details: expect.objectContaining({ opinionId: o.id, sessionId, department: 'CATP-HP-PC08' }) }),
    );
    await t.http().get('/api/v1/audit').set('Authorization', officer('CATP-HP-PC08')).expect(403);
  });

  it('pages with stable cursors', async () => {
    const sessionId = await givenHeldSession(() => t.http(), secretary());
    let at = { position: '0' };
    for (let i = 0; i < 5; i++) at = await command(`/sessions/${sessionId}/opinions`, secretary(), opinionBody(), 201);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await t.http().get('/api/v1/opinions').query({ session: sessionId, limit: 2, minPosition: at.position, ...(cursor && { cursor }) }).set('Authorization', leader()).expect(200);
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    await t.http().get('/api/v1/opinions').query({ cursor: 'nonsense' }).set('Authorization', leader()).expect(400);
  });

  it('answers 503 with Retry-After when the read models cannot reach minPosition in time', async () => {
    const res = await t.http().get('/api/v1/sessions').query({ minPosition: '99999999999999' }).set('Authorization', leader()).expect(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body.code).toBe('READ_MODEL_STALE');
  });

  it('reports checkpoints and lag on /health and /metrics without a token', async () => {
    // The write side's session view goes live once its subscription has caught up.
    let health = await t.http().get('/health').expect(200);
    for (let i = 0; i < 100 && !health.body.details.eventstore.sessionsFollowedLive; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      health = await t.http().get('/health').expect(200);
    }
    expect(health.body.details.eventstore).toEqual({ status: 'up', headPosition: expect.stringMatching(/^\d+$/), sessionsFollowedLive: true });
    expect(health.body.details.projections.projections).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'opinions', position: expect.stringMatching(/^\d+$/), lagEvents: expect.any(Number) })]),
    );
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/projection_lag_seconds\{projection="sessions"\}/);
    expect(metrics.text).toMatch(/process_resident_memory_bytes/);
  });

  it('serves the OpenAPI document and the Swagger UI with its assets at /docs without a token', async () => {
    const spec = await t.http().get('/docs/openapi.json').expect(200);
    expect(spec.body.paths['/api/v1/sessions/{id}/opinions']).toBeDefined();
    expect(spec.body.components.schemas.Problem.required).toContain('code');
    const ui = await t.http().get('/docs').expect(200);
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
    const asset = await t.http().get('/docs/swagger-ui-bundle.js').expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });
});
