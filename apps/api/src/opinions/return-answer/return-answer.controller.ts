import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReturnAnswerCommand, type RequestContext, type WriteResult } from '@app/opinions';
import { UuidParam } from '../../http/uuid-param';
import { WriteEndpoint } from '../../http/write-endpoint.decorator';
import { WriteRequest } from '../../http/write-request.decorator';
import { written, type WrittenResponse } from '../../http/write-response';
import { ReturnAnswerRequest } from './return-answer.request.dto';

@ApiTags('Ý kiến (opinions)')
@Controller('opinions')
export class ReturnAnswerController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/return')
  @WriteEndpoint({ summary: 'Trả lại câu trả lời để làm lại (return an answer)', roles: ['leader'] })
  async returnAnswer(
    @UuidParam() id: string,
    @Body() body: ReturnAnswerRequest,
    @WriteRequest() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<WrittenResponse> {
    const result = await this.commands.execute<ReturnAnswerCommand, WriteResult>(new ReturnAnswerCommand({ ...body, opinionId: id }, context));
    return written(response, result);
  }
}
