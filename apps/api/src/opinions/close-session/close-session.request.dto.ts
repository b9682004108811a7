import { Text } from '../../http/dto-rules';

export class CloseSessionRequest {
  @Text(5000, '27 ý kiến; lãnh đạo trả lời trực tiếp 15, giao 12 cho các đơn vị.')
  minutesSummary!: string;
}
