/** The audit API's invoice or credit note (amounts in fen, integer strings). */
export interface Invoice {
  invoiceNumber: string;
  kind: 'invoice' | 'credit-note';
  creditedInvoiceNumber: string | null;
  seller: { taxId: string; name: string };
  buyer: { taxId: string; name: string };
  issueDate: string;
  currency: string;
  net: string;
  tax: string;
  gross: string;
  taxRates: string[];
  status: string;
  credited: string;
  claimState: string;
  refusedClaims: number;
  issuedAt: string;
}

/**
 * An amount as it reads on the document: a credit note (红字) takes money back, so its amounts
 * are negative whether the API sends them signed or not.
 */
export function signed(invoice: { kind: string }, fen: string): string {
  const value = BigInt(fen);
  return (invoice.kind === 'credit-note' && value > 0n ? -value : value).toString();
}

export const invoiceLink = (number: string) => `#/invoice/${encodeURIComponent(number)}`;
