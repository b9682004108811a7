import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { Instant, Text } from '../../http/dto-rules';

export class HoldSessionRequest {
  @Instant('2024-11-28T08:30:00+07:00', 'When the session actually took place')
  heldAt!: string;

  @Text(200, 'Đại tá Nguyễn Văn Hùng, Phó Giám đốc Công an thành phố')
  chairedBy!: string;

  @IsInt()
  @Min(0)
  @Max(100000)
  @ApiProperty({ example: 120, minimum: 0, maximum: 100000 })
  attendance!: number;
}
