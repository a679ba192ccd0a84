import { INVOICE_SCHEMA, priceLine, totalsOf, type PricedLine } from '@taxchain/contracts';
import type { InvoiceRecord } from '../invoice-record';

export type GivenLine = PricedLine & { description: string };

/** 1 × 1,280.00 at 6 % (tax 76.80) and 3 × 12.50 at 13 % (37.50, tax 4.875 → 4.88). */
export const TWO_LINES: GivenLine[] = [
  { description: '*餐饮服务*餐费', quantity: '1', unitPrice: '1280', taxRate: '0.06' },
  { description: '*茶*武夷岩茶', quantity: '3', unitPrice: '12.50', taxRate: '0.13' },
];

/**
 * An issuing invoice row as the PDF reads it, priced by the platform's own rules: by default
 * TWO_LINES, net 1,317.50 + tax 81.68 = gross 1,399.18, to a registered buyer.
 */
export function givenInvoiceRecord(
  overrides: Partial<InvoiceRecord> & { lines?: GivenLine[] } = {},
): InvoiceRecord {
  const { lines: inputs = TWO_LINES, ...rest } = overrides;
  const seller = { taxId: '91350100M000100Y43', name: '上海测试贸易有限公司' };
  const buyer = { taxId: '91110000802100433B', name: '北京办公用品有限公司' };
  const lines = inputs.map((line) => ({ ...line, ...priceLine(line) }));
  const totals = totalsOf(lines);
  const kind = rest.kind ?? 'invoice';
  return {
    invoiceNumber: '26351000000000000042',
    sellerTaxId: seller.taxId,
    documentNumber: 'DOC-2026-000042',
    buyerTaxId: buyer.taxId,
    buyerName: buyer.name,
    buyerRegistered: true,
    issueDate: '2026-12-05',
    currency: 'CNY',
    ...totals,
    kind,
    creditedInvoiceNumber: null,
    status: 'issued',
    creditedGross: '0',
    checkCode: '12345678901234567890',
    document: {
      schema: INVOICE_SCHEMA,
      kind,
      seller,
      buyer,
      documentNumber: 'DOC-2026-000042',
      issueDate: '2026-12-05',
      currency: 'CNY',
      lines,
      totals,
      keyId: '0123456789abcdef0123456789abcdef',
    },
    signature: '',
    createdAt: new Date('2026-12-05T02:00:00Z'),
    voidedAt: null,
    entryHash: 'ab'.repeat(32),
    ...rest,
  };
}
