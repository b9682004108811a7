import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Instant, OptionalText, Text, UnitCode } from '../../http/dto-rules';

export class LocalityDto {
  @Text(100, 'Hải Phòng')
  province!: string;

  @OptionalText(100, 'Kiến An', 'Absent for sessions after 1 July 2025 (two-level local government)')
  district?: string;

  @Text(100, 'Trần Thành Ngọ')
  commune!: string;
}

export class ScheduleSessionRequest {
  @Text(300, 'Hội nghị Công an lắng nghe ý kiến Nhân dân phường Trần Thành Ngọ năm 2024')
  title!: string;

  @UnitCode('CATP-HP-KA', 'Organising unit (your unit or one below it)')
  organisingUnit!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  @ApiPropertyOptional({ type: [String], example: ['Ban Dân vận Quận uỷ Kiến An', 'UBMTTQ phường Trần Thành Ngọ'] })
  coOrganisers?: string[];

  @ValidateNested()
  @Type(() => LocalityDto)
  @ApiProperty({ type: LocalityDto })
  locality!: LocalityDto;

  @Text(300, 'Hội trường UBND phường Trần Thành Ngọ')
  venue!: string;

  @Instant('2024-11-28T08:00:00+07:00')
  plannedAt!: string;
}
