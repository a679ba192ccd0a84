import nzh from 'nzh/cn';

/** Minor units (fen) as a major-unit amount with two decimals and thousands separators. */
export function formatMinorUnits(minor: string | bigint): string {
  const value = BigInt(minor);
  const negative = value < 0n;
  const absolute = negative ? -value : value;
  const fraction = (absolute % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${groupThousands((absolute / 100n).toString())}.${fraction}`;
}

/**
 * An exact decimal in major units ("1280", "0.035") printed like an amount: thousands separators
 * and at least two decimals. Decimals beyond two are kept: the signed unit price is what the line
 * amount was computed from, and rounding it would print a price that does not give the amount.
 */
export function formatDecimal(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [whole, fraction = ''] = (negative ? decimal.slice(1) : decimal).split('.');
  const decimals = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `${negative ? '-' : ''}${groupThousands(whole)}.${decimals}`;
}

/**
 * Minor units in Chinese capital financial numerals, as 价税合计（大写）prints them:
 * 100.00 → 壹佰元整, 0.10 → 壹角整, 1,000,000.01 → 壹佰万元零壹分, a negative → 负….
 * 整 follows whenever there is no 分 (the People's Bank rule allows it after 角 too).
 */
export function capitalAmount(minor: string | bigint): string {
  return nzh.toMoney(formatMinorUnits(minor).replace(/,/g, ''), {
    outSymbol: false,
    forceZheng: true,
  });
}

/** A decimal tax rate ("0.13") as a percentage ("13%"), exactly. */
export function formatRate(rate: string): string {
  const [whole, fraction = ''] = rate.split('.');
  const digits = `${whole}${fraction.padEnd(2, '0')}`;
  const percent = `${digits.slice(0, whole.length + 2)}.${digits.slice(whole.length + 2)}`;
  return `${percent.replace(/\.?0*$/, '').replace(/^0+(?=\d)/, '')}%`;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
