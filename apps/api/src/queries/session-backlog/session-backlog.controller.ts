import { Controller, Get, Inject, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@app/auth';
import { Directory } from '@app/directory';
import type { Actor } from '@app/eventstore';
import { OpinionsQuery, ReadModelNotFoundError, SessionsQuery, viewerOf, type OpinionView, type Page } from '@app/read-models';
import { UuidParam } from '../../http/uuid-param';
import { PageRequestDto, pageOf } from '../page.request.dto';
import { ReadYourWritesInterceptor } from '../read-your-writes.interceptor';

@ApiTags('Buổi lắng nghe (sessions)')
@ApiBearerAuth()
@Controller('sessions')
@UseInterceptors(ReadYourWritesInterceptor)
export class SessionBacklogController {
  constructor(
    @Inject(SessionsQuery) private readonly sessions: SessionsQuery,
    @Inject(OpinionsQuery) private readonly opinions: OpinionsQuery,
    @Inject(Directory) private readonly directory: Directory,
  ) {}

  @Get(':id/backlog')
  @ApiOperation({
    summary: 'Ý kiến chưa được trả lời của buổi lắng nghe: ai đang giữ, từ bao giờ, hạn trả lời',
    description: 'Raised or assigned (including answers returned for rework), by due date (not yet assigned first), with holder and age in days.',
  })
  async backlog(@UuidParam() id: string, @Query() dto: PageRequestDto, @CurrentActor() actor: Actor): Promise<Page<OpinionView>> {
    const viewer = viewerOf(actor, this.directory);
    if (!(await this.sessions.get(viewer, id))) throw new ReadModelNotFoundError('session', id);
    return this.opinions.backlog(viewer, id, pageOf(dto));
  }
}
