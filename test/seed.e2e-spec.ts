import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ChainVerifier,
  KeyDirectory,
  AuthorityKeys,
  generateSecretKey,
  nativeEd25519,
  toHex,
} from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@taxchain/platform/testing';
import { issuingService } from '../apps/issuing/src/issuing.service-definition';
import { reimbursementService } from '../apps/reimbursement/src/reimbursement.service-definition';
import { auditService } from '../apps/audit/src/audit.service-definition';
import { seed } from '../scripts/seed';

const INVOICES = 150;

/** `npm run seed`: demo activity through the real APIs, leaving a ledger that verifies end to end. */
describe('demo data seed', () => {
  let database: TestDatabase;
  let apps: INestApplication[];
  let data: DataSource;
  let saveDir: string;

  beforeAll(async () => {
    database = await createTestDatabase([
      ...issuingService.migrations,
      ...reimbursementService.migrations.slice(2),
      ...auditService.migrations.slice(2),
    ]);
    const config = testConfig(database.url, {
      AUTHORITY_KEY: toHex(generateSecretKey()),
      CHECKPOINT_INTERVAL_MS: '200',
      RATE_LIMIT_PER_SECOND: '100000',
      RATE_LIMIT_BURST: '100000',
    });
    apps = [];
    for (const service of [issuingService, reimbursementService, auditService]) {
      const app = await createServiceApp(service, config);
      await app.listen(0, '127.0.0.1');
      await app.startAllMicroservices();
      apps.push(app);
    }
    data = apps[0].get(DataSource);
    saveDir = mkdtempSync(join(tmpdir(), 'taxchain-seed-'));
  });

  afterAll(async () => {
    for (const app of apps ?? []) await app.close();
    await database?.drop();
    rmSync(saveDir, { recursive: true, force: true });
  }, 120_000);

  it('issues, claims, reimburses, voids and credits through the APIs, and every chain verifies', async () => {
    const [issuingUrl, reimbursementUrl] = await Promise.all(
      apps.slice(0, 2).map((app) => app.getUrl()),
    );
    const demo = await seed({
      invoices: INVOICES,
      issuingUrl,
      reimbursementUrl,
      databaseUrl: database.url,
      saveDir,
    });

    // 150 planned, plus a ring of three and a burst of sixty for the anomaly detectors.
    expect(demo.counts.invoices).toBe(INVOICES + 3 + 60);
    const count = async (kind: string) =>
      Number(
        (
          await data.query<Array<{ n: string }>>(
            'SELECT count(*) n FROM ledger.entries WHERE kind = $1',
            [kind],
          )
        )[0].n,
      );
    expect(await count('invoice.issued')).toBe(demo.counts.invoices);
    expect(await count('reimbursement.claimed')).toBe(demo.counts.claims);
    expect(await count('reimbursement.completed')).toBe(demo.counts.completed);
    expect(demo.counts.claims).toBeGreaterThan(0);
    expect(await count('key.registered')).toBe(7);

    const verifier = new ChainVerifier(data, apps[0].get(AuthorityKeys).trusted);
    const keys = await KeyDirectory.load(data, nativeEd25519);
    for (let chain = 0; chain < 4; chain += 1)
      expect(await verifier.verify(chain, { keys })).toMatchObject({ ok: true });

    // The audit service raises what the demo plants, and nothing else: one ring, one burst and
    // one anomaly per refused repeat claim. The 90 days of history, recorded within a minute or
    // two, are placed on their own dates, so no merchant looks like a burst.
    await waitFor(async () => {
      const [row] = await data.query<Array<{ n: string }>>(
        "SELECT count(*) n FROM audit.invoices WHERE kind = 'invoice'",
      );
      return Number(row.n) === demo.counts.invoices;
    });
    // None when the seed happened to make no refused repeat claim (its claims are random).
    await waitFor(
      async () => ((await anomalies()).repeated_claim_on_reimbursed ?? 0) === demo.counts.refused,
    );
    const refused = demo.counts.refused;
    expect(await anomalies()).toEqual({
      circular_invoicing: 1,
      burst: 1,
      ...(refused > 0 ? { repeated_claim_on_reimbursed: refused } : {}),
    });
    const [burst] = await data.query<Array<{ evidence: { seller: string; current: number } }>>(
      "SELECT evidence FROM audit.anomalies WHERE type = 'burst'",
    );
    const saved = JSON.parse(readFileSync(join(saveDir, 'demo.json'), 'utf8'));
    expect(burst.evidence.seller).toBe(saved.cast.merchants[1].taxId);
    // Raised as the window reaches the fewest invoices flagged (ANOMALY_BURST_MIN_COUNT, 20).
    expect(burst.evidence.current).toBeGreaterThanOrEqual(20);

    expect(saved.official).toMatch(/^tc_o_/);
    expect(Object.keys(saved.merchants)).toHaveLength(7);
  }, 240_000);

  async function anomalies(): Promise<Record<string, number>> {
    const rows = await data.query<Array<{ type: string; n: string }>>(
      'SELECT type, count(*) n FROM audit.anomalies GROUP BY type',
    );
    return Object.fromEntries(rows.map((row) => [row.type, Number(row.n)]));
  }
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error('condition not reached in time');
}
