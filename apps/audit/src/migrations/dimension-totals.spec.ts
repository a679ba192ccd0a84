import { DataSource } from 'typeorm';
import { runMigrations } from '@taxchain/platform';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import {
  AGGREGATE_DIMENSIONS,
  DailyTotalsRepository,
  type AggregateDimension,
} from '../analytics/daily-totals.repository';
import { CreateAudit1795600000000 } from './1795600000000-create-audit';
import { DimensionTotals1795700000000 } from './1795700000000-dimension-totals';

/** How aggregates read audit.daily_totals before this migration. */
const OLD_KEY: Record<AggregateDimension, string> = {
  day: "to_char(day, 'YYYY-MM-DD')",
  seller: 'seller_tax_id',
  buyer: 'buyer_tax_id',
  rate: 'tax_rate',
  region: 'region',
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
  let totals: DailyTotalsRepository;

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
    (await totals.aggregate(by, from, to)).map((a) => ({
      key: a.key,
      count: a.count.toString(),
      net: a.net.toString(),
      tax: a.tax.toString(),
      gross: a.gross.toString(),
    }));

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
    totals = new DailyTotalsRepository(db);
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
    await recordInvoices(db, totals);
    const before = await everyAggregate(newAggregate);
    // I-1 counts per rate (2) with 1500 + 175; I-2 + its void: 0; C-1: 0 and − (100 + 13)
    expect(before['seller undefined undefined']).toEqual([
      { key: 'S1', count: '2', net: '1400', tax: '162', gross: '1562' },
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

/**
 * What the feed records for three documents of seller S1 on 2026-01-15: an invoice with lines
 * at 13 % (1000 + 130) and 9 % (500 + 45), a voided invoice at 13 % (200 + 26) and a credit
 * note taking back 100 + 13 at 13 %, with their totals applied as InvoiceEvents applies them.
 */
async function recordInvoices(db: DataSource, totals: DailyTotalsRepository): Promise<void> {
  const documents = [
    {
      number: 'I-1',
      kind: 'invoice',
      status: 'issued',
      rates: { '0.13': [1000, 130], '0.09': [500, 45] },
    },
    { number: 'I-2', kind: 'invoice', status: 'voided', rates: { '0.13': [200, 26] } },
    { number: 'C-1', kind: 'credit-note', status: 'issued', rates: { '0.13': [100, 13] } },
  ] as const;
  for (const [chain, d] of documents.entries()) {
    const rates = new Map(
      Object.entries(d.rates).map(([rate, [net, tax]]) => [
        rate,
        { net: BigInt(net), tax: BigInt(tax) },
      ]),
    );
    const net = [...rates.values()].reduce((sum, r) => sum + r.net, 0n);
    const tax = [...rates.values()].reduce((sum, r) => sum + r.tax, 0n);
    await db.query(
      `INSERT INTO audit.invoices (invoice_number, kind, seller_tax_id, seller_name, buyer_tax_id,
         buyer_name, region, issue_date, currency, net, tax, gross, tax_rates, rate_totals, status,
         chain, seq, entry_hash, issued_at)
       VALUES ($1, $2, 'S1', 'Seller', 'B1', 'Buyer', '330100', '2026-01-15', 'CNY', $3, $4, $5,
               $6, $7, $8, $9, 0, $10, now())`,
      [
        d.number,
        d.kind,
        net.toString(),
        tax.toString(),
        (net + tax).toString(),
        [...rates.keys()],
        JSON.stringify(
          Object.fromEntries(
            Object.entries(d.rates).map(([rate, [n, t]]) => [rate, { net: `${n}`, tax: `${t}` }]),
          ),
        ),
        d.status,
        chain,
        Buffer.alloc(32),
      ],
    );
    const key = { day: '2026-01-15', chain, sellerTaxId: 'S1', buyerTaxId: 'B1', region: '330100' };
    const invoice = d.kind === 'invoice';
    await totals.add(db.manager, [
      { key, rates, sign: invoice ? 1n : -1n, countSign: invoice ? 1 : 0 },
    ]);
    // The void is recorded on another chain than its invoice.
    if (d.status === 'voided')
      await totals.add(db.manager, [
        { key: { ...key, chain: 3 }, rates, sign: -1n, countSign: -1 },
      ]);
  }
}
