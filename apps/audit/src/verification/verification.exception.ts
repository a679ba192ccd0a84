import { DomainException } from '@taxchain/platform';

export enum VerificationExceptionCode {
  RunNotFound = 'verification-not-found',
  RunNotRunning = 'verification-not-running',
}

/** Refusals of the on-demand verification API. */
export class VerificationException extends DomainException {
  private constructor(code: VerificationExceptionCode, detail: string) {
    super(code, statusOf(code), titleOf(code), detail);
  }

  static notFound(id: string): VerificationException {
    return new VerificationException(
      VerificationExceptionCode.RunNotFound,
      `No verification run ${id} exists.`,
    );
  }

  static notRunning(id: string, state: string): VerificationException {
    return new VerificationException(
      VerificationExceptionCode.RunNotRunning,
      `Verification run ${id} is ${state}; only a running one can be cancelled.`,
    );
  }
}

function statusOf(code: VerificationExceptionCode): number {
  switch (code) {
    case VerificationExceptionCode.RunNotFound:
      return 404;
    case VerificationExceptionCode.RunNotRunning:
      return 409;
  }
}

function titleOf(code: VerificationExceptionCode): string {
  switch (code) {
    case VerificationExceptionCode.RunNotFound:
      return 'Verification run not found';
    case VerificationExceptionCode.RunNotRunning:
      return 'Verification run not running';
  }
}
