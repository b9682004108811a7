import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '@app/auth';
import type { Actor } from '@app/eventstore';
import { UuidParam } from '../../http/uuid-param';
import { OpinionHistoryQuery, type HistoryEntry } from './opinion-history.query';

@ApiTags('Ý kiến (opinions)')
@ApiBearerAuth()
@Controller('opinions')
export class OpinionHistoryController {
  constructor(private readonly query: OpinionHistoryQuery) {}

  @Get(':id/history')
  @Roles('leader', 'officer', 'auditor')
  @ApiOperation({
    summary: 'Lịch sử xử lý ý kiến (audit trail: who, what, when, in order)',
    description: 'Read straight from the stream. Citizens’ personal data is redacted for roles that may not see it.',
  })
  async history(
    @UuidParam() id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<{ opinionId: string; revision: string; status: string; personalDataRedacted: boolean; entries: HistoryEntry[] }> {
    const history = await this.query.history(id, actor);
    response.header('ETag', `"${history.revision}"`);
    return { ...history, revision: history.revision.toString() };
  }
}
