import { Controller, Get, Inject, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@app/auth';
import { Directory } from '@app/directory';
import type { Actor } from '@app/eventstore';
import { OpinionsQuery, viewerOf, type OpinionView, type Page } from '@app/read-models';
import { pageOf } from '../page.request.dto';
import { ReadYourWritesInterceptor } from '../read-your-writes.interceptor';
import { ListOpinionsRequestDto } from './list-opinions.request.dto';

@ApiTags('Ý kiến (opinions)')
@ApiBearerAuth()
@Controller('opinions')
@UseInterceptors(ReadYourWritesInterceptor)
export class ListOpinionsController {
  constructor(
    @Inject(OpinionsQuery) private readonly opinions: OpinionsQuery,
    @Inject(Directory) private readonly directory: Directory,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Danh sách ý kiến (mới ghi nhận trước), lọc theo trạng thái, đơn vị, lĩnh vực, buổi, quá hạn' })
  list(@Query() dto: ListOpinionsRequestDto, @CurrentActor() actor: Actor): Promise<Page<OpinionView>> {
    return this.opinions.list(viewerOf(actor, this.directory), {
      ...pageOf(dto),
      status: dto.status,
      department: dto.department,
      topic: dto.topic,
      sessionId: dto.session,
      overdue: dto.overdue,
    });
  }
}
