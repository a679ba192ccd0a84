import type { Invoice } from '../invoices/invoice';
import type { LedgerInvoiceFacts } from '../invoices/ledger-invoice-facts';
import type { RecordedDocument } from '../invoices/recorded-document';

/**
 * The invoice a claim decides on: the read model row, which says the feed has delivered it and
 * which claim holds it, with every fact a claim turns on taken from the ledger: kind, check code,
 * buyer and gross from the entry that recorded the document the merchant signed (read only when
 * its payload is what the ledger hashed), voided and credited from the ledger's invoice.voided and
 * invoice.credited entries. A row changed behind the feed then makes no edited code claimable, no
 * other company the buyer, no voided invoice payable, and no void the ledger lacks a refusal.
 */
export function recordedInvoice(
  row: Invoice,
  recorded: RecordedDocument,
  facts: LedgerInvoiceFacts,
): Invoice {
  const gross = BigInt(recorded.document.totals.gross);
  return {
    ...row,
    kind: recorded.kind,
    checkCode: recorded.checkCode,
    buyer: recorded.document.buyer,
    gross,
    status: facts.voided ? 'voided' : 'issued',
    credited: facts.remainingGross === undefined ? 0n : gross - facts.remainingGross,
  };
}
