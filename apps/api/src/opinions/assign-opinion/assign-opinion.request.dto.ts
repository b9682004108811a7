import { OptionalLocalDate, OptionalText, UnitCode } from '../../http/dto-rules';

export class AssignOpinionRequest {
  @UnitCode('CATP-HP-PC06', 'Department or local police that must answer')
  department!: string;

  @OptionalLocalDate("Due date; default: the unit's answer period in working days from today")
  dueDate?: string;

  @OptionalText(2000, 'Đề nghị Phòng PC06 kiểm tra, trả lời công dân trong thời hạn quy định.')
  instructions?: string;
}
