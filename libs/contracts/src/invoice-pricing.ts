import Decimal from 'decimal.js';
import type { InvoiceLine, InvoiceTotals } from './invoice-document';

/**
 * Invoice arithmetic, exact and pure. Rounding rule (stated once, here):
 *   line amount = round_half_up(quantity × unitPrice × 100)   (fen)
 *   line tax    = round_half_up(amount × taxRate)            (fen)
 *   net = Σ amount, tax = Σ line tax, gross = net + tax
 * Tax is rounded per line (as a fapiao prints it), never on the total.
 */

/**
 * Quantities and unit prices: plain positive decimals, at most 12 integer digits and 6
 * decimals, no sign, exponent or leading zeros. Unit prices get 6 decimals too, not 2: fapiao
 * print unit prices such as 0.035 per gram, and only the line amount is money (rounded to fen). One spelling per value is not required
 * ("1.50" and "1.5" both pass): the merchant signs whatever it sent.
 */
export const DECIMAL_PATTERN = /^(0|[1-9]\d{0,11})(\.\d{1,6})?$/;
/** Minor-unit amounts: non-negative integers, no leading zeros, at most 19 digits. */
export const MINOR_UNITS_PATTERN = /^(0|[1-9]\d{0,18})$/;

// 12+12 integer digits and 12 decimals, times 100 and a rate: 64 significant digits never round.
const Exact = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_UP });

export type PricedLine = Pick<InvoiceLine, 'quantity' | 'unitPrice' | 'taxRate'>;

export interface LinePrice {
  amount: string;
  tax: string;
}

export function priceLine(line: PricedLine): LinePrice {
  const amount = new Exact(line.quantity)
    .times(line.unitPrice)
    .times(100)
    .toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  const tax = amount.times(line.taxRate).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return { amount: amount.toFixed(0), tax: tax.toFixed(0) };
}

/** Totals of already priced lines, in BigInt: sums of integers need no decimal library. */
export function totalsOf(lines: LinePrice[]): InvoiceTotals {
  const net = lines.reduce((sum, line) => sum + BigInt(line.amount), 0n);
  const tax = lines.reduce((sum, line) => sum + BigInt(line.tax), 0n);
  return { net: String(net), tax: String(tax), gross: String(net + tax) };
}

/** Whether a value is a decimal this module accepts and greater than zero. */
export function isPositiveDecimal(value: string): boolean {
  return DECIMAL_PATTERN.test(value) && /[1-9]/.test(value);
}
