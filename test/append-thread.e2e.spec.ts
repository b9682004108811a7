import type { Worker } from 'node:worker_threads';
import { AppendThread, EventStore } from '@app/eventstore';
import { eventually } from '@app/testing';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { heldSession } from './support/fixtures';

/** The API appends through its append thread (APPEND_THREAD defaults to true). */
describe('the API with its append thread', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('appends commands through the thread; if the thread dies, commands fail with 503 problem+json and /health says why until a new thread takes over; the app still closes', async () => {
    const secretary = t.bearer('secretary', 'CATP-HP-KA');
    const thread = t.app.get(AppendThread, { strict: false });
    expect(thread).toBeInstanceOf(AppendThread);
    const created = await t.http().post('/api/v1/sessions').set('Authorization', secretary).send(heldSession.schedule);
    expect(created.status).toBe(201);
    expect(t.app.get(EventStore).appendFailure).toBeUndefined();

    await (thread as unknown as { worker: Worker }).worker.terminate();
    const refused = await t.http().post('/api/v1/sessions').set('Authorization', secretary).set('Idempotency-Key', 'retry-after-crash').send(heldSession.schedule);
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toMatchObject({ code: 'APPEND_INTERRUPTED', detail: expect.stringMatching(/append thread exited.*same Idempotency-Key/) });
    const health = await t.http().get('/health');
    expect(health.status).toBe(503);
    expect(health.body.details.eventstore).toMatchObject({ status: 'down', message: expect.stringMatching(/append thread exited/) });

    await eventually(() => t.app.get(EventStore).appendFailure === undefined);
    const retried = await t.http().post('/api/v1/sessions').set('Authorization', secretary).set('Idempotency-Key', 'retry-after-crash').send(heldSession.schedule);
    expect(retried.status).toBe(201);
    expect((await t.http().get('/health')).status).toBe(200);

    await t.app.close();
    await t.nodes.stop();
    t = undefined as unknown as ApiTestApp;
  });
});

describe('the API with APPEND_THREAD=false', () => {
  it('appends on the main thread client: no append thread is started', async () => {
    const t = await startApiTestApp({ env: { APPEND_THREAD: 'false' } });
    try {
      expect(t.app.get(AppendThread, { strict: false })).toBeNull();
      const created = await t.http().post('/api/v1/sessions').set('Authorization', t.bearer('secretary', 'CATP-HP-KA')).send(heldSession.schedule);
      expect(created.status).toBe(201);
    } finally {
      await t.close();
    }
  });
});
