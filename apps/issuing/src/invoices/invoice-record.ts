import type { InvoiceDocument, InvoiceKind } from '@taxchain/contracts';
import { POSITION_MICROS, type PositionedRow } from '@taxchain/platform';

export type InvoiceStatus = 'issued' | 'voided';

/** An invoice or credit note as the issuing service keeps it. Amounts are minor units. */
export interface InvoiceRecord {
  invoiceNumber: string;
  sellerTaxId: string;
  documentNumber: string;
  buyerTaxId: string;
  buyerName: string;
  buyerRegistered: boolean;
  issueDate: string;
  currency: string;
  net: string;
  tax: string;
  gross: string;
  kind: InvoiceKind;
  creditedInvoiceNumber: string | null;
  status: InvoiceStatus;
  creditedGross: string;
  checkCode: string;
  document: InvoiceDocument;
  signature: string;
  createdAt: Date;
  voidedAt: Date | null;
  /** Hash of the ledger entry that recorded the issue (null only inside the writing transaction). */
  entryHash: string | null;
}

/** A row about to be written; whether its buyer is registered is decided as it is written. */
export type NewInvoice = Omit<
  InvoiceRecord,
  'status' | 'creditedGross' | 'createdAt' | 'voidedAt' | 'entryHash' | 'buyerRegistered'
>;

/** The identity of the ledger entry that records an invoice (or credit note) being issued. */
export function issueIdentity(
  invoice: Pick<InvoiceRecord, 'kind' | 'sellerTaxId' | 'documentNumber'>,
): string {
  const kind = invoice.kind === 'invoice' ? 'invoice.issued' : 'invoice.credited';
  return `${kind}:${invoice.sellerTaxId}:${invoice.documentNumber}`;
}

export interface InvoiceRow extends PositionedRow {
  invoice_number: string;
  seller_tax_id: string;
  document_number: string;
  buyer_tax_id: string;
  buyer_name: string;
  buyer_registered: boolean;
  issue_date: string;
  currency: string;
  net: string;
  tax: string;
  gross: string;
  kind: InvoiceKind;
  credited_invoice_number: string | null;
  status: InvoiceStatus;
  credited_gross: string;
  check_code: string;
  document: InvoiceDocument;
  signature: Buffer;
  created_at: Date;
  voided_at: Date | null;
  entry_hash: Buffer | null;
}

/**
 * Columns of `issuing.invoices i` with the issuing entry's hash: the SQL twin of issueIdentity,
 * joined on ledger.entries' unique identity (the ledger schema is readable by every service).
 */
export const INVOICE_SELECT = `
  SELECT i.invoice_number, i.seller_tax_id, i.document_number, i.buyer_tax_id, i.buyer_name,
         i.buyer_registered, to_char(i.issue_date, 'YYYY-MM-DD') AS issue_date, i.currency,
         i.net::text, i.tax::text, i.gross::text, i.kind, i.credited_invoice_number, i.status,
         i.credited_gross::text, i.check_code, i.document, i.signature, i.created_at, i.voided_at,
         e.entry_hash, i.invoice_number AS id, ${POSITION_MICROS('i.created_at')}
  FROM issuing.invoices i
  LEFT JOIN ledger.entries e ON e.identity =
    (CASE i.kind WHEN 'invoice' THEN 'invoice.issued:' ELSE 'invoice.credited:' END)
    || i.seller_tax_id || ':' || i.document_number`;

export function toInvoice(row: InvoiceRow): InvoiceRecord {
  return {
    invoiceNumber: row.invoice_number,
    sellerTaxId: row.seller_tax_id,
    documentNumber: row.document_number,
    buyerTaxId: row.buyer_tax_id,
    buyerName: row.buyer_name,
    buyerRegistered: row.buyer_registered,
    issueDate: row.issue_date,
    currency: row.currency,
    net: row.net,
    tax: row.tax,
    gross: row.gross,
    kind: row.kind,
    creditedInvoiceNumber: row.credited_invoice_number,
    status: row.status,
    creditedGross: row.credited_gross,
    checkCode: row.check_code,
    document: row.document,
    signature: row.signature.toString('hex'),
    createdAt: row.created_at,
    voidedAt: row.voided_at,
    entryHash: row.entry_hash ? row.entry_hash.toString('hex') : null,
  };
}
