import { createHash, timingSafeEqual } from 'node:crypto';
import { LedgerKinds, publicAmount, type PublicFacts } from '@taxchain/contracts';
import { entryFault, type LedgerEntry } from '@taxchain/ledger';
import { recordedDocument } from '../invoices/recorded-document';
import type { LedgerInvoiceFacts } from '../invoices/ledger-invoice-facts';

export type PublicStatus = 'valid' | 'voided' | 'credited' | 'invalid';

/** All the public check reveals about an invoice whose four facts match. */
export interface PublicCheckResult {
  status: PublicStatus;
  reimbursed: boolean;
}

/** An invoice as the merchant signed it: the four facts printed on it, and its gross. */
export interface SignedInvoice {
  facts: PublicFacts;
  gross: bigint;
}

/** What decides the status: the ledger's voids and credits, the signature, the buyer's claim. */
export interface PublicState {
  voided: boolean;
  credited: boolean;
  signatureHolds: boolean;
  /** The ledger's void and credit entries of it are what was hashed (entryFault). */
  ledgerHolds: boolean;
  reimbursed: boolean;
}

/**
 * The invoice an invoice.issued entry records, read off its payload; undefined for an entry of
 * another kind (a credit note's invoice.credited), or whose payload is not what the ledger hashed
 * or does not parse: then nothing the entry states can be trusted to match.
 */
export function signedInvoice(entry: LedgerEntry): SignedInvoice | undefined {
  if (entry.kind !== LedgerKinds.invoiceIssued || entryFault(entry)) return undefined;
  const recorded = recordedDocument(entry);
  if (!recorded) return undefined;
  const { invoiceNumber, checkCode, document } = recorded;
  const gross = BigInt(document.totals.gross);
  const facts = { number: invoiceNumber, date: document.issueDate, code: checkCode };
  return { facts: { ...facts, amount: publicAmount(gross) }, gross };
}

/**
 * Compares the given facts with the signed ones in time independent of where they differ: the
 * digests of both encodings are compared with timingSafeEqual. With no signed facts, a stand-in
 * is compared (and never matches), so an unknown number costs what a wrong fact costs.
 */
export function factsMatch(given: PublicFacts, signed: PublicFacts | undefined): boolean {
  const match = timingSafeEqual(digest(given), digest(signed ?? STAND_IN));
  return match && signed !== undefined;
}

/** Whether the ledger's voids and credits void the invoice, or take back part of its gross. */
export function ledgerState(
  facts: LedgerInvoiceFacts,
  gross: bigint,
): Pick<PublicState, 'voided' | 'credited'> {
  const credited = facts.remainingGross !== undefined && facts.remainingGross < gross;
  return { voided: facts.voided, credited };
}

/**
 * A merchant signature that does not hold makes it no tax document at all (invalid), and a
 * ledger whose record of it fails its hash check can vouch for nothing (invalid too); then
 * voided wins over credited: a voided invoice is void whatever was credited before.
 */
export function publicResult(state: PublicState): PublicCheckResult {
  const status: PublicStatus = !(state.signatureHolds && state.ledgerHolds)
    ? 'invalid'
    : state.voided
      ? 'voided'
      : state.credited
        ? 'credited'
        : 'valid';
  return { status, reimbursed: state.reimbursed };
}

const STAND_IN: PublicFacts = {
  number: '00000000000000000000',
  date: '0000-00-00',
  code: '000000',
  amount: '0.00',
};

// Newline-separated: no fact can contain one, so two different fact sets never encode alike.
function digest(facts: PublicFacts): Buffer {
  return createHash('sha256')
    .update([facts.number, facts.date, facts.code, facts.amount].join('\n'))
    .digest();
}
