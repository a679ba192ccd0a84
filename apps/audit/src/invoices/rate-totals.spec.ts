import { rateTotals, rateTotalsFromJson, rateTotalsToJson } from './rate-totals';

describe(rateTotals.name, () => {
  it('sums lines per rate', () => {
    const totals = rateTotals([
      { taxRate: '0.13', amount: '10000', tax: '1300' },
      { taxRate: '0.06', amount: '500', tax: '30' },
      { taxRate: '0.13', amount: '2000', tax: '260' },
    ]);
    // 10000 + 2000 = 12000 net and 1300 + 260 = 1560 tax at 13 %
    expect(totals.get('0.13')).toEqual({ net: 12000n, tax: 1560n });
    expect(totals.get('0.06')).toEqual({ net: 500n, tax: 30n });
  });

  it('round-trips through JSON without losing precision', () => {
    const totals = rateTotals([{ taxRate: '0.13', amount: '900719925474099300', tax: '1' }]);
    expect(rateTotalsFromJson(rateTotalsToJson(totals))).toEqual(totals);
  });
});
