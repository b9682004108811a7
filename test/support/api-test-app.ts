import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { signToken } from '@app/auth';
import { loadConfig, type AppConfig, type Infrastructure } from '@app/config';
import type { Actor, Role } from '@app/eventstore';
import { startTestNodes } from '@app/testing';
import { createApp, type CreateAppOverrides } from '../../apps/api/src/app.factory';

export const TEST_SECRET = 'e2e-secret-e2e-secret-e2e-secret-e2e!';

export interface ApiTestApp {
  app: INestApplication;
  config: AppConfig;
  nodes: Infrastructure;
  http: () => ReturnType<typeof request>;
  /** Bearer header value for an actor of that role and unit (demo directory codes). */
  bearer: (role: Role, unit: string, name?: string) => string;
  actor: (role: Role, unit: string, name?: string) => Actor;
  close: () => Promise<void>;
}

/** The whole API on the embedded nodes (or real servers from EVENTSTORE_URL / MONGO_URL). */
export async function startApiTestApp(
  overrides: CreateAppOverrides & { nodes?: Infrastructure; env?: Record<string, string> } = {},
): Promise<ApiTestApp> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: TEST_SECRET, ...overrides.env });
  const nodes = overrides.nodes ?? (await startTestNodes());
  const app = await createApp(config, { ...nodes, eventstoreUrl: nodes.eventstoreUrl }, overrides);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const actor = (role: Role, unit: string, name = `Cán bộ ${role} ${unit}`): Actor => ({ id: `${role}:${unit}:${name}`, name, role, unit });
  return {
    app,
    config,
    nodes,
    http: () => request(app.getHttpServer()),
    actor,
    bearer: (role, unit, name) => `Bearer ${signToken(TEST_SECRET, actor(role, unit, name), '1h')}`,
    close: async () => {
      await app.close();
      if (!overrides.nodes) await nodes.stop();
    },
  };
}
