import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import { ReadModelFreshness, parsePosition } from '@app/read-models';
import { RequestValidationError } from '../http/problem';
import { header } from '../http/write-request.decorator';
import { READ_YOUR_WRITES_TIMEOUT_MS } from './read-side.tokens';

/**
 * Read-your-writes for queries: `?minPosition=` or `X-Min-Position:` (the `position` a command
 * returned) holds the request until every read model has applied that position. After
 * READ_YOUR_WRITES_TIMEOUT_MS the answer is 503 with Retry-After (READ_MODEL_STALE), never stale
 * data presented as fresh. Responses carry `X-Read-Position`, the position the read models had reached.
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(@Inject(ReadModelFreshness) private readonly freshness: ReadModelFreshness) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest<{ Querystring: { minPosition?: string } }>>();
    const reply = http.getResponse<FastifyReply>();
    const raw = request.query?.minPosition ?? header(request, 'x-min-position');
    const wanted = raw === undefined ? undefined : parsePosition(raw);
    if (raw !== undefined && wanted === undefined) {
      throw new RequestValidationError('INVALID_MIN_POSITION', 'minPosition must be a decimal $all position', [{ field: 'minPosition', problems: ['must be digits'] }]);
    }
    const ready = async () => {
      if (wanted !== undefined) await this.freshness.require(wanted, READ_YOUR_WRITES_TIMEOUT_MS);
      const reached = await this.freshness.position();
      if (reached !== undefined) reply.header('X-Read-Position', reached.toString());
    };
    return from(ready()).pipe(switchMap(() => next.handle()));
  }
}
