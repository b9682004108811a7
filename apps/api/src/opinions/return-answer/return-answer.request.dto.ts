import { OptionalLocalDate, Text } from '../../http/dto-rules';

export class ReturnAnswerRequest {
  @Text(2000, 'Câu trả lời chưa nêu rõ thời hạn cấp lại CCCD, đề nghị bổ sung.')
  reason!: string;

  @OptionalLocalDate("New due date; default: the holder's answer period in working days from today")
  dueDate?: string;
}
