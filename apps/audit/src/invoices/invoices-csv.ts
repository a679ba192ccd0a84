import type { AuditInvoice } from './invoice';

export const INVOICES_CSV_HEADER =
  'invoiceNumber,kind,sellerTaxId,sellerName,buyerTaxId,buyerName,region,issueDate,currency,net,tax,gross,taxRates,status,credited,claimState,chain,seq,entryHash,issuedAt\r\n';

/** RFC 4180 lines; a field a spreadsheet would run as a formula is defused with a quote. */
export function invoicesCsvLines(invoices: AuditInvoice[]): string {
  return invoices
    .map((i) =>
      [
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
      ]
        .map(csvField)
        .join(','),
    )
    .map((line) => `${line}\r\n`)
    .join('');
}

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
