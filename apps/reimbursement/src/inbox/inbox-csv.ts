import { remainingGross } from '../invoices/invoice';
import type { InboxItem } from './inbox-item';

export const INBOX_CSV_COLUMNS = [
  'invoiceNumber',
  'kind',
  'state',
  'claimable',
  'sellerTaxId',
  'sellerName',
  'documentNumber',
  'issueDate',
  'currency',
  'net',
  'tax',
  'gross',
  'credited',
  'remaining',
  'checkCode',
  'claimId',
  'issuedAt',
  'voidedAt',
  'claimRefusal',
] as const;

/** One document's CSV fields, in the order of INBOX_CSV_COLUMNS; amounts in minor units. */
export function inboxCsvFields({ invoice, state, claimable, claimRefusal }: InboxItem): string[] {
  return [
    invoice.invoiceNumber,
    invoice.kind,
    state,
    String(claimable),
    invoice.seller.taxId,
    invoice.seller.name,
    invoice.documentNumber,
    invoice.issueDate,
    invoice.currency,
    invoice.net.toString(),
    invoice.tax.toString(),
    invoice.gross.toString(),
    invoice.credited.toString(),
    remainingGross(invoice).toString(),
    invoice.checkCode,
    invoice.liveClaim?.claimId ?? '',
    invoice.issuedAt.toISOString(),
    invoice.voidedAt?.toISOString() ?? '',
    claimRefusal ?? '',
  ];
}
