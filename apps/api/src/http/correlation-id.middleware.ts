import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { PayloadTooLargeError, RequestValidationError } from './problem';

export const CORRELATION_KEY = 'correlationId';
const SAFE = /^[A-Za-z0-9._:@-]{1,128}$/;

/**
 * Every request gets a correlation id: the caller's `X-Correlation-Id` when it is a safe token,
 * a new UUID otherwise. It is echoed back and stamped on every event the request writes.
 */
export function correlationId(request: Request & Record<string, unknown>, response: Response, next: NextFunction): void {
  const given = request.header('x-correlation-id');
  const id = given && SAFE.test(given) ? given : randomUUID();
  request[CORRELATION_KEY] = id;
  response.setHeader('X-Correlation-Id', id);
  next();
}

/** Body-parser failures become problems with their own codes before Nest turns them into a bare 400. */
export function bodyParserErrors(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  const type = (error as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return next(new RequestValidationError('MALFORMED_JSON', 'Request body is not valid JSON'));
  if (type === 'entity.too.large') return next(new PayloadTooLargeError());
  next(error);
}
