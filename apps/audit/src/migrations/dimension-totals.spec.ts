import { DataSource } from 'typeorm';
import { runMigrations } from '@taxchain/platform';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import {
  AGGREGATE_DIMENSIONS,
  type AggregateDimension,
} from '../analytics/daily-totals.repository';
import { CreateAudit1795600000000 } from './1795600000000-create-audit';
import { DimensionTotals1795700000000 } from './1795700000000-dimension-totals';
import { recordDocuments, recordPerRateTotals } from './per-rate-totals.fixtures';

/** How aggregates read audit.daily_totals before this migration. */
const OLD_KEY: Record<AggregateDimension, string> = {
  day: "to_char(day, 'YYYY-MM-DD')",
  seller: 'seller_tax_id',
  buyer: 'buyer_tax_id',
  rate: 'tax_rate',
  region: 'region',
};

/**
 * How aggregates read audit.dimension_totals after this migration (day summed the rate rows),
 * until InvoiceCounts1797500000000.
 */
const NEW_SOURCE: Record<AggregateDimension, { dimension: string; key: string }> = {
  day: { dimension: 'rate', key: "to_char(day, 'YYYY-MM-DD')" },
  seller: { dimension: 'seller', key: 'key' },
  buyer: { dimension: 'buyer', key: 'key' },
  rate: { dimension: 'rate', key: 'key' },
  region: { dimension: 'region', key: 'key' },
};

/** The audit schema's migrations up to this one (later ones are not what this spec is about). */
const UP_TO_THIS = {
  schema: 'audit',
  migrations: [CreateAudit1795600000000, DimensionTotals1795700000000],
};

const RANGES: Array<[string | undefined, string | undefined]> = [
  [undefined, undefined],
  ['2026-01-10', '2026-01-20'],
  ['2026-01-20', undefined],
];

describe(DimensionTotals1795700000000.name, () => {
  let database: TestDatabase;
  let db: DataSource;

  const oldAggregate = async (by: AggregateDimension, from?: string, to?: string) =>
    db.query<Array<{ key: string; count: string; net: string; tax: string; gross: string }>>(
      `SELECT ${OLD_KEY[by]} AS key, sum(count)::text AS count, sum(net)::text AS net,
              sum(tax)::text AS tax, sum(gross)::text AS gross
         FROM audit.daily_totals
        WHERE ($1::date IS NULL OR day >= $1) AND ($2::date IS NULL OR day <= $2)
        GROUP BY 1 ORDER BY 1`,
      [from ?? null, to ?? null],
    );

  const newAggregate = async (by: AggregateDimension, from?: string, to?: string) =>
    db.query<Array<{ key: string; count: string; net: string; tax: string; gross: string }>>(
      `SELECT ${NEW_SOURCE[by].key} AS key, sum(count)::text AS count, sum(net)::text AS net,
              sum(tax)::text AS tax, sum(gross)::text AS gross
         FROM audit.dimension_totals
        WHERE dimension = $1 AND ($2::date IS NULL OR day >= $2) AND ($3::date IS NULL OR day <= $3)
        GROUP BY 1 ORDER BY 1`,
      [NEW_SOURCE[by].dimension, from ?? null, to ?? null],
    );

  const everyAggregate = async (read: typeof oldAggregate) => {
    const all: Record<string, unknown> = {};
    for (const by of AGGREGATE_DIMENSIONS)
      for (const [from, to] of RANGES) all[`${by} ${from} ${to}`] = await read(by, from, to);
    return all;
  };

  beforeAll(async () => {
    database = await createTestDatabase([
      { schema: 'audit', migrations: [CreateAudit1795600000000] },
    ]);
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('backfills the old totals so every aggregate reads the same before and after', async () => {
    // Invoices (count 1), credit notes (count 0, negative amounts) and voids (count -1) over
    // 40 days, 4 chains, several sellers, buyers, rates and regions, including region ''.
    await db.query(`
      INSERT INTO audit.daily_totals
        (day, chain, seller_tax_id, buyer_tax_id, tax_rate, region, count, net, tax, gross)
      SELECT date '2026-01-01' + g % 40, g % 4, 'S' || g % 7, 'B' || g % 11,
             (ARRAY['0.13', '0.09', '0'])[g % 3 + 1], (ARRAY['330100', '110000', ''])[g / 3 % 3 + 1],
             g % 3 - 1, g * 37 % 1000 - 300, (g * 37 % 1000 - 300) / 10,
             g * 37 % 1000 - 300 + (g * 37 % 1000 - 300) / 10
        FROM generate_series(1, 5000) g
      ON CONFLICT DO NOTHING`);
    const before = await everyAggregate(oldAggregate);
    expect((before['day undefined undefined'] as unknown[]).length).toBe(40);

    expect(await runMigrations(database.url, [UP_TO_THIS])).toEqual([
      DimensionTotals1795700000000.name,
    ]);

    expect(await everyAggregate(newAggregate)).toEqual(before);
    const [old] = await db.query<Array<{ table: string | null }>>(
      "SELECT to_regclass('audit.daily_totals')::text AS table",
    );
    expect(old.table).toBeNull();
  });

  it('goes down to the old table rebuilt from the invoices, and up again', async () => {
    await db.query('TRUNCATE audit.dimension_totals');
    await recordDocuments(db);
    await recordPerRateTotals(db);
    const before = await everyAggregate(newAggregate);
    // I-1: 1500 + 175; I-2 + its void: 0; C-1: − (100 + 13). (Counts per rate until
    // InvoiceCounts1797500000000, whose spec has them.)
    expect(before['seller undefined undefined']).toMatchObject([
      { key: 'S1', net: '1400', tax: '162', gross: '1562' },
    ]);
    const runner = db.createQueryRunner();
    try {
      await new DimensionTotals1795700000000().down(runner);
      expect(await everyAggregate(oldAggregate)).toEqual(before);
      await new DimensionTotals1795700000000().up(runner);
      expect(await everyAggregate(newAggregate)).toEqual(before);
    } finally {
      await runner.release();
    }
  });
});
