import { z } from 'zod';

// Only the members the read model uses are checked; the ledger already vouched for the bytes.
const minor = z.string().regex(/^\d{1,18}$/, 'minor units as an integer string');
const party = z.object({ taxId: z.string().min(1), name: z.string().min(1) });
const invoiceNumber = z.string().regex(/^\d{20}$/);

const document = z.object({
  kind: z.enum(['invoice', 'credit-note']),
  seller: party,
  buyer: party,
  documentNumber: z.string().min(1),
  issueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  currency: z.string().min(1),
  totals: z.object({ net: minor, tax: minor, gross: minor }),
  keyId: z.string().min(1),
});

// An invoice.issued entry records an invoice; a credit note is recorded by invoice.credited.
export const invoiceIssuedSchema = z.object({
  document: document.extend({ kind: z.literal('invoice') }),
  invoiceNumber,
  checkCode: z.string().min(1),
});

export const invoiceVoidedSchema = z.object({
  document: z.object({ invoiceNumber }),
});

export const invoiceCreditedSchema = z.object({
  document,
  creditNoteNumber: invoiceNumber,
  remainingGross: minor,
});

export type IssuedEvent = z.infer<typeof invoiceIssuedSchema>;
export type VoidedEvent = z.infer<typeof invoiceVoidedSchema>;
export type CreditedEvent = z.infer<typeof invoiceCreditedSchema>;
