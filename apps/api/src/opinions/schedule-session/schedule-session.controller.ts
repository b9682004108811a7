import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ScheduleSessionCommand, type RequestContext, type WriteResult } from '@app/opinions';
import { WriteEndpoint } from '../../http/write-endpoint.decorator';
import { WriteRequest } from '../../http/write-request.decorator';
import { written, type WrittenResponse } from '../../http/write-response';
import { ScheduleSessionRequest } from './schedule-session.request.dto';

@ApiTags('Buổi lắng nghe (sessions)')
@Controller('sessions')
export class ScheduleSessionController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @WriteEndpoint({ summary: 'Lên lịch buổi lắng nghe ý kiến (schedule a session)', roles: ['secretary', 'leader'], created: true })
  async schedule(
    @Body() body: ScheduleSessionRequest,
    @WriteRequest() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<WrittenResponse> {
    const { locality, coOrganisers = [], ...rest } = body;
    const result = await this.commands.execute<ScheduleSessionCommand, WriteResult>(
      new ScheduleSessionCommand({ ...rest, coOrganisers, locality: { ...locality } }, context),
    );
    return written(response, result, `/api/v1/sessions/${result.id}`);
  }
}
