import type { LedgerInvoiceFacts } from './ledger-invoice-facts';

/** An invoice as the reimbursement service knows it: its read model row, fed from the ledger. */
export interface Invoice {
  invoiceNumber: string;
  kind: 'invoice' | 'credit-note';
  /** A credit note: the invoice it takes back. */
  reverses: string | null;
  /** An invoice: the credit notes taking part of it back, oldest first. */
  creditedBy: string[];
  seller: { taxId: string; name: string };
  buyer: { taxId: string; name: string };
  documentNumber: string;
  issueDate: string;
  currency: string;
  /** Minor units, as bigint: no floating point touches money. Negative on a credit note. */
  net: bigint;
  tax: bigint;
  gross: bigint;
  credited: bigint;
  status: 'issued' | 'voided';
  checkCode: string;
  keyId: string;
  entryHash: string;
  issuedAt: Date;
  voidedAt: Date | null;
  /** The claim holding the invoice (active or completed), if any. */
  liveClaim: { claimId: string; state: 'active' | 'completed' } | null;
}

/** What a buyer sees: the invoice's state from its own status, credits and claim. */
export const INVOICE_STATES = [
  'issued',
  'claimed',
  'reimbursed',
  'voided',
  'partly-credited',
  'fully-credited',
] as const;
export type InvoiceState = (typeof INVOICE_STATES)[number];

/** The gross amount still claimable: what credit notes have not taken back; none of a credit note. */
export function remainingGross(invoice: Pick<Invoice, 'kind' | 'gross' | 'credited'>): bigint {
  return invoice.kind === 'credit-note' ? 0n : invoice.gross - invoice.credited;
}

/**
 * Voided and reimbursed are final and win; a claim matters more to a buyer than a partial
 * credit (the claim's amount already reflects it).
 */
export function invoiceState(invoice: Invoice): InvoiceState {
  if (invoice.status === 'voided') return 'voided';
  if (invoice.liveClaim?.state === 'completed') return 'reimbursed';
  if (invoice.liveClaim?.state === 'active') return 'claimed';
  if (invoice.credited > 0n && remainingGross(invoice) === 0n) return 'fully-credited';
  if (invoice.credited > 0n) return 'partly-credited';
  return 'issued';
}

/** The read model row brought up to date with what the ledger already records. */
export function withLedgerFacts(invoice: Invoice, facts: LedgerInvoiceFacts): Invoice {
  return {
    ...invoice,
    status: facts.voided ? 'voided' : invoice.status,
    credited:
      facts.remainingGross === undefined ? invoice.credited : invoice.gross - facts.remainingGross,
  };
}

/**
 * What the read model states that the ledger does not: a void, or more credited than the
 * ledger's invoice.credited entries take back. The feed only ever trails the ledger, so this is
 * a row changed behind it; undefined when the row states nothing beyond the ledger.
 */
export function beyondLedger(invoice: Invoice, facts: LedgerInvoiceFacts): string | undefined {
  if (invoice.status === 'voided' && !facts.voided)
    return 'status voided, which no invoice.voided in the ledger records';
  const credited = facts.remainingGross === undefined ? 0n : invoice.gross - facts.remainingGross;
  if (invoice.credited > credited)
    return `credited ${invoice.credited}, more than the ledger's invoice.credited take back (${credited})`;
  return undefined;
}
