/** How the edge should treat an error: the API maps kind → 404 / 409 / 403 / 400. */
export type DomainErrorKind = 'not-found' | 'illegal-transition' | 'forbidden' | 'invalid';

/** Every domain error: stable code, kind, and the Vietnamese title people read. */
export const DOMAIN_ERRORS = {
  SESSION_NOT_FOUND: { kind: 'not-found', title: 'Không tìm thấy buổi lắng nghe ý kiến' },
  SESSION_ALREADY_EXISTS: { kind: 'illegal-transition', title: 'Buổi lắng nghe ý kiến đã tồn tại' },
  SESSION_NOT_HELD: { kind: 'illegal-transition', title: 'Buổi lắng nghe ý kiến chưa được tổ chức' },
  SESSION_ALREADY_HELD: { kind: 'illegal-transition', title: 'Buổi lắng nghe ý kiến đã được tổ chức' },
  SESSION_CLOSED: { kind: 'illegal-transition', title: 'Buổi lắng nghe ý kiến đã kết thúc' },
  OPINION_NOT_FOUND: { kind: 'not-found', title: 'Không tìm thấy ý kiến' },
  OPINION_ALREADY_EXISTS: { kind: 'illegal-transition', title: 'Ý kiến đã được ghi nhận' },
  OPINION_ALREADY_RESOLVED: { kind: 'illegal-transition', title: 'Ý kiến đã được giải quyết xong' },
  OPINION_NOT_ANSWERED: { kind: 'illegal-transition', title: 'Ý kiến chưa được trả lời' },
  OPINION_ALREADY_ANSWERED: { kind: 'illegal-transition', title: 'Ý kiến đã được trả lời' },
  OPINION_NOT_ASSIGNED: { kind: 'illegal-transition', title: 'Ý kiến chưa được giao cho đơn vị nào' },
  OPINION_ALREADY_ASSIGNED: { kind: 'illegal-transition', title: 'Ý kiến đã được giao cho đơn vị xử lý' },
  NOT_ASSIGNED_TO_YOUR_UNIT: { kind: 'forbidden', title: 'Ý kiến không được giao cho đơn vị của đồng chí' },
  NOT_YOUR_SESSION: { kind: 'forbidden', title: 'Buổi lắng nghe ý kiến không thuộc phạm vi đơn vị của đồng chí' },
  ROLE_NOT_ALLOWED: { kind: 'forbidden', title: 'Vai trò của đồng chí không được thực hiện thao tác này' },
  SAME_DEPARTMENT: { kind: 'invalid', title: 'Ý kiến đang do chính đơn vị này xử lý' },
  UNKNOWN_UNIT: { kind: 'invalid', title: 'Không có đơn vị này trong danh mục' },
  NOT_A_DEPARTMENT: { kind: 'invalid', title: 'Đơn vị này không nhận giao xử lý ý kiến' },
  INVALID_DUE_DATE: { kind: 'invalid', title: 'Hạn trả lời không hợp lệ (định dạng YYYY-MM-DD)' },
  DUE_DATE_IN_PAST: { kind: 'invalid', title: 'Hạn trả lời không được trước ngày hôm nay' },
  ON_THE_SPOT_ANSWER_NOT_RETURNABLE: {
    kind: 'illegal-transition',
    title: 'Không thể trả lại câu trả lời trực tiếp tại buổi lắng nghe',
  },
} as const satisfies Record<string, { kind: DomainErrorKind; title: string }>;

export type DomainErrorCode = keyof typeof DOMAIN_ERRORS;

/**
 * A broken business rule. Never an HTTP exception: the API's exception filter maps `kind` to a status
 * and renders `title` (Vietnamese, for people) and `detail` (English, for logs and developers).
 */
export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  readonly title: string;

  constructor(
    readonly code: DomainErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'DomainError';
    this.kind = DOMAIN_ERRORS[code].kind;
    this.title = DOMAIN_ERRORS[code].title;
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
