import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  POSITION_MICROS,
  afterCursor,
  listScope,
  toPage,
  UUID_SHAPE,
  type Page,
  type PageRequest,
  type PositionedRow,
} from '@taxchain/platform';
import type { Claim, ClaimState } from './claim';

export type NewClaim = Pick<
  Claim,
  'claimId' | 'invoiceNumber' | 'buyerTaxId' | 'amount' | 'expenseReference' | 'expenseSalt'
>;

export interface ClaimFilter {
  buyerTaxId: string;
  state?: ClaimState;
  /** Created at or after. */
  from?: Date;
  /** Created before. */
  to?: Date;
}

interface ClaimRow extends PositionedRow {
  invoice_number: string;
  buyer_tax_id: string;
  amount: string;
  expense_reference: string | null;
  expense_salt: string | null;
  state: ClaimState;
  created_at: Date;
  updated_at: Date;
}

// `id` names claim_id the way the shared keyset cursor expects.
const COLUMNS = `c.claim_id AS id, c.invoice_number, c.buyer_tax_id, c.amount, c.expense_reference,
  encode(c.expense_salt, 'hex') AS expense_salt,
  c.state, c.created_at, c.updated_at, ${POSITION_MICROS('c.created_at')}`;

/** Claims (schema `reimbursement`); writes only inside the ledger unit of work's transaction. */
@Injectable()
export class ClaimsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(tx: EntityManager, claim: NewClaim): Promise<Claim> {
    const rows = await tx.query<ClaimRow[]>(
      `INSERT INTO reimbursement.claims AS c (claim_id, invoice_number, buyer_tax_id, amount, expense_reference,
         expense_salt)
       VALUES ($1, $2, $3, $4, $5, decode($6, 'hex')) RETURNING ${COLUMNS}`,
      [
        claim.claimId,
        claim.invoiceNumber,
        claim.buyerTaxId,
        claim.amount.toString(),
        claim.expenseReference,
        claim.expenseSalt,
      ],
    );
    return toClaim(rows[0]);
  }

  async find(claimId: string, tx?: EntityManager): Promise<Claim | undefined> {
    const rows = await (tx ?? this.db).query<ClaimRow[]>(
      `SELECT ${COLUMNS} FROM reimbursement.claims c WHERE c.claim_id = $1`,
      [claimId],
    );
    return rows.length ? toClaim(rows[0]) : undefined;
  }

  async lockForUpdate(tx: EntityManager, claimId: string): Promise<Claim | undefined> {
    const rows = await tx.query<ClaimRow[]>(
      `SELECT ${COLUMNS} FROM reimbursement.claims c WHERE c.claim_id = $1 FOR UPDATE`,
      [claimId],
    );
    return rows.length ? toClaim(rows[0]) : undefined;
  }

  async setState(tx: EntityManager, claimId: string, state: ClaimState): Promise<Claim> {
    // Through a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count], not rows.
    const rows = await tx.query<ClaimRow[]>(
      `WITH c AS (UPDATE reimbursement.claims SET state = $2, updated_at = now()
                   WHERE claim_id = $1 RETURNING *)
       SELECT ${COLUMNS} FROM c`,
      [claimId, state],
    );
    return toClaim(rows[0]);
  }

  /** A buyer's claims in creation order, filtered, a page at a time. */
  async list(filter: ClaimFilter, page: PageRequest): Promise<Page<Claim>> {
    const scope = listScope('claims', filter);
    const after = afterCursor(page.cursor, 6, { alias: 'c', idShape: UUID_SHAPE }, scope);
    const rows = await this.db.query<ClaimRow[]>(
      `SELECT * FROM (SELECT ${COLUMNS} FROM reimbursement.claims c
         WHERE c.buyer_tax_id = $2
           AND ($3::text IS NULL OR c.state = $3)
           AND ($4::timestamptz IS NULL OR c.created_at >= $4)
           AND ($5::timestamptz IS NULL OR c.created_at < $5)) c
        WHERE ${after.sql}
        ORDER BY c.created_at, c.id LIMIT $1`,
      [
        page.limit + 1,
        filter.buyerTaxId,
        filter.state ?? null,
        filter.from ?? null,
        filter.to ?? null,
        ...after.params,
      ],
    );
    return toPage(rows, page.limit, toClaim, scope);
  }
}

function toClaim(row: ClaimRow): Claim {
  return {
    claimId: row.id,
    invoiceNumber: row.invoice_number,
    buyerTaxId: row.buyer_tax_id,
    amount: BigInt(row.amount),
    expenseReference: row.expense_reference,
    expenseSalt: row.expense_salt,
    state: row.state,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
