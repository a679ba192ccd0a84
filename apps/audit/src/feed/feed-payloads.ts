import { z } from 'zod';

// Only the members the audit read model uses are checked; the ledger already vouched for the bytes.
const minor = z.string().regex(/^\d{1,18}$/, 'minor units as an integer string');
const party = z.object({ taxId: z.string().min(1), name: z.string().min(1) });

const invoiceDocument = z.object({
  kind: z.enum(['invoice', 'credit-note']),
  seller: party,
  buyer: party,
  issueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  currency: z.string().min(1),
  lines: z.array(z.object({ taxRate: z.string().min(1), amount: minor, tax: minor })).min(1),
  totals: z.object({ net: minor, tax: minor, gross: minor }),
  creditedInvoiceNumber: z.string().optional(),
});

export const invoiceIssuedSchema = z.object({
  document: invoiceDocument,
  invoiceNumber: z.string().min(1),
});

export const invoiceVoidedSchema = z.object({
  document: z.object({ invoiceNumber: z.string().min(1), reason: z.string() }),
});

export const invoiceCreditedSchema = z.object({
  document: invoiceDocument,
  creditNoteNumber: z.string().min(1),
  remainingGross: minor,
});

export const reimbursementSchema = z.object({
  claimId: z.string().min(1),
  invoiceNumber: z.string().min(1),
  buyerTaxId: z.string().min(1),
  amount: minor,
  reason: z.string().optional(),
});

export type InvoiceDocumentEvent = z.infer<typeof invoiceDocument>;
export type IssuedEvent = z.infer<typeof invoiceIssuedSchema>;
export type VoidedEvent = z.infer<typeof invoiceVoidedSchema>;
export type CreditedEvent = z.infer<typeof invoiceCreditedSchema>;
export type ReimbursementEvent = z.infer<typeof reimbursementSchema>;
