import { DataSource } from 'typeorm';
import { runMigrations } from '@taxchain/platform';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { AGGREGATE_DIMENSIONS, DailyTotalsRepository } from '../analytics/daily-totals.repository';
import { auditMigrations } from './index';
import { InvoiceCounts1797500000000 } from './1797500000000-invoice-counts';
import { recordDocuments, recordPerRateTotals } from './per-rate-totals.fixtures';

/** The audit schema's migrations before this one. */
const BEFORE_THIS = {
  schema: 'audit',
  migrations: auditMigrations.migrations.filter((m) => m !== InvoiceCounts1797500000000),
};

const DAY = '2026-01-15';

describe(InvoiceCounts1797500000000.name, () => {
  let database: TestDatabase;
  let db: DataSource;
  let totals: DailyTotalsRepository;

  const everyAggregate = async () => {
    const all: Record<string, unknown> = {};
    for (const by of AGGREGATE_DIMENSIONS)
      all[by] = (await totals.aggregate(by)).map((a) => ({
        key: a.key,
        count: a.count.toString(),
        net: a.net.toString(),
        tax: a.tax.toString(),
        gross: a.gross.toString(),
      }));
    return all;
  };

  const migration = async (step: 'up' | 'down') => {
    const runner = db.createQueryRunner();
    try {
      await new InvoiceCounts1797500000000()[step](runner);
    } finally {
      await runner.release();
    }
  };

  // I-1 at 13 % and 9 %: 1500 + 175; I-2 and its void: 0; C-1: − (100 + 13), not counted.
  const once = { count: '1', net: '1400', tax: '162', gross: '1562' };
  const recounted = {
    day: [{ key: DAY, ...once }],
    seller: [{ key: 'S1', ...once }],
    buyer: [{ key: 'B1', ...once }],
    // I-1 is in both rate groups; 13 %: 1000 + 200 − 200 − 100 net, 130 + 26 − 26 − 13 tax
    rate: [
      { key: '0.09', count: '1', net: '500', tax: '45', gross: '545' },
      { key: '0.13', count: '1', net: '900', tax: '117', gross: '1017' },
    ],
    region: [{ key: '330100', ...once }],
  };

  beforeAll(async () => {
    database = await createTestDatabase([BEFORE_THIS]);
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    totals = new DailyTotalsRepository(db);
    await recordDocuments(db);
    await recordPerRateTotals(db);
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('counts an invoice at two rates once by day, seller, buyer and region, twice by rate', async () => {
    const [seller] = await db.query<Array<{ count: string }>>(
      "SELECT sum(count)::text AS count FROM audit.dimension_totals WHERE dimension = 'seller'",
    );
    // The feed counted I-1 once per rate: 2
    expect(seller.count).toBe('2');
    expect(await runMigrations(database.url, [auditMigrations])).toEqual([
      InvoiceCounts1797500000000.name,
    ]);
    expect(await everyAggregate()).toEqual(recounted);
  });

  it('recounts to the same totals when it runs again', async () => {
    await migration('up');
    expect(await everyAggregate()).toEqual(recounted);
  });

  it('leaves the feed adding and voiding each invoice once', async () => {
    const key = { day: DAY, chain: 0, sellerTaxId: 'S1', buyerTaxId: 'B1', region: '330100' };
    const rates = new Map([
      ['0.13', { net: 1000n, tax: 130n }],
      ['0.09', { net: 500n, tax: 45n }],
    ]);
    // I-1 voided: its 1500 + 175 and its count taken back in every dimension, by rate per rate
    await totals.add(db.manager, [{ key, rates, sign: -1n, countSign: -1 }]);
    const none = { count: '0', net: '-100', tax: '-13', gross: '-113' };
    expect(await everyAggregate()).toEqual({
      day: [{ key: DAY, ...none }],
      seller: [{ key: 'S1', ...none }],
      buyer: [{ key: 'B1', ...none }],
      rate: [
        { key: '0.09', count: '0', net: '0', tax: '0', gross: '0' },
        { key: '0.13', ...none },
      ],
      region: [{ key: '330100', ...none }],
    });
    await totals.add(db.manager, [{ key, rates, sign: 1n, countSign: 1 }]);
    expect(await everyAggregate()).toEqual(recounted);
  });

  it('goes down to counting per rate, and up again', async () => {
    await migration('down');
    const [seller] = await db.query<Array<{ count: string; day: string | null }>>(
      `SELECT sum(count)::text AS count, to_regclass('audit.dimension_totals_day')::text AS day
         FROM audit.dimension_totals WHERE dimension = 'seller'`,
    );
    expect(seller).toEqual({ count: '2', day: null });
    await migration('up');
    expect(await everyAggregate()).toEqual(recounted);
  });
});
