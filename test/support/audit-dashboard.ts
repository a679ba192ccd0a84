import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { generateSecretKey, toHex } from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { auditService } from '../../apps/audit/src/audit.service-definition';
import { buildDashboard } from '../../scripts/build-dashboard';
import { launchFreshChromium, type FreshChromium } from './chromium';
import { waitFor } from './wait-for';

/** The audit service serving a freshly built dashboard, on a database of its own. */
export interface AuditDashboard {
  app: INestApplication;
  database: TestDatabase;
  url: string;
  /** An official's token. */
  official: string;
  /** The tax authority's secret key, whose public half an official pins out of band. */
  authorityKey: Uint8Array;
  /** Resolves once a checkpoint covers the entry, so its trail carries a proof. */
  sealed(entry: { chain: number; seq: number }): Promise<void>;
  close(): Promise<void>;
}

export async function startAuditDashboard(
  settings: Record<string, string> = {},
): Promise<AuditDashboard> {
  await buildDashboard();
  const database = await createTestDatabase(auditService.migrations);
  const authorityKey = generateSecretKey();
  const app = await createServiceApp(
    auditService,
    testConfig(database.url, {
      KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
      AUTHORITY_KEY: toHex(authorityKey),
      CHECKPOINT_INTERVAL_MS: '100',
      RATE_LIMIT_PER_SECOND: '100000',
      RATE_LIMIT_BURST: '100000',
      ...settings,
    }),
  );
  await app.listen(0, '127.0.0.1');
  await app.startAllMicroservices();
  const db = app.get(DataSource);
  return {
    app,
    database,
    url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    official: (await GivenAccess.from(app).official()).token,
    authorityKey,
    sealed: (entry) =>
      waitFor(async () => {
        const [row] = await db.query<Array<{ n: string }>>(
          'SELECT count(*) n FROM audit.checkpoints_seen WHERE chain = $1 AND size > $2',
          [entry.chain, entry.seq],
        );
        return Number(row.n) > 0;
      }, 30_000),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** Chromium on the dashboard with its official signed in: the token in the tab, as sign-in leaves it. */
export async function officialInChromium(
  dashboard: AuditDashboard,
  viewport = { width: 1366, height: 768 },
): Promise<{ browser: FreshChromium; page: Page }> {
  const browser = await launchFreshChromium(viewport);
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(`${dashboard.url}/`);
  await page.evaluate(
    `sessionStorage.setItem('taxchain.officialToken', ${JSON.stringify(dashboard.official)})`,
  );
  return { browser, page };
}
