import { Injectable } from '@nestjs/common';
import type { SqlStatement } from '@taxchain/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { Invoice } from './invoice';
import { SELECT_INVOICE, toInvoice, type InvoiceRow } from './invoice-row';

/**
 * The read model row an invoice.issued entry creates, or an invoice.credited entry for its
 * credit note (negative amounts, `reverses` naming the original).
 */
export interface IssuedInvoice {
  invoiceNumber: string;
  kind: Invoice['kind'];
  reverses: string | null;
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
    const { text, values } = this.insertIssuedStatement(invoices);
    await tx.query(text, values);
  }

  /** insertIssued's statement, to run together with other writes of the feed's transaction. */
  insertIssuedStatement(invoices: IssuedInvoice[]): SqlStatement {
    const column = <T>(value: (invoice: IssuedInvoice) => T): T[] => invoices.map(value);
    return {
      text: `INSERT INTO reimbursement.invoices (invoice_number, kind, seller_tax_id, seller_name,
         buyer_tax_id, buyer_name, document_number, issue_date, currency, net, tax, gross,
         check_code, key_id, chain, seq, entry_hash, issued_at, reverses)
       SELECT n, k, st, sn, bt, bn, d, dt, c, net, tax, gross, cc, key, ch, seq, decode(h, 'hex'),
              at, rv
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::text[], $8::date[], $9::text[], $10::bigint[], $11::bigint[], $12::bigint[],
                     $13::text[], $14::text[], $15::integer[], $16::bigint[], $17::text[],
                     $18::timestamptz[], $19::text[])
           AS r(n, k, st, sn, bt, bn, d, dt, c, net, tax, gross, cc, key, ch, seq, h, at, rv)
       ON CONFLICT (invoice_number) DO NOTHING`,
      values: [
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
        column((i) => i.reverses),
      ],
    };
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
      `${SELECT_INVOICE} WHERE i.invoice_number = $1`,
      [invoiceNumber],
    );
    return rows.length ? toInvoice(rows[0]) : undefined;
  }

  async findMany(invoiceNumbers: string[]): Promise<Invoice[]> {
    const rows = await this.db.query<InvoiceRow[]>(
      `${SELECT_INVOICE} WHERE i.invoice_number = ANY($1)`,
      [invoiceNumbers],
    );
    return rows.map(toInvoice);
  }
}
