import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LedgerAppender, generateSecretKey, toHex } from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { auditService } from '../apps/audit/src/audit.service-definition';
import { buildDashboard } from '../scripts/build-dashboard';
import { GivenLedgerEvents, taxId, type IssuedInvoice } from './support/given-ledger-events';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(__dirname, 'artifacts/dashboard');

/** The officials' dashboard, in a real browser against a real audit service. */
describe('audit dashboard in Chromium', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let url: string;
  let official: string;
  let browser: BrowserContext;
  let profile: string;
  let page: Page;
  let victim: IssuedInvoice;
  const prefix = `t${randomUUID().slice(0, 8)}.`;

  const shot = (name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const open = async (hash: string) => {
    await page.goto(`${url}/#/${hash}`);
    await page.reload(); // a hash-only change would not reload the page's data
  };

  beforeAll(async () => {
    await buildDashboard();
    mkdirSync(SHOTS, { recursive: true });
    database = await createTestDatabase(auditService.migrations);
    app = await createServiceApp(
      auditService,
      testConfig(database.url, {
        KAFKA_TOPIC_PREFIX: prefix,
        AUTHORITY_KEY: toHex(generateSecretKey()),
        LEDGER_CHAINS: '2',
        CHECKPOINT_INTERVAL_MS: '100',
        RATE_LIMIT_PER_SECOND: '100000',
        RATE_LIMIT_BURST: '100000',
      }),
    );
    await app.listen(0, '127.0.0.1');
    await app.startAllMicroservices();
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    db = app.get(DataSource);
    official = (await GivenAccess.from(app).official()).token;
    const given = new GivenLedgerEvents(app.get(LedgerAppender));
    const sellers = ['Min River Tea Co.', 'Wuyi Oolong Traders', 'Fujian Porcelain Works'];
    const invoices: IssuedInvoice[] = [];
    for (let day = 1; day <= 6; day++)
      for (const [n, sellerName] of sellers.entries())
        if ((day + n) % 2 === 0 || n === 0)
          invoices.push(
            await given.issued({
              sellerName,
              seller: taxId(),
              buyerName: `Buyer ${n + 1} Ltd.`,
              issueDate: `2026-11-${String(10 + day).padStart(2, '0')}`,
            }),
          );
    victim = await given.issued({ sellerName: 'Jade Harbour Imports', seller: taxId() });
    invoices.push(victim);
    await waitFor(async () => {
      const [row] = await db.query<Array<{ n: string }>>(
        'SELECT count(*) n FROM audit.invoices WHERE invoice_number = ANY($1)',
        [invoices.map((i) => i.invoiceNumber)],
      );
      return Number(row.n) === invoices.length;
    });
    // Sealed by a checkpoint, so the trail carries a proof to check in the browser.
    await waitFor(async () => {
      const [row] = await db.query<Array<{ n: string }>>(
        'SELECT count(*) n FROM audit.checkpoints_seen WHERE chain = $1 AND size > $2',
        [victim.entry.chain, victim.entry.seq],
      );
      return Number(row.n) > 0;
    });
    profile = mkdtempSync(join(tmpdir(), 'taxchain-chromium-'));
    // A fresh user-data-dir per run: no cache, cookies or storage from earlier runs.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await app?.close();
    await database?.drop();
  });

  it('serves the dashboard at / while the API and /docs keep working', async () => {
    const index = await fetch(`${url}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<script src="app.js">');
    expect((await fetch(`${url}/invoices`)).status).toBe(401);
    expect((await fetch(`${url}/authority`)).status).toBe(200);
    expect((await fetch(`${url}/docs`)).status).toBeLessThan(400);
  });

  it('refuses a wrong token with the problem detail, then signs an official in', async () => {
    await page.goto(`${url}/`);
    await page.waitForSelector('#token');
    await page.fill('#token', 'tc_o_not-a-real-token');
    await page.click('button[type=submit]');
    const error = page.locator('.login .error');
    await error.waitFor({ state: 'visible' });
    expect((await error.textContent())?.length).toBeGreaterThan(0);
    await shot('login-refused');
    await page.fill('#token', official);
    await page.click('button[type=submit]');
    await page.waitForSelector('#chain-health');
    expect(await page.evaluate("sessionStorage.getItem('taxchain.officialToken')")).toBe(official);
  });

  it('draws the overview charts and a green chain-health badge', async () => {
    await page.waitForSelector('canvas[data-chart="ready"]');
    await page.waitForFunction(
      `document.querySelectorAll('canvas[data-chart="ready"]').length === 4`,
    );
    const canvases = await page.evaluate<Array<{ width: number; height: number; labels: number }>>(
      `[...document.querySelectorAll('canvas')].map((c) => ({
        width: c.width, height: c.height, labels: c.chartSpec ? c.chartSpec.labels.length : 0,
      }))`,
    );
    expect(canvases).toHaveLength(4);
    for (const canvas of canvases) {
      expect(canvas.width).toBeGreaterThan(0);
      expect(canvas.height).toBeGreaterThan(0);
      expect(canvas.labels).toBeGreaterThan(0);
    }
    // Some pixels were actually painted.
    const painted = await page.evaluate<boolean>(
      `(() => { const c = document.getElementById('chart-count');
        return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0); })()`,
    );
    expect(painted).toBe(true);
    expect(await page.getAttribute('#chain-health .badge', 'data-state')).toBe('healthy');
    expect(await page.textContent('#last-checkpoint')).toMatch(
      /^(Last verified checkpoints cover [\d,]+ entries|No checkpoint verified yet)/,
    );
    await shot('overview');
  });

  it('searches an invoice and verifies its trail in the browser', async () => {
    await page.click('nav a[href="#/invoices"]');
    await page.waitForSelector('#invoice-search');
    await page.fill('input[name=name]', 'Jade Harbour');
    await page.click('#invoice-search button[type=submit]');
    const link = page.locator(`a[href="#/invoice/${victim.invoiceNumber}"]`);
    await link.waitFor();
    await shot('invoices');
    await link.click();
    await page.waitForSelector('#verdict');
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('verified');
    expect(await page.textContent('#verdict')).toContain('Verified in your browser ✓');
    expect(await page.locator('#trail li').count()).toBeGreaterThan(0);
    await shot('invoice');
  });

  it('turns the verdict red when the trail answer is forged on its way (gross ×10)', async () => {
    const trail = `**/invoices/${victim.invoiceNumber}/trail`;
    // The altered amount, in the listed entry and in its proof bundle alike; every hash left alone.
    await page.route(trail, async (route) => {
      const answer = await route.fetch();
      const body = (await answer.text()).replace(
        /\\"gross\\":\\"(\d+)\\"/g,
        '\\"gross\\":\\"$10\\"',
      );
      await route.fulfill({ response: answer, body });
    });
    try {
      await open(`invoice/${victim.invoiceNumber}`);
      await page.waitForSelector('#verdict');
      expect(await page.textContent('#trail pre')).toContain(
        `"gross": "${victim.document.totals.gross}0"`,
      );
      expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('failed');
      expect(await page.textContent('#verdict')).toContain('payload-mismatch');
      await shot('invoice-forged-payload');
    } finally {
      await page.unroute(trail);
    }
  });

  it('runs a full verification and follows it to the end', async () => {
    await page.click('nav a[href="#/verification"]');
    await page.click('#start-verification');
    await page.waitForFunction(
      `document.querySelector('#run-state')?.textContent === 'done'`,
      undefined,
      { timeout: 30_000 },
    );
    expect(await page.textContent('#verification-run')).toContain('chain intact');
    await shot('verification');
  });

  it('turns red and shows an anomaly when a ledger row is rewritten', async () => {
    const superuser = new Client({ connectionString: database.url });
    await superuser.connect();
    await superuser.query('SET session_replication_role = replica'); // triggers off
    await superuser.query(
      'UPDATE ledger.entries SET entry_hash = sha256(entry_hash) WHERE chain = $1 AND seq = $2',
      [victim.entry.chain, victim.entry.seq],
    );
    await superuser.end();
    // The audit tail sweeps sealed history every couple of seconds. Red for the break itself,
    // not for a health check that a loaded machine answered late.
    await waitFor(async () => {
      await open('overview');
      await page.waitForSelector('#chain-health .badge');
      return /chain \d+ broken|chain-break anomal/.test(
        (await page.textContent('#chain-health')) ?? '',
      );
    }, 20_000);
    expect(await page.getAttribute('#chain-health .badge', 'data-state')).toBe('broken');
    // The anomaly is stored before the chain shows broken, but the page asked for the open
    // anomalies alongside /health: a fresh page counts it.
    await open('overview');
    expect(await page.textContent('#open-anomalies')).not.toBe('0');
    await shot('overview-broken');

    await open('anomalies');
    const row = page.locator('#anomalies tr[data-type="chain_break"] a').first();
    await row.waitFor();
    await shot('anomalies');
    await row.click();
    await page.waitForSelector('#evidence');
    expect(await page.textContent('#evidence')).toContain(`"seq": ${victim.entry.seq}`);
    await shot('anomaly');
    await page.click('#acknowledge');
    await page.waitForFunction(
      `document.querySelector('#anomaly-status')?.textContent === 'acknowledged'`,
    );

    await open(`invoice/${victim.invoiceNumber}`);
    await page.waitForSelector('#verdict');
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('failed');
    await shot('invoice-tampered');
  }, 60_000);

  it('fits a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await open('overview');
    await page.waitForSelector('canvas[data-chart="ready"]');
    // Acknowledged is not resolved: the badge stays red until the break is dismissed.
    expect(await page.getAttribute('#chain-health .badge', 'data-state')).toBe('broken');
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('overview-phone');
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error('condition not reached in time');
}
