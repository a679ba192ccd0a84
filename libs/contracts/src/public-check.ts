/** The four facts printed on an invoice that the public check (查验) takes. */
export interface PublicFacts {
  /** 20 digits. */
  number: string;
  /** YYYY-MM-DD, the issue date. */
  date: string;
  /** 6 digits, the check code (校验码). */
  code: string;
  /** The printed gross (价税合计) in major units, two decimals, no separators: "1234.56". */
  amount: string;
}

/** Minor units as the public check's amount format: 11300 → "113.00", -1413 → "-14.13". */
export function publicAmount(minor: bigint | string): string {
  const value = BigInt(minor);
  const magnitude = value < 0n ? -value : value;
  const fraction = (magnitude % 100n).toString().padStart(2, '0');
  return `${value < 0n ? '-' : ''}${magnitude / 100n}.${fraction}`;
}

/**
 * The public check page pre-filled with an invoice's facts, as the printed QR code and the
 * PDF link give it: `<base>/check?number=…&date=…&code=…&amount=…`.
 */
export function publicCheckUrl(base: string, facts: PublicFacts): string {
  const { number, date, code, amount } = facts;
  return `${base}/check?${new URLSearchParams({ number, date, code, amount }).toString()}`;
}
