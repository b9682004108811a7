import { OptionalLocalDate, Text, UnitCode } from '../../http/dto-rules';

export class ReassignOpinionRequest {
  @UnitCode('CATP-HP-PC08', 'New holder')
  to!: string;

  @Text(2000, 'Nội dung thuộc lĩnh vực trật tự an toàn giao thông, chuyển Phòng PC08 xử lý.')
  reason!: string;

  @OptionalLocalDate("Due date; default: the new holder's answer period in working days from today")
  dueDate?: string;
}
