import type { Invoice } from './invoice';

/** A read model row as the SELECT below returns it, its live claim joined. */
export interface InvoiceRow {
  invoice_number: string;
  kind: Invoice['kind'];
  reverses: string | null;
  credited_by: string[];
  seller_tax_id: string;
  seller_name: string;
  buyer_tax_id: string;
  buyer_name: string;
  document_number: string;
  issue_date: string;
  currency: string;
  net: string;
  tax: string;
  gross: string;
  credited: string;
  status: Invoice['status'];
  check_code: string;
  key_id: string;
  entry_hash: Buffer;
  issued_at: Date;
  voided_at: Date | null;
  claim_id: string | null;
  claim_state: 'active' | 'completed' | null;
}

// issue_date as text: a JS Date would shift a calendar date by the server's time zone.
export const INVOICE_COLUMNS = `i.invoice_number, i.kind, i.reverses,
  ARRAY(SELECT n.invoice_number FROM reimbursement.invoices n WHERE n.reverses = i.invoice_number
         ORDER BY n.issued_at, n.invoice_number) AS credited_by, i.seller_tax_id, i.seller_name,
  i.buyer_tax_id, i.buyer_name, i.document_number, i.issue_date::text AS issue_date, i.currency,
  i.net, i.tax, i.gross, i.credited, i.status, i.check_code, i.key_id, i.entry_hash, i.issued_at,
  i.voided_at, c.claim_id, c.state AS claim_state`;

/** The invoices (alias i), each with its live claim (alias c) if it has one. */
export const INVOICES_WITH_CLAIM = `reimbursement.invoices i
  LEFT JOIN reimbursement.claims c
    ON c.invoice_number = i.invoice_number AND c.state IN ('active', 'completed')`;

export const SELECT_INVOICE = `SELECT ${INVOICE_COLUMNS} FROM ${INVOICES_WITH_CLAIM}`;

/** The row as the domain reads it. */
export function toInvoice(row: InvoiceRow): Invoice {
  return {
    invoiceNumber: row.invoice_number,
    kind: row.kind,
    reverses: row.reverses,
    creditedBy: row.credited_by,
    seller: { taxId: row.seller_tax_id, name: row.seller_name },
    buyer: { taxId: row.buyer_tax_id, name: row.buyer_name },
    documentNumber: row.document_number,
    issueDate: row.issue_date,
    currency: row.currency,
    net: BigInt(row.net),
    tax: BigInt(row.tax),
    gross: BigInt(row.gross),
    credited: BigInt(row.credited),
    status: row.status,
    checkCode: row.check_code,
    keyId: row.key_id,
    entryHash: row.entry_hash.toString('hex'),
    issuedAt: row.issued_at,
    voidedAt: row.voided_at,
    liveClaim:
      row.claim_id && row.claim_state ? { claimId: row.claim_id, state: row.claim_state } : null,
  };
}
