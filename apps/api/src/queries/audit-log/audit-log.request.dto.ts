import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { OPINION_EVENT_TYPES, SESSION_EVENT_TYPES } from '@app/opinions';
import { UNIT_CODE } from '../../http/dto-rules';
import { PageRequestDto } from '../page.request.dto';

export const AUDIT_ACTIONS = [...SESSION_EVENT_TYPES, ...OPINION_EVENT_TYPES];

export class AuditLogRequestDto extends PageRequestDto {
  @IsOptional()
  @IsString()
  @MaxLength(128)
  @ApiPropertyOptional({ description: 'Actor id (token subject)' })
  actor?: string;

  @IsOptional()
  @Matches(UNIT_CODE)
  @ApiPropertyOptional({ description: 'Acting unit' })
  unit?: string;

  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  action?: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @ApiPropertyOptional({ description: 'Recorded on or after this Vietnam date' })
  from?: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @ApiPropertyOptional({ description: 'Recorded on or before this Vietnam date' })
  to?: string;
}
