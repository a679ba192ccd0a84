import { DomainException } from '@taxchain/platform';

export enum LedgerErrorCode {
  IdentityConflict = 'ledger-identity-conflict',
  SubjectMismatch = 'ledger-subject-mismatch',
  Stopped = 'ledger-stopped',
  EntryTampered = 'ledger-entry-tampered',
}

/** Errors of the ledger library, rendered as problem+json by the platform filter. */
export class LedgerException extends DomainException {
  constructor(code: LedgerErrorCode, detail: string, extensions: Record<string, unknown> = {}) {
    super(code, status(code), title(code), detail, extensions);
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
    // The stored record conflicts with what the ledger hashed; retrying will not help.
    case LedgerErrorCode.EntryTampered:
      return 409;
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
    case LedgerErrorCode.EntryTampered:
      return 'A stored ledger entry fails verification';
  }
}
