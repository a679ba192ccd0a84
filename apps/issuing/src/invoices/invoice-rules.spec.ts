import { INVOICE_SCHEMA, type InvoiceDocument } from '@taxchain/contracts';
import { DEFAULT_TAX_RATES, checkInvoiceRules, todayInChina } from './invoice-rules';
import { InvoicesException } from './invoices.exception';

const settings = { taxRates: DEFAULT_TAX_RATES, today: '2026-11-23' };

/** 3 × 12.50 = 3750 fen, tax 487.5 → 488; 2 × 8.80 = 1760 fen, tax 158.4 → 158. */
function validDocument(): InvoiceDocument {
  return {
    schema: INVOICE_SCHEMA,
    kind: 'invoice',
    seller: { taxId: '91350100M000100Y43', name: 'Seller' },
    buyer: { taxId: '91110000802100433B', name: 'Buyer' },
    documentNumber: 'INV-1',
    issueDate: '2026-11-23',
    currency: 'CNY',
    lines: [
      {
        description: 'Tea',
        quantity: '3',
        unitPrice: '12.50',
        taxRate: '0.13',
        amount: '3750',
        tax: '488',
      },
      {
        description: 'Tasting',
        quantity: '2',
        unitPrice: '8.80',
        taxRate: '0.09',
        amount: '1760',
        tax: '158',
      },
    ],
    // 3750 + 1760 = 5510 net; 488 + 158 = 646 tax; 6156 gross.
    totals: { net: '5510', tax: '646', gross: '6156' },
    keyId: 'a'.repeat(32),
  };
}

function problemOf(
  change: (document: InvoiceDocument) => void,
): { code: string; status: number } | undefined {
  const document = validDocument();
  change(document);
  try {
    checkInvoiceRules(document, settings);
    return undefined;
  } catch (error) {
    if (!(error instanceof InvoicesException)) throw error;
    return { code: error.code, status: error.status };
  }
}

describe(checkInvoiceRules.name, () => {
  it('accepts a document whose amounts are computed by the stated rule', () => {
    expect(problemOf(() => undefined)).toBeUndefined();
  });

  it.each<[string, (d: InvoiceDocument) => void, string, number]>([
    ['31 April', (d) => (d.issueDate = '2026-04-31'), 'validation-failed', 400],
    ['a zero quantity', (d) => (d.lines[0].quantity = '0.000'), 'validation-failed', 400],
    ['a zero unit price', (d) => (d.lines[0].unitPrice = '0'), 'validation-failed', 400],
    ['an unknown currency', (d) => (d.currency = 'XYZ'), 'unknown-currency', 422],
    ['a rate not configured', (d) => (d.lines[1].taxRate = '0.17'), 'unsupported-tax-rate', 422],
    [
      'a rate spelled differently',
      (d) => (d.lines[1].taxRate = '0.090'),
      'unsupported-tax-rate',
      422,
    ],
    ['tomorrow', (d) => (d.issueDate = '2026-11-24'), 'future-date', 422],
    ['a line amount one fen off', (d) => (d.lines[0].amount = '3749'), 'totals-mismatch', 422],
    ['a line tax rounded half down', (d) => (d.lines[0].tax = '487'), 'totals-mismatch', 422],
    ['a wrong net', (d) => (d.totals.net = '5511'), 'totals-mismatch', 422],
    ['a gross that is not net + tax', (d) => (d.totals.gross = '6155'), 'totals-mismatch', 422],
  ])('refuses %s', (_case, change, code, status) => {
    expect(problemOf(change)).toEqual({ code, status });
  });

  it('refuses a gross above the cap, however well computed', () => {
    const problem = problemOf((d) => {
      // 10¹¹ × 10⁵ × 100 = 10¹⁸ fen > 10¹⁷.
      const amount = '1000000000000000000';
      d.lines = [
        {
          description: 'x',
          quantity: '100000000000',
          unitPrice: '100000',
          taxRate: '0',
          amount,
          tax: '0',
        },
      ];
      d.totals = { net: amount, tax: '0', gross: amount };
    });
    expect(problem).toEqual({ code: 'amount-too-large', status: 422 });
  });

  it('refuses a gross that rounds to 0 fen, but not a 0-fen line beside a charged one', () => {
    // 1 × 0.004 yuan = 0.4 fen → 0, tax 0: nothing could ever be claimed against it.
    const sample = {
      description: 'Sample',
      quantity: '1',
      unitPrice: '0.004',
      taxRate: '0.13',
      amount: '0',
      tax: '0',
    };
    const zero = problemOf((d) => {
      d.lines = [sample];
      d.totals = { net: '0', tax: '0', gross: '0' };
    });
    expect(zero).toEqual({ code: 'zero-gross', status: 422 });
    expect(problemOf((d) => d.lines.push(sample))).toBeUndefined();
  });

  it('says which field disagrees and what it computes to', () => {
    const document = validDocument();
    document.lines[0].tax = '487';
    expect(() => checkInvoiceRules(document, settings)).toThrow(
      /lines\[0\]\.tax is 487 but computes to 488/,
    );
  });
});

describe(todayInChina.name, () => {
  it('is already tomorrow in China from 16:00 UTC', () => {
    expect(todayInChina(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
    expect(todayInChina(new Date('2026-11-23T16:00:00Z'))).toBe('2026-11-24');
  });
});
