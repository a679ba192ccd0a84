import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RateTotal } from '../invoices/invoice';

export interface TotalsKey {
  day: string;
  /** The chain whose feed transaction writes the row (see the migration). */
  chain: number;
  sellerTaxId: string;
  buyerTaxId: string;
  region: string;
}

export const AGGREGATE_DIMENSIONS = ['day', 'seller', 'buyer', 'rate', 'region'] as const;
export type AggregateDimension = (typeof AGGREGATE_DIMENSIONS)[number];

export interface Aggregate {
  key: string;
  count: bigint;
  net: bigint;
  tax: bigint;
  gross: bigint;
}

const COLUMN: Record<AggregateDimension, string> = {
  day: "to_char(day, 'YYYY-MM-DD')",
  seller: 'seller_tax_id',
  buyer: 'buyer_tax_id',
  rate: 'tax_rate',
  region: 'region',
};

/** audit.daily_totals: upserted by the feed, so aggregates never scan the invoices. */
@Injectable()
export class DailyTotalsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Adds (sign 1) or takes back (sign -1) an invoice's amounts, one row per tax rate. `count`
   * moves by `countSign`: a credit note takes money back without removing an invoice.
   */
  async add(
    tx: EntityManager,
    key: TotalsKey,
    rates: Map<string, RateTotal>,
    sign: 1n | -1n,
    countSign: 0 | 1 | -1,
  ): Promise<void> {
    for (const [rate, total] of rates) {
      const net = sign * total.net;
      const tax = sign * total.tax;
      await tx.query(
        `INSERT INTO audit.daily_totals AS d (day, seller_tax_id, buyer_tax_id, tax_rate, region, count, net, tax, gross, chain)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (day, seller_tax_id, buyer_tax_id, tax_rate, region, chain) DO UPDATE
           SET count = d.count + EXCLUDED.count, net = d.net + EXCLUDED.net,
               tax = d.tax + EXCLUDED.tax, gross = d.gross + EXCLUDED.gross`,
        [
          key.day,
          key.sellerTaxId,
          key.buyerTaxId,
          rate,
          key.region,
          countSign,
          net.toString(),
          tax.toString(),
          (net + tax).toString(),
          key.chain,
        ],
      );
    }
  }

  /** Sums by one dimension over issue days in [from, to]. */
  async aggregate(by: AggregateDimension, from?: string, to?: string): Promise<Aggregate[]> {
    const column = COLUMN[by];
    const rows = await this.db.query<
      Array<{ key: string; count: string; net: string; tax: string; gross: string }>
    >(
      `SELECT ${column} AS key, sum(count)::text AS count, sum(net)::text AS net,
              sum(tax)::text AS tax, sum(gross)::text AS gross
         FROM audit.daily_totals
        WHERE ($1::date IS NULL OR day >= $1) AND ($2::date IS NULL OR day <= $2)
        GROUP BY 1 ORDER BY 1`,
      [from ?? null, to ?? null],
    );
    return rows.map((row) => ({
      key: row.key,
      count: BigInt(row.count),
      net: BigInt(row.net),
      tax: BigInt(row.tax),
      gross: BigInt(row.gross),
    }));
  }
}
