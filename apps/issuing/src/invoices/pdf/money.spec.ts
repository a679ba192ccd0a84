import { capitalAmount, formatDecimal, formatMinorUnits, formatRate } from './money';

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
    ['1280', '1,280.00'],
    ['12.5', '12.50'],
    ['1234567.10', '1,234,567.10'],
    // The signed unit price keeps its third decimal: 3 × 0.035 must read as 0.11 (0.105 rounded up).
    ['0.035', '0.035'],
    ['0', '0.00'],
  ])('prints unit price %s as %s, like an amount', (decimal, printed) => {
    expect(formatDecimal(decimal)).toBe(printed);
  });

  it.each([
    ['10', '壹角整'],
    ['10000', '壹佰元整'],
    ['100000001', '壹佰万元零壹分'],
    ['0', '零元整'],
    ['144640', '壹仟肆佰肆拾陆元肆角整'],
    ['100005', '壹仟元零伍分'],
    ['1000000000', '壹仟万元整'],
    ['-10', '负壹角整'],
    ['-144640', '负壹仟肆佰肆拾陆元肆角整'],
    ['-100000001', '负壹佰万元零壹分'],
  ])('writes %s fen in capital numerals as %s', (minor, words) => {
    expect(capitalAmount(minor)).toBe(words);
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
