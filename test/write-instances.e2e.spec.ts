import { startTestNodes } from '@app/testing';
import type { Infrastructure } from '@app/config';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { heldSession, opinionBody } from './support/fixtures';

/**
 * Two API instances over one store, as when the API is scaled out: what one instance remembers of
 * a stream must never let it accept or refuse a command against the store's current state.
 */
describe('several API instances over one store', () => {
  let nodes: Infrastructure;
  let a: ApiTestApp;
  let b: ApiTestApp;
  beforeAll(async () => {
    nodes = await startTestNodes();
    a = await startApiTestApp({ nodes, env: { RUN_PROJECTOR: 'false' } });
    b = await startApiTestApp({ nodes, env: { RUN_PROJECTOR: 'false' } });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await nodes?.stop();
  });

  const secretary = (t: ApiTestApp) => t.bearer('secretary', 'CATP-HP-KA', 'Thượng uý Trần Thị Mai');
  const leader = (t: ApiTestApp) => t.bearer('leader', 'CATP-HP', 'Đại tá Nguyễn Văn Hùng');

  async function heldSessionOn(t: ApiTestApp): Promise<string> {
    const s = await t.http().post('/api/v1/sessions').set('Authorization', secretary(t)).send(heldSession.schedule).expect(201);
    await t.http().post(`/api/v1/sessions/${s.body.id}/hold`).set('Authorization', secretary(t)).send(heldSession.hold).expect(200);
    return s.body.id;
  }

  it('refuses an opinion on a session another instance has just closed', async () => {
    const sessionId = await heldSessionOn(a);
    await a.http().post(`/api/v1/sessions/${sessionId}/opinions`).set('Authorization', secretary(a)).send(opinionBody()).expect(201);
    await b.http().post(`/api/v1/sessions/${sessionId}/close`).set('Authorization', leader(b)).send({ minutesSummary: 'Kết thúc.' }).expect(200);
    await a.http().post(`/api/v1/sessions/${sessionId}/opinions`).set('Authorization', secretary(a)).send(opinionBody()).expect(409)
      .expect((r) => expect(r.body.code).toBe('SESSION_CLOSED'));
  });

  it('lets the holder answer an opinion that another instance assigned after this one last saw it', async () => {
    const sessionId = await heldSessionOn(a);
    const raised = await a.http().post(`/api/v1/sessions/${sessionId}/opinions`).set('Authorization', secretary(a)).send(opinionBody()).expect(201);
    await b.http().post(`/api/v1/opinions/${raised.body.id}/assign`).set('Authorization', leader(b)).send({ department: 'CATP-HP-PC06' }).expect(200);
    const answered = await a.http().post(`/api/v1/opinions/${raised.body.id}/answer`)
      .set('Authorization', a.bearer('officer', 'CATP-HP-PC06', 'Trung tá Lê Văn Bình'))
      .send({ content: 'Đã kiểm tra và hướng dẫn công dân.' });
    expect(answered.status).toBe(200);
    expect(answered.body.revision).toBe('2');
  });
});
