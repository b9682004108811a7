import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessDeniedError, CurrentActor } from '@app/auth';
import { Directory } from '@app/directory';
import type { Actor } from '@app/eventstore';
import { OpinionsQuery, inScope, viewerOf, type OpinionView, type Page } from '@app/read-models';
import { RequestValidationError } from '../../http/problem';
import { UNIT_CODE } from '../../http/dto-rules';
import { PageRequestDto, pageOf } from '../page.request.dto';
import { ReadYourWritesInterceptor } from '../read-your-writes.interceptor';

@ApiTags('Đơn vị (departments)')
@ApiBearerAuth()
@Controller('departments')
@UseInterceptors(ReadYourWritesInterceptor)
export class DepartmentQueueController {
  constructor(
    @Inject(OpinionsQuery) private readonly opinions: OpinionsQuery,
    @Inject(Directory) private readonly directory: Directory,
  ) {}

  @Get(':code/queue')
  @ApiOperation({ summary: 'Ý kiến đơn vị đang phải trả lời, theo hạn trả lời', description: 'Officers see only their own unit’s queue.' })
  queue(@Param('code') code: string, @Query() dto: PageRequestDto, @CurrentActor() actor: Actor): Promise<Page<OpinionView>> {
    if (!UNIT_CODE.test(code)) throw new RequestValidationError('INVALID_UNIT_CODE', 'code must be a unit code', [{ field: 'code', problems: ['must be a unit code'] }]);
    const viewer = viewerOf(actor, this.directory);
    if (!inScope(viewer, code)) throw new AccessDeniedError(`${actor.role} of ${actor.unit} may not read the queue of ${code}`);
    return this.opinions.queue(viewer, code, pageOf(dto));
  }
}
