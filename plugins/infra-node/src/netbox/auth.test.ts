import { authorizationHeader, redact } from './auth';

describe('NetBox auth header', () => {
  it('uses Bearer for v2 nbt_ tokens and Token for v1 tokens', () => {
    expect(authorizationHeader('nbt_abc123.secretpart')).toBe(
      'Bearer nbt_abc123.secretpart',
    );
    expect(
      authorizationHeader('0123456789abcdef0123456789abcdef01234567'),
    ).toBe('Token 0123456789abcdef0123456789abcdef01234567');
  });

  it('redacts a secret wherever it appears', () => {
    expect(
      redact('echo: Token s3cr3t-value and s3cr3t-value', 's3cr3t-value'),
    ).toBe('echo: Token [redacted] and [redacted]');
  });
});
