import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { UNIT_CODE } from '../../http/dto-rules';
import { PageRequestDto } from '../page.request.dto';

export const booleanParam = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListSessionsRequestDto extends PageRequestDto {
  @IsOptional()
  @Matches(UNIT_CODE)
  @ApiPropertyOptional({ description: 'Organising unit (its subtree included)' })
  unit?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  @ApiPropertyOptional({ example: 'Hải Phòng' })
  province?: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @ApiPropertyOptional({ description: 'From this session date (YYYY-MM-DD, inclusive)' })
  from?: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @ApiPropertyOptional({ description: 'Up to this session date (inclusive)' })
  to?: string;

  @IsOptional()
  @Transform(booleanParam)
  @IsBoolean()
  @ApiPropertyOptional({ description: 'Only sessions with (true) or without (false) opinions lacking a response' })
  hasBacklog?: boolean;
}
