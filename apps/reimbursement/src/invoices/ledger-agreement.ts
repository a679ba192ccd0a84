import type { LedgerEntry } from '@taxchain/ledger';
import { invoiceIssuedSchema } from '../feed/invoice-payloads';
import type { Invoice } from './invoice';

/**
 * The first field of the read model that is not what the invoice's invoice.issued entry says,
 * or undefined when they agree. The read model is what this service shows and claims on; the
 * entry's payload is what the ledger hashed, so a row changed after the feed wrote it (or a
 * payload that no longer parses) is named here. Call it on an entry whose payload is bound.
 */
export function readModelDisagreement(invoice: Invoice, issued: LedgerEntry): string | undefined {
  const parsed = invoiceIssuedSchema.safeParse(JSON.parse(issued.payload));
  if (!parsed.success) return 'payload';
  const { document, invoiceNumber, checkCode } = parsed.data;
  const ledger: Record<string, string> = {
    invoiceNumber,
    checkCode,
    entryHash: issued.entryHash,
    kind: document.kind,
    'seller.taxId': document.seller.taxId,
    'seller.name': document.seller.name,
    'buyer.taxId': document.buyer.taxId,
    'buyer.name': document.buyer.name,
    documentNumber: document.documentNumber,
    issueDate: document.issueDate,
    currency: document.currency,
    net: document.totals.net,
    tax: document.totals.tax,
    gross: document.totals.gross,
    keyId: document.keyId,
  };
  const shown: Record<string, string> = {
    invoiceNumber: invoice.invoiceNumber,
    checkCode: invoice.checkCode,
    entryHash: invoice.entryHash,
    kind: invoice.kind,
    'seller.taxId': invoice.seller.taxId,
    'seller.name': invoice.seller.name,
    'buyer.taxId': invoice.buyer.taxId,
    'buyer.name': invoice.buyer.name,
    documentNumber: invoice.documentNumber,
    issueDate: invoice.issueDate,
    currency: invoice.currency,
    net: invoice.net.toString(),
    tax: invoice.tax.toString(),
    gross: invoice.gross.toString(),
    keyId: invoice.keyId,
  };
  return Object.keys(ledger).find((field) => ledger[field] !== shown[field]);
}
