import { DomainException } from '@taxchain/platform';

export enum InvoicesExceptionCode {
  InvoiceNotFound = 'invoice-not-found',
  NotYetVisible = 'not-yet-visible',
  QrUnreadable = 'qr-unreadable',
  QrMismatch = 'qr-mismatch',
}

/** Seconds a caller should wait for an invoice still travelling from the ledger to this service. */
const FEED_RETRY_SECONDS = 1;

/**
 * An invoice this service cannot show: final when the ledger does not hold it (or not with
 * that check code), retryable while the feed has yet to deliver what the ledger holds.
 */
export class InvoicesException extends DomainException {
  private constructor(
    code: InvoicesExceptionCode,
    detail: string,
    private readonly retryable: boolean,
  ) {
    super(code, statusOf(code), titleOf(code), detail, retryable ? { retryable: true } : {});
  }

  /** Final: the ledger holds no such number with this check code. */
  static notFound(invoiceNumber: string): InvoicesException {
    return new InvoicesException(
      InvoicesExceptionCode.InvoiceNotFound,
      `No invoice ${invoiceNumber} with this check code exists.`,
      false,
    );
  }

  /** The ledger holds the number; the feed has not delivered it here yet. */
  static notYetVisible(invoiceNumber: string): InvoicesException {
    return new InvoicesException(
      InvoicesExceptionCode.NotYetVisible,
      `Invoice ${invoiceNumber} is not visible to reimbursement yet; retry shortly.`,
      true,
    );
  }

  /** The scanned text is not a Tax Chain invoice QR code. */
  static qrUnreadable(): InvoicesException {
    return new InvoicesException(
      InvoicesExceptionCode.QrUnreadable,
      'The QR text is not a Tax Chain invoice code (v, n, c, h).',
      false,
    );
  }

  /** The QR names an entry hash the ledger does not hold for that invoice: a forged or altered print. */
  static qrMismatch(invoiceNumber: string): InvoicesException {
    return new InvoicesException(
      InvoicesExceptionCode.QrMismatch,
      `The QR's entry hash is not the one the ledger records for invoice ${invoiceNumber}.`,
      false,
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
      return 400;
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
    case InvoicesExceptionCode.QrMismatch:
      return 'QR code does not match the ledger';
  }
}
