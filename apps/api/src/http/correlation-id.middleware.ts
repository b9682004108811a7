import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CORRELATION_KEY = 'correlationId';
const SAFE = /^[A-Za-z0-9._:@-]{1,128}$/;

/**
 * Every request gets a correlation id: the caller's `X-Correlation-Id` when it is a safe token,
 * a new UUID otherwise. It is echoed back and stamped on every event the request writes.
 * A Fastify `onRequest` hook, so it runs before body parsing and its failures.
 */
export function correlationId(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const given = request.headers['x-correlation-id'];
  const id = typeof given === 'string' && SAFE.test(given) ? given : randomUUID();
  (request as unknown as Record<string, unknown>)[CORRELATION_KEY] = id;
  reply.header('X-Correlation-Id', id);
  done();
}
