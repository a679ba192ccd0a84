import { DomainException } from '@taxchain/platform';

export enum InvoicesExceptionCode {
  InvoiceNotFound = 'invoice-not-found',
}

/** Refusals of the officials' invoice API. */
export class InvoicesException extends DomainException {
  private constructor(code: InvoicesExceptionCode, detail: string) {
    super(code, statusOf(code), titleOf(code), detail);
  }

  static notFound(invoiceNumber: string): InvoicesException {
    return new InvoicesException(
      InvoicesExceptionCode.InvoiceNotFound,
      `No ledger entry names invoice ${invoiceNumber}.`,
    );
  }
}

function statusOf(code: InvoicesExceptionCode): number {
  switch (code) {
    case InvoicesExceptionCode.InvoiceNotFound:
      return 404;
  }
}

function titleOf(code: InvoicesExceptionCode): string {
  switch (code) {
    case InvoicesExceptionCode.InvoiceNotFound:
      return 'Invoice not found';
  }
}
