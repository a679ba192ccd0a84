import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  POSITION_MICROS,
  afterCursor,
  listScope,
  toPage,
  type Page,
  type PageRequest,
} from '@taxchain/platform';
import type { Invoice, InvoiceState } from '../invoices/invoice';
import {
  INVOICES_WITH_CLAIM,
  INVOICE_COLUMNS,
  toInvoice,
  type InvoiceRow,
} from '../invoices/invoice-row';

export interface InboxFilter {
  buyerTaxId: string;
  sellerTaxId?: string;
  state?: InvoiceState;
  /** Issue dates, both inclusive (YYYY-MM-DD). */
  issuedFrom?: string;
  issuedTo?: string;
  /** Gross in minor units, both inclusive. */
  minGross?: bigint;
  maxGross?: bigint;
}

/** invoiceState() in SQL, so that the state can be filtered and counted where the rows are. */
const STATE = `CASE
    WHEN i.status = 'voided' THEN 'voided'
    WHEN c.state = 'completed' THEN 'reimbursed'
    WHEN c.state = 'active' THEN 'claimed'
    WHEN i.credited > 0 AND i.credited = i.gross THEN 'fully-credited'
    WHEN i.credited > 0 THEN 'partly-credited'
    ELSE 'issued' END`;

/**
 * The caller's documents with every filter but the state, keyed for the shared cursor: by the
 * ledger's recording time, then invoice number. $1…$6 are the filter's parameters.
 */
const DOCUMENTS = `
  SELECT ${INVOICE_COLUMNS}, ${STATE} AS state, i.issued_at AS created_at, i.invoice_number AS id,
         ${POSITION_MICROS('i.issued_at')}
    FROM ${INVOICES_WITH_CLAIM}
   WHERE i.buyer_tax_id = $1
     AND ($2::text IS NULL OR i.seller_tax_id = $2)
     AND ($3::date IS NULL OR i.issue_date >= $3)
     AND ($4::date IS NULL OR i.issue_date <= $4)
     AND ($5::bigint IS NULL OR i.gross >= $5)
     AND ($6::bigint IS NULL OR i.gross <= $6)`;

interface InboxRow extends InvoiceRow {
  id: string;
  position_micros: string;
}

const INVOICE_NUMBER = /^\d{20}$/;

/** A buyer's inbox (schema `reimbursement`): the documents naming it as buyer, never another's. */
@Injectable()
export class InboxRepository {
  constructor(private readonly db: DataSource) {}

  /** In ledger order (recorded time, then number): a row recorded later lands after the cursor. */
  async list(filter: InboxFilter, page: PageRequest): Promise<Page<Invoice>> {
    const scope = listScope('inbox', filter);
    const after = afterCursor(page.cursor, 9, { alias: 'd', idShape: INVOICE_NUMBER }, scope);
    const rows = await this.db.query<InboxRow[]>(
      `SELECT * FROM (${DOCUMENTS}) d
        WHERE ($7::text IS NULL OR d.state = $7) AND ${after.sql}
        ORDER BY d.created_at, d.id LIMIT $8`,
      [...filterParams(filter), filter.state ?? null, page.limit + 1, ...after.params],
    );
    return toPage(rows, page.limit, toInvoice, scope);
  }

  /** Count and gross per state and currency, over every filter but the state. */
  async totals(
    filter: InboxFilter,
  ): Promise<Array<{ state: InvoiceState; currency: string; count: number; gross: bigint }>> {
    const rows = await this.db.query<
      Array<{ state: InvoiceState; currency: string; count: string; gross: string }>
    >(
      `SELECT d.state, d.currency, count(*)::text AS count, sum(d.gross)::text AS gross
         FROM (${DOCUMENTS}) d GROUP BY d.state, d.currency ORDER BY d.state, d.currency`,
      filterParams(filter),
    );
    return rows.map((row) => ({
      state: row.state,
      currency: row.currency,
      count: Number(row.count),
      gross: BigInt(row.gross),
    }));
  }
}

function filterParams(filter: InboxFilter): Array<string | null> {
  return [
    filter.buyerTaxId,
    filter.sellerTaxId ?? null,
    filter.issuedFrom ?? null,
    filter.issuedTo ?? null,
    filter.minGross?.toString() ?? null,
    filter.maxGross?.toString() ?? null,
  ];
}
