import fc from 'fast-check';
import { isPositiveDecimal, priceLine, totalsOf } from './invoice-pricing';

/** Independent reference: decimals as (mantissa, scale) BigInts, half-up by integer division. */
function parse(value: string): { n: bigint; scale: number } {
  const [whole, fraction = ''] = value.split('.');
  return { n: BigInt(whole + fraction), scale: fraction.length };
}
function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  // For non-negative values: floor((2n + d) / 2d) = floor(n/d + 1/2).
  return (2n * numerator + denominator) / (2n * denominator);
}
function referencePrice(quantity: string, unitPrice: string, taxRate: string) {
  const q = parse(quantity);
  const p = parse(unitPrice);
  const amount = roundHalfUp(q.n * p.n * 100n, 10n ** BigInt(q.scale + p.scale));
  const r = parse(taxRate);
  const tax = roundHalfUp(amount * r.n, 10n ** BigInt(r.scale));
  return { amount: String(amount), tax: String(tax) };
}

const decimal = fc
  .tuple(
    fc.bigInt({ min: 0n, max: 999_999_999_999n }),
    fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }),
  )
  .map(([whole, fraction]) => (fraction === undefined ? String(whole) : `${whole}.${fraction}`))
  .filter(isPositiveDecimal);
const rate = fc.constantFrom('0.13', '0.09', '0.06', '0.05', '0.03', '0.01', '0');

describe(priceLine.name, () => {
  it('agrees with the BigInt reference on every quantity, price and rate', () => {
    fc.assert(
      fc.property(decimal, decimal, rate, (quantity, unitPrice, taxRate) => {
        expect(priceLine({ quantity, unitPrice, taxRate })).toEqual(
          referencePrice(quantity, unitPrice, taxRate),
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it.each([
    // 3 × 12.50 × 100 = 3750 fen; 3750 × 0.13 = 487.5 → 488 (half up)
    ['3', '12.50', '0.13', '3750', '488'],
    // 0.125 × 0.1 × 100 = 1.25 fen → 1; 1 × 0.06 = 0.06 → 0
    ['0.125', '0.1', '0.06', '1', '0'],
    // 0.005 × 1 × 100 = 0.5 fen → 1 (half up, not half even)
    ['0.005', '1', '0.13', '1', '0'],
    // 2.5 × 0.01 × 100 = 2.5 fen → 3; 3 × 0.09 = 0.27 → 0
    ['2.5', '0.01', '0.09', '3', '0'],
    // 1 × 100 × 100 = 10000 fen; × 0.13 = 1300
    ['1', '100', '0.13', '10000', '1300'],
  ])('%s × %s at %s is %s fen, tax %s', (quantity, unitPrice, taxRate, amount, tax) => {
    expect(priceLine({ quantity, unitPrice, taxRate })).toEqual({ amount, tax });
  });
});

describe(totalsOf.name, () => {
  it('sums exactly, gross = net + tax', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            amount: fc.bigInt({ min: 0n, max: 10n ** 17n }).map(String),
            tax: fc.bigInt({ min: 0n, max: 10n ** 16n }).map(String),
          }),
          { maxLength: 50 },
        ),
        (lines) => {
          const totals = totalsOf(lines);
          const net = lines.reduce((s, l) => s + BigInt(l.amount), 0n);
          const tax = lines.reduce((s, l) => s + BigInt(l.tax), 0n);
          expect(totals).toEqual({ net: String(net), tax: String(tax), gross: String(net + tax) });
        },
      ),
    );
  });
});

describe(isPositiveDecimal.name, () => {
  it.each(['1', '0.5', '12.50', '999999999999.999999'])('accepts %s', (value) => {
    expect(isPositiveDecimal(value)).toBe(true);
  });
  it.each(['0', '0.000', '-1', '01', '1.', '.5', '1e3', '1.1234567', '1000000000000', ' 1'])(
    'refuses %s',
    (value) => {
      expect(isPositiveDecimal(value)).toBe(false);
    },
  );
});
