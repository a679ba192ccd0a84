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

/**
 * Each dimension but day reads its own rows; day sums the rate rows (the fewest keys per day),
 * which carry every invoice once per rate like the others.
 */
const SOURCE: Record<AggregateDimension, { dimension: string; key: string }> = {
  day: { dimension: 'rate', key: "to_char(day, 'YYYY-MM-DD')" },
  seller: { dimension: 'seller', key: 'key' },
  buyer: { dimension: 'buyer', key: 'key' },
  rate: { dimension: 'rate', key: 'key' },
  region: { dimension: 'region', key: 'key' },
};

/**
 * audit.dimension_totals: one row per (dimension, day, key, chain), upserted by the feed, so an
 * aggregate reads only its dimension's rows and never scans the invoices.
 */
@Injectable()
export class DailyTotalsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Adds (sign 1) or takes back (sign -1) an invoice's amounts under its seller, buyer, region
   * and each of its rates, in one statement. `count` moves by `countSign` per rate: a credit
   * note takes money back without removing an invoice.
   */
  async add(
    tx: EntityManager,
    key: TotalsKey,
    rates: Map<string, RateTotal>,
    sign: 1n | -1n,
    countSign: 0 | 1 | -1,
  ): Promise<void> {
    const lines = [...rates];
    // Sorted rows: a statement takes its row locks in one order.
    await tx.query(
      `INSERT INTO audit.dimension_totals AS t (dimension, day, key, chain, count, net, tax, gross)
       SELECT d.dimension, $1::date, d.key, $2::integer, count(*) * $3::integer,
              sum(r.net), sum(r.tax), sum(r.net + r.tax)
         FROM unnest($4::text[], $5::bigint[], $6::bigint[]) AS r(rate, net, tax)
        CROSS JOIN LATERAL (VALUES ('seller', $7::text), ('buyer', $8::text),
                                   ('region', $9::text), ('rate', r.rate)) AS d(dimension, key)
        GROUP BY d.dimension, d.key
        ORDER BY d.dimension, d.key
       ON CONFLICT (dimension, day, key, chain) DO UPDATE
         SET count = t.count + EXCLUDED.count, net = t.net + EXCLUDED.net,
             tax = t.tax + EXCLUDED.tax, gross = t.gross + EXCLUDED.gross`,
      [
        key.day,
        key.chain,
        countSign,
        lines.map(([rate]) => rate),
        lines.map(([, total]) => (sign * total.net).toString()),
        lines.map(([, total]) => (sign * total.tax).toString()),
        key.sellerTaxId,
        key.buyerTaxId,
        key.region,
      ],
    );
  }

  /** Sums by one dimension over issue days in [from, to]. */
  async aggregate(by: AggregateDimension, from?: string, to?: string): Promise<Aggregate[]> {
    const source = SOURCE[by];
    const rows = await this.db.query<
      Array<{ key: string; count: string; net: string; tax: string; gross: string }>
    >(
      `SELECT ${source.key} AS key, sum(count)::text AS count, sum(net)::text AS net,
              sum(tax)::text AS tax, sum(gross)::text AS gross
         FROM audit.dimension_totals
        WHERE dimension = $1
          AND day BETWEEN coalesce($2::date, '-infinity') AND coalesce($3::date, 'infinity')
        GROUP BY 1 ORDER BY 1`,
      [source.dimension, from ?? null, to ?? null],
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
