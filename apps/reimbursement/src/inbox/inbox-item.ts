import { refusalCode, type ClaimDecision } from '../claims/claim-decision';
import { invoiceState, type Invoice, type InvoiceState } from '../invoices/invoice';

/** A document in a buyer's inbox: what the read model holds, its state, and whether a claim could take it. */
export interface InboxItem {
  invoice: Invoice;
  state: InvoiceState;
  claimable: boolean;
  /** The problem code POST /claims would answer now; undefined when claimable. */
  claimRefusal?: string;
}

/**
 * Claimable is what a claim by the buyer, with the right check code, would be allowed now:
 * the claim rules themselves decide, on the ledger's entries (decideOnLedger), so the inbox never
 * promises what a claim then refuses. (The merchant's signature is checked only when a claim is made.)
 */
export function toInboxItem(invoice: Invoice, decision: ClaimDecision): InboxItem {
  const claimRefusal = refusalCode(decision);
  return {
    invoice,
    state: invoiceState(invoice),
    claimable: claimRefusal === undefined,
    claimRefusal,
  };
}

/** How many documents of the filter are in one state, and their gross per currency. */
export interface InboxTotal {
  state: InvoiceState;
  count: number;
  gross: Array<{ currency: string; amount: bigint }>;
}
