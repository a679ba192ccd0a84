import { DomainException } from '@taxchain/platform';

export enum LedgerErrorCode {
  IdentityConflict = 'ledger-identity-conflict',
  SubjectMismatch = 'ledger-subject-mismatch',
  Stopped = 'ledger-stopped',
}

/** Errors of the ledger library, rendered as problem+json by the platform filter. */
export class LedgerException extends DomainException {
  constructor(code: LedgerErrorCode, detail: string) {
    super(code, status(code), title(code), detail);
  }

  override retryAfterSeconds(): number | undefined {
    return this.status === 503 ? 1 : undefined;
  }
}

function status(code: LedgerErrorCode): number {
  switch (code) {
    case LedgerErrorCode.IdentityConflict:
      return 409;
    case LedgerErrorCode.SubjectMismatch:
      return 500;
    case LedgerErrorCode.Stopped:
      return 503;
  }
}

function title(code: LedgerErrorCode): string {
  switch (code) {
    case LedgerErrorCode.IdentityConflict:
      return 'Some, but not all, of these ledger records already exist';
    case LedgerErrorCode.SubjectMismatch:
      return 'A unit of work recorded entries about another subject';
    case LedgerErrorCode.Stopped:
      return 'The ledger is shutting down';
  }
}
