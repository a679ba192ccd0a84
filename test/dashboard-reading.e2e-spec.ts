import { DataSource } from 'typeorm';
import type { Page } from 'playwright-core';
import { LedgerAppender } from '@taxchain/ledger';
import {
  officialInChromium,
  startAuditDashboard,
  type AuditDashboard,
} from './support/audit-dashboard';
import type { FreshChromium } from './support/chromium';
import { GivenLedgerEvents, taxId, type IssuedInvoice } from './support/given-ledger-events';
import { waitFor } from './support/wait-for';

const BUYER = '广州天河物流有限公司';

/** The evidence table in words: each field named, the company by name, the reason said. */
const EVIDENCE = {
  'zh-CN': { actor: '操作方', reason: '原因', because: '发票已报销' },
  en: { actor: 'Actor', reason: 'Reason', because: 'Invoice already reimbursed' },
} as const;

/** What an official reads: search results and an anomaly's evidence, whole and in words. */
describe('audit dashboard as an official reads it', () => {
  let dashboard: AuditDashboard;
  let browser: FreshChromium;
  let page: Page;
  let voided: IssuedInvoice;
  let reimbursed: IssuedInvoice;
  let anomalyId: string;

  beforeAll(async () => {
    dashboard = await startAuditDashboard();
    const given = new GivenLedgerEvents(dashboard.app.get(LedgerAppender));
    voided = await given.issued({
      seller: taxId('440305'),
      sellerName: 'Shenzhen Nanshan Electronics Co., Ltd.',
      buyerName: 'Xiamen Siming Travel Co., Ltd.',
      issueDate: '2026-11-25',
    });
    await given.voided(voided);
    reimbursed = await given.issued({ buyer: taxId('440106'), buyerName: BUYER });
    await given.reimbursement('claimed', reimbursed);
    await given.reimbursement('completed', reimbursed);
    await given.reimbursement('refused', reimbursed, { reason: 'already-reimbursed' });
    const db = dashboard.app.get(DataSource);
    await waitFor(async () => {
      const [row] = await db.query<Array<{ id: string }>>(
        `SELECT a.id FROM audit.anomalies a, audit.invoices i
          WHERE a.type = 'repeated_claim_on_reimbursed'
            AND i.invoice_number = $1 AND i.status = 'voided'`,
        [voided.invoiceNumber],
      );
      anomalyId = row?.id;
      return row !== undefined;
    }, 30_000);
    ({ browser, page } = await officialInChromium(dashboard));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  const open = async (lang: string, hash: string, width = 1366) => {
    await page.setViewportSize({ width, height: 844 });
    await page.evaluate(`localStorage.setItem('taxchain.language', '${lang}')`);
    await page.goto(`${dashboard.url}/#/${hash}`);
    await page.reload();
  };

  /** How many lines the text of each result's cell (`td:nth-child(n) …`) takes on screen. */
  const lines = (cell: string) =>
    page.evaluate<number[]>(
      `[...document.querySelectorAll('#invoice-results tbody ${cell}')].map((element) => {
        const range = document.createRange();
        range.selectNodeContents(element.firstChild);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      })`,
    );

  // An invoice number, a date and a status are read whole: on a narrow screen the results
  // table scrolls sideways rather than break them across lines.
  it.each([
    ['zh-CN', 800],
    ['zh-CN', 390],
    ['en', 390],
  ] as const)(
    'keeps number, date and status on one line each in %s at %i px',
    async (lang, width) => {
      await open(lang, `invoices?seller=${voided.document.seller.taxId}`, width);
      await page.waitForSelector('#invoice-results');
      expect(await page.textContent('#invoice-results')).toContain(voided.invoiceNumber);
      expect(await lines('td:nth-child(1) a')).toEqual([1]);
      expect(await lines('td:nth-child(7) > span')).toEqual([1]);
      if (width > 600) expect(await lines('td:nth-child(4)')).toEqual([1]);
      // Nothing sticks out of the page: the table scrolls within its card.
      expect(
        await page.evaluate<number>(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        ),
      ).toBeLessThanOrEqual(0);
    },
  );

  it.each(['zh-CN', 'en'] as const)(
    'names every evidence field and value of a repeated claim in %s',
    async (lang) => {
      const words = EVIDENCE[lang];
      await open(lang, `anomaly/${anomalyId}`);
      await page.waitForSelector('#evidence-fields');
      const rows = await page.evaluate<string[][]>(
        `[...document.querySelectorAll('#evidence-fields tbody tr')].map((tr) =>
          [...tr.querySelectorAll('td')].map((td) => td.innerText.trim()))`,
      );
      expect(rows).toEqual([
        [words.actor, `${BUYER}\n${reimbursed.document.buyer.taxId}`],
        [words.reason, words.because],
      ]);
    },
  );

  it('shows the served keys whole on a phone: fingerprint and public key side by side', async () => {
    await open('zh-CN', 'trust', 390);
    await page.waitForSelector('table.keys tbody td');
    const cells = await page.evaluate<Array<{ right: number; height: number }>>(
      `[...document.querySelectorAll('table.keys tbody td')].map((td) => {
        const box = td.getBoundingClientRect();
        return { right: box.right, height: box.height };
      })`,
    );
    for (const cell of cells) {
      expect(cell.right).toBeLessThanOrEqual(390);
      // The 64 hex characters of a key in a few lines, not one character a line.
      expect(cell.height).toBeLessThan(200);
    }
  });
});
