import { DomainException } from '../errors/domain.exception';
import type { CredentialRole } from './roles';

export enum AccessExceptionCode {
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  RateLimited = 'rate-limited',
}

interface Extras {
  retryAfter?: number;
  headers?: Record<string, string>;
}

/** Authentication, authorization and rate-limit refusals; nothing was done for the caller. */
export class AccessException extends DomainException {
  private constructor(
    code: AccessExceptionCode,
    detail: string,
    private readonly extras: Extras = {},
  ) {
    super(code, statusOf(code), titleOf(code), detail);
  }

  /** RFC 6750: a 401 names the scheme; `invalid_token` when a token was sent but refused. */
  static missingCredential(): AccessException {
    return new AccessException(
      AccessExceptionCode.Unauthorized,
      'Send an API credential as `Authorization: Bearer <token>`.',
      { headers: { 'WWW-Authenticate': 'Bearer realm="taxchain"' } },
    );
  }

  /** Malformed, unknown, revoked or wrong secret: deliberately one answer for all four. */
  static invalidCredential(): AccessException {
    return new AccessException(
      AccessExceptionCode.Unauthorized,
      'The credential is not valid or has been revoked.',
      { headers: { 'WWW-Authenticate': 'Bearer realm="taxchain", error="invalid_token"' } },
    );
  }

  static forbidden(role: CredentialRole, allowed: readonly CredentialRole[]): AccessException {
    return new AccessException(
      AccessExceptionCode.Forbidden,
      `${/^[aeiou]/.test(role) ? 'An' : 'A'} ${role} credential may not call this; it needs the role ${allowed.join(' or ')}.`,
    );
  }

  static rateLimited(retryAfterSeconds: number): AccessException {
    return new AccessException(
      AccessExceptionCode.RateLimited,
      `Too many requests for this credential; retry after ${retryAfterSeconds} s.`,
      { retryAfter: retryAfterSeconds },
    );
  }

  override retryAfterSeconds(): number | undefined {
    return this.extras.retryAfter;
  }

  override responseHeaders(): Record<string, string> {
    return this.extras.headers ?? {};
  }
}

function statusOf(code: AccessExceptionCode): number {
  switch (code) {
    case AccessExceptionCode.Unauthorized:
      return 401;
    case AccessExceptionCode.Forbidden:
      return 403;
    case AccessExceptionCode.RateLimited:
      return 429;
  }
}

function titleOf(code: AccessExceptionCode): string {
  switch (code) {
    case AccessExceptionCode.Unauthorized:
      return 'Credential required';
    case AccessExceptionCode.Forbidden:
      return 'Forbidden for this role';
    case AccessExceptionCode.RateLimited:
      return 'Rate limit exceeded';
  }
}
