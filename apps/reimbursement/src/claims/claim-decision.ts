import { LedgerErrorCode, type LedgerEntry } from '@taxchain/ledger';
import type { DomainException } from '@taxchain/platform';
import { remainingGross, type Invoice } from '../invoices/invoice';
import { InvoicesException } from '../invoices/invoices.exception';
import type { LockedInvoice } from '../invoices/invoice-lock';
import { notWithCode, type LedgerDocument } from '../invoices/ledger-documents';
import { FAILED_SIGNATURES, type SignatureVerdict } from '../invoices/merchant-signatures';
import { ClaimsException } from './claims.exception';
import { recordedInvoice } from './recorded-invoice';

export interface ClaimRequest {
  invoiceNumber: string;
  checkCode: string;
  buyerTaxId: string;
  /** Minor units; absent means everything that remains claimable. */
  amount?: bigint;
}

export type ClaimDecision =
  | { kind: 'claim'; amount: bigint }
  /** Refused with nothing written. */
  | { kind: 'refuse'; error: DomainException }
  /** Refused, and the attempt goes on the ledger: auditors look for these. */
  | { kind: 'refuse-recorded'; error: ClaimsException; reason: string; amount: bigint }
  /**
   * Refused with nothing written: an entry the decision turns on is not what the ledger hashed,
   * so it vouches for nothing. The caller refuses it as verify-on-read does (409
   * ledger-entry-tampered, ServedEntries.refusal), which also tells the audit service.
   */
  | { kind: 'tampered'; entry: LedgerEntry };

/**
 * Whether a claim may hold the invoice, decided on what the ledger records (recordedInvoice):
 * a number the ledger does not record with this check code is a final 404, whatever the read
 * model says; one it records but the feed has not delivered is 503 (retry), unless it is a
 * credit note, which is never claimable whatever the feed does. A recording entry, void or
 * credit that is not what the ledger hashed is `tampered`: none of them is read.
 */
export function decideOnLedger(
  locked: LockedInvoice,
  request: ClaimRequest,
  onLedger: LedgerDocument | undefined,
): ClaimDecision {
  const number = request.invoiceNumber;
  if (!onLedger || notWithCode(onLedger, request.checkCode))
    return refuse(InvoicesException.notFound(number));
  if ('fault' in onLedger) return { kind: 'tampered', entry: onLedger.entry };
  if ('fault' in locked.facts) return { kind: 'tampered', entry: locked.facts.entry };
  if (locked.row)
    return decideClaim(recordedInvoice(locked.row, onLedger, locked.facts.facts), request);
  if (onLedger.kind === 'credit-note') return refuse(ClaimsException.notClaimable(number));
  return refuse(InvoicesException.notYetVisible(number));
}

/**
 * Whether a claim may hold the invoice, as `invoice` states it. Order matters: who may learn
 * what. A wrong check code reveals nothing more; only the buyer learns the invoice's state.
 */
export function decideClaim(invoice: Invoice, request: ClaimRequest): ClaimDecision {
  const number = request.invoiceNumber;
  if (invoice.checkCode !== request.checkCode) return refuse(InvoicesException.notFound(number));
  if (invoice.buyer.taxId !== request.buyerTaxId)
    return refuse(ClaimsException.notTheBuyer(number));
  if (invoice.kind !== 'invoice') return refuse(ClaimsException.notClaimable(number));
  const remaining = remainingGross(invoice);
  // What the attempt asked for, as the refusal record states it.
  const attempted = request.amount ?? remaining;
  if (invoice.status === 'voided')
    return recorded(ClaimsException.invoiceVoided(number), 'invoice-voided', attempted);
  if (invoice.liveClaim?.state === 'completed')
    return recorded(ClaimsException.alreadyReimbursed(number), 'already-reimbursed', attempted);
  if (invoice.liveClaim?.state === 'active') return refuse(ClaimsException.alreadyClaimed(number));
  if (remaining <= 0n) return refuse(ClaimsException.fullyCredited(number));
  if (attempted > remaining)
    return refuse(ClaimsException.amountExceedsRemaining(number, remaining));
  return { kind: 'claim', amount: attempted };
}

/**
 * A claim decideClaim allowed, held to the merchant's signature: an invoice that is forged or
 * recorded after its key's revocation is no tax document, so it is never reimbursed. Checked
 * last, for the buyer only, and only for a claim that would win: losers of a race skip it.
 * `absent` passes: issuing always records a signature, and entries written straight to the
 * ledger by tests and seeds carry none.
 */
export function heldToSignature(
  decision: ClaimDecision,
  invoiceNumber: string,
  signature: SignatureVerdict,
): ClaimDecision {
  if (decision.kind !== 'claim' || !FAILED_SIGNATURES.includes(signature)) return decision;
  const error = ClaimsException.merchantSignatureFailed(invoiceNumber, signature);
  return recorded(error, `merchant-signature-${signature}`, decision.amount);
}

/**
 * The problem code POST /claims answers a refusal with (its type is urn:taxchain:problem:<code>);
 * undefined for a claim.
 */
export function refusalCode(decision: ClaimDecision): string | undefined {
  if (decision.kind === 'claim') return undefined;
  if (decision.kind === 'tampered') return LedgerErrorCode.EntryTampered;
  return decision.error.code;
}

function refuse(error: DomainException): ClaimDecision {
  return { kind: 'refuse', error };
}

function recorded(error: ClaimsException, reason: string, amount: bigint): ClaimDecision {
  return { kind: 'refuse-recorded', error, reason, amount };
}
