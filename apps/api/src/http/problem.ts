/** RFC 9457 problem details as this API renders them; `code` is stable and machine-readable. */
export interface Problem {
  type: string;
  /** Vietnamese, for people. */
  title: string;
  status: number;
  /** English, for developers and logs. */
  detail: string;
  code: string;
  errors?: FieldProblem[];
  /** Per-check results when a health check fails (the @nestjs/terminus `details`). */
  details?: Record<string, unknown>;
  correlationId?: string;
}

export interface FieldProblem {
  field: string;
  problems: string[];
}

export const problemType = (code: string): string => `urn:lang-nghe:problem:${code.toLowerCase().replace(/_/g, '-')}`;

/** Thrown at the HTTP edge for malformed requests (body, headers). */
export class RequestValidationError extends Error {
  constructor(
    readonly code: string,
    detail: string,
    readonly errors?: FieldProblem[],
  ) {
    super(detail);
    this.name = 'RequestValidationError';
  }
}

/** The body exceeds the JSON size limit (413). */
export class PayloadTooLargeError extends Error {
  readonly code = 'PAYLOAD_TOO_LARGE';
  constructor() {
    super('Request body is larger than the 64 KiB limit');
    this.name = 'PayloadTooLargeError';
  }
}
