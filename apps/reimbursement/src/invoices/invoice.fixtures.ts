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
  return {
    invoiceNumber: invoice.invoiceNumber,
    checkCode: overrides.checkCode ?? invoice.checkCode,
    kind: 'invoice',
    document: {
      kind: 'invoice',
      seller: invoice.seller,
      buyer: { ...invoice.buyer, taxId: overrides.buyerTaxId ?? invoice.buyer.taxId },
      documentNumber: invoice.documentNumber,
      issueDate: invoice.issueDate,
      currency: invoice.currency,
      totals: { net: '10000', tax: '1300', gross: '11300' },
      keyId: invoice.keyId,
    },
  };
}
