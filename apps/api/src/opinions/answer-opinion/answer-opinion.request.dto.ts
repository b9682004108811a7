import { Text } from '../../http/dto-rules';

export class AnswerOpinionRequest {
  @Text(5000, 'Công an phường đã phối hợp UBND phường ra quân lập lại trật tự vỉa hè, xử lý 12 trường hợp vi phạm.')
  content!: string;
}
