import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '@app/auth';
import type { RequestContext } from '@app/opinions';
import { CORRELATION_KEY } from './correlation-id.middleware';
import { RequestValidationError } from './problem';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const ENTITY_TAG = /^(?:W\/)?"?(\d{1,19})"?$/;

/** `If-Match: "<revision>"` → expected revision; `*` or absent → unconditional. */
export function parseIfMatch(header: string | undefined): bigint | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = ENTITY_TAG.exec(header.trim());
  if (!match) throw new RequestValidationError('INVALID_IF_MATCH', 'If-Match must be a single entity tag such as "3" (the revision from ETag)');
  return BigInt(match[1]);
}

export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw new RequestValidationError('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1–200 visible ASCII characters');
  }
  return header;
}

/** A request header's value; a repeated header reads as its values joined by ", " (as Node joins most). */
export const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/** The command's request context: the authenticated actor plus correlation, idempotency and If-Match headers. */
export const WriteRequest = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<FastifyRequest & Record<string, unknown>>();
  const idempotencyKey = parseIdempotencyKey(header(request, 'idempotency-key'));
  const expectedRevision = parseIfMatch(header(request, 'if-match'));
  return {
    actor: actorOf(request),
    correlationId: request[CORRELATION_KEY] as string,
    ...(idempotencyKey !== undefined && { idempotencyKey }),
    ...(expectedRevision !== undefined && { expectedRevision }),
  };
});
