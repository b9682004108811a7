import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HoldSessionCommand, type RequestContext, type WriteResult } from '@app/opinions';
import { UuidParam } from '../../http/uuid-param';
import { WriteEndpoint } from '../../http/write-endpoint.decorator';
import { WriteRequest } from '../../http/write-request.decorator';
import { written, type WrittenResponse } from '../../http/write-response';
import { HoldSessionRequest } from './hold-session.request.dto';

@ApiTags('Buổi lắng nghe (sessions)')
@Controller('sessions')
export class HoldSessionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/hold')
  @WriteEndpoint({ summary: 'Ghi nhận buổi lắng nghe đã diễn ra (record a session as held)', roles: ['secretary', 'leader'] })
  async hold(
    @UuidParam() id: string,
    @Body() body: HoldSessionRequest,
    @WriteRequest() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<WrittenResponse> {
    const result = await this.commands.execute<HoldSessionCommand, WriteResult>(new HoldSessionCommand({ ...body, sessionId: id }, context));
    return written(response, result);
  }
}
