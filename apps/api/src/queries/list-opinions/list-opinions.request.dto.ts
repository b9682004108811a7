import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { TOPICS } from '@app/opinions';
import { OPINION_STATUSES, type OpinionStatus } from '@app/read-models';
import { UNIT_CODE } from '../../http/dto-rules';
import { booleanParam } from '../list-sessions/list-sessions.request.dto';
import { PageRequestDto } from '../page.request.dto';

export class ListOpinionsRequestDto extends PageRequestDto {
  @IsOptional()
  @IsIn(OPINION_STATUSES)
  @ApiPropertyOptional({ enum: OPINION_STATUSES })
  status?: OpinionStatus;

  @IsOptional()
  @Matches(UNIT_CODE)
  @ApiPropertyOptional({ description: 'Department the opinion is assigned to' })
  department?: string;

  @IsOptional()
  @IsIn(TOPICS)
  @ApiPropertyOptional({ enum: TOPICS })
  topic?: string;

  @IsOptional()
  @IsUUID()
  @ApiPropertyOptional()
  session?: string;

  @IsOptional()
  @Transform(booleanParam)
  @IsBoolean()
  @ApiPropertyOptional({ description: 'Lacking a response past its due date (Vietnam date, today)' })
  overdue?: boolean;
}
