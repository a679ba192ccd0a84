import type { LedgerEntry } from '@taxchain/ledger';
import type { InvoiceState } from '../../invoices/invoices.repository';
import { entryRef, type NewAnomaly } from '../anomaly';

/**
 * Findings about claims, from one entry and the invoice as it stood before the entry:
 * pure functions, so each rule is tested without a database.
 */

/** The reasons the reimbursement service records on reimbursement.refused entries. */
const ALREADY_REIMBURSED = 'already-reimbursed';
const VOIDED = 'invoice-voided';

/**
 * A refused claim attempt: on an invoice already reimbursed, or on a voided one. The recorded
 * reason counts too, for an invoice the read model has not (yet) applied.
 */
export function refusedClaimAnomaly(
  invoice: InvoiceState | undefined,
  entry: LedgerEntry,
  reason: string | undefined,
): NewAnomaly | undefined {
  const reimbursed = invoice?.claimState === 'completed' || reason === ALREADY_REIMBURSED;
  const voided = invoice?.status === 'voided' || reason === VOIDED;
  if (reimbursed)
    return {
      type: 'repeated_claim_on_reimbursed',
      severity: 'high',
      summary: `claim attempt on ${entry.subject}, already reimbursed, by ${entry.actor}`,
      evidence: { entries: [entryRef(entry)], actor: entry.actor, reason: reason ?? null },
      dedupeKey: `repeated_claim_on_reimbursed:${entry.chain}:${entry.seq}`,
    };
  if (voided) return claimOnVoided(entry, reason, 'high');
  return undefined;
}

/** A claim the platform accepted on an invoice the feed saw voided: it should be impossible. */
export function acceptedClaimAnomaly(
  invoice: InvoiceState | undefined,
  entry: LedgerEntry,
): NewAnomaly | undefined {
  return invoice?.status === 'voided' ? claimOnVoided(entry, undefined, 'critical') : undefined;
}

/** A void or credit soon after someone tried to claim the invoice. */
export function voidAfterClaimAnomaly(
  invoice: InvoiceState | undefined,
  entry: LedgerEntry,
  windowMs: number,
): NewAnomaly | undefined {
  const attempt = invoice?.lastClaimAttemptAt;
  if (!attempt) return undefined;
  const elapsed = Date.parse(entry.recordedAt) - attempt.getTime();
  if (elapsed < 0 || elapsed > windowMs) return undefined;
  return {
    type: 'void_after_claim_attempt',
    severity: 'medium',
    summary: `${entry.kind} on ${entry.subject} ${Math.round(elapsed / 1000)} s after a claim attempt`,
    evidence: {
      entries: [entryRef(entry)],
      claimAttemptAt: attempt.toISOString(),
      elapsedMs: elapsed,
    },
    dedupeKey: `void_after_claim_attempt:${entry.chain}:${entry.seq}`,
  };
}

function claimOnVoided(
  entry: LedgerEntry,
  reason: string | undefined,
  severity: 'high' | 'critical',
): NewAnomaly {
  return {
    type: 'claim_on_voided',
    severity,
    summary: `claim on voided invoice ${entry.subject} by ${entry.actor}`,
    evidence: { entries: [entryRef(entry)], actor: entry.actor, reason: reason ?? null },
    dedupeKey: `claim_on_voided:${entry.chain}:${entry.seq}`,
  };
}
