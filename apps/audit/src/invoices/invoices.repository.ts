import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { signedAmount } from '@taxchain/contracts';
import {
  POSITION_MICROS,
  type SqlStatement,
  afterCursor,
  listScope,
  toPage,
  type Page,
  type PageRequest,
  type PositionedRow,
} from '@taxchain/platform';
import type { AuditInvoice, ClaimState, InvoiceFilter, RateTotal } from './invoice';
import { rateTotalsFromJson, rateTotalsToJson } from './rate-totals';

export interface NewInvoice extends Omit<
  AuditInvoice,
  'status' | 'credited' | 'claimState' | 'refusedClaims'
> {
  rateTotals: Map<string, RateTotal>;
}

interface InvoiceRow extends PositionedRow {
  kind: AuditInvoice['kind'];
  credited_invoice_number: string | null;
  seller_tax_id: string;
  seller_name: string;
  buyer_tax_id: string;
  buyer_name: string;
  region: string;
  issue_date: string;
  currency: string;
  net: string;
  tax: string;
  gross: string;
  tax_rates: string[];
  status: AuditInvoice['status'];
  credited: string;
  claim_state: ClaimState;
  refused_claims: number;
  chain: number;
  seq: string;
  entry_hash: Buffer;
  issued_at: Date;
}

/** What the detectors need to know about an invoice before applying an event to it. */
export interface InvoiceState {
  invoiceNumber: string;
  status: AuditInvoice['status'];
  claimState: ClaimState;
  lastClaimAttemptAt: Date | null;
  sellerTaxId: string;
  buyerTaxId: string;
  region: string;
  issueDate: string;
  rateTotals: Map<string, RateTotal>;
}

// `created_at` and `id` name the keyset columns the way the shared cursor expects.
const COLUMNS = `i.invoice_number AS id, i.kind, i.credited_invoice_number, i.seller_tax_id,
  i.seller_name, i.buyer_tax_id, i.buyer_name, i.region, to_char(i.issue_date, 'YYYY-MM-DD') AS issue_date,
  i.currency, i.net, i.tax, i.gross, i.tax_rates, i.status, i.credited, i.claim_state,
  i.refused_claims, i.chain, i.seq, i.entry_hash, i.issued_at, i.issued_at AS created_at,
  ${POSITION_MICROS('i.issued_at')}`;
const INVOICE_NUMBER = /^[0-9A-Za-z-]{1,40}$/;

/** audit.invoices: written by the feed in its transaction, read by officials. */
@Injectable()
export class InvoicesRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * The statement that records a run of invoices, to run with the other writes of its slice
   * (writesTogether). One recorded already (a redelivery) is left as it is, so the read model is
   * replay-safe; its RETURNING rows, read by the name `as`, are the invoices it recorded, with
   * what their totals are counted by (DailyTotalsRepository.addRecorded).
   */
  insertStatement(invoices: NewInvoice[]): SqlStatement & { as: string } {
    const column = <T>(value: (invoice: NewInvoice) => T): T[] => invoices.map(value);
    return {
      as: 'recorded',
      text: `INSERT INTO audit.invoices (invoice_number, kind, credited_invoice_number, seller_tax_id,
         seller_name, buyer_tax_id, buyer_name, region, issue_date, currency, net, tax, gross,
         tax_rates, rate_totals, chain, seq, entry_hash, issued_at)
       SELECT n, k, cn, st, sn, bt, bn, rg, dt, c, net, tax, gross,
              ARRAY(SELECT jsonb_array_elements_text(rates)), totals, ch, seq, decode(h, 'hex'), at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::text[], $8::text[], $9::date[], $10::text[], $11::bigint[], $12::bigint[],
                     $13::bigint[], $14::jsonb[], $15::jsonb[], $16::integer[], $17::bigint[],
                     $18::text[], $19::timestamptz[])
           AS r(n, k, cn, st, sn, bt, bn, rg, dt, c, net, tax, gross, rates, totals, ch, seq, h, at)
       ON CONFLICT (invoice_number) DO NOTHING
       RETURNING issue_date, chain, seller_tax_id, buyer_tax_id, region, rate_totals`,
      values: [
        column((i) => i.invoiceNumber),
        column((i) => i.kind),
        column((i) => i.creditedInvoiceNumber),
        column((i) => i.seller.taxId),
        column((i) => i.seller.name),
        column((i) => i.buyer.taxId),
        column((i) => i.buyer.name),
        column((i) => i.region),
        column((i) => i.issueDate),
        column((i) => i.currency),
        column((i) => i.net.toString()),
        column((i) => i.tax.toString()),
        column((i) => i.gross.toString()),
        column((i) => JSON.stringify(i.taxRates)),
        column((i) => JSON.stringify(rateTotalsToJson(i.rateTotals))),
        column((i) => i.chain),
        column((i) => i.seq),
        column((i) => i.entryHash),
        column((i) => i.issuedAt),
      ],
    };
  }

  /** Locks the invoice for the event being applied to it. */
  async state(tx: EntityManager, invoiceNumber: string): Promise<InvoiceState | undefined> {
    const rows = await tx.query<
      Array<{
        status: AuditInvoice['status'];
        claim_state: ClaimState;
        last_claim_attempt_at: Date | null;
        seller_tax_id: string;
        buyer_tax_id: string;
        region: string;
        issue_date: string;
        rate_totals: Record<string, { net: string; tax: string }>;
      }>
    >(
      `SELECT status, claim_state, last_claim_attempt_at, seller_tax_id, buyer_tax_id, region,
              to_char(issue_date, 'YYYY-MM-DD') AS issue_date, rate_totals
         FROM audit.invoices WHERE invoice_number = $1 FOR UPDATE`,
      [invoiceNumber],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      invoiceNumber,
      status: row.status,
      claimState: row.claim_state,
      lastClaimAttemptAt: row.last_claim_attempt_at,
      sellerTaxId: row.seller_tax_id,
      buyerTaxId: row.buyer_tax_id,
      region: row.region,
      issueDate: row.issue_date,
      rateTotals: rateTotalsFromJson(row.rate_totals),
    };
  }

  async markVoided(tx: EntityManager, invoiceNumber: string, at: string): Promise<void> {
    await tx.query(
      `UPDATE audit.invoices SET status = 'voided', voided_at = $2, updated_at = now()
        WHERE invoice_number = $1`,
      [invoiceNumber, at],
    );
  }

  /** The credited amount is what the ledger says remains, never a running sum we could drift on. */
  async setRemaining(
    tx: EntityManager,
    invoiceNumber: string,
    remainingGross: bigint,
  ): Promise<void> {
    await tx.query(
      `UPDATE audit.invoices SET credited = GREATEST(gross - $2::bigint, 0), updated_at = now()
        WHERE invoice_number = $1`,
      [invoiceNumber, remainingGross.toString()],
    );
  }

  async setClaim(
    tx: EntityManager,
    invoiceNumber: string,
    change: { state?: ClaimState; buyerTaxId?: string; refused?: boolean; at: string },
  ): Promise<void> {
    await tx.query(
      `UPDATE audit.invoices
          SET claim_state = COALESCE($2, claim_state),
              claim_buyer_tax_id = COALESCE($3, claim_buyer_tax_id),
              refused_claims = refused_claims + $4,
              last_claim_attempt_at = CASE WHEN $5 THEN $6::timestamptz ELSE last_claim_attempt_at END,
              updated_at = now()
        WHERE invoice_number = $1`,
      [
        invoiceNumber,
        change.state ?? null,
        change.buyerTaxId ?? null,
        change.refused ? 1 : 0,
        change.state === 'claimed' || change.refused === true,
        change.at,
      ],
    );
  }

  async find(invoiceNumber: string): Promise<AuditInvoice | undefined> {
    const rows = await this.db.query<InvoiceRow[]>(
      `SELECT ${COLUMNS} FROM audit.invoices i WHERE i.invoice_number = $1`,
      [invoiceNumber],
    );
    return rows.length ? toInvoice(rows[0]) : undefined;
  }

  /** Filtered, in recording order, a page at a time (keyset on issued_at, invoice number). */
  async search(filter: InvoiceFilter, page: PageRequest): Promise<Page<AuditInvoice>> {
    const scope = listScope('audit invoices', filter);
    const after = afterCursor(page.cursor, 12, { alias: 'i', idShape: INVOICE_NUMBER }, scope);
    const rows = await this.db.query<InvoiceRow[]>(
      `SELECT * FROM (SELECT ${COLUMNS} FROM audit.invoices i
         WHERE ($2::text IS NULL OR i.seller_tax_id = $2)
           AND ($3::text IS NULL OR i.buyer_tax_id = $3)
           AND ($4::text IS NULL OR i.seller_name ILIKE $4 OR i.buyer_name ILIKE $4)
           AND ($5::date IS NULL OR i.issue_date >= $5)
           AND ($6::date IS NULL OR i.issue_date <= $6)
           AND ($7::bigint IS NULL OR i.gross >= $7)
           AND ($8::bigint IS NULL OR i.gross <= $8)
           AND ($9::text IS NULL OR i.status = $9)
           AND ($10::text IS NULL OR $10 = ANY(i.tax_rates))
           AND ($11::text IS NULL OR i.kind = $11)) i
        WHERE ${after.sql}
        ORDER BY i.created_at, i.id LIMIT $1`,
      [
        page.limit + 1,
        filter.seller ?? null,
        filter.buyer ?? null,
        filter.name === undefined ? null : `%${escapeLike(filter.name)}%`,
        filter.from ?? null,
        filter.to ?? null,
        filter.minGross?.toString() ?? null,
        filter.maxGross?.toString() ?? null,
        filter.status ?? null,
        filter.taxRate ?? null,
        filter.kind ?? null,
        ...after.params,
      ],
    );
    return toPage(rows, page.limit, toInvoice, scope);
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toInvoice(row: InvoiceRow): AuditInvoice {
  const signed = (minor: string) => signedAmount(row.kind, minor);
  return {
    invoiceNumber: row.id,
    kind: row.kind,
    creditedInvoiceNumber: row.credited_invoice_number,
    seller: { taxId: row.seller_tax_id, name: row.seller_name },
    buyer: { taxId: row.buyer_tax_id, name: row.buyer_name },
    region: row.region,
    issueDate: row.issue_date,
    currency: row.currency,
    net: signed(row.net),
    tax: signed(row.tax),
    gross: signed(row.gross),
    taxRates: row.tax_rates,
    status: row.status,
    credited: BigInt(row.credited),
    claimState: row.claim_state,
    refusedClaims: row.refused_claims,
    chain: row.chain,
    seq: Number(row.seq),
    entryHash: row.entry_hash.toString('hex'),
    issuedAt: row.issued_at,
  };
}
