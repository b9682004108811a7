import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ResolveOpinionCommand, type RequestContext, type WriteResult } from '@app/opinions';
import { UuidParam } from '../../http/uuid-param';
import { WriteEndpoint } from '../../http/write-endpoint.decorator';
import { WriteRequest } from '../../http/write-request.decorator';
import { written, type WrittenResponse } from '../../http/write-response';
import { ResolveOpinionRequest } from './resolve-opinion.request.dto';

@ApiTags('Ý kiến (opinions)')
@Controller('opinions')
export class ResolveOpinionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/resolve')
  @WriteEndpoint({ summary: 'Kết thúc xử lý ý kiến (resolve)', roles: ['leader'] })
  async resolve(
    @UuidParam() id: string,
    @Body() body: ResolveOpinionRequest,
    @WriteRequest() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<WrittenResponse> {
    const result = await this.commands.execute<ResolveOpinionCommand, WriteResult>(new ResolveOpinionCommand({ ...body, opinionId: id }, context));
    return written(response, result);
  }
}
