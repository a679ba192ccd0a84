import type { InvoiceDocument } from './invoice-document';

/**
 * Every ledger payload is an envelope: `document` is exactly what the actor signed
 * (its canonical JSON is what the entry's actorSignature covers, and it names its
 * keyId); the other members are what the platform adds (numbers, codes, reasons).
 */
export interface SignedEnvelope<D extends { keyId: string }> {
  document: D;
}

/** invoice.issued — subject: the invoice number; actor: merchant:<taxId>. */
export interface InvoiceIssuedPayload extends SignedEnvelope<InvoiceDocument> {
  invoiceNumber: string;
  checkCode: string;
}

/** What a merchant signs to void an invoice. */
export interface VoidDocument {
  schema: 'taxchain.void.v1';
  invoiceNumber: string;
  sellerTaxId: string;
  reason: string;
  keyId: string;
}

/** invoice.voided — subject: the voided invoice number. */
export type InvoiceVoidedPayload = SignedEnvelope<VoidDocument>;

/** invoice.credited — subject: the credited (original) invoice number. */
export interface InvoiceCreditedPayload extends SignedEnvelope<InvoiceDocument> {
  creditNoteNumber: string;
  /** Gross amount still creditable/claimable on the original after this credit, minor units. */
  remainingGross: string;
}

/** What a merchant signs to register a key: the new key signs it (proof of possession). */
export interface KeyDocument {
  schema: 'taxchain.key.v1';
  taxId: string;
  keyId: string;
  /** ed25519 public key, hex. */
  publicKey: string;
}

/** key.registered — subject: key:<keyId>. */
export type KeyRegisteredPayload = SignedEnvelope<KeyDocument>;

/** key.revoked — subject: key:<keyId>; recorded by the merchant or the tax authority. */
export interface KeyRevokedPayload {
  schema: 'taxchain.key-revocation.v1';
  taxId: string;
  keyId: string;
  reason: string;
}

/** reimbursement.* — subject: the invoice number; actor: company:<taxId>; recorded by the platform. */
export interface ReimbursementPayload {
  schema: 'taxchain.reimbursement.v1';
  claimId: string;
  invoiceNumber: string;
  buyerTaxId: string;
  /** Minor units. */
  amount: string;
  /**
   * expenseCommitment(salt, expenseReference), hex: never the reference itself, which is the
   * buyer's business; the salt is kept by the reimbursement service and shown to the buyer only.
   */
  expenseCommitment?: string;
  /** reimbursement.refused only: why the attempt was refused (already-reimbursed, voided…). */
  reason?: string;
}
