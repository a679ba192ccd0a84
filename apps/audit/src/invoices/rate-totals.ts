import type { RateTotal } from './invoice';

/** Net and tax per tax rate of an invoice's lines: what daily totals group by, and a void takes back. */
export function rateTotals(
  lines: ReadonlyArray<{ taxRate: string; amount: string; tax: string }>,
): Map<string, RateTotal> {
  const totals = new Map<string, RateTotal>();
  for (const line of lines) {
    const sum = totals.get(line.taxRate) ?? { net: 0n, tax: 0n };
    totals.set(line.taxRate, {
      net: sum.net + BigInt(line.amount),
      tax: sum.tax + BigInt(line.tax),
    });
  }
  return totals;
}

export function rateTotalsToJson(
  totals: Map<string, RateTotal>,
): Record<string, { net: string; tax: string }> {
  return Object.fromEntries(
    [...totals].map(([rate, t]) => [rate, { net: t.net.toString(), tax: t.tax.toString() }]),
  );
}

export function rateTotalsFromJson(
  json: Record<string, { net: string; tax: string }>,
): Map<string, RateTotal> {
  return new Map(
    Object.entries(json).map(([rate, t]) => [rate, { net: BigInt(t.net), tax: BigInt(t.tax) }]),
  );
}
