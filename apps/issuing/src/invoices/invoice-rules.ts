import { isPositiveDecimal, priceLine, totalsOf, type InvoiceDocument } from '@taxchain/contracts';
import { InvoicesException, InvoicesExceptionCode as Code } from './invoices.exception';

/** The tax rates a document may use, as the exact strings it must spell them with. */
export const DEFAULT_TAX_RATES: readonly string[] = [
  '0.13',
  '0.09',
  '0.06',
  '0.05',
  '0.03',
  '0.01',
  '0',
];
/** 10¹⁷ fen (10¹⁵ yuan): far above any real invoice, far below bigint's 9.2 × 10¹⁸. */
export const MAX_GROSS = 10n ** 17n;
const OFFSET_UTC8_MS = 8 * 3600 * 1000;

export interface InvoiceRuleSettings {
  taxRates: readonly string[];
  /** Today's calendar date in China (UTC+8), YYYY-MM-DD. */
  today: string;
}

/** Today's date in UTC+8, the calendar fapiao are dated in, whatever the server's zone. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + OFFSET_UTC8_MS).toISOString().slice(0, 10);
}

/**
 * The document rules that need no I/O, in the order a merchant would fix them: field values,
 * rates, dates, then amounts. Submitted amounts that disagree are refused, never corrected.
 */
export function checkInvoiceRules(document: InvoiceDocument, settings: InvoiceRuleSettings): void {
  if (!isCalendarDate(document.issueDate))
    throw InvoicesException.invalidField('invoice.issueDate must be a calendar date YYYY-MM-DD');
  document.lines.forEach((line, i) => {
    for (const field of ['quantity', 'unitPrice'] as const)
      if (!isPositiveDecimal(line[field]))
        throw InvoicesException.invalidField(`invoice.lines[${i}].${field} must be greater than 0`);
  });
  if (!knownCurrencies().has(document.currency))
    throw new InvoicesException(
      Code.UnknownCurrency,
      `${document.currency} is no ISO 4217 currency.`,
    );
  const badRate = document.lines.findIndex((line) => !settings.taxRates.includes(line.taxRate));
  if (badRate >= 0)
    throw new InvoicesException(
      Code.UnsupportedTaxRate,
      `lines[${badRate}].taxRate ${document.lines[badRate].taxRate} is not one of ${settings.taxRates.join(', ')}.`,
    );
  if (document.issueDate > settings.today)
    throw new InvoicesException(
      Code.FutureDate,
      `issueDate ${document.issueDate} is after today (${settings.today}, UTC+8).`,
    );
  checkAmounts(document);
}

function checkAmounts(document: InvoiceDocument): void {
  const prices = document.lines.map(priceLine);
  prices.forEach((price, i) => {
    for (const field of ['amount', 'tax'] as const)
      if (document.lines[i][field] !== price[field])
        throw mismatch(`lines[${i}].${field}`, price[field], document.lines[i][field]);
  });
  const totals = totalsOf(prices);
  for (const field of ['net', 'tax', 'gross'] as const)
    if (document.totals[field] !== totals[field])
      throw mismatch(`totals.${field}`, totals[field], document.totals[field]);
  // Nothing could ever be claimed or credited against it: a claim takes at least 1 fen.
  if (totals.gross === '0')
    throw new InvoicesException(
      Code.ZeroGross,
      `totals.gross is 0: a document must come to at least 1 fen (0.01) in all; every line's quantity × unitPrice rounds to 0 fen.`,
    );
  if (BigInt(totals.gross) > MAX_GROSS)
    throw new InvoicesException(
      Code.AmountTooLarge,
      `gross ${totals.gross} exceeds ${MAX_GROSS} minor units.`,
    );
}

function mismatch(field: string, expected: string, submitted: string): InvoicesException {
  return new InvoicesException(
    Code.TotalsMismatch,
    `${field} is ${submitted} but computes to ${expected} (amount = round_half_up(quantity × unitPrice × 100), tax = round_half_up(amount × taxRate)).`,
    { field, expected, submitted },
  );
}

/** A day from 0001-01-01 on: Date takes ISO 8601's year 0000, PostgreSQL's date has no year 0. */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

let currencies: Set<string> | undefined;
/** ISO 4217 codes as the runtime's ICU knows them. */
function knownCurrencies(): Set<string> {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies;
}
