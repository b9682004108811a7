/** The caller could not be identified: no bearer token, a bad or expired one, or an unknown unit (401). */
export class AuthenticationError extends Error {
  constructor(
    readonly code: 'TOKEN_MISSING' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'TOKEN_CLAIMS_INVALID' | 'UNKNOWN_UNIT',
    detail: string,
  ) {
    super(detail);
    this.name = 'AuthenticationError';
  }
}

/** The caller is known but their role or unit may not do this (403). */
export class AccessDeniedError extends Error {
  readonly code = 'ROLE_NOT_ALLOWED';
  constructor(detail: string) {
    super(detail);
    this.name = 'AccessDeniedError';
  }
}
