import { Controller, Get, Inject, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@app/auth';
import { Directory } from '@app/directory';
import type { Actor } from '@app/eventstore';
import { AuditQuery, SessionsQuery, viewerOf, type AuditEntryView, type Page } from '@app/read-models';
import { pageOf } from '../page.request.dto';
import { ReadYourWritesInterceptor } from '../read-your-writes.interceptor';
import { AuditLogRequestDto } from './audit-log.request.dto';

/** Start of a Vietnam date (UTC+7) as a UTC instant, comparable with `recordedAt`. */
const vietnamDayStart = (date: string, plusDays = 0): string => new Date(Date.parse(`${date}T00:00:00+07:00`) + plusDays * 86_400_000).toISOString();

@ApiTags('Nhật ký (audit)')
@ApiBearerAuth()
@Controller('audit')
@UseInterceptors(ReadYourWritesInterceptor)
export class AuditLogController {
  constructor(
    @Inject(AuditQuery) private readonly audit: AuditQuery,
    @Inject(SessionsQuery) private readonly sessions: SessionsQuery,
    @Inject(Directory) private readonly directory: Directory,
  ) {}

  @Get()
  @Roles('leader', 'auditor')
  @ApiOperation({
    summary: 'Nhật ký mọi thao tác: ai, khi nào, làm gì, theo thứ tự',
    description: 'Newest first. Leaders see actions of their subtree and on sessions it organised; auditors everything. No citizen data.',
  })
  list(@Query() dto: AuditLogRequestDto, @CurrentActor() actor: Actor): Promise<Page<AuditEntryView>> {
    const viewer = viewerOf(actor, this.directory);
    return this.audit.list(
      viewer,
      {
        ...pageOf(dto),
        actor: dto.actor,
        unit: dto.unit,
        action: dto.action,
        from: dto.from && vietnamDayStart(dto.from),
        to: dto.to && vietnamDayStart(dto.to, 1),
      },
      () => this.sessions.idsOrganisedBy(viewer.units === 'all' ? [] : viewer.units),
    );
  }
}
