import type { Invoice } from './invoice';

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
