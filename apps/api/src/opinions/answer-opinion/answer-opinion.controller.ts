import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AnswerOpinionCommand, type RequestContext, type WriteResult } from '@app/opinions';
import { UuidParam } from '../../http/uuid-param';
import { WriteEndpoint } from '../../http/write-endpoint.decorator';
import { WriteRequest } from '../../http/write-request.decorator';
import { written, type WrittenResponse } from '../../http/write-response';
import { AnswerOpinionRequest } from './answer-opinion.request.dto';

@ApiTags('Ý kiến (opinions)')
@Controller('opinions')
export class AnswerOpinionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/answer')
  @WriteEndpoint({ summary: 'Trả lời ý kiến: trực tiếp tại buổi lắng nghe hoặc bởi đơn vị được giao (answer)', roles: ['leader', 'officer'] })
  async answer(
    @UuidParam() id: string,
    @Body() body: AnswerOpinionRequest,
    @WriteRequest() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<WrittenResponse> {
    const result = await this.commands.execute<AnswerOpinionCommand, WriteResult>(new AnswerOpinionCommand({ ...body, opinionId: id }, context));
    return written(response, result);
  }
}
