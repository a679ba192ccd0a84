/** The kinds of ledger record; each is also the event name relayed to Kafka. */
export const LedgerKinds = {
  invoiceIssued: 'invoice.issued',
  invoiceVoided: 'invoice.voided',
  invoiceCredited: 'invoice.credited',
  reimbursementClaimed: 'reimbursement.claimed',
  reimbursementReleased: 'reimbursement.released',
  reimbursementCompleted: 'reimbursement.completed',
  /** A claim attempt that was refused (already reimbursed, voided): auditors want to see it. */
  reimbursementRefused: 'reimbursement.refused',
  keyRegistered: 'key.registered',
  keyRevoked: 'key.revoked',
} as const;

export type LedgerKind = (typeof LedgerKinds)[keyof typeof LedgerKinds];
