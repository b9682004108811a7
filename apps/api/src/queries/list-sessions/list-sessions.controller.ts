import { Controller, Get, Inject, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@app/auth';
import { Directory } from '@app/directory';
import type { Actor } from '@app/eventstore';
import { SessionsQuery, viewerOf, type Page, type SessionView } from '@app/read-models';
import { pageOf } from '../page.request.dto';
import { ReadYourWritesInterceptor } from '../read-your-writes.interceptor';
import { ListSessionsRequestDto } from './list-sessions.request.dto';

@ApiTags('Buổi lắng nghe (sessions)')
@ApiBearerAuth()
@Controller('sessions')
@UseInterceptors(ReadYourWritesInterceptor)
export class ListSessionsController {
  constructor(
    @Inject(SessionsQuery) private readonly sessions: SessionsQuery,
    @Inject(Directory) private readonly directory: Directory,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Danh sách buổi lắng nghe với số ý kiến theo trạng thái, chưa trả lời và quá hạn' })
  list(@Query() dto: ListSessionsRequestDto, @CurrentActor() actor: Actor): Promise<Page<SessionView>> {
    return this.sessions.list(viewerOf(actor, this.directory), { ...pageOf(dto), unit: dto.unit, province: dto.province, from: dto.from, to: dto.to, hasBacklog: dto.hasBacklog });
  }
}
