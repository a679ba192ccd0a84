import { TWO_LINES, givenInvoiceRecord as record } from './invoice-record.fixtures';
import { chineseDate, fapiaoType, printedInvoice } from './printed-invoice';

describe('printed 数电票', () => {
  it('dates in Chinese', () => {
    expect(chineseDate('2026-12-05')).toBe('2026年12月05日');
  });

  it('is a special VAT invoice only for a registered buyer and taxed lines', () => {
    expect(fapiaoType(record())).toBe('增值税专用发票');
    expect(fapiaoType(record({ buyerRegistered: false }))).toBe('普通发票');
    const exempt = record({ lines: [TWO_LINES[0], { ...TWO_LINES[1], taxRate: '0' }] });
    expect(fapiaoType(exempt)).toBe('普通发票');
  });

  it('prints an invoice with positive amounts, formatted alike, and its gross in words', () => {
    const printed = printedInvoice(record());
    expect(printed.title).toBe('电子发票（增值税专用发票）');
    expect(printed.header.slice(0, 2)).toEqual([
      ['发票号码', '26351000000000000042'],
      ['开票日期', '2026年12月05日'],
    ]);
    expect(printed.lines[0]).toMatchObject({
      name: '*餐饮服务*餐费',
      quantity: '1',
      unitPrice: '1,280.00',
      amount: '1,280.00',
      rate: '6%',
      tax: '76.80',
    });
    expect(printed).toMatchObject({
      netTotal: '¥1,317.50',
      taxTotal: '¥81.68',
      grossInWords: '壹仟叁佰玖拾玖元壹角捌分',
      grossInFigures: '¥1,399.18',
      remarks: [],
      redLetter: false,
    });
  });

  it('prints a credit note red-letter: every quantity and amount negative, the blue invoice in 备注', () => {
    const printed = printedInvoice(
      record({ kind: 'credit-note', creditedInvoiceNumber: '26351000000000000041' }),
    );
    expect(printed.redLetter).toBe(true);
    expect(printed.lines[1]).toMatchObject({
      quantity: '-3',
      unitPrice: '12.50',
      amount: '-37.50',
      tax: '-4.88',
    });
    expect(printed).toMatchObject({
      netTotal: '¥-1,317.50',
      taxTotal: '¥-81.68',
      grossInWords: '负壹仟叁佰玖拾玖元壹角捌分',
      grossInFigures: '¥-1,399.18',
      remarks: ['被红冲蓝字发票号码：26351000000000000041'],
    });
  });

  it('names a currency other than renminbi instead of printing ¥', () => {
    const printed = printedInvoice(record({ currency: 'USD' }));
    expect(printed.grossInFigures).toBe('USD 1,399.18');
    expect(printed.grossInWords).toBe('（USD）壹仟叁佰玖拾玖元壹角捌分');
  });
});
