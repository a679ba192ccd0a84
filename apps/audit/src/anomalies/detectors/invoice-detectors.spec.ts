import { Metrics, runMigrations } from '@taxchain/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@taxchain/platform/testing';
import { DataSource } from 'typeorm';
import { auditMigrations } from '../../migrations';
import { SellerActivityCounts1797400000000 } from '../../migrations/1797400000000-seller-activity-counts';
import { ActivityRepository } from '../activity.repository';
import { AnomaliesRepository } from '../anomalies.repository';
import { AnomalyRecorder } from '../anomaly-recorder.service';
import { AnomalyThresholds } from '../anomaly-thresholds';
import { InvoiceDetectors, type RecordedInvoice } from './invoice-detectors.service';
import { recordedInvoice } from './recorded-invoice.fixtures';

const SELLER = '91330100MA2STEADY1';
/** The steady seller's rate: 20 a minute, as many as a burst needs at least (the default). */
const EVERY_MS = 3_000;
const DAY_MS = 86_400_000;
/** Tables whose rows the burst detector reads. */
const ACTIVITY_TABLES = new Set(['seller_activity', 'seller_activity_counts']);

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** Rows a plan read from the activity tables: what a statement's cost grows with. */
function activityRowsRead(node: PlanNode): number {
  const own =
    node['Relation Name'] && ACTIVITY_TABLES.has(node['Relation Name'])
      ? (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0)) * node['Actual Loops']
      : 0;
  return own + (node.Plans ?? []).reduce((n, child) => n + activityRowsRead(child), 0);
}

describe(InvoiceDetectors.name, () => {
  let database: TestDatabase;
  let db: DataSource;
  let detectors: InvoiceDetectors;
  /** Rows read from the activity tables by each read statement of the detectors, in order. */
  let reads: number[];
  let seq = 0;
  const now = Date.now();

  const issued = (at: number): RecordedInvoice => recordedInvoice(SELLER, (seq += 1), at);

  /** The seller's invoices in [from, until), counted one by one as before the buckets. */
  const countedOneByOne = async (from: number, until: number) => {
    const [row] = await db.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM audit.seller_activity
        WHERE seller_tax_id = $1 AND recorded_at >= $2 AND recorded_at < $3`,
      [SELLER, new Date(from), new Date(until)],
    );
    return Number(row.n);
  };

  beforeAll(async () => {
    const { migrations } = auditMigrations;
    database = await createTestDatabase([
      {
        schema: 'audit',
        migrations: migrations.slice(0, migrations.indexOf(SellerActivityCounts1797400000000)),
      },
    ]);
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    // Seven days and an hour of a steady seller on four chains, recorded before the buckets
    // existed: the migration counts them.
    await db.query(
      `INSERT INTO audit.seller_activity (chain, seq, seller_tax_id, recorded_at)
       SELECT g % 4, g, $1, $2::timestamptz - g * $3 * interval '1 millisecond'
         FROM generate_series(0, $4::integer) g`,
      [SELLER, new Date(now), EVERY_MS, (7 * DAY_MS + 3_600_000) / EVERY_MS],
    );
    await runMigrations(database.url, [auditMigrations]);
    await db.query('ANALYZE audit.seller_activity, audit.seller_activity_counts');
    const counting = new Proxy(db, {
      get(target, property) {
        if (property !== 'query') return Reflect.get(target, property, target) as unknown;
        return async (sql: string, parameters: unknown[]) => {
          if (/^\s*SELECT/.test(sql)) {
            const [{ 'QUERY PLAN': plan }] = await target.query<
              Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>
            >(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, parameters);
            reads.push(activityRowsRead(plan[0].Plan));
          }
          return target.query<unknown>(sql, parameters);
        };
      },
    });
    detectors = new InvoiceDetectors(
      new ActivityRepository(counting),
      new AnomalyRecorder(new AnomaliesRepository(db), new Metrics()),
      new AnomalyThresholds(testConfig(database.url)),
    );
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  beforeEach(() => {
    reads = [];
  });

  it('weighs a steady seller against its 7-day baseline reading a bounded number of rows', async () => {
    const baselineRows = await countedOneByOne(now - 7 * DAY_MS, now);
    expect(baselineRows).toBeGreaterThan(200_000);

    // Its next invoices, at its usual pace: its window holds 20, as every minute of its history
    // does, so its baseline is weighed, and it is no burst.
    const found = await detectors.check([
      issued(now + EVERY_MS),
      issued(now + 2 * EVERY_MS),
      issued(now + 3 * EVERY_MS),
    ]);
    const end = now + 3 * EVERY_MS;
    expect(await countedOneByOne(end - 60_000 + 1, end + 1)).toBe(20);
    expect(found.filter((a) => a.type === 'burst')).toEqual([]);
    // …from a few hundred buckets (168 hours, at most 2 × 59 minutes and seconds, per chain),
    // not from the 200,000 invoices of the baseline.
    const read = reads.reduce((a, b) => a + b, 0);
    expect(read).toBeLessThan(2_000);
  });

  it('still finds a burst after a long steady history, with the exact counts', async () => {
    const start = now + 4 * EVERY_MS;
    const burst = Array.from({ length: 120 }, (_, i) => issued(start + i * 7));
    const found = (await detectors.check(burst)).filter((a) => a.type === 'burst');
    expect(found).toHaveLength(1);
    const end = start + 119 * 7;
    const windowStart = end - 60_000;
    // As counted one by one before: the window (windowStart, end], the baseline
    // [windowStart − 7 days, windowStart].
    expect(found[0].evidence).toMatchObject({
      seller: SELLER,
      current: await countedOneByOne(windowStart + 1, end + 1),
      baseline: await countedOneByOne(windowStart - 7 * DAY_MS, windowStart + 1),
      to: new Date(end).toISOString(),
    });
    expect(found[0].evidence.current).toBeGreaterThanOrEqual(120);
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThan(2_000);
  });

  it('counts each invoice once per bucket width, however often its entry is delivered', async () => {
    const again = [issued(now + 5 * EVERY_MS), issued(now + 6 * EVERY_MS)];
    await detectors.check(again);
    await detectors.check(again);
    const spans = await db.query<Array<{ span: number; n: string }>>(
      `SELECT span, sum(n) AS n FROM audit.seller_activity_counts
        WHERE seller_tax_id = $1 GROUP BY span ORDER BY span`,
      [SELLER],
    );
    const all = await countedOneByOne(0, now + DAY_MS);
    expect(spans).toEqual([1, 60, 3600].map((span) => ({ span, n: String(all) })));
  });
});
