import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { InvoiceDocument } from '@taxchain/contracts';
import { afterCursor, toPage, type Page, type PageRequest } from '@taxchain/platform';
import {
  INVOICE_SELECT,
  toInvoice,
  type InvoiceRecord,
  type InvoiceRow,
  type InvoiceStatus,
  type NewInvoice,
} from './invoice-record';

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
   * Writes the row unless the seller already used the document number (undefined then), in one
   * statement that also decides whether the buyer is a registered party and share-locks the
   * signing key (`keyId`) until the transaction ends: `key` says whether that key is the seller's
   * and unrevoked, and a concurrent revocation (an UPDATE) waits for this
   * transaction, so nothing signed with the key is recorded after its revocation.
   */
  async insertIfNew(
    tx: EntityManager,
    invoice: NewInvoice,
    keyId: string,
  ): Promise<{ buyerRegistered: boolean; key: 'usable' | 'revoked' | 'unknown' } | undefined> {
    const [row] = await tx.query<
      Array<{ inserted: boolean; buyer_registered: boolean | null; key_usable: boolean | null }>
    >(
      `WITH signing_key AS (
         SELECT revoked_at IS NULL AS usable FROM issuing.merchant_keys
         WHERE key_id = $16 AND tax_id = $2 FOR SHARE
       ), inserted AS (
         INSERT INTO issuing.invoices (invoice_number, seller_tax_id, document_number, buyer_tax_id,
           buyer_name, buyer_registered, issue_date, currency, net, tax, gross, kind,
           credited_invoice_number, check_code, document, signature)
         VALUES ($1, $2, $3, $4, $5, EXISTS (SELECT 1 FROM access.parties WHERE tax_id = $4),
           $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (seller_tax_id, document_number) DO NOTHING RETURNING buyer_registered
       )
       SELECT EXISTS (SELECT 1 FROM inserted) AS inserted,
         (SELECT buyer_registered FROM inserted) AS buyer_registered,
         (SELECT usable FROM signing_key) AS key_usable`,
      [
        invoice.invoiceNumber,
        invoice.sellerTaxId,
        invoice.documentNumber,
        invoice.buyerTaxId,
        invoice.buyerName,
        invoice.issueDate,
        invoice.currency,
        invoice.net,
        invoice.tax,
        invoice.gross,
        invoice.kind,
        invoice.creditedInvoiceNumber,
        invoice.checkCode,
        JSON.stringify(invoice.document),
        Buffer.from(invoice.signature, 'hex'),
        keyId,
      ],
    );
    if (!row.inserted) return undefined;
    const key = row.key_usable === null ? 'unknown' : row.key_usable ? 'usable' : 'revoked';
    return { buyerRegistered: row.buyer_registered === true, key };
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
    const after = afterCursor(page.cursor, params.length + 1, PAGED);
    const rows = await this.db.query<InvoiceRow[]>(
      `SELECT * FROM (${INVOICE_SELECT}) i WHERE ${[...where, after.sql].join(' AND ')}
       ORDER BY i.created_at, i.id LIMIT $2`,
      [...params, ...after.params],
    );
    return toPage(rows, page.limit, toInvoice);
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
