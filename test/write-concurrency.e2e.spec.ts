import { EventStore } from '@app/eventstore';
import { opinionStream, sessionStream } from '@app/opinions';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { givenOpinion, heldSession, opinionBody, givenHeldSession } from './support/fixtures';

describe('idempotency and optimistic concurrency', () => {
  let t: ApiTestApp;
  let store: EventStore;
  beforeAll(async () => {
    t = await startApiTestApp();
    store = t.app.get(EventStore);
  });
  afterAll(() => t?.close());

  const leader = () => t.bearer('leader', 'CATP-HP');
  const secretary = () => t.bearer('secretary', 'CATP-HP-KA');
  const auth = () => ({ secretary: secretary(), leader: leader() });
  const events = async (stream: string) => {
    const out = [];
    for await (const e of store.readStream(stream)) out.push(e);
    return out;
  };

  describe('Idempotency-Key', () => {
    it('a retried creation returns the same id, revision and position and writes one event', async () => {
      const send = () => t.http().post('/api/v1/sessions').set('Authorization', secretary()).set('Idempotency-Key', 'create-ttn-2024').send(heldSession.schedule);
      const first = await send().expect(201);
      const retry = await send().expect(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe('"0"');
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await events(sessionStream(first.body.id))).toHaveLength(1);
    });

    it('a retried update after other changes still returns its original revision', async () => {
      const id = await givenOpinion(t.http, auth());
      const assign = () => t.http().post(`/api/v1/opinions/${id}/assign`).set('Authorization', leader()).set('Idempotency-Key', 'assign-1').send({ department: 'CATP-HP-PC06' });
      const first = await assign().expect(200);
      await t.http().post(`/api/v1/opinions/${id}/reassign`).set('Authorization', leader()).send({ to: 'CATP-HP-PC08', reason: 'Đúng thẩm quyền.' }).expect(200);
      const retry = await assign().expect(200);
      expect(retry.body).toEqual(first.body);
      expect((await events(opinionStream(id))).map((e) => e.type)).toEqual(['OpinionRaised', 'OpinionAssigned', 'OpinionReassigned']);
    });

    it('concurrent retries of the same request write once', async () => {
      const sessionId = await givenHeldSession(t.http, secretary());
      const send = () =>
        t.http().post(`/api/v1/sessions/${sessionId}/opinions`).set('Authorization', secretary()).set('Idempotency-Key', 'raise-concurrently').send(opinionBody());
      const results = await Promise.all([send(), send(), send(), send()]);
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect(await events(opinionStream(results[0].body.id))).toHaveLength(1);
    });

    it('the same key with a different body is 422 IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
      const id = await givenOpinion(t.http, auth());
      await t.http().post(`/api/v1/opinions/${id}/assign`).set('Authorization', leader()).set('Idempotency-Key', 'k-1').send({ department: 'CATP-HP-PC06' }).expect(200);
      const res = await t.http().post(`/api/v1/opinions/${id}/assign`).set('Authorization', leader()).set('Idempotency-Key', 'k-1').send({ department: 'CATP-HP-PC08' }).expect(422);
      expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
      expect(await events(opinionStream(id))).toHaveLength(2);
    });

    it('keys are per caller: another leader with the same key is a new request', async () => {
      const sessionId = await givenHeldSession(t.http, secretary());
      const a = await t.http().post(`/api/v1/sessions/${sessionId}/opinions`).set('Authorization', secretary()).set('Idempotency-Key', 'shared').send(opinionBody()).expect(201);
      const b = await t.http().post(`/api/v1/sessions/${sessionId}/opinions`).set('Authorization', t.bearer('secretary', 'CATP-HP-KA', 'Người khác')).set('Idempotency-Key', 'shared').send(opinionBody()).expect(201);
      expect(b.body.id).not.toBe(a.body.id);
    });
  });

  describe('If-Match and conflicting commands', () => {
    it('If-Match with the current ETag applies; a stale one is 412 REVISION_MISMATCH and writes nothing', async () => {
      const id = await givenOpinion(t.http, auth());
      const assigned = await t.http().post(`/api/v1/opinions/${id}/assign`).set('Authorization', leader()).set('If-Match', '"0"').send({ department: 'CATP-HP-PC06' }).expect(200);
      expect(assigned.headers.etag).toBe('"1"');
      const stale = await t.http().post(`/api/v1/opinions/${id}/reassign`).set('Authorization', leader()).set('If-Match', '"0"').send({ to: 'CATP-HP-PC08', reason: 'x' }).expect(412);
      expect(stale.body).toMatchObject({ code: 'REVISION_MISMATCH', status: 412 });
      expect(await events(opinionStream(id))).toHaveLength(2);
    });

    it('a malformed If-Match is 400', async () => {
      const id = await givenOpinion(t.http, auth());
      const res = await t.http().post(`/api/v1/opinions/${id}/assign`).set('Authorization', leader()).set('If-Match', 'yesterday').send({ department: 'CATP-HP-PC06' }).expect(400);
      expect(res.body.code).toBe('INVALID_IF_MATCH');
    });

    it('two leaders assigning the same opinion at once: one wins, the other gets 409/412, one assignment in the stream', async () => {
      for (let round = 0; round < 5; round++) {
        const id = await givenOpinion(t.http, auth());
        const [a, b] = await Promise.all([
          t.http().post(`/api/v1/opinions/${id}/assign`).set('Authorization', leader()).send({ department: 'CATP-HP-PC06' }),
          t.http().post(`/api/v1/opinions/${id}/assign`).set('Authorization', t.bearer('leader', 'CATP-HP', 'Lãnh đạo khác')).send({ department: 'CATP-HP-PC08' }),
        ]);
        const statuses = [a.status, b.status].sort();
        expect(statuses[0]).toBe(200);
        // The loser either lost the append race (409 CONCURRENT_MODIFICATION) or loaded after the winner (409 OPINION_ALREADY_ASSIGNED).
        expect(statuses[1]).toBe(409);
        const loser = a.status === 200 ? b : a;
        expect(['CONCURRENT_MODIFICATION', 'OPINION_ALREADY_ASSIGNED']).toContain(loser.body.code);
        const stream = await events(opinionStream(id));
        expect(stream.map((e) => e.type)).toEqual(['OpinionRaised', 'OpinionAssigned']);
        expect(stream.map((e) => e.revision)).toEqual([0n, 1n]);
      }
    });

    it('two conditional commands on the same revision: exactly one applies, the other is 412', async () => {
      const id = await givenOpinion(t.http, auth(), { assignTo: 'CATP-HP-PC06' });
      const [a, b] = await Promise.all([
        t.http().post(`/api/v1/opinions/${id}/answer`).set('Authorization', t.bearer('officer', 'CATP-HP-PC06')).set('If-Match', '"1"').send({ content: 'Trả lời A' }),
        t.http().post(`/api/v1/opinions/${id}/reassign`).set('Authorization', leader()).set('If-Match', '"1"').send({ to: 'CATP-HP-PC08', reason: 'Chuyển' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      expect(await events(opinionStream(id))).toHaveLength(3);
    });
  });
});
