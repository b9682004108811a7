import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, ValidateIf, ValidateNested } from 'class-validator';
import { CHANNELS, TOPICS, type Channel, type Topic } from '@app/opinions';
import { Instant, OptionalText, Text } from '../../http/dto-rules';

/** Personal data (Decree 13/2023): omitted entirely for an anonymous citizen. */
export class CitizenDto {
  @IsBoolean()
  @ApiProperty({ example: false })
  anonymous!: boolean;

  @ValidateIf((c: CitizenDto) => c.anonymous === false || c.name !== undefined)
  @Text(200, 'Bà Nguyễn Thị Lan')
  name?: string;

  @OptionalText(200, 'Tổ dân phố số 5')
  residentialGroup?: string;

  @OptionalText(200, '0912 345 678')
  contact?: string;
}

export class RaiseOpinionRequest {
  @IsIn(TOPICS)
  @ApiProperty({ enum: TOPICS, example: 'urban-order' })
  topic!: Topic;

  @Text(5000, 'Tình trạng lấn chiếm vỉa hè để kinh doanh trên đường Trần Thành Ngọ gây ùn tắc giờ cao điểm.')
  content!: string;

  @ValidateNested()
  @Type(() => CitizenDto)
  @ApiProperty({ type: CitizenDto })
  citizen!: CitizenDto;

  @IsIn(CHANNELS)
  @ApiProperty({ enum: CHANNELS, example: 'spoken' })
  channel!: Channel;

  @Instant('2024-11-28T09:15:00+07:00', 'When it was said at the session (may be long before it is recorded)')
  saidAt!: string;
}
