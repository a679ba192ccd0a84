import { DomainException } from '@taxchain/platform';

export enum InvoicesExceptionCode {
  /** Same type as the ValidationPipe's field errors, so clients handle both alike. */
  InvalidField = 'validation-failed',
  SellerMismatch = 'seller-mismatch',
  NotFound = 'invoice-not-found',
  DocumentNumberConflict = 'document-number-conflict',
  AlreadyVoided = 'invoice-voided',
  Claimed = 'invoice-claimed',
  Credited = 'invoice-credited',
  WrongKind = 'wrong-kind',
  UnsupportedTaxRate = 'unsupported-tax-rate',
  UnknownCurrency = 'unknown-currency',
  FutureDate = 'future-date',
  TotalsMismatch = 'totals-mismatch',
  AmountTooLarge = 'amount-too-large',
  ZeroGross = 'zero-gross',
  SellerNameMismatch = 'seller-name-mismatch',
  CreditMismatch = 'credit-mismatch',
  CreditExceedsRemaining = 'credit-exceeds-remaining',
  CreditLineUnmatched = 'credit-line-unmatched',
}

/** Refusals of invoice issuing, voiding and crediting; nothing was written. */
export class InvoicesException extends DomainException {
  constructor(
    code: InvoicesExceptionCode,
    detail: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(code, statusOf(code), titleOf(code), detail, extensions);
  }

  /** A field the ValidationPipe cannot judge alone (tax ID checksum, calendar date). */
  static invalidField(error: string): InvoicesException {
    return new InvoicesException(InvoicesExceptionCode.InvalidField, error, { errors: [error] });
  }

  static notFound(invoiceNumber: string): InvoicesException {
    return new InvoicesException(
      InvoicesExceptionCode.NotFound,
      `You have no invoice ${invoiceNumber}.`,
    );
  }
}

function statusOf(code: InvoicesExceptionCode): number {
  switch (code) {
    case InvoicesExceptionCode.InvalidField:
      return 400;
    case InvoicesExceptionCode.SellerMismatch:
      return 403;
    case InvoicesExceptionCode.NotFound:
      return 404;
    case InvoicesExceptionCode.DocumentNumberConflict:
    case InvoicesExceptionCode.AlreadyVoided:
    case InvoicesExceptionCode.Claimed:
    case InvoicesExceptionCode.Credited:
      return 409;
    case InvoicesExceptionCode.WrongKind:
    case InvoicesExceptionCode.UnsupportedTaxRate:
    case InvoicesExceptionCode.UnknownCurrency:
    case InvoicesExceptionCode.FutureDate:
    case InvoicesExceptionCode.TotalsMismatch:
    case InvoicesExceptionCode.AmountTooLarge:
    case InvoicesExceptionCode.ZeroGross:
    case InvoicesExceptionCode.SellerNameMismatch:
    case InvoicesExceptionCode.CreditMismatch:
    case InvoicesExceptionCode.CreditExceedsRemaining:
    case InvoicesExceptionCode.CreditLineUnmatched:
      return 422;
  }
}

function titleOf(code: InvoicesExceptionCode): string {
  switch (code) {
    case InvoicesExceptionCode.InvalidField:
      return 'Bad Request';
    case InvoicesExceptionCode.SellerMismatch:
      return 'Invoice names another seller';
    case InvoicesExceptionCode.NotFound:
      return 'Invoice not found';
    case InvoicesExceptionCode.DocumentNumberConflict:
      return 'Document number already used for another invoice';
    case InvoicesExceptionCode.AlreadyVoided:
      return 'Invoice is voided';
    case InvoicesExceptionCode.Claimed:
      return 'Invoice is claimed for reimbursement';
    case InvoicesExceptionCode.Credited:
      return 'Invoice has credit notes';
    case InvoicesExceptionCode.WrongKind:
      return 'Wrong document kind for this endpoint';
    case InvoicesExceptionCode.UnsupportedTaxRate:
      return 'Unsupported tax rate';
    case InvoicesExceptionCode.UnknownCurrency:
      return 'Unknown currency';
    case InvoicesExceptionCode.FutureDate:
      return 'Issue date in the future';
    case InvoicesExceptionCode.TotalsMismatch:
      return 'Amounts do not match the computed ones';
    case InvoicesExceptionCode.AmountTooLarge:
      return 'Amount too large';
    case InvoicesExceptionCode.ZeroGross:
      return 'Gross amount rounds to zero';
    case InvoicesExceptionCode.SellerNameMismatch:
      return "Seller name is not the merchant's registered name";
    case InvoicesExceptionCode.CreditMismatch:
      return 'Credit note does not match the credited invoice';
    case InvoicesExceptionCode.CreditExceedsRemaining:
      return 'Credit exceeds the remaining amount';
    case InvoicesExceptionCode.CreditLineUnmatched:
      return 'Credited line reverses nothing on the invoice';
  }
}
