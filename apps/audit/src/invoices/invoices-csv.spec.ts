import type { AuditInvoice } from './invoice';
import { csvLines } from '@taxchain/platform/http/streamed-csv';
import { INVOICES_CSV_COLUMNS, INVOICES_CSV_HEADER, invoiceCsvFields } from './invoices-csv';

describe('invoices.csv', () => {
  const invoice: AuditInvoice = {
    invoiceNumber: '26350100000000000042',
    kind: 'invoice',
    creditedInvoiceNumber: null,
    seller: { taxId: '91350100MA2XYZ1234', name: 'Min River Tea Co., Ltd.' },
    buyer: { taxId: '91310115MA1H2K3L0C', name: '=Pudong Tools' },
    region: '350100',
    issueDate: '2026-11-23',
    currency: 'CNY',
    net: 10000n,
    tax: 1300n,
    gross: 11300n,
    taxRates: ['0.13', '0.06'],
    status: 'issued',
    credited: 0n,
    claimState: 'none',
    refusedClaims: 0,
    chain: 2,
    seq: 1041,
    entryHash: 'ab'.repeat(32),
    issuedAt: new Date('2026-11-23T08:30:00.000Z'),
  };

  it('writes one line per invoice in the header order, quoting and defusing as it goes', () => {
    expect(INVOICES_CSV_HEADER.trimEnd().split(',')).toEqual([...INVOICES_CSV_COLUMNS]);
    expect(csvLines([invoice], invoiceCsvFields)).toBe(
      '26350100000000000042,invoice,91350100MA2XYZ1234,"Min River Tea Co., Ltd.",91310115MA1H2K3L0C,' +
        `'=Pudong Tools,350100,2026-11-23,CNY,10000,1300,11300,0.13 0.06,issued,0,none,2,1041,` +
        `${'ab'.repeat(32)},2026-11-23T08:30:00.000Z\r\n`,
    );
  });

  it('writes a credit note with negative amounts as numbers, still defusing text', () => {
    const note: AuditInvoice = {
      ...invoice,
      invoiceNumber: '26350100000000000043',
      kind: 'credit-note',
      creditedInvoiceNumber: invoice.invoiceNumber,
      seller: { ...invoice.seller, name: 'Min River Tea' },
      buyer: { ...invoice.buyer, name: '-1+1' },
      net: -5000n,
      tax: -650n,
      gross: -5650n,
    };
    const fields = csvLines([note], invoiceCsvFields).split(',');
    const at = (column: (typeof INVOICES_CSV_COLUMNS)[number]) =>
      fields[INVOICES_CSV_COLUMNS.indexOf(column)];
    expect([at('kind'), at('net'), at('tax'), at('gross')]).toEqual([
      'credit-note',
      '-5000',
      '-650',
      '-5650',
    ]);
    expect(at('buyerName')).toBe("'-1+1");
  });
});
