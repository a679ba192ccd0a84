import type { LedgerEntry } from '@taxchain/ledger';
import type { Invoice } from './invoice';
import type { RecordedDocument } from './recorded-document';

/** A buyer's issued invoice, 100.00 + 13.00 tax, neither claimed, credited nor voided. */
export function issuedInvoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    invoiceNumber: '26311000000000000042',
    kind: 'invoice',
    reverses: null,
    creditedBy: [],
    seller: { taxId: '91350100M000100Y43', name: 'Min River Tea' },
    buyer: { taxId: '91310115MA1H2K3L0C', name: 'Pudong Tools' },
    documentNumber: 'MRT-0042',
    issueDate: '2026-11-23',
    currency: 'CNY',
    net: 10000n,
    tax: 1300n,
    gross: 11300n,
    credited: 0n,
    status: 'issued',
    checkCode: '482913',
    keyId: 'k',
    entryHash: '00'.repeat(32),
    issuedAt: new Date(),
    voidedAt: null,
    liveClaim: null,
    ...overrides,
  };
}

/** What issuedInvoice()'s invoice.issued entry records: the same invoice, as the merchant signed it. */
export function recordedIssue(
  overrides: { checkCode?: string; buyerTaxId?: string } = {},
): RecordedDocument {
  const invoice = issuedInvoice();
  const document = issuedDocument(invoice);
  return {
    invoiceNumber: invoice.invoiceNumber,
    checkCode: overrides.checkCode ?? invoice.checkCode,
    kind: 'invoice',
    document: {
      ...document,
      buyer: { ...document.buyer, taxId: overrides.buyerTaxId ?? document.buyer.taxId },
    },
  };
}

/** The signed document of an invoice, as its invoice.issued payload holds it. */
export function issuedDocument(invoice: Invoice) {
  return {
    kind: 'invoice' as const,
    seller: invoice.seller,
    buyer: invoice.buyer,
    documentNumber: invoice.documentNumber,
    issueDate: invoice.issueDate,
    currency: invoice.currency,
    totals: { net: String(invoice.net), tax: String(invoice.tax), gross: String(invoice.gross) },
    keyId: invoice.keyId,
  };
}

/** An entry of chain 0 at `seq` with a payload (its hashes are not checked past the feed). */
export function ledgerEntryAt(
  seq: number,
  kind: string,
  subject: string,
  payload: unknown,
): LedgerEntry {
  return {
    chain: 0,
    seq,
    prevHash: '00'.repeat(32),
    entryHash: '11'.repeat(32),
    kind,
    subject,
    actor: 'merchant',
    payload: JSON.stringify(payload),
    payloadHash: '22'.repeat(32),
    actorSignature: null,
    recordedAt: '2026-11-23T08:00:00.000Z',
    identity: subject,
  };
}
