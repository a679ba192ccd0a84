import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Invoice } from './invoice';

/** The read model row an invoice.issued entry creates. */
export interface IssuedInvoice {
  invoiceNumber: string;
  kind: Invoice['kind'];
  seller: Invoice['seller'];
  buyer: Invoice['buyer'];
  documentNumber: string;
  issueDate: string;
  currency: string;
  net: string;
  tax: string;
  gross: string;
  checkCode: string;
  keyId: string;
  chain: number;
  seq: number;
  entryHash: string;
  issuedAt: string;
}

interface InvoiceRow {
  invoice_number: string;
  kind: Invoice['kind'];
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
const SELECT = `
  SELECT i.invoice_number, i.kind, i.seller_tax_id, i.seller_name, i.buyer_tax_id, i.buyer_name,
         i.document_number, i.issue_date::text AS issue_date, i.currency, i.net, i.tax, i.gross,
         i.credited, i.status, i.check_code, i.key_id, i.entry_hash, i.issued_at, i.voided_at,
         c.claim_id, c.state AS claim_state
    FROM reimbursement.invoices i
    LEFT JOIN reimbursement.claims c
      ON c.invoice_number = i.invoice_number AND c.state IN ('active', 'completed')`;

/** The invoices read model (schema `reimbursement`): written by the feed, read by claims and verify. */
@Injectable()
export class InvoicesRepository {
  constructor(private readonly db: DataSource) {}

  /** A redelivered invoice.issued finds its row there already and changes nothing. */
  async insertIssued(tx: EntityManager, invoice: IssuedInvoice): Promise<void> {
    await tx.query(
      `INSERT INTO reimbursement.invoices (invoice_number, kind, seller_tax_id, seller_name,
         buyer_tax_id, buyer_name, document_number, issue_date, currency, net, tax, gross,
         check_code, key_id, chain, seq, entry_hash, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT (invoice_number) DO NOTHING`,
      [
        invoice.invoiceNumber,
        invoice.kind,
        invoice.seller.taxId,
        invoice.seller.name,
        invoice.buyer.taxId,
        invoice.buyer.name,
        invoice.documentNumber,
        invoice.issueDate,
        invoice.currency,
        invoice.net,
        invoice.tax,
        invoice.gross,
        invoice.checkCode,
        invoice.keyId,
        invoice.chain,
        invoice.seq,
        Buffer.from(invoice.entryHash, 'hex'),
        invoice.issuedAt,
      ],
    );
  }

  async markVoided(tx: EntityManager, invoiceNumber: string, voidedAt: string): Promise<void> {
    await tx.query(
      `UPDATE reimbursement.invoices SET status = 'voided', voided_at = $2, updated_at = now()
        WHERE invoice_number = $1 AND status = 'issued'`,
      [invoiceNumber, voidedAt],
    );
  }

  /** The credit entry states what remains, so setting (not adding) is idempotent. */
  async setRemaining(tx: EntityManager, invoiceNumber: string, remaining: string): Promise<void> {
    await tx.query(
      `UPDATE reimbursement.invoices SET credited = gross - $2::bigint, updated_at = now()
        WHERE invoice_number = $1`,
      [invoiceNumber, remaining],
    );
  }

  /**
   * The invoice row, locked for the caller's transaction: the feed's updates to it and
   * concurrent claims on it are decided one after the other.
   */
  async lockForUpdate(tx: EntityManager, invoiceNumber: string): Promise<Invoice | undefined> {
    await tx.query('SELECT 1 FROM reimbursement.invoices WHERE invoice_number = $1 FOR UPDATE', [
      invoiceNumber,
    ]);
    return this.find(invoiceNumber, tx);
  }

  async find(invoiceNumber: string, tx?: EntityManager): Promise<Invoice | undefined> {
    const rows = await (tx ?? this.db).query<InvoiceRow[]>(
      `${SELECT} WHERE i.invoice_number = $1`,
      [invoiceNumber],
    );
    return rows.length ? toInvoice(rows[0]) : undefined;
  }

  async findMany(invoiceNumbers: string[]): Promise<Invoice[]> {
    const rows = await this.db.query<InvoiceRow[]>(`${SELECT} WHERE i.invoice_number = ANY($1)`, [
      invoiceNumbers,
    ]);
    return rows.map(toInvoice);
  }
}

function toInvoice(row: InvoiceRow): Invoice {
  return {
    invoiceNumber: row.invoice_number,
    kind: row.kind,
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
