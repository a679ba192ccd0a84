import { priceLine, type InvoiceLine } from '@taxchain/contracts';
import { checkCreditNoteLines } from './credit-note-rules';
import { InvoicesException } from './invoices.exception';

const N = '26350100000000000042';

function line(description: string, quantity: string, unitPrice: string, taxRate: string) {
  const input = { description, quantity, unitPrice, taxRate };
  return { ...input, ...priceLine(input) };
}

// 4 × 10.00 at 6 % = 4000 fen, tax 240; 2 × 5.00 at 13 % = 1000 fen, tax 130.
const original = {
  lines: [
    line('Consulting hour', '4', '10.00', '0.06'),
    line('Printed report', '2', '5.00', '0.13'),
  ],
};

function refusal(earlier: InvoiceLine[][], note: InvoiceLine[]) {
  try {
    checkCreditNoteLines(
      N,
      original,
      earlier.map((lines) => ({ lines })),
      { lines: note },
    );
    return undefined;
  } catch (error) {
    if (!(error instanceof InvoicesException)) throw error;
    return {
      status: error.status,
      code: error.code,
      detail: error.detail,
      line: error.extensions.line,
    };
  }
}

describe(checkCreditNoteLines.name, () => {
  it('accepts a line that reverses part of a line of the original', () => {
    expect(refusal([], [line('Consulting hour', '1', '10.00', '0.06')])).toBeUndefined();
  });

  it('accepts crediting everything that remains at each rate', () => {
    const earlier = [[line('Consulting hour', '1', '10.00', '0.06')]];
    const rest = [
      line('Consulting hour', '3', '10.00', '0.06'),
      line('Printed report', '2', '5.00', '0.13'),
    ];
    expect(refusal(earlier, rest)).toBeUndefined();
  });

  it('refuses a 13 % line against an invoice that charged 13 % on nothing of that name', () => {
    // The original has 13 % only on 'Printed report': a 13 % 'Consulting hour' takes back tax never charged.
    expect(refusal([], [line('Consulting hour', '1', '10.00', '0.13')])).toEqual({
      status: 422,
      code: 'credit-line-unmatched',
      line: 0,
      detail: expect.stringContaining("lines[0] names 'Consulting hour'"),
    });
  });

  it('refuses a rate the original never charged, naming the line', () => {
    const note = [
      line('Consulting hour', '1', '10.00', '0.06'),
      line('Consulting hour', '1', '10.00', '0.09'),
    ];
    expect(refusal([], note)).toEqual({
      status: 422,
      code: 'credit-line-unmatched',
      line: 1,
      detail: `lines[1] is at tax rate 0.09; invoice ${N} charged only 0.06, 0.13.`,
    });
  });

  it('refuses more than remains at a rate once earlier credit notes are counted', () => {
    // 6 %: 4000 net, 240 tax; earlier 3 hours took 3000 net, 180 tax; 1000 net, 60 tax remain.
    const earlier = [[line('Consulting hour', '3', '10.00', '0.06')]];
    // Two 1-hour lines: 2000 net > 1000 remaining; the second line crosses it.
    const note = [
      line('Consulting hour', '1', '10.00', '0.06'),
      line('Consulting hour', '1', '10.00', '0.06'),
    ];
    expect(refusal(earlier, note)).toEqual({
      status: 422,
      code: 'credit-exceeds-remaining',
      line: 1,
      detail: `lines[1] takes the credit at tax rate 0.06 to net 2000, tax 120; invoice ${N} has net 1000, tax 60 left to credit at that rate.`,
    });
  });

  it('refuses tax beyond what remains even when the net still fits', () => {
    // 13 %: 3 × 12.50 = 3750 fen, tax 488. One tin at a time is 1250 fen, tax 163 (162.5 rounded up):
    // after two, 1250 net and 162 tax remain, so a third single tin (tax 163) takes back tax never charged.
    const tins = { lines: [line('Tea tin', '3', '12.50', '0.13')] };
    const oneTin = [line('Tea tin', '1', '12.50', '0.13')];
    expect(() =>
      checkCreditNoteLines(N, tins, [{ lines: oneTin }], { lines: oneTin }),
    ).not.toThrow();
    expect(() =>
      checkCreditNoteLines(N, tins, [{ lines: oneTin }, { lines: oneTin }], { lines: oneTin }),
    ).toThrow(/net 1250, tax 162 left/);
  });
});
