import type { SigningKey } from '@taxchain/ledger';
import { invoiceQrText, signInvoiceQr } from '@taxchain/ledger/qr/invoice-qr';
import { invoiceStatement } from '@taxchain/ledger/qr/invoice-statement';

/** The entry members a QR statement is read from, as a verification answer shows the entry. */
export interface IssuingEntry {
  kind: string;
  payload: string;
  entryHash: string;
  chain: number;
  seq: number;
}

/**
 * The QR text the issuing service prints for the document this entry issued: the same statement
 * and signature as its PDF's (`InvoicePdfService.qrPayload`), without rendering and decoding one.
 */
export function printedQrText(
  entry: IssuingEntry,
  authority: SigningKey,
  verifyBaseUrl = 'http://127.0.0.1:3002',
): string {
  return invoiceQrText(
    signInvoiceQr(invoiceStatement(entry, verifyBaseUrl, authority.keyId), authority),
  );
}
