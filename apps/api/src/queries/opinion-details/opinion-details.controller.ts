import { Controller, Get, Inject, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@app/auth';
import { Directory } from '@app/directory';
import type { Actor } from '@app/eventstore';
import { OpinionsQuery, ReadModelNotFoundError, viewerOf, type OpinionView } from '@app/read-models';
import { UuidParam } from '../../http/uuid-param';
import { FreshnessRequestDto } from '../page.request.dto';
import { ReadYourWritesInterceptor } from '../read-your-writes.interceptor';

@ApiTags('Ý kiến (opinions)')
@ApiBearerAuth()
@Controller('opinions')
@UseInterceptors(ReadYourWritesInterceptor)
export class OpinionDetailsController {
  constructor(
    @Inject(OpinionsQuery) private readonly opinions: OpinionsQuery,
    @Inject(Directory) private readonly directory: Directory,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'Chi tiết ý kiến: trạng thái, đơn vị đang giữ, hạn, các lần trả lời, trả lại, giao lại' })
  async get(@UuidParam() id: string, @Query() _dto: FreshnessRequestDto, @CurrentActor() actor: Actor): Promise<OpinionView> {
    const opinion = await this.opinions.get(viewerOf(actor, this.directory), id);
    if (!opinion) throw new ReadModelNotFoundError('opinion', id);
    return opinion;
  }
}
