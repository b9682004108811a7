import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CloseSessionCommand, type RequestContext, type WriteResult } from '@app/opinions';
import { UuidParam } from '../../http/uuid-param';
import { WriteEndpoint } from '../../http/write-endpoint.decorator';
import { WriteRequest } from '../../http/write-request.decorator';
import { written, type WrittenResponse } from '../../http/write-response';
import { CloseSessionRequest } from './close-session.request.dto';

@ApiTags('Buổi lắng nghe (sessions)')
@Controller('sessions')
export class CloseSessionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/close')
  @WriteEndpoint({ summary: 'Kết thúc buổi lắng nghe (close a session)', roles: ['secretary', 'leader'] })
  async close(
    @UuidParam() id: string,
    @Body() body: CloseSessionRequest,
    @WriteRequest() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<WrittenResponse> {
    const result = await this.commands.execute<CloseSessionCommand, WriteResult>(new CloseSessionCommand({ ...body, sessionId: id }, context));
    return written(response, result);
  }
}
