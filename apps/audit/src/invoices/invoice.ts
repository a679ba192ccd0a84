/** Net and tax at one rate, minor units. */
export interface RateTotal {
  net: bigint;
  tax: bigint;
}

export type InvoiceStatus = 'issued' | 'voided';
export type ClaimState = 'none' | 'claimed' | 'released' | 'completed';

/**
 * The audit read model of one invoice or credit note. Amounts as the document states them: a
 * credit note's are negative (the read model keeps their size, which the analytics subtract).
 */
export interface AuditInvoice {
  invoiceNumber: string;
  kind: 'invoice' | 'credit-note';
  creditedInvoiceNumber: string | null;
  seller: { taxId: string; name: string };
  buyer: { taxId: string; name: string };
  region: string;
  issueDate: string;
  currency: string;
  net: bigint;
  tax: bigint;
  gross: bigint;
  taxRates: string[];
  status: InvoiceStatus;
  credited: bigint;
  claimState: ClaimState;
  refusedClaims: number;
  chain: number;
  seq: number;
  entryHash: string;
  issuedAt: Date;
}

export interface InvoiceFilter {
  seller?: string;
  buyer?: string;
  /** Case-insensitive substring of the seller's or the buyer's name. */
  name?: string;
  /** Issue dates, inclusive, YYYY-MM-DD. */
  from?: string;
  to?: string;
  minGross?: bigint;
  maxGross?: bigint;
  status?: InvoiceStatus;
  taxRate?: string;
  kind?: AuditInvoice['kind'];
}
