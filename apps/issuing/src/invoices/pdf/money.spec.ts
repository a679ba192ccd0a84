import { formatMinorUnits, formatRate } from './money';

describe('invoice PDF money formatting', () => {
  it.each([
    ['0', '0.00'],
    ['5', '0.05'],
    ['5510', '55.10'],
    ['123456789', '1,234,567.89'],
    ['-1413', '-14.13'],
  ])('prints %s fen as %s', (minor, printed) => {
    expect(formatMinorUnits(minor)).toBe(printed);
  });

  it.each([
    ['0.13', '13%'],
    ['0.09', '9%'],
    ['0.015', '1.5%'],
    ['0', '0%'],
    ['1', '100%'],
  ])('prints rate %s as %s', (rate, printed) => {
    expect(formatRate(rate)).toBe(printed);
  });
});
