import { DOMAIN_ERRORS, DomainError, isDomainError, type DomainErrorCode } from './opinion.errors';

describe('DomainError', () => {
  it('carries code, kind, Vietnamese title and English detail', () => {
    const error = new DomainError('NOT_YOUR_SESSION', 'unit "CATP-HP-VB" is not above "CATP-HP-KA"');
    expect(error).toBeInstanceOf(Error);
    expect(isDomainError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'NOT_YOUR_SESSION',
      kind: 'forbidden',
      title: 'Buổi lắng nghe ý kiến không thuộc phạm vi đơn vị của đồng chí',
      detail: 'unit "CATP-HP-VB" is not above "CATP-HP-KA"',
      message: 'NOT_YOUR_SESSION: unit "CATP-HP-VB" is not above "CATP-HP-KA"',
    });
  });

  it.each(Object.keys(DOMAIN_ERRORS) as DomainErrorCode[])('%s has a kind the API can map and a title', (code) => {
    const { kind, title } = new DomainError(code, 'x');
    expect(['not-found', 'illegal-transition', 'forbidden', 'invalid']).toContain(kind);
    expect(title.length).toBeGreaterThan(0);
  });

  it('tells domain errors from other errors', () => expect(isDomainError(new Error('boom'))).toBe(false));
});
