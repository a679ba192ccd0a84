import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { InvoiceDocument } from '@taxchain/contracts';
import { afterCursor, listScope, toPage, type Page, type PageRequest } from '@taxchain/platform';
import { REVOKED_ON_LEDGER } from '../keys/keys.repository';
import {
  INVOICE_SELECT,
  toInvoice,
  type InvoiceRecord,
  type InvoiceRow,
  type InvoiceStatus,
  type NewInvoice,
} from './invoice-record';

/** What writing one row found; a row not inserted was a used document number or an unusable key. */
export interface InsertAnswer {
  inserted: boolean;
  buyerRegistered: boolean;
  key: 'usable' | 'revoked' | 'unknown';
}

export interface InvoiceFilter {
  status?: InvoiceStatus;
  /** Issue dates from and to, inclusive, YYYY-MM-DD. */
  from?: string;
  to?: string;
  buyerTaxId?: string;
}

const PAGED = { alias: 'i', idShape: /^\d{20}$/ };
/** A merchant's own invoice by number ($1) and seller ($2): the status look-up. */
export const OWN_INVOICE = 'i.invoice_number = $1 AND i.seller_tax_id = $2';

/** Invoices and credit notes (schema `issuing`); writes take the unit of work's transaction. */
@Injectable()
export class InvoicesRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Writes the rows, in one statement, but those whose seller already used the document number
   * (earlier, or an earlier row of the same call) and those whose signing key (`document.keyId`)
   * is not the seller's unrevoked key: one answer per row, in order. The statement also decides
   * whether each buyer is a registered party and share-locks the signing keys until the
   * transaction ends, so a concurrent revocation (an UPDATE) waits for this transaction and
   * nothing signed with a key is recorded after its revocation. A key the ledger records as
   * revoked is not usable whatever its row says (a superuser may have cleared revoked_at).
   */
  async insertIfNew(tx: EntityManager, invoices: readonly NewInvoice[]): Promise<InsertAnswer[]> {
    const column = <K extends keyof NewInvoice>(key: K) => invoices.map((invoice) => invoice[key]);
    const rows = await tx.query<
      Array<{ inserted: boolean; buyer_registered: boolean | null; key_usable: boolean | null }>
    >(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
           $6::date[], $7::text[], $8::bigint[], $9::bigint[], $10::bigint[], $11::text[],
           $12::text[], $13::text[], $14::text[], $15::text[], $16::text[]) WITH ORDINALITY
           AS r(invoice_number, seller_tax_id, document_number, buyer_tax_id, buyer_name,
             issue_date, currency, net, tax, gross, kind, credited_invoice_number, check_code,
             document, signature, key_id, position)
       ), signing_keys AS (
         SELECT key_id, tax_id, revoked_at IS NULL AND NOT ${REVOKED_ON_LEDGER} AS usable
         FROM issuing.merchant_keys m
         WHERE (key_id, tax_id) IN (SELECT key_id, seller_tax_id FROM input) FOR SHARE
       ), inserted AS (
         INSERT INTO issuing.invoices (invoice_number, seller_tax_id, document_number, buyer_tax_id,
           buyer_name, buyer_registered, issue_date, currency, net, tax, gross, kind,
           credited_invoice_number, check_code, document, signature)
         SELECT r.invoice_number, r.seller_tax_id, r.document_number, r.buyer_tax_id, r.buyer_name,
           EXISTS (SELECT 1 FROM access.parties p WHERE p.tax_id = r.buyer_tax_id),
           r.issue_date, r.currency, r.net, r.tax, r.gross, r.kind, r.credited_invoice_number,
           r.check_code, r.document::jsonb, decode(r.signature, 'hex')
         FROM input r JOIN signing_keys k ON k.key_id = r.key_id AND k.tax_id = r.seller_tax_id
         WHERE k.usable
         -- In row order, so of two rows with one document number the earlier is written.
         ORDER BY r.position
         ON CONFLICT (seller_tax_id, document_number) DO NOTHING
         RETURNING invoice_number, buyer_registered
       )
       SELECT i.invoice_number IS NOT NULL AS inserted, i.buyer_registered, k.usable AS key_usable
       FROM input r
       LEFT JOIN inserted i ON i.invoice_number = r.invoice_number
       LEFT JOIN signing_keys k ON k.key_id = r.key_id AND k.tax_id = r.seller_tax_id
       ORDER BY r.position`,
      [
        column('invoiceNumber'),
        column('sellerTaxId'),
        column('documentNumber'),
        column('buyerTaxId'),
        column('buyerName'),
        column('issueDate'),
        column('currency'),
        column('net'),
        column('tax'),
        column('gross'),
        column('kind'),
        column('creditedInvoiceNumber'),
        column('checkCode'),
        invoices.map((invoice) => JSON.stringify(invoice.document)),
        column('signature'),
        invoices.map((invoice) => invoice.document.keyId),
      ],
    );
    return rows.map((row) => ({
      inserted: row.inserted,
      buyerRegistered: row.buyer_registered === true,
      key: row.key_usable === null ? 'unknown' : row.key_usable ? 'usable' : 'revoked',
    }));
  }

  async findByDocument(
    tx: EntityManager,
    sellerTaxId: string,
    documentNumber: string,
  ): Promise<InvoiceRecord | undefined> {
    return this.one(tx, 'i.seller_tax_id = $1 AND i.document_number = $2', [
      sellerTaxId,
      documentNumber,
    ]);
  }

  /** The seller's invoice; `lock` holds its row until the transaction ends. */
  async findOwn(
    sellerTaxId: string,
    invoiceNumber: string,
    options: { tx?: EntityManager; lock?: boolean } = {},
  ): Promise<InvoiceRecord | undefined> {
    const lock = options.lock ? ' FOR UPDATE OF i' : '';
    return this.one(options.tx ?? this.db.manager, `${OWN_INVOICE}${lock}`, [
      invoiceNumber,
      sellerTaxId,
    ]);
  }

  async markVoided(tx: EntityManager, invoiceNumber: string): Promise<void> {
    await tx.query(
      `UPDATE issuing.invoices SET status = 'voided', voided_at = now() WHERE invoice_number = $1`,
      [invoiceNumber],
    );
  }

  /** Adds a credit to the original; the table's CHECK keeps credited_gross ≤ gross. */
  async addCredit(tx: EntityManager, invoiceNumber: string, gross: string): Promise<void> {
    await tx.query(
      `UPDATE issuing.invoices SET credited_gross = credited_gross + $2::bigint WHERE invoice_number = $1`,
      [invoiceNumber, gross],
    );
  }

  /** The documents of the credit notes already issued against an invoice. */
  async creditNotesOf(tx: EntityManager, invoiceNumber: string): Promise<InvoiceDocument[]> {
    const rows = await tx.query<Array<{ document: InvoiceDocument }>>(
      `SELECT document FROM issuing.invoices WHERE credited_invoice_number = $1`,
      [invoiceNumber],
    );
    return rows.map((row) => row.document);
  }

  /** The seller's invoices in creation order, filtered, a page at a time. */
  async list(
    sellerTaxId: string,
    filter: InvoiceFilter,
    page: PageRequest,
  ): Promise<Page<InvoiceRecord>> {
    const params: unknown[] = [sellerTaxId, page.limit + 1];
    const where = ['i.seller_tax_id = $1'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.status) add('i.status = ?', filter.status);
    if (filter.from) add('i.issue_date >= ?', filter.from);
    if (filter.to) add('i.issue_date <= ?', filter.to);
    if (filter.buyerTaxId) add('i.buyer_tax_id = ?', filter.buyerTaxId);
    const scope = listScope('issuing invoices', { sellerTaxId, ...filter });
    const after = afterCursor(page.cursor, params.length + 1, PAGED, scope);
    const rows = await this.db.query<InvoiceRow[]>(
      `SELECT * FROM (${INVOICE_SELECT}) i WHERE ${[...where, after.sql].join(' AND ')}
       ORDER BY i.created_at, i.id LIMIT $2`,
      [...params, ...after.params],
    );
    return toPage(rows, page.limit, toInvoice, scope);
  }

  private async one(
    tx: EntityManager,
    where: string,
    params: unknown[],
  ): Promise<InvoiceRecord | undefined> {
    const rows = await tx.query<InvoiceRow[]>(`${INVOICE_SELECT} WHERE ${where}`, params);
    return rows.map(toInvoice)[0];
  }
}
