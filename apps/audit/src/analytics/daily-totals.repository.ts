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

/** One invoice's amounts added to (sign 1) or taken back from (sign -1) its totals. */
export interface TotalsChange {
  key: TotalsKey;
  rates: Map<string, RateTotal>;
  sign: 1n | -1n;
  countSign: 0 | 1 | -1;
}

interface TotalsRow {
  id: string;
  dimension: string;
  day: string;
  key: string;
  chain: number;
  count: bigint;
  net: bigint;
  tax: bigint;
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
   * Applies a run's changes in one statement: each adds (sign 1) or takes back (sign -1) an
   * invoice's amounts under its seller, buyer, region and each of its rates. `count` moves by
   * `countSign` per rate: a credit note takes money back without removing an invoice. The
   * changes are summed per row first (an upsert may not touch a row twice) and sorted (a
   * statement takes its row locks in one order).
   */
  async add(tx: EntityManager, changes: TotalsChange[]): Promise<void> {
    const rows = new Map<string, TotalsRow>();
    for (const { key, rates, sign, countSign } of changes)
      for (const [rate, total] of rates)
        for (const [dimension, value] of [
          ['seller', key.sellerTaxId],
          ['buyer', key.buyerTaxId],
          ['region', key.region],
          ['rate', rate],
        ] as const) {
          const id = JSON.stringify([dimension, key.day, value, key.chain]);
          const row = rows.get(id) ?? {
            id,
            dimension,
            day: key.day,
            key: value,
            chain: key.chain,
            count: 0n,
            net: 0n,
            tax: 0n,
          };
          row.count += BigInt(countSign);
          row.net += sign * total.net;
          row.tax += sign * total.tax;
          rows.set(id, row);
        }
    if (rows.size === 0) return;
    const sorted = [...rows.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    await tx.query(
      `INSERT INTO audit.dimension_totals AS t (dimension, day, key, chain, count, net, tax, gross)
       SELECT d, day, k, ch, n, net, tax, net + tax
         FROM unnest($1::text[], $2::date[], $3::text[], $4::integer[], $5::bigint[],
                     $6::bigint[], $7::bigint[]) WITH ORDINALITY AS r(d, day, k, ch, n, net, tax, i)
        ORDER BY i
       ON CONFLICT (dimension, day, key, chain) DO UPDATE
         SET count = t.count + EXCLUDED.count, net = t.net + EXCLUDED.net,
             tax = t.tax + EXCLUDED.tax, gross = t.gross + EXCLUDED.gross`,
      [
        sorted.map((r) => r.dimension),
        sorted.map((r) => r.day),
        sorted.map((r) => r.key),
        sorted.map((r) => r.chain),
        sorted.map((r) => r.count.toString()),
        sorted.map((r) => r.net.toString()),
        sorted.map((r) => r.tax.toString()),
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
