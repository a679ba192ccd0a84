/**
 * The invoice a merchant signs: its canonical JSON (RFC 8785) is what the
 * ed25519 signature covers and what the ledger entry's payload is.
 */
export const INVOICE_SCHEMA = 'taxchain.invoice.v1';

export type InvoiceKind = 'invoice' | 'credit-note';

export interface Party {
  /** 18-character unified social credit code (configurable pattern). */
  taxId: string;
  name: string;
}

export interface InvoiceLine {
  description: string;
  /** Exact decimal, e.g. "3" or "0.125". */
  quantity: string;
  /** Exact decimal in major units, e.g. "12.50". */
  unitPrice: string;
  /** One of the configured rates as a decimal fraction, e.g. "0.13". */
  taxRate: string;
  /** Net line amount in minor units (fen), an integer string: round_half_up(quantity × unitPrice × 100). */
  amount: string;
  /** Line tax in minor units: round_half_up(amount × taxRate). */
  tax: string;
}

export interface InvoiceTotals {
  /** Sum of line amounts, minor units. */
  net: string;
  /** Sum of line taxes, minor units. */
  tax: string;
  /** net + tax, minor units. */
  gross: string;
}

export interface InvoiceDocument {
  schema: typeof INVOICE_SCHEMA;
  kind: InvoiceKind;
  seller: Party;
  buyer: Party;
  /** The merchant's own document number: issuing is idempotent on (seller, documentNumber). */
  documentNumber: string;
  /** Calendar date of issue, YYYY-MM-DD, not in the future. */
  issueDate: string;
  /** ISO 4217 code. */
  currency: string;
  lines: InvoiceLine[];
  totals: InvoiceTotals;
  /** Key id (see ledger keyId) of the merchant key that signs this document. */
  keyId: string;
  /** Credit notes only: the platform invoice number they credit. */
  creditedInvoiceNumber?: string;
}

/** What a merchant submits: the document and its ed25519 signature (hex) over canonical bytes. */
export interface SignedInvoice {
  invoice: InvoiceDocument;
  signature: string;
}
