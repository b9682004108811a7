import type { Role } from '@app/eventstore';
import { signToken } from '@app/auth';
import { startApiTestApp, TEST_SECRET, type ApiTestApp } from './support/api-test-app';
import { givenHeldSession, givenOpinion, heldSession, opinionBody } from './support/fixtures';

const UNIT: Record<Role, string> = {
  secretary: 'CATP-HP-KA',
  leader: 'CATP-HP',
  officer: 'CATP-HP-PC06',
  auditor: 'CATP-HP',
  reporter: 'CATP-HP',
};
const ROLES: Role[] = ['secretary', 'leader', 'officer', 'auditor', 'reporter'];

describe('authentication and the role × command matrix', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp();
  });
  afterAll(() => t?.close());

  const as = (role: Role) => t.bearer(role, UNIT[role]);
  const auth = () => ({ secretary: as('secretary'), leader: as('leader') });

  /** Each command, how to reach a state where it is legal, and who may send it. */
  const commands: Array<{ name: string; allowed: Role[]; prepare: () => Promise<{ path: string; body: object }> }> = [
    { name: 'schedule session', allowed: ['secretary', 'leader'], prepare: async () => ({ path: '/api/v1/sessions', body: heldSession.schedule }) },
    {
      name: 'hold session',
      allowed: ['secretary', 'leader'],
      prepare: async () => {
        const s = await t.http().post('/api/v1/sessions').set('Authorization', as('secretary')).send(heldSession.schedule).expect(201);
        return { path: `/api/v1/sessions/${s.body.id}/hold`, body: heldSession.hold };
      },
    },
    {
      name: 'close session',
      allowed: ['secretary', 'leader'],
      prepare: async () => ({ path: `/api/v1/sessions/${await givenHeldSession(t.http, as('secretary'))}/close`, body: { minutesSummary: 'Kết thúc.' } }),
    },
    {
      name: 'raise opinion',
      allowed: ['secretary', 'leader'],
      prepare: async () => ({ path: `/api/v1/sessions/${await givenHeldSession(t.http, as('secretary'))}/opinions`, body: opinionBody() }),
    },
    {
      name: 'assign',
      allowed: ['leader'],
      prepare: async () => ({ path: `/api/v1/opinions/${await givenOpinion(t.http, auth())}/assign`, body: { department: 'CATP-HP-PC06' } }),
    },
    {
      name: 'reassign',
      allowed: ['leader'],
      prepare: async () => ({
        path: `/api/v1/opinions/${await givenOpinion(t.http, auth(), { assignTo: 'CATP-HP-PC06' })}/reassign`,
        body: { to: 'CATP-HP-PC08', reason: 'Thuộc lĩnh vực giao thông.' },
      }),
    },
    {
      name: 'answer (assigned to the officer’s unit)',
      allowed: ['leader', 'officer'],
      prepare: async () => ({
        path: `/api/v1/opinions/${await givenOpinion(t.http, auth(), { assignTo: 'CATP-HP-PC06' })}/answer`,
        body: { content: 'Đã trả lời công dân.' },
      }),
    },
    {
      name: 'return',
      allowed: ['leader'],
      prepare: async () => ({
        path: `/api/v1/opinions/${await givenOpinion(t.http, auth(), { assignTo: 'CATP-HP-PC06', answeredBy: as('officer') })}/return`,
        body: { reason: 'Chưa đầy đủ.' },
      }),
    },
    {
      name: 'resolve',
      allowed: ['leader'],
      prepare: async () => ({
        path: `/api/v1/opinions/${await givenOpinion(t.http, auth(), { assignTo: 'CATP-HP-PC06', answeredBy: as('officer') })}/resolve`,
        body: { resolutionNote: 'Đã thông báo.' },
      }),
    },
  ];

  describe.each(commands)('$name', ({ allowed, prepare }) => {
    it.each(ROLES)('as %s', async (role) => {
      const { path, body } = await prepare();
      const res = await t.http().post(path).set('Authorization', as(role)).send(body);
      if (allowed.includes(role)) {
        expect([200, 201]).toContain(res.status);
        expect(res.body.revision).toMatch(/^\d+$/);
      } else {
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 403, code: 'ROLE_NOT_ALLOWED', title: expect.stringMatching(/không/i) });
      }
    });
  });

  it('an officer of another department cannot answer (403 NOT_ASSIGNED_TO_YOUR_UNIT)', async () => {
    const id = await givenOpinion(t.http, auth(), { assignTo: 'CATP-HP-PC06' });
    const res = await t.http().post(`/api/v1/opinions/${id}/answer`).set('Authorization', t.bearer('officer', 'CATP-HP-PC08')).send({ content: 'x' }).expect(403);
    expect(res.body.code).toBe('NOT_ASSIGNED_TO_YOUR_UNIT');
  });

  describe('unauthenticated', () => {
    const expect401 = async (authorization: string | undefined, code: string) => {
      const req = t.http().post('/api/v1/sessions').send(heldSession.schedule);
      if (authorization) req.set('Authorization', authorization);
      const res = await req.expect(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toMatchObject({ status: 401, code, title: expect.any(String), detail: expect.any(String), type: expect.any(String) });
    };
    it('without a token', () => expect401(undefined, 'TOKEN_MISSING'));
    it('with a token signed by another secret', () =>
      expect401(`Bearer ${signToken('another-secret-another-secret-another!', t.actor('leader', 'CATP-HP'))}`, 'TOKEN_INVALID'));
    it('with an expired token', () => expect401(`Bearer ${signToken(TEST_SECRET, t.actor('leader', 'CATP-HP'), -10)}`, 'TOKEN_EXPIRED'));
    it('with a unit the directory does not know', () => expect401(t.bearer('leader', 'CATP-XX'), 'UNKNOWN_UNIT'));
    it('with garbage', () => expect401('Bearer not.a.jwt', 'TOKEN_INVALID'));
    it('before validation: an empty body without a token is 401, not 400', () => t.http().post('/api/v1/sessions').send({}).expect(401));
  });
});
