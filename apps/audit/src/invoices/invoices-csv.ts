import { csvHeader } from '@taxchain/platform/http/streamed-csv';
import type { AuditInvoice } from './invoice';

export const INVOICES_CSV_COLUMNS = [
  'invoiceNumber',
  'kind',
  'sellerTaxId',
  'sellerName',
  'buyerTaxId',
  'buyerName',
  'region',
  'issueDate',
  'currency',
  'net',
  'tax',
  'gross',
  'taxRates',
  'status',
  'credited',
  'claimState',
  'chain',
  'seq',
  'entryHash',
  'issuedAt',
] as const;

export const INVOICES_CSV_HEADER = csvHeader(INVOICES_CSV_COLUMNS);

/** One invoice's CSV fields, in the order of INVOICES_CSV_COLUMNS; amounts in minor units. */
export function invoiceCsvFields(i: AuditInvoice): string[] {
  return [
    i.invoiceNumber,
    i.kind,
    i.seller.taxId,
    i.seller.name,
    i.buyer.taxId,
    i.buyer.name,
    i.region,
    i.issueDate,
    i.currency,
    i.net.toString(),
    i.tax.toString(),
    i.gross.toString(),
    i.taxRates.join(' '),
    i.status,
    i.credited.toString(),
    i.claimState,
    String(i.chain),
    String(i.seq),
    i.entryHash,
    i.issuedAt.toISOString(),
  ];
}
