import { applyDecorators, HttpCode, HttpStatus } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { Role } from '@app/eventstore';
import { Roles } from '@app/auth';
import { WrittenResponse } from './write-response';

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** Common OpenAPI description and role check of a command endpoint. */
export function WriteEndpoint(options: { summary: string; roles: Role[]; created?: boolean; conditional?: boolean }) {
  const status = options.created ? HttpStatus.CREATED : HttpStatus.OK;
  return applyDecorators(
    Roles(...options.roles),
    HttpCode(status),
    ApiBearerAuth(),
    ApiOperation({ summary: options.summary, description: `Roles: ${options.roles.join(', ')}` }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key (per caller) → same result, no duplicate events' }),
    ApiHeader({ name: 'X-Correlation-Id', required: false }),
    ...(options.conditional !== false && !options.created
      ? [ApiHeader({ name: 'If-Match', required: false, description: 'ETag from a previous response; 412 if the stream moved on' })]
      : []),
    ApiResponse({ status, type: WrittenResponse, description: 'ETag header carries the new revision' }),
    ApiResponse({ status: 400, description: 'Invalid request (VALIDATION_FAILED, domain "invalid")', content: PROBLEM }),
    ApiResponse({ status: 401, description: 'No or bad bearer token', content: PROBLEM }),
    ApiResponse({ status: 403, description: 'Role or unit may not do this', content: PROBLEM }),
    ApiResponse({ status: 404, description: 'Unknown id', content: PROBLEM }),
    ApiResponse({ status: 409, description: 'Illegal transition, or lost a race without If-Match (CONCURRENT_MODIFICATION)', content: PROBLEM }),
    ApiResponse({ status: 412, description: 'If-Match does not match the current revision (REVISION_MISMATCH)', content: PROBLEM }),
    ApiResponse({ status: 422, description: 'Idempotency-Key reused with a different request', content: PROBLEM }),
    ApiResponse({ status: 503, description: 'EventStoreDB unreachable; nothing written', content: PROBLEM }),
  );
}
