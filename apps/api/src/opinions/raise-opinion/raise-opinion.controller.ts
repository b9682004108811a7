import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RaiseOpinionCommand, type Citizen, type RequestContext, type WriteResult } from '@app/opinions';
import { RequestValidationError } from '../../http/problem';
import { UuidParam } from '../../http/uuid-param';
import { WriteEndpoint } from '../../http/write-endpoint.decorator';
import { WriteRequest } from '../../http/write-request.decorator';
import { written, type WrittenResponse } from '../../http/write-response';
import { RaiseOpinionRequest, type CitizenDto } from './raise-opinion.request.dto';

/** An anonymous citizen carries no personal data at all; a named one carries only what was given. */
function toCitizen({ anonymous, name, residentialGroup, contact }: CitizenDto): Citizen {
  if (anonymous) {
    if (name !== undefined || residentialGroup !== undefined || contact !== undefined) {
      throw new RequestValidationError('VALIDATION_FAILED', 'An anonymous citizen has no name, residential group or contact', [
        { field: 'citizen', problems: ['anonymous citizen must not carry personal data'] },
      ]);
    }
    return { anonymous: true };
  }
  return { anonymous: false, name: name!, ...(residentialGroup && { residentialGroup }), ...(contact && { contact }) };
}

@ApiTags('Ý kiến (opinions)')
@Controller('sessions')
export class RaiseOpinionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/opinions')
  @WriteEndpoint({ summary: 'Ghi nhận ý kiến, kiến nghị của Nhân dân (raise an opinion)', roles: ['secretary', 'leader'], created: true })
  async raise(
    @UuidParam() sessionId: string,
    @Body() body: RaiseOpinionRequest,
    @WriteRequest() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<WrittenResponse> {
    const { citizen, ...rest } = body;
    const result = await this.commands.execute<RaiseOpinionCommand, WriteResult>(
      new RaiseOpinionCommand({ ...rest, sessionId, citizen: toCitizen(citizen) }, context),
    );
    return written(response, result, `/api/v1/opinions/${result.id}`);
  }
}
