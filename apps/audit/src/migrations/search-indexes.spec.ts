import { DataSource } from 'typeorm';
import { runMigrations } from '@taxchain/platform';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import type { InvoiceFilter } from '../invoices/invoice';
import { InvoicesRepository } from '../invoices/invoices.repository';
import { CreateAudit1795600000000 } from './1795600000000-create-audit';
import { DimensionTotals1795700000000 } from './1795700000000-dimension-totals';
import { SearchIndexes1795800000000 } from './1795800000000-search-indexes';

const ROWS = 20_000;
/** Few invoices match these searches among many: the scan in recording order reads them all. */
const RARE: Array<{ filter: InvoiceFilter; index: string; matches: number }> = [
  { filter: { name: 'lotus' }, index: 'invoices_buyer_name_trgm_idx', matches: 3 },
  { filter: { name: 'JADE' }, index: 'invoices_seller_name_trgm_idx', matches: 2 },
  {
    filter: { buyer: 'B7', minGross: 1_000_000n },
    index: 'invoices_buyer_gross_idx',
    matches: 4,
  },
];

describe(SearchIndexes1795800000000.name, () => {
  let database: TestDatabase;
  let db: DataSource;
  let invoices: InvoicesRepository;

  const search = async (filter: InvoiceFilter) =>
    (await invoices.search(filter, { limit: 50 })).items.map((i) => i.invoiceNumber);

  /** Scans of the index since the statistics were reset, once this backend's are flushed. */
  const scansOf = async (index: string): Promise<number> => {
    const [row] = await db.query<Array<{ scans: string }>>(
      `SELECT idx_scan AS scans FROM pg_stat_user_indexes WHERE indexrelname = $1`,
      [index],
    );
    return Number(row.scans);
  };

  beforeAll(async () => {
    database = await createTestDatabase([
      {
        schema: 'audit',
        migrations: [CreateAudit1795600000000, DimensionTotals1795700000000],
      },
    ]);
    db = await new DataSource({ type: 'postgres', url: database.url, poolSize: 1 }).initialize();
    invoices = new InvoicesRepository(db);
    // Every seller is a tea house and every buyer a tool shop, but for a few: three invoices to
    // "Lotus Garden", two from "Jade Hall", and four of buyer B7's above a million.
    await db.query(
      `INSERT INTO audit.invoices (invoice_number, kind, seller_tax_id, seller_name, buyer_tax_id,
         buyer_name, region, issue_date, currency, net, tax, gross, tax_rates, rate_totals, chain,
         seq, entry_hash, issued_at)
       SELECT lpad(g::text, 20, '0'), 'invoice', 'S' || g % 50,
              CASE WHEN g % 7919 = 0 THEN 'Jade Hall' ELSE 'Min River Tea ' || g % 50 END,
              'B' || g % 200,
              CASE WHEN g % 6007 = 0 THEN 'Lotus Garden' ELSE 'Pudong Tools ' || g % 200 END,
              '330100', date '2026-01-01' + g % 300, 'CNY', gross, 0, gross, '{0.13}', '{}',
              0, g, sha256(g::text::bytea), timestamptz '2026-01-01' + g * interval '1 minute'
         FROM generate_series(1, $1) g,
              LATERAL (SELECT CASE WHEN g % 5000 = 7 THEN 2000000 ELSE 6156 END
                       AS gross) amount`,
      [ROWS],
    );
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('answers each search the same after the migration, now from its index', async () => {
    const before = await Promise.all(RARE.map((r) => search(r.filter)));
    expect(before.map((numbers) => numbers.length)).toEqual(RARE.map((r) => r.matches));

    const upToThis = {
      schema: 'audit',
      migrations: [
        CreateAudit1795600000000,
        DimensionTotals1795700000000,
        SearchIndexes1795800000000,
      ],
    };
    expect(await runMigrations(database.url, [upToThis])).toEqual([
      SearchIndexes1795800000000.name,
    ]);
    await db.query('ANALYZE audit.invoices');

    for (const [k, rare] of RARE.entries()) {
      const scans = await scansOf(rare.index);
      expect(await search(rare.filter)).toEqual(before[k]);
      await db.query('SELECT pg_stat_force_next_flush()');
      await expect(scansOf(rare.index)).resolves.toBeGreaterThan(scans);
    }
  });

  it('goes down and up again', async () => {
    // The one pooled connection: the runner has to be released before the repository searches.
    const runner = db.createQueryRunner();
    let left: Array<{ n: string }>;
    try {
      await new SearchIndexes1795800000000().down(runner);
      left = await runner.query(`SELECT count(*) AS n FROM pg_indexes WHERE indexname = ANY($1)`, [
        RARE.map((r) => r.index),
      ]);
      await new SearchIndexes1795800000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(Number(left[0].n)).toBe(0);
    expect(await search(RARE[0].filter)).toHaveLength(RARE[0].matches);
  });
});
