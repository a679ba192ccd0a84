import { Metrics } from '@taxchain/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@taxchain/platform/testing';
import { DataSource } from 'typeorm';
import { auditMigrations } from '../migrations';
import { ActivityPruningRepository } from './activity-pruning.repository';
import { ActivityPruning } from './activity-pruning.service';
import { ActivityRepository } from './activity.repository';
import { AnomaliesRepository } from './anomalies.repository';
import { AnomalyRecorder } from './anomaly-recorder.service';
import { AnomalyThresholds } from './anomaly-thresholds';
import { InvoiceDetectors, type RecordedInvoice } from './detectors/invoice-detectors.service';
import { recordedInvoice } from './detectors/recorded-invoice.fixtures';

const STEADY = '91330100MA2STEADY1';
/** A seller whose invoices are all older than any baseline. */
const DORMANT = '91330100MA2DORMANT';
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const CHAINS = 4;

/** One audit database, its detectors and its pruning, with the default thresholds. */
interface Side {
  database: TestDatabase;
  db: DataSource;
  detectors: InvoiceDetectors;
  pruning: ActivityPruning;
}

async function side(): Promise<Side> {
  const database = await createTestDatabase([auditMigrations]);
  const db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  const config = testConfig(database.url, { LEDGER_CHAINS: String(CHAINS) });
  const thresholds = new AnomalyThresholds(config);
  return {
    database,
    db,
    detectors: new InvoiceDetectors(
      new ActivityRepository(db),
      new AnomalyRecorder(new AnomaliesRepository(db), new Metrics()),
      thresholds,
    ),
    pruning: new ActivityPruning(new ActivityPruningRepository(db), thresholds, config),
  };
}

/** Rows of each activity table before and from an instant. */
async function rows(db: DataSource, at: number) {
  const [row] = await db.query<Array<Record<string, string>>>(
    `SELECT (SELECT count(*) FROM audit.seller_activity WHERE recorded_at < $1) AS invoices_before,
            (SELECT count(*) FROM audit.seller_activity WHERE recorded_at >= $1) AS invoices_from,
            (SELECT count(*) FROM audit.seller_activity_counts
              WHERE bucket * span * 1000 < $2) AS buckets_before,
            (SELECT count(*) FROM audit.seller_activity_counts
              WHERE bucket * span * 1000 >= $2) AS buckets_from`,
    [new Date(at), at],
  );
  return row;
}

describe(ActivityPruning.name, () => {
  /** When the entry every chain's feed applied last was recorded. */
  const now = Date.now();
  let pruned: Side;
  let kept: Side;
  let seq = 0;
  const issued = (seller: string, at: number): RecordedInvoice =>
    recordedInvoice(seller, (seq += 1), at);

  /** The feed has applied, on `chains` of the chains, an entry recorded at `now`. */
  const applied = async (db: DataSource, chains: number[]) => {
    await db.query(
      `INSERT INTO audit.feed_positions (chain, seq, hash)
       SELECT c, 7, '\\x${'00'.repeat(32)}' FROM unnest($1::integer[]) c`,
      [chains],
    );
    await db.query(
      `INSERT INTO audit.trail (chain, seq, entry_hash, kind, subject, recorded_at)
       SELECT c, 7, '\\x${'00'.repeat(32)}', 'invoice.issued', 'x', $2 FROM unnest($1::integer[]) c`,
      [chains, new Date(now)],
    );
  };

  beforeAll(async () => {
    [pruned, kept] = await Promise.all([side(), side()]);
    // Ten days of a steady seller, 3 invoices a minute, and a day of a seller gone quiet since
    // ten days ago: recorded on both sides, as the feed records them.
    const history = [
      ...Array.from({ length: (10 * DAY_MS) / 20_000 }, (_, i) =>
        issued(STEADY, now - 10 * DAY_MS + i * 20_000),
      ),
      ...Array.from({ length: DAY_MS / 60_000 }, (_, i) =>
        issued(DORMANT, now - 11 * DAY_MS + i * 60_000),
      ),
    ];
    for (const { detectors } of [pruned, kept]) expect(await detectors.check(history)).toEqual([]);
  });

  afterAll(async () => {
    for (const { db, database } of [pruned, kept].filter(Boolean)) {
      await db.destroy();
      await database.drop();
    }
  });

  it('deletes nothing while a chain has applied no entry, whose entries may be of any age', async () => {
    await applied(pruned.db, [0, 1, 2]);
    expect(await pruned.pruning.prune()).toBeUndefined();
    expect(await rows(pruned.db, now)).toEqual(await rows(kept.db, now));
  });

  it('deletes every row from before the baseline and window of the entries still to come', async () => {
    await applied(pruned.db, [3]);
    const cutoff = (await pruned.pruning.prune())?.getTime();
    // 7 days of baseline, a minute of window and an hour of margin, on the hour before.
    const hour = 3_600_000;
    expect(cutoff).toBe(Math.floor((now - 7 * DAY_MS - MINUTE_MS - hour) / hour) * hour);
    const before = await rows(kept.db, cutoff!);
    // More than one batch of each table was there to delete.
    expect(Number(before.invoices_before)).toBeGreaterThan(10_000);
    expect(Number(before.buckets_before)).toBeGreaterThan(10_000);
    expect(await rows(pruned.db, cutoff!)).toEqual({
      invoices_before: '0',
      buckets_before: '0',
      invoices_from: before.invoices_from,
      buckets_from: before.buckets_from,
    });
  });

  it('leaves every finding of the detectors as it was', async () => {
    // A burst on the first instant an entry still to come can have (its window also holds the
    // two steady invoices of the minute before), weighed against a 7-day
    // baseline that reaches back to the oldest row kept; the quiet seller's burst against none;
    // the steady seller's usual pace after it.
    const runs = [
      Array.from({ length: 120 }, (_, i) => issued(STEADY, now + i * 7)),
      Array.from({ length: 30 }, (_, i) => issued(DORMANT, now + 10 * MINUTE_MS + i * 100)),
      Array.from({ length: 3 }, (_, i) => issued(STEADY, now + 20 * MINUTE_MS + i * 20_000)),
    ];
    const found = { pruned: [] as unknown[], kept: [] as unknown[] };
    for (const run of runs) {
      found.pruned.push(await pruned.detectors.check(run));
      found.kept.push(await kept.detectors.check(run));
    }
    expect(found.pruned).toEqual(found.kept);
    expect(found.kept).toEqual([
      [
        expect.objectContaining({
          type: 'burst',
          evidence: expect.objectContaining({
            seller: STEADY,
            current: 122,
            baseline: 7 * 24 * 60 * 3,
          }),
        }),
      ],
      [
        expect.objectContaining({
          type: 'burst',
          evidence: expect.objectContaining({ seller: DORMANT, current: 30, baseline: 0 }),
        }),
      ],
      [],
    ]);
  });
});
