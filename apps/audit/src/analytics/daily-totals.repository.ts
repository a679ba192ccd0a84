import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SqlStatement } from '@taxchain/platform';
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
 * audit.dimension_totals: one row per (dimension, day, key, chain), upserted by the feed, so an
 * aggregate reads only its dimension's rows and never scans the invoices.
 */
@Injectable()
export class DailyTotalsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Applies a run's changes in one statement: each adds (sign 1) or takes back (sign -1) an
   * invoice's amounts under its day, seller, buyer and region once, and under each of its rates.
   * `count` moves by `countSign` per row: a credit note takes money back without removing an
   * invoice, and only by rate is an invoice with lines at two rates in two groups. The changes
   * are summed per row first (an upsert may not touch a row twice) and sorted (a statement takes
   * its row locks in one order).
   */
  async add(tx: EntityManager, changes: TotalsChange[]): Promise<void> {
    const sorted = rowsOf(changes);
    if (sorted.length === 0) return;
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

  /**
   * add's upsert for the invoices another write of the same statement has just recorded, read
   * from its RETURNING rows by name (writesTogether): only those it recorded count, so a
   * redelivered invoice is not counted again, and the totals need no round trip of their own.
   * Those rows hold issue_date, chain, seller_tax_id, buyer_tax_id, region and rate_totals. The
   * same breakdown as add: each invoice's summed rates once by day, seller, buyer and region,
   * each rate once by rate; summed per row, in key order.
   */
  addRecorded(recorded: string, sign: 1 | -1, countSign: 0 | 1): SqlStatement {
    return {
      text: `INSERT INTO audit.dimension_totals AS t (dimension, day, key, chain, count, net, tax, gross)
       SELECT d, day, k, ch, sum(n), sum(net), sum(tax), sum(net) + sum(tax)
         FROM (SELECT 'rate' AS d, i.issue_date AS day, r.key AS k, i.chain AS ch, $2::bigint AS n,
                      $1::bigint * (r.value ->> 'net')::bigint AS net,
                      $1::bigint * (r.value ->> 'tax')::bigint AS tax
                 FROM ${recorded} i, jsonb_each(i.rate_totals) r
               UNION ALL
               SELECT v.d, i.issue_date, v.k, i.chain, $2::bigint, $1::bigint * s.net, $1::bigint * s.tax
                 FROM ${recorded} i,
                 LATERAL (SELECT coalesce(sum((value ->> 'net')::bigint), 0) AS net,
                                 coalesce(sum((value ->> 'tax')::bigint), 0) AS tax
                            FROM jsonb_each(i.rate_totals)) s,
                 LATERAL (VALUES ('day', ''), ('seller', i.seller_tax_id),
                                 ('buyer', i.buyer_tax_id), ('region', i.region)) v(d, k)) c
        GROUP BY d, day, k, ch ORDER BY d, day, k, ch
       ON CONFLICT (dimension, day, key, chain) DO UPDATE
         SET count = t.count + EXCLUDED.count, net = t.net + EXCLUDED.net,
             tax = t.tax + EXCLUDED.tax, gross = t.gross + EXCLUDED.gross`,
      values: [sign, countSign],
    };
  }

  /** Sums by one dimension over issue days in [from, to]. */
  async aggregate(by: AggregateDimension, from?: string, to?: string): Promise<Aggregate[]> {
    // Day's rows carry the key '' (the day is the row's day): one row per (day, chain).
    const key = by === 'day' ? "to_char(day, 'YYYY-MM-DD')" : 'key';
    const rows = await this.db.query<
      Array<{ key: string; count: string; net: string; tax: string; gross: string }>
    >(
      `SELECT ${key} AS key, sum(count)::text AS count, sum(net)::text AS net,
              sum(tax)::text AS tax, sum(gross)::text AS gross
         FROM audit.dimension_totals
        WHERE dimension = $1
          AND day BETWEEN coalesce($2::date, '-infinity') AND coalesce($3::date, 'infinity')
        GROUP BY 1 ORDER BY 1`,
      [by, from ?? null, to ?? null],
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

/** The rows a run's changes add to, each summed once, in id order. */
function rowsOf(changes: TotalsChange[]): TotalsRow[] {
  const rows = new Map<string, TotalsRow>();
  const addTo = (dimension: string, value: string, change: TotalsChange, total: RateTotal) => {
    const { key, sign, countSign } = change;
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
  };
  for (const change of changes) {
    const { key, rates } = change;
    const invoice = { net: 0n, tax: 0n };
    for (const [rate, total] of rates) {
      addTo('rate', rate, change, total);
      invoice.net += total.net;
      invoice.tax += total.tax;
    }
    for (const [dimension, value] of [
      ['day', ''],
      ['seller', key.sellerTaxId],
      ['buyer', key.buyerTaxId],
      ['region', key.region],
    ] as const)
      addTo(dimension, value, change, invoice);
  }
  return [...rows.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
