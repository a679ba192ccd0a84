import { INVOICE_SCHEMA } from '@taxchain/contracts';
import { CliError, ExitCode } from './cli-error';
import { completeInvoice } from './invoice-input';

const party = { taxId: '91350100M000100Y43', name: '上海测试贸易有限公司' };
const draft = {
  seller: party,
  buyer: party,
  documentNumber: 'DOC-1',
  issueDate: '2026-11-23',
  currency: 'CNY',
  lines: [
    { description: 'tea', quantity: '3', unitPrice: '12.50', taxRate: '0.13' },
    { description: 'tasting', quantity: '2', unitPrice: '8.80', taxRate: '0.09' },
  ],
};

describe('completeInvoice', () => {
  it('fills in amounts, totals, schema, kind and keyId with the server pricing', () => {
    const invoice = completeInvoice(draft, 'k'.repeat(32), 'x.json');
    // 3 × 12.50 = 3750, tax 487.5 → 488; 2 × 8.80 = 1760, tax 158.4 → 158
    expect(invoice.lines.map(({ amount, tax }) => ({ amount, tax }))).toEqual([
      { amount: '3750', tax: '488' },
      { amount: '1760', tax: '158' },
    ]);
    expect(invoice.totals).toEqual({ net: '5510', tax: '646', gross: '6156' });
    expect(invoice).toMatchObject({
      schema: INVOICE_SCHEMA,
      kind: 'invoice',
      keyId: 'k'.repeat(32),
    });
  });

  it('keeps amounts the merchant wrote, for the server to judge', () => {
    const totals = { net: '1', tax: '1', gross: '2' };
    expect(completeInvoice({ ...draft, totals }, 'k', 'x.json').totals).toEqual(totals);
  });

  it.each([
    ['not an object', []],
    ['no seller', { ...draft, seller: undefined }],
    ['no lines', { ...draft, lines: [] }],
    ['a float quantity', { ...draft, lines: [{ ...draft.lines[0], quantity: 3 }] }],
    ['a negative price', { ...draft, lines: [{ ...draft.lines[0], unitPrice: '-1' }] }],
    ['a percentage rate', { ...draft, lines: [{ ...draft.lines[0], taxRate: '13' }] }],
  ])('refuses %s as bad input', (_case, input) => {
    const attempt = () => completeInvoice(input, 'k', 'x.json');
    expect(attempt).toThrow(CliError);
    expect(attempt).toThrow(expect.objectContaining({ exitCode: ExitCode.BadInput }));
  });
});
