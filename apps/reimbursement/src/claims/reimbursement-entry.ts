import { expenseCommitment, type LedgerKind, type ReimbursementPayload } from '@taxchain/contracts';
import type { EntryDraft } from '@taxchain/ledger';
import type { Claim } from './claim';

type ReimbursementKind = Extract<LedgerKind, `reimbursement.${string}`>;

/**
 * The ledger entry of a reimbursement step, recorded by the platform for the company (no actor
 * signature). Its identity makes each step of a claim happen once, ever.
 */
export function reimbursementEntry(
  kind: ReimbursementKind,
  fields: Omit<ReimbursementPayload, 'schema' | 'amount' | 'expenseCommitment'> & {
    amount: bigint;
    /** The buyer's reference and its claim's salt: the entry carries only their commitment. */
    expense?: { reference: string; salt: string };
  },
): EntryDraft {
  const payload: ReimbursementPayload = {
    schema: 'taxchain.reimbursement.v1',
    claimId: fields.claimId,
    invoiceNumber: fields.invoiceNumber,
    buyerTaxId: fields.buyerTaxId,
    amount: fields.amount.toString(),
    ...(fields.expense
      ? { expenseCommitment: expenseCommitment(fields.expense.salt, fields.expense.reference) }
      : {}),
    ...(fields.reason ? { reason: fields.reason } : {}),
  };
  return {
    kind,
    subject: fields.invoiceNumber,
    actor: `company:${fields.buyerTaxId}`,
    payload,
    actorSignature: null,
    identity: `${kind}:${fields.claimId}`,
  };
}

/** A claim's expense reference with its salt, when it has one. */
export function expenseOf(claim: Claim): { reference: string; salt: string } | undefined {
  return claim.expenseReference && claim.expenseSalt
    ? { reference: claim.expenseReference, salt: claim.expenseSalt }
    : undefined;
}
