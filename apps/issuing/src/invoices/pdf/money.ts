/** Minor units (fen) as a major-unit amount with two decimals and thousands separators. */
export function formatMinorUnits(minor: string): string {
  const value = BigInt(minor);
  const negative = value < 0n;
  const absolute = negative ? -value : value;
  const major = (absolute / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (absolute % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${major}.${fraction}`;
}

/** A decimal tax rate ("0.13") as a percentage ("13%"), exactly. */
export function formatRate(rate: string): string {
  const [whole, fraction = ''] = rate.split('.');
  const digits = `${whole}${fraction.padEnd(2, '0')}`;
  const percent = `${digits.slice(0, whole.length + 2)}.${digits.slice(whole.length + 2)}`;
  return `${percent.replace(/\.?0*$/, '').replace(/^0+(?=\d)/, '')}%`;
}
