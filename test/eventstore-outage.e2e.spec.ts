import { startEmbeddedEventStore, type EmbeddedEventStore } from '@app/embedded-eventstore';
import type { Infrastructure } from '@app/config';
import { EventStore } from '@app/eventstore';
import { opinionStream } from '@app/opinions';
import { startTestNodes } from '@app/testing';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { givenOpinion, heldSession } from './support/fixtures';

/** The API on an embedded node this test can stop and restart (same data directory). */
describe('EventStoreDB unreachable', () => {
  let nodes: Infrastructure;
  let node: EmbeddedEventStore;
  let dataDir: string;
  let t: ApiTestApp;

  beforeAll(async () => {
    const { mkdtemp } = await import('node:fs/promises');
    dataDir = await mkdtemp(`${require('node:os').tmpdir()}/lang-nghe-outage-`);
    nodes = await startTestNodes();
    node = await startEmbeddedEventStore({ port: 0, dataDir });
    t = await startApiTestApp({ nodes: { ...nodes, eventstoreUrl: node.connectionString } });
  });
  afterAll(async () => {
    await t?.close();
    await node?.stop();
    await nodes?.stop();
    await require('node:fs/promises').rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 problem+json while the node is down, writes nothing partial, and recovers', async () => {
    const leader = t.bearer('leader', 'CATP-HP');
    const id = await givenOpinion(t.http, { secretary: t.bearer('secretary', 'CATP-HP-KA'), leader });
    const port = node.port;
    await node.stop();

    const assign = await t.http().post(`/api/v1/opinions/${id}/assign`).set('Authorization', leader).set('Idempotency-Key', 'during-outage').send({ department: 'CATP-HP-PC06' });
    expect(assign.status).toBe(503);
    expect(assign.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(assign.headers['retry-after']).toBeDefined();
    expect(assign.body).toMatchObject({ status: 503, code: 'EVENTSTORE_UNAVAILABLE', title: expect.any(String) });
    const create = await t.http().post('/api/v1/sessions').set('Authorization', t.bearer('secretary', 'CATP-HP-KA')).send(heldSession.schedule);
    expect(create.status).toBe(503);
    const read = await t.http().get(`/api/v1/opinions/${id}/history`).set('Authorization', leader);
    expect(read.status).toBe(503);
    const health = await t.http().get('/health');
    expect(health.status).toBe(503);
    expect(health.body.details.eventstore.status).toBe('down');

    node = await startEmbeddedEventStore({ port, dataDir });
    const store = t.app.get(EventStore);
    let types: string[] = [];
    // The client reconnects on its own; the first calls after a restart may still see the old channel fail.
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        types = [];
        for await (const e of store.readStream(opinionStream(id))) types.push(e.type);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(types).toEqual(['OpinionRaised']);

    const retried = await t.http().post(`/api/v1/opinions/${id}/assign`).set('Authorization', leader).set('Idempotency-Key', 'during-outage').send({ department: 'CATP-HP-PC06' }).expect(200);
    expect(retried.body.revision).toBe('1');
  });
});
