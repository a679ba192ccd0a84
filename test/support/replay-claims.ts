import { LedgerKinds, type ReimbursementPayload } from '@taxchain/contracts';
import type { LedgerEntry } from '@taxchain/ledger';

export interface ReplayedClaim {
  claim_id: string;
  invoice_number: string;
  buyer_tax_id: string;
  amount: string;
  /** The ledger holds only the commitment; the table's reference and salt must give it. */
  expense_commitment: string | null;
  state: 'active' | 'completed' | 'released';
}

const STATE_AFTER: Record<string, ReplayedClaim['state'] | undefined> = {
  [LedgerKinds.reimbursementClaimed]: 'active',
  [LedgerKinds.reimbursementCompleted]: 'completed',
  [LedgerKinds.reimbursementReleased]: 'released',
};

/**
 * The claims table as the ledger's reimbursement entries describe it (in chain order), sorted by
 * claim id: what a clean replay of the ledger must give, row for row.
 */
export function claimsFromLedger(entries: LedgerEntry[]): ReplayedClaim[] {
  const claims = new Map<string, ReplayedClaim>();
  for (const entry of entries) {
    const state = STATE_AFTER[entry.kind];
    if (!state) continue;
    const payload = JSON.parse(entry.payload) as ReimbursementPayload;
    const known = claims.get(payload.claimId);
    if (known) known.state = state;
    else
      claims.set(payload.claimId, {
        claim_id: payload.claimId,
        invoice_number: payload.invoiceNumber,
        buyer_tax_id: payload.buyerTaxId,
        amount: payload.amount,
        expense_commitment: payload.expenseCommitment ?? null,
        state,
      });
  }
  return [...claims.values()].sort((a, b) => a.claim_id.localeCompare(b.claim_id));
}
