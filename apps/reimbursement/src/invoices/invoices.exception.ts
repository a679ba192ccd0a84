import { DomainException } from '@taxchain/platform';

export enum InvoicesExceptionCode {
  InvoiceNotFound = 'invoice-not-found',
  NotYetVisible = 'not-yet-visible',
  QrUnreadable = 'qr-unreadable',
  QrUnsigned = 'qr-unsigned',
  QrUnknownKey = 'qr-unknown-key',
  QrBadSignature = 'qr-bad-signature',
  QrMismatch = 'qr-mismatch',
}

/** Seconds a caller should wait for an invoice still travelling from the ledger to this service. */
const FEED_RETRY_SECONDS = 1;

export const QR_UNREADABLE_DETAIL =
  "The QR text is not a Tax Chain invoice code: version 2, the tax authority's signed statement in canonical JSON.";
export const QR_UNSIGNED_DETAIL =
  'The QR code is version 1, which nobody signed; verify the invoice by its printed number and check code.';
export const QR_BAD_SIGNATURE_DETAIL =
  "The QR code's signature is not the tax authority's over its text: a member was altered or another key signed it.";

/**
 * An invoice this service cannot show: final when the ledger does not hold it (or not with
 * that check code), retryable while the feed has yet to deliver what the ledger holds.
 */
export class InvoicesException extends DomainException {
  private constructor(
    code: InvoicesExceptionCode,
    detail: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(code, statusOf(code), titleOf(code), detail, extensions);
    this.retryable = code === InvoicesExceptionCode.NotYetVisible;
  }

  private readonly retryable: boolean;

  /** Final: the ledger holds no such number with this check code. */
  static notFound(invoiceNumber: string): InvoicesException {
    return new InvoicesException(
      InvoicesExceptionCode.InvoiceNotFound,
      `No invoice ${invoiceNumber} with this check code exists.`,
    );
  }

  /** The ledger holds the number; the feed has not delivered it here yet. */
  static notYetVisible(invoiceNumber: string): InvoicesException {
    return new InvoicesException(
      InvoicesExceptionCode.NotYetVisible,
      `Invoice ${invoiceNumber} is not visible to reimbursement yet; retry shortly.`,
      { retryable: true },
    );
  }

  /** The scanned text is not the authority's signed statement (docs/spec/qr.md), or not spelt canonically. */
  static qrUnreadable(): InvoicesException {
    return new InvoicesException(InvoicesExceptionCode.QrUnreadable, QR_UNREADABLE_DETAIL);
  }

  /** A version 1 code: nobody signed it, so it proves nothing; the printed number and code still do. */
  static qrUnsigned(): InvoicesException {
    return new InvoicesException(InvoicesExceptionCode.QrUnsigned, QR_UNSIGNED_DETAIL);
  }

  /** Signed, or claiming to be, under a key that is not one of the tax authority's. */
  static qrUnknownKey(keyId: string): InvoicesException {
    return new InvoicesException(
      InvoicesExceptionCode.QrUnknownKey,
      `The QR code names signing key ${keyId}, which is not a tax authority key.`,
    );
  }

  /** The signature is not the authority's over this text: a member was altered, or another key signed. */
  static qrBadSignature(): InvoicesException {
    return new InvoicesException(InvoicesExceptionCode.QrBadSignature, QR_BAD_SIGNATURE_DETAIL);
  }

  /** A fact the authority's statement gives is not what the ledger records: `member` names the first. */
  static qrMismatch(invoiceNumber: string, member: string): InvoicesException {
    return new InvoicesException(
      InvoicesExceptionCode.QrMismatch,
      `The QR code's ${member} is not what the ledger records for document ${invoiceNumber}.`,
      { member },
    );
  }

  override retryAfterSeconds(): number | undefined {
    return this.retryable ? FEED_RETRY_SECONDS : undefined;
  }
}

function statusOf(code: InvoicesExceptionCode): number {
  switch (code) {
    case InvoicesExceptionCode.InvoiceNotFound:
      return 404;
    case InvoicesExceptionCode.NotYetVisible:
      return 503;
    case InvoicesExceptionCode.QrUnreadable:
    case InvoicesExceptionCode.QrUnsigned:
      return 400;
    case InvoicesExceptionCode.QrUnknownKey:
    case InvoicesExceptionCode.QrBadSignature:
    case InvoicesExceptionCode.QrMismatch:
      return 422;
  }
}

function titleOf(code: InvoicesExceptionCode): string {
  switch (code) {
    case InvoicesExceptionCode.InvoiceNotFound:
      return 'Invoice not found';
    case InvoicesExceptionCode.NotYetVisible:
      return 'Invoice not visible yet';
    case InvoicesExceptionCode.QrUnreadable:
      return 'Unreadable QR code';
    case InvoicesExceptionCode.QrUnsigned:
      return 'Unsigned QR code';
    case InvoicesExceptionCode.QrUnknownKey:
      return 'QR code signed by an unknown key';
    case InvoicesExceptionCode.QrBadSignature:
      return 'QR code signature does not verify';
    case InvoicesExceptionCode.QrMismatch:
      return 'QR code does not match the ledger';
  }
}
