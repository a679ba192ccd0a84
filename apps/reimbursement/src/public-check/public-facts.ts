import { createHash, timingSafeEqual } from 'node:crypto';
import type { Invoice } from '../invoices/invoice';

/** What anyone holding the paper can give: the four facts printed on it. */
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

export type PublicStatus = 'valid' | 'voided' | 'credited';

/** All the public check reveals about an invoice whose four facts match. */
export interface PublicCheckResult {
  status: PublicStatus;
  reimbursed: boolean;
}

/** Minor units as the public check's amount format: "11300" → "113.00". */
export function publicAmount(minor: bigint): string {
  const fraction = (minor % 100n).toString().padStart(2, '0');
  return `${minor / 100n}.${fraction}`;
}

/**
 * Compares the given facts with the invoice's in time independent of where they differ: the
 * digests of both encodings are compared with timingSafeEqual. With no invoice, a stand-in is
 * compared (and never matches), so an unknown number costs what a wrong fact costs.
 */
export function factsMatch(given: PublicFacts, invoice: Invoice | undefined): boolean {
  const known = invoice ? factsOf(invoice) : STAND_IN;
  const match = timingSafeEqual(digest(given), digest(known));
  return match && invoice !== undefined;
}

/** Voided wins over credited: a voided invoice is void whatever was credited before. */
export function publicResult(invoice: Invoice): PublicCheckResult {
  const status: PublicStatus =
    invoice.status === 'voided' ? 'voided' : invoice.credited > 0n ? 'credited' : 'valid';
  return { status, reimbursed: invoice.liveClaim?.state === 'completed' };
}

const STAND_IN: PublicFacts = {
  number: '00000000000000000000',
  date: '0000-00-00',
  code: '000000',
  amount: '0.00',
};

function factsOf(invoice: Invoice): PublicFacts {
  return {
    number: invoice.invoiceNumber,
    date: invoice.issueDate,
    code: invoice.checkCode,
    amount: publicAmount(invoice.gross),
  };
}

// Newline-separated: no fact can contain one, so two different fact sets never encode alike.
function digest(facts: PublicFacts): Buffer {
  return createHash('sha256')
    .update([facts.number, facts.date, facts.code, facts.amount].join('\n'))
    .digest();
}
