import type { LedgerEntry } from '@taxchain/ledger';
import { negated } from './credit-note';
import type { Invoice } from './invoice';
import { recordedDocument, type RecordedDocument } from './recorded-document';

/**
 * The first field of the read model that is not what the document's ledger entry says, or
 * undefined when they agree. The entry is the invoice's invoice.issued, or the invoice.credited
 * that records a credit note. The read model is what this service shows and claims on; the
 * entry's payload is what the ledger hashed, so a row changed after the feed wrote it (or a
 * payload that no longer parses) is named here. Call it on an entry whose payload is bound.
 */
export function readModelDisagreement(invoice: Invoice, recorded: LedgerEntry): string | undefined {
  const fields = ledgerFields(recorded);
  if (!fields) return 'payload';
  const ledger: Record<string, string> = { ...fields, entryHash: recorded.entryHash };
  const shown: Record<string, string> = {
    invoiceNumber: invoice.invoiceNumber,
    checkCode: invoice.checkCode,
    entryHash: invoice.entryHash,
    kind: invoice.kind,
    reverses: invoice.reverses ?? '',
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

/** The entry's document as the read model states it: a credit note's amounts negative. */
function ledgerFields(entry: LedgerEntry): Record<string, string> | undefined {
  const recorded = recordedDocument(entry);
  if (!recorded) return undefined;
  const { invoiceNumber, checkCode, kind, reverses = '', document } = recorded;
  const signed = kind === 'credit-note' ? negated : (amount: string) => amount;
  return { invoiceNumber, checkCode, kind, reverses, ...documentFields(document, signed) };
}

function documentFields(
  document: RecordedDocument['document'],
  signed: (amount: string) => string,
): Record<string, string> {
  return {
    'seller.taxId': document.seller.taxId,
    'seller.name': document.seller.name,
    'buyer.taxId': document.buyer.taxId,
    'buyer.name': document.buyer.name,
    documentNumber: document.documentNumber,
    issueDate: document.issueDate,
    currency: document.currency,
    net: signed(document.totals.net),
    tax: signed(document.totals.tax),
    gross: signed(document.totals.gross),
    keyId: document.keyId,
  };
}
