import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessDeniedError, AuthenticationError } from '@app/auth';
import { AppendThreadError, EventStoreUnavailableError, StreamGoneError, isTransient } from '@app/eventstore';
import {
  AggregateNotFoundError,
  ConcurrentModificationError,
  DomainError,
  IdempotencyKeyReusedError,
  RevisionMismatchError,
  type DomainErrorKind,
} from '@app/opinions';
import { InvalidCursorError, ReadModelNotFoundError, ReadModelStaleError } from '@app/read-models';
import { PayloadTooLargeError, RequestValidationError, problemType, type Problem } from './problem';
import { CORRELATION_KEY } from './correlation-id.middleware';

const KIND_STATUS: Record<DomainErrorKind, number> = {
  'not-found': HttpStatus.NOT_FOUND,
  'illegal-transition': HttpStatus.CONFLICT,
  forbidden: HttpStatus.FORBIDDEN,
  invalid: HttpStatus.BAD_REQUEST,
};

const HTTP_TITLES: Record<number, [code: string, title: string]> = {
  400: ['BAD_REQUEST', 'Yêu cầu không hợp lệ'],
  401: ['UNAUTHENTICATED', 'Chưa xác thực'],
  403: ['FORBIDDEN', 'Không có quyền thực hiện'],
  404: ['ROUTE_NOT_FOUND', 'Không tìm thấy địa chỉ yêu cầu'],
  405: ['METHOD_NOT_ALLOWED', 'Phương thức không được hỗ trợ'],
  413: ['PAYLOAD_TOO_LARGE', 'Nội dung yêu cầu quá lớn'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Định dạng nội dung không được hỗ trợ'],
  429: ['TOO_MANY_REQUESTS', 'Quá nhiều yêu cầu'],
};

type Mapped = Omit<Problem, 'type'> & { headers?: Record<string, string> };

/**
 * The one place errors become HTTP: every known condition is `application/problem+json` with a
 * stable `code` and a Vietnamese `title`; only the unknown is a 500 (and is logged).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest & Record<string, unknown>>();
    const reply = http.getResponse<FastifyReply>();
    const mapped = this.map(error);
    if (mapped.status >= 500 && mapped.code === 'INTERNAL') {
      this.logger.error(`${request.method} ${request.url}: ${(error as Error)?.stack ?? String(error)}`);
    }
    const { headers, ...problem } = mapped;
    const correlationId = request[CORRELATION_KEY] as string | undefined;
    if (headers) reply.headers(headers);
    void reply
      .status(problem.status)
      .type('application/problem+json')
      .send(JSON.stringify({ type: problemType(problem.code), ...problem, ...(correlationId && { correlationId }) }));
  }

  private map(error: unknown): Mapped {
    if (error instanceof DomainError) {
      return { status: KIND_STATUS[error.kind], code: error.code, title: error.title, detail: error.detail };
    }
    if (error instanceof RequestValidationError) {
      return { status: 400, code: error.code, title: 'Dữ liệu gửi lên không hợp lệ', detail: error.message, ...(error.errors && { errors: error.errors }) };
    }
    if (error instanceof PayloadTooLargeError) {
      return { status: 413, code: error.code, title: 'Nội dung yêu cầu quá lớn', detail: error.message };
    }
    if (error instanceof AuthenticationError) {
      return { status: 401, code: error.code, title: 'Chưa xác thực hoặc mã xác thực không hợp lệ', detail: error.message, headers: { 'WWW-Authenticate': 'Bearer' } };
    }
    if (error instanceof AccessDeniedError) {
      return { status: 403, code: error.code, title: 'Vai trò của đồng chí không được thực hiện thao tác này', detail: error.message };
    }
    if (error instanceof AggregateNotFoundError) {
      return { status: 404, code: error.code, title: 'Không tìm thấy đối tượng yêu cầu', detail: error.message };
    }
    if (error instanceof RevisionMismatchError) {
      return { status: 412, code: error.code, title: 'Dữ liệu đã bị thay đổi so với phiên bản đồng chí đang xem', detail: error.message };
    }
    if (error instanceof ConcurrentModificationError) {
      return { status: 409, code: error.code, title: 'Dữ liệu vừa được người khác cập nhật, vui lòng thử lại', detail: error.message };
    }
    if (error instanceof IdempotencyKeyReusedError) {
      return { status: 422, code: error.code, title: 'Khoá chống trùng lặp đã được dùng cho một yêu cầu khác', detail: error.message };
    }
    if (error instanceof ReadModelStaleError) {
      return { status: 503, code: 'READ_MODEL_STALE', title: 'Dữ liệu đang được cập nhật, vui lòng thử lại sau giây lát', detail: error.message, headers: { 'Retry-After': '1' } };
    }
    if (error instanceof ReadModelNotFoundError) {
      return { status: 404, code: `${error.kind.toUpperCase()}_NOT_FOUND`, title: 'Không tìm thấy đối tượng yêu cầu', detail: error.message };
    }
    if (error instanceof InvalidCursorError) {
      return { status: 400, code: 'INVALID_CURSOR', title: 'Con trỏ phân trang không hợp lệ', detail: error.message };
    }
    if (error instanceof StreamGoneError) {
      return { status: 410, code: 'STREAM_DELETED', title: 'Dữ liệu đã bị xoá vĩnh viễn', detail: error.message };
    }
    if (error instanceof AppendThreadError) {
      // The append thread died under this command (it restarts by itself): the events may or may not be written.
      return {
        status: 503,
        code: 'APPEND_INTERRUPTED',
        title: 'Yêu cầu bị gián đoạn, vui lòng gửi lại với cùng Idempotency-Key',
        detail: `${error.message}; retrying with the same Idempotency-Key is safe`,
        headers: { 'Retry-After': '1' },
      };
    }
    if (error instanceof EventStoreUnavailableError || isTransient(error)) {
      return {
        status: 503,
        code: 'EVENTSTORE_UNAVAILABLE',
        title: 'Hệ thống lưu trữ tạm thời không truy cập được, vui lòng thử lại sau',
        detail: 'The event store cannot be reached; nothing was written',
        headers: { 'Retry-After': '5' },
      };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const [code, title] = HTTP_TITLES[status] ?? [`HTTP_${status}`, 'Yêu cầu không thực hiện được'];
      // A failed health check keeps its per-check results, so operators see which store is down.
      const body = error.getResponse() as { details?: Record<string, unknown> } | string;
      const details = typeof body === 'object' && body?.details ? { details: body.details } : {};
      return { status, code, title, detail: error.message, ...details };
    }
    return { status: 500, code: 'INTERNAL', title: 'Lỗi hệ thống', detail: 'Unexpected error; see server logs' };
  }
}
