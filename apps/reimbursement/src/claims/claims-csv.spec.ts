import { csvLines } from '@taxchain/platform/http/streamed-csv';
import type { Claim } from './claim';
import { CLAIMS_CSV_COLUMNS, claimCsvFields } from './claims-csv';

describe(claimCsvFields.name, () => {
  const claim: Claim = {
    claimId: '5b0f7c1e-2d4a-4c1b-9e3f-8a6d2c4b1f07',
    invoiceNumber: '26311000000000000042',
    buyerTaxId: '91310115MA1H2K3L0C',
    amount: 11300n,
    expenseReference: null,
    expenseSalt: null,
    state: 'active',
    createdAt: new Date('2026-11-23T08:30:00.000Z'),
    updatedAt: new Date('2026-11-23T08:30:00.000Z'),
  };

  it('writes one line per claim in the header order', () => {
    expect(claimCsvFields(claim)).toHaveLength(CLAIMS_CSV_COLUMNS.length);
    expect(csvLines([claim], claimCsvFields)).toBe(
      '5b0f7c1e-2d4a-4c1b-9e3f-8a6d2c4b1f07,26311000000000000042,91310115MA1H2K3L0C,11300,,active,' +
        '2026-11-23T08:30:00.000Z,2026-11-23T08:30:00.000Z\r\n',
    );
  });

  it('quotes separators and defuses formulas in the expense reference', () => {
    const line = csvLines([{ ...claim, expenseReference: '=HYPERLINK("x"),y' }], claimCsvFields);
    expect(line).toContain(`,"'=HYPERLINK(""x""),y",`);
  });
});
