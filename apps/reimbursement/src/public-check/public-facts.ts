import { createHash, timingSafeEqual } from 'node:crypto';
import { publicAmount, type PublicFacts } from '@taxchain/contracts';
import type { Invoice } from '../invoices/invoice';

export type PublicStatus = 'valid' | 'voided' | 'credited' | 'invalid';

/** All the public check reveals about an invoice whose four facts match. */
export interface PublicCheckResult {
  status: PublicStatus;
  reimbursed: boolean;
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

/**
 * A merchant signature that does not hold makes it no tax document at all (invalid); then
 * voided wins over credited: a voided invoice is void whatever was credited before.
 */
export function publicResult(invoice: Invoice, signatureHolds: boolean): PublicCheckResult {
  const status: PublicStatus = !signatureHolds
    ? 'invalid'
    : invoice.status === 'voided'
      ? 'voided'
      : invoice.credited > 0n
        ? 'credited'
        : 'valid';
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
