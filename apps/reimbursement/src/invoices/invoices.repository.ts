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

  /**
   * One statement for a run of invoice.issued entries. A redelivered one finds its row there
   * already and changes nothing.
   */
  async insertIssued(tx: EntityManager, invoices: IssuedInvoice[]): Promise<void> {
    if (invoices.length === 0) return;
    const column = <T>(value: (invoice: IssuedInvoice) => T): T[] => invoices.map(value);
    await tx.query(
      `INSERT INTO reimbursement.invoices (invoice_number, kind, seller_tax_id, seller_name,
         buyer_tax_id, buyer_name, document_number, issue_date, currency, net, tax, gross,
         check_code, key_id, chain, seq, entry_hash, issued_at)
       SELECT n, k, st, sn, bt, bn, d, dt, c, net, tax, gross, cc, key, ch, seq, decode(h, 'hex'), at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::text[], $8::date[], $9::text[], $10::bigint[], $11::bigint[], $12::bigint[],
                     $13::text[], $14::text[], $15::integer[], $16::bigint[], $17::text[],
                     $18::timestamptz[])
           AS r(n, k, st, sn, bt, bn, d, dt, c, net, tax, gross, cc, key, ch, seq, h, at)
       ON CONFLICT (invoice_number) DO NOTHING`,
      [
        column((i) => i.invoiceNumber),
        column((i) => i.kind),
        column((i) => i.seller.taxId),
        column((i) => i.seller.name),
        column((i) => i.buyer.taxId),
        column((i) => i.buyer.name),
        column((i) => i.documentNumber),
        column((i) => i.issueDate),
        column((i) => i.currency),
        column((i) => i.net),
        column((i) => i.tax),
        column((i) => i.gross),
        column((i) => i.checkCode),
        column((i) => i.keyId),
        column((i) => i.chain),
        column((i) => i.seq),
        column((i) => i.entryHash),
        column((i) => i.issuedAt),
      ],
    );
  }

  async markVoided(
    tx: EntityManager,
    voids: Array<{ invoiceNumber: string; at: string }>,
  ): Promise<void> {
    if (voids.length === 0) return;
    await tx.query(
      `UPDATE reimbursement.invoices i SET status = 'voided', voided_at = v.at, updated_at = now()
         FROM unnest($1::text[], $2::timestamptz[]) AS v(n, at)
        WHERE i.invoice_number = v.n AND i.status = 'issued'`,
      [voids.map((v) => v.invoiceNumber), voids.map((v) => v.at)],
    );
  }

  /**
   * The credit entry states what remains, so setting (not adding) is idempotent; of several
   * credits to one invoice in a run, the last one states it.
   */
  async setRemaining(
    tx: EntityManager,
    credits: Array<{ invoiceNumber: string; remainingGross: string }>,
  ): Promise<void> {
    if (credits.length === 0) return;
    const last = new Map(credits.map((c) => [c.invoiceNumber, c.remainingGross]));
    await tx.query(
      `UPDATE reimbursement.invoices i SET credited = i.gross - r.remaining, updated_at = now()
         FROM unnest($1::text[], $2::bigint[]) AS r(n, remaining)
        WHERE i.invoice_number = r.n`,
      [[...last.keys()], [...last.values()]],
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
