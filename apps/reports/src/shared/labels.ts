import type { Directory } from '@app/directory';
import type { Locality, Topic } from '@app/opinions';

/** Vietnamese names of the topics, as leadership reads them. */
export const TOPIC_LABELS: Readonly<Record<Topic, string>> = {
  'security-order': 'An ninh trật tự',
  crime: 'Tội phạm',
  drugs: 'Ma tuý',
  gambling: 'Cờ bạc, lô đề',
  traffic: 'Giao thông (kể cả xe quá tải)',
  'urban-order': 'Trật tự đô thị, lấn chiếm',
  'residence-id': 'Cư trú, căn cước (CCCD, VNeID)',
  'fire-safety': 'Phòng cháy, chữa cháy',
  'cyber-social-media': 'An ninh mạng, mạng xã hội',
  'officer-conduct': 'Tác phong, thái độ cán bộ',
  'administrative-procedures': 'Thủ tục hành chính',
  'staffing-facilities': 'Biên chế, cơ sở vật chất công an',
  reintegration: 'Tái hoà nhập cộng đồng',
  'public-health': 'Y tế công cộng',
  other: 'Khác',
};

export const topicLabel = (topic: string): string => TOPIC_LABELS[topic as Topic] ?? topic;

export const ROLE_LABELS: Readonly<Record<string, string>> = {
  secretary: 'Thư ký',
  leader: 'Lãnh đạo',
  officer: 'Cán bộ',
  auditor: 'Thanh tra',
  reporter: 'Báo cáo',
};

export const EVENT_LABELS: Readonly<Record<string, string>> = {
  SessionScheduled: 'Lên lịch phiên',
  SessionHeld: 'Tổ chức phiên',
  SessionClosed: 'Kết thúc phiên',
  OpinionRaised: 'Ghi nhận ý kiến',
  OpinionAssigned: 'Giao xử lý',
  OpinionReassigned: 'Chuyển đơn vị xử lý',
  OpinionAnswered: 'Trả lời',
  AnswerReturned: 'Trả lại câu trả lời',
  OpinionResolved: 'Kết thúc xử lý',
};

/** `Trần Thành Ngọ, Kiến An, Hải Phòng`: commune first, as addresses are written. */
export const localityLabel = (locality: Locality | undefined): string =>
  locality ? [locality.commune, locality.district, locality.province].filter(Boolean).join(', ') : '';

/** Directory name of a unit; the bare code when the directory no longer knows it. */
export const unitName = (directory: Directory, code: string | undefined): string =>
  code === undefined ? '' : (directory.get(code)?.name ?? code);

/** --unit scope: the unit itself or anything below it; everything when no unit is asked for. */
export const inUnitScope = (directory: Directory, code: string | undefined, scope: string | undefined): boolean =>
  scope === undefined || (code !== undefined && (code === scope || directory.isSameOrBelow(code, scope)));
