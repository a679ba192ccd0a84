import { DomainException } from '@taxchain/platform';
import type { ClaimState } from './claim';

export enum ClaimsExceptionCode {
  NotTheBuyer = 'not-the-buyer',
  NotClaimable = 'not-claimable',
  InvoiceVoided = 'invoice-voided',
  FullyCredited = 'fully-credited',
  AmountExceedsRemaining = 'amount-exceeds-remaining',
  AlreadyClaimed = 'already-claimed',
  AlreadyReimbursed = 'already-reimbursed',
  ClaimNotFound = 'claim-not-found',
  ClaimNotActive = 'claim-not-active',
  MerchantSignatureFailed = 'merchant-signature-failed',
}

/** Refusals of claims, completions and releases; nothing but a refusal record was written. */
export class ClaimsException extends DomainException {
  private constructor(code: ClaimsExceptionCode, detail: string) {
    super(code, statusOf(code), titleOf(code), detail);
  }

  static notTheBuyer(invoiceNumber: string): ClaimsException {
    return new ClaimsException(
      ClaimsExceptionCode.NotTheBuyer,
      `Only the buyer named on invoice ${invoiceNumber} may claim it.`,
    );
  }

  static notClaimable(invoiceNumber: string): ClaimsException {
    return new ClaimsException(
      ClaimsExceptionCode.NotClaimable,
      `${invoiceNumber} is a credit note; only invoices are reimbursed.`,
    );
  }

  static invoiceVoided(invoiceNumber: string): ClaimsException {
    return new ClaimsException(
      ClaimsExceptionCode.InvoiceVoided,
      `Invoice ${invoiceNumber} was voided by its seller and can never be reimbursed.`,
    );
  }

  static fullyCredited(invoiceNumber: string): ClaimsException {
    return new ClaimsException(
      ClaimsExceptionCode.FullyCredited,
      `Invoice ${invoiceNumber} was fully credited; nothing remains to reimburse.`,
    );
  }

  static amountExceedsRemaining(invoiceNumber: string, remaining: bigint): ClaimsException {
    return new ClaimsException(
      ClaimsExceptionCode.AmountExceedsRemaining,
      `At most ${remaining} (minor units) of invoice ${invoiceNumber} can be claimed.`,
    );
  }

  static alreadyClaimed(invoiceNumber: string): ClaimsException {
    return new ClaimsException(
      ClaimsExceptionCode.AlreadyClaimed,
      `Invoice ${invoiceNumber} is held by an active claim; it must be released first.`,
    );
  }

  static alreadyReimbursed(invoiceNumber: string): ClaimsException {
    return new ClaimsException(
      ClaimsExceptionCode.AlreadyReimbursed,
      `Invoice ${invoiceNumber} was already reimbursed; the attempt has been recorded.`,
    );
  }

  static merchantSignatureFailed(invoiceNumber: string, verdict: string): ClaimsException {
    return new ClaimsException(
      ClaimsExceptionCode.MerchantSignatureFailed,
      `The merchant's signature on invoice ${invoiceNumber} does not hold (${verdict}); it cannot be reimbursed. The attempt has been recorded.`,
    );
  }

  static claimNotFound(claimId: string): ClaimsException {
    return new ClaimsException(ClaimsExceptionCode.ClaimNotFound, `No claim ${claimId} exists.`);
  }

  static claimNotActive(claimId: string, state: ClaimState): ClaimsException {
    return new ClaimsException(
      ClaimsExceptionCode.ClaimNotActive,
      `Claim ${claimId} is ${state}; only an active claim can be completed or released.`,
    );
  }
}

function statusOf(code: ClaimsExceptionCode): number {
  switch (code) {
    case ClaimsExceptionCode.NotTheBuyer:
      return 403;
    case ClaimsExceptionCode.ClaimNotFound:
      return 404;
    case ClaimsExceptionCode.InvoiceVoided:
    case ClaimsExceptionCode.FullyCredited:
    case ClaimsExceptionCode.AlreadyClaimed:
    case ClaimsExceptionCode.AlreadyReimbursed:
    case ClaimsExceptionCode.ClaimNotActive:
      return 409;
    case ClaimsExceptionCode.NotClaimable:
    case ClaimsExceptionCode.AmountExceedsRemaining:
    case ClaimsExceptionCode.MerchantSignatureFailed:
      return 422;
  }
}

function titleOf(code: ClaimsExceptionCode): string {
  switch (code) {
    case ClaimsExceptionCode.NotTheBuyer:
      return 'Not the buyer of this invoice';
    case ClaimsExceptionCode.NotClaimable:
      return 'Credit notes are not claimable';
    case ClaimsExceptionCode.InvoiceVoided:
      return 'Invoice voided';
    case ClaimsExceptionCode.FullyCredited:
      return 'Invoice fully credited';
    case ClaimsExceptionCode.AmountExceedsRemaining:
      return 'Amount exceeds what remains';
    case ClaimsExceptionCode.AlreadyClaimed:
      return 'Invoice already claimed';
    case ClaimsExceptionCode.AlreadyReimbursed:
      return 'Invoice already reimbursed';
    case ClaimsExceptionCode.ClaimNotFound:
      return 'Claim not found';
    case ClaimsExceptionCode.ClaimNotActive:
      return 'Claim not active';
    case ClaimsExceptionCode.MerchantSignatureFailed:
      return 'Merchant signature does not hold';
  }
}
