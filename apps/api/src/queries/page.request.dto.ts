import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Paging and read-your-writes parameters shared by every list query. */
export class PageRequestDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (`nextCursor`)' })
  cursor?: string;

  @IsOptional()
  @Matches(/^\d{1,20}$/)
  @ApiPropertyOptional({ description: 'Wait until the read models include this `position` (from a command response); also `X-Min-Position`' })
  minPosition?: string;
}

/** Only read-your-writes, for single-document queries. */
export class FreshnessRequestDto {
  @IsOptional()
  @Matches(/^\d{1,20}$/)
  @ApiPropertyOptional({ description: 'Wait until the read models include this `position`; also `X-Min-Position`' })
  minPosition?: string;
}

export const pageOf = (dto: PageRequestDto): { limit: number; cursor?: string } => ({ limit: dto.limit ?? 50, cursor: dto.cursor });
