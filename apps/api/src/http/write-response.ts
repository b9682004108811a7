import { ApiProperty } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { WriteResult } from '@app/opinions';

/** Body of every successful command: the aggregate, its new stream revision and the `$all` position (strings: 64-bit). */
export class WrittenResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: '3', description: 'New revision of the stream; send it back as If-Match' })
  revision!: string;
  @ApiProperty({ example: '18446', description: 'Commit position in $all; read models that reached it include this change' })
  position!: string;
}

/** Sets `ETag` (and `Idempotent-Replayed` on a retry) and renders the result. */
export function written(reply: FastifyReply, result: WriteResult, location?: string): WrittenResponse {
  reply.header('ETag', `"${result.revision}"`);
  if (result.replayed) reply.header('Idempotent-Replayed', 'true');
  if (location) reply.header('Location', location);
  return { id: result.id, revision: result.revision.toString(), position: result.position.toString() };
}
