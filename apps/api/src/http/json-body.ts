import type { FastifyInstance } from 'fastify';
import { RequestValidationError } from './problem';

/** Request bodies are JSON objects or arrays of at most this many bytes (413 PAYLOAD_TOO_LARGE beyond). */
export const BODY_LIMIT = 64 * 1024;

/**
 * The only body parser: `application/json`, parsed with Fastify's prototype-poisoning
 * checks. A body that is not JSON, or is a bare string or number, is 400 MALFORMED_JSON; an empty
 * one is `{}`; other content types are 415 UNSUPPORTED_MEDIA_TYPE.
 */
export function jsonBodies(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (request, body, done) => {
    if ((body as string).length === 0) return done(null, {});
    parse(request, body as string, (error, value) => {
      if (error || typeof value !== 'object' || value === null) {
        done(new RequestValidationError('MALFORMED_JSON', 'Request body is not valid JSON'), undefined);
      } else done(null, value);
    });
  });
}
