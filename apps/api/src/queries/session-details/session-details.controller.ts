import { Controller, Get, Inject, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@app/auth';
import { Directory } from '@app/directory';
import type { Actor } from '@app/eventstore';
import { ReadModelNotFoundError, SessionsQuery, viewerOf, type SessionView } from '@app/read-models';
import { UuidParam } from '../../http/uuid-param';
import { FreshnessRequestDto } from '../page.request.dto';
import { ReadYourWritesInterceptor } from '../read-your-writes.interceptor';

@ApiTags('Buổi lắng nghe (sessions)')
@ApiBearerAuth()
@Controller('sessions')
@UseInterceptors(ReadYourWritesInterceptor)
export class SessionDetailsController {
  constructor(
    @Inject(SessionsQuery) private readonly sessions: SessionsQuery,
    @Inject(Directory) private readonly directory: Directory,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'Thông tin buổi lắng nghe và số ý kiến theo trạng thái' })
  async get(@UuidParam() id: string, @Query() _dto: FreshnessRequestDto, @CurrentActor() actor: Actor): Promise<SessionView> {
    const session = await this.sessions.get(viewerOf(actor, this.directory), id);
    if (!session) throw new ReadModelNotFoundError('session', id);
    return session;
  }
}
