export const CLAIM_STATES = ['active', 'completed', 'released'] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];

/** A company's claim on one invoice: active until completed (final) or released. */
export interface Claim {
  claimId: string;
  invoiceNumber: string;
  buyerTaxId: string;
  /** Minor units. */
  amount: bigint;
  expenseReference: string | null;
  /** Hex; the key of the reference's commitment on the ledger, shown to this buyer only. */
  expenseSalt: string | null;
  state: ClaimState;
  createdAt: Date;
  updatedAt: Date;
}
