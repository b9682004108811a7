import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AssignOpinionCommand, type RequestContext, type WriteResult } from '@app/opinions';
import { UuidParam } from '../../http/uuid-param';
import { WriteEndpoint } from '../../http/write-endpoint.decorator';
import { WriteRequest } from '../../http/write-request.decorator';
import { written, type WrittenResponse } from '../../http/write-response';
import { AssignOpinionRequest } from './assign-opinion.request.dto';

@ApiTags('Ý kiến (opinions)')
@Controller('opinions')
export class AssignOpinionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/assign')
  @WriteEndpoint({ summary: 'Giao ý kiến cho đơn vị trả lời (assign)', roles: ['leader'] })
  async assign(
    @UuidParam() id: string,
    @Body() body: AssignOpinionRequest,
    @WriteRequest() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<WrittenResponse> {
    const result = await this.commands.execute<AssignOpinionCommand, WriteResult>(new AssignOpinionCommand({ ...body, opinionId: id }, context));
    return written(response, result);
  }
}
