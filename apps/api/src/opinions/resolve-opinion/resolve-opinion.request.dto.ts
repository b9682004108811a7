import { Text } from '../../http/dto-rules';

export class ResolveOpinionRequest {
  @Text(2000, 'Đã thông báo kết quả trả lời tới công dân; công dân đồng ý.')
  resolutionNote!: string;
}
