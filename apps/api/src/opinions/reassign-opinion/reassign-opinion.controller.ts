import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReassignOpinionCommand, type RequestContext, type WriteResult } from '@app/opinions';
import { UuidParam } from '../../http/uuid-param';
import { WriteEndpoint } from '../../http/write-endpoint.decorator';
import { WriteRequest } from '../../http/write-request.decorator';
import { written, type WrittenResponse } from '../../http/write-response';
import { ReassignOpinionRequest } from './reassign-opinion.request.dto';

@ApiTags('Ý kiến (opinions)')
@Controller('opinions')
export class ReassignOpinionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/reassign')
  @WriteEndpoint({ summary: 'Chuyển ý kiến sang đơn vị khác (reassign)', roles: ['leader'] })
  async reassign(
    @UuidParam() id: string,
    @Body() body: ReassignOpinionRequest,
    @WriteRequest() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<WrittenResponse> {
    const result = await this.commands.execute<ReassignOpinionCommand, WriteResult>(new ReassignOpinionCommand({ ...body, opinionId: id }, context));
    return written(response, result);
  }
}
