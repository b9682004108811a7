import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { LogLevel } from '@nestjs/common';
import type { AppConfig, Infrastructure } from '@app/config';
import { ApiModule, type ApiOptions } from './api.module';
import { correlationId } from './http/correlation-id.middleware';
import { BODY_LIMIT, jsonBodies } from './http/json-body';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { validationPipe } from './http/validation';
import { loadReferenceData } from './reference-data';

export const API_PREFIX = 'api/v1';
/** Probes and scrapers expect these at the root. */
export const UNPREFIXED_ROUTES = ['health', 'health/{*path}', 'metrics'];
export const DOCS_PATH = 'docs';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const nestLogLevels = (level: string): LogLevel[] | false => {
  if (level === 'silent') return false;
  const upTo = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4, trace: 5 }[level] ?? 3;
  return LEVELS.slice(0, upTo + 1);
};

export type CreateAppOverrides = Partial<Pick<ApiOptions, 'clock' | 'ids' | 'reference' | 'ownsInfrastructure'>>;

/**
 * The whole HTTP API on Fastify, configured but not listening: used by main.ts and by e2e tests,
 * which start it on embedded nodes. Call `app.listen()`, or `app.init()` and then
 * `app.getHttpAdapter().getInstance().ready()` before using `app.getHttpServer()`.
 */
export async function createApp(config: AppConfig, infra: Infrastructure, overrides: CreateAppOverrides = {}): Promise<NestFastifyApplication> {
  const reference = overrides.reference ?? loadReferenceData(config);
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot({ config, infra, reference, ...overrides }),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT, logger: false }),
    { logger: nestLogLevels(config.LOG_LEVEL), bodyParser: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', correlationId);
  jsonBodies(fastify);
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Công an lắng nghe ý kiến Nhân dân')
      .setDescription(
        'Theo dõi ý kiến, kiến nghị của Nhân dân tại các buổi lắng nghe: ghi nhận, giao xử lý, trả lời, trả lại, kết thúc. ' +
          'Every command returns {id, revision, position} and an ETag; send If-Match to make it conditional (412 on mismatch) and ' +
          'Idempotency-Key to retry safely. A change by someone else between load and append is 412 with If-Match, 409 without. ' +
          'Errors are application/problem+json with a stable code. Get a token with `npm run token -- --role leader --unit CATP-HP --name "..."`.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.Problem = {
    type: 'object',
    required: ['type', 'title', 'status', 'detail', 'code'],
    properties: {
      type: { type: 'string' },
      title: { type: 'string', description: 'Vietnamese' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      code: { type: 'string', example: 'OPINION_ALREADY_ASSIGNED' },
      errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, problems: { type: 'array', items: { type: 'string' } } } } },
      correlationId: { type: 'string' },
    },
  };
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}/openapi.json` });
  return app;
}
