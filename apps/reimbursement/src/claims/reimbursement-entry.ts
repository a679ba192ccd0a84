import type { LedgerKind, ReimbursementPayload } from '@taxchain/contracts';
import type { EntryDraft } from '@taxchain/ledger';

type ReimbursementKind = Extract<LedgerKind, `reimbursement.${string}`>;

/**
 * The ledger entry of a reimbursement step, recorded by the platform for the company (no actor
 * signature). Its identity makes each step of a claim happen once, ever.
 */
export function reimbursementEntry(
  kind: ReimbursementKind,
  fields: Omit<ReimbursementPayload, 'schema' | 'amount'> & { amount: bigint },
): EntryDraft {
  const payload: ReimbursementPayload = {
    schema: 'taxchain.reimbursement.v1',
    claimId: fields.claimId,
    invoiceNumber: fields.invoiceNumber,
    buyerTaxId: fields.buyerTaxId,
    amount: fields.amount.toString(),
    ...(fields.expenseReference ? { expenseReference: fields.expenseReference } : {}),
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
