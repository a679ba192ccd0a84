import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { LedgerAppender, nobleEd25519, toHex } from '@taxchain/ledger';
import { startAuditDashboard, type AuditDashboard } from './support/audit-dashboard';
import { launchFreshChromium, pageProblems, type FreshChromium } from './support/chromium';
import {
  GivenLedgerEvents,
  TWO_RATES,
  taxId,
  type IssuedInvoice,
} from './support/given-ledger-events';

const SHOTS = join(__dirname, 'artifacts/dashboard');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** What each language must show: the dashboard is Chinese first, English one click away. */
const TEXT = {
  'zh-CN': {
    overview: '概览',
    invoices: '发票查询',
    anomalies: '异常',
    verification: '全量验证',
    ring: '循环开票',
    burst: '短时集中开票',
    verified: '已在您的浏览器中验证 ✓',
    done: '已完成',
    intact: '账本完好',
    document: '电子发票',
    buyer: '购买方信息',
  },
  en: {
    overview: 'Overview',
    invoices: 'Invoices',
    anomalies: 'Anomalies',
    verification: 'Verification',
    ring: 'Circular invoicing',
    burst: 'Invoicing burst',
    verified: 'Verified in your browser ✓',
    done: 'done',
    intact: 'chain intact',
    document: 'Electronic invoice',
    buyer: 'Buyer',
  },
} as const;
type Language = keyof typeof TEXT;

/** The officials' dashboard, in a real browser against a real audit service. */
describe('audit dashboard in Chromium', () => {
  let dashboard: AuditDashboard;
  let db: DataSource;
  let url: string;
  let official: string;
  let browser: FreshChromium;
  let page: Page;
  let victim: IssuedInvoice;
  let credited: IssuedInvoice;
  let creditNoteNumber: string;
  /** Invoices issued and not voided (the credited one included, its credit note not). */
  let invoiceCount: number;
  const ringNames = ['苏州甲贸易有限公司', '苏州乙贸易有限公司', '苏州丙贸易有限公司'];
  const ring = [taxId('320500'), taxId('320500'), taxId('320500')];
  const burstSeller = taxId('440305');
  const burstName = '深圳南山电子有限公司';
  /** Console errors, page errors and failed requests since the last check. */
  let problems: string[];

  const shot = (name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const open = async (hash: string) => {
    await page.goto(`${url}/#/${hash}`);
    await page.reload(); // a hash-only change would not reload the page's data
  };
  const text = async (selector: string) => (await page.textContent(selector)) ?? '';
  /** At 390 px nothing may stick out sideways. */
  const fitsWidth = async () =>
    expect(
      await page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      ),
    ).toBeLessThanOrEqual(0);
  /** Whether anything is painted in a chart's two leftmost columns: text running off its edge. */
  const inkAtLeftEdge = (id: string) =>
    page.evaluate<boolean>(
      `(() => { const c = document.getElementById('${id}');
        return c.getContext('2d').getImageData(0, 0, 2, c.height).data.some((v, i) => i % 4 === 3 && v > 0); })()`,
    );

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dashboard = await startAuditDashboard({ LEDGER_CHAINS: '2' });
    ({ url, official } = dashboard);
    db = dashboard.app.get(DataSource);
    const given = new GivenLedgerEvents(dashboard.app.get(LedgerAppender));
    // One name longer than a phone's ranking has room for, as English names of companies are.
    const sellers = [
      '闽江茶业有限公司',
      'Wuyi Mountain Oolong Tea Import and Export Trading Co., Ltd.',
      '福建德化陶瓷厂',
    ];
    const invoices: IssuedInvoice[] = [];
    for (let day = 1; day <= 6; day++)
      for (const [n, sellerName] of sellers.entries())
        if ((day + n) % 2 === 0 || n === 0)
          invoices.push(
            await given.issued({
              sellerName,
              seller: taxId(),
              buyerName: n === 1 ? `Buyer ${n + 1} Ltd.` : '上海浦东工具有限公司',
              issueDate: `2026-11-${String(10 + day).padStart(2, '0')}`,
            }),
          );
    victim = await given.issued({ sellerName: '玉港进口贸易有限公司', seller: taxId() });
    invoices.push(victim);
    // A credit note (红字) taking back the invoice's one line.
    credited = await given.issued({ sellerName: '厦门思明旅行社', seller: taxId('350203') });
    const credit = await given.credited(credited, credited.document.lines, '0');
    creditNoteNumber = (JSON.parse(credit.payload) as { creditNoteNumber: string })
      .creditNoteNumber;
    invoices.push(credited);
    // A ring of three and a burst of 25 invoices today, for the anomaly pages.
    for (const [i, seller] of ring.entries())
      invoices.push(
        await given.issued({
          seller,
          sellerName: ringNames[i],
          buyer: ring[(i + 1) % 3],
          buyerName: ringNames[(i + 1) % 3],
        }),
      );
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    invoices.push(
      ...(await Promise.all(
        Array.from({ length: 25 }, () =>
          given.issued({ seller: burstSeller, sellerName: burstName, issueDate: today }),
        ),
      )),
    );
    // Lines at two rates: still one invoice in the overview's count.
    invoices.push(
      await given.issued({ sellerName: '福州茶具贸易有限公司', seller: taxId(), lines: TWO_RATES }),
    );
    invoiceCount = invoices.length;
    const repeated = invoices[0];
    await given.reimbursement('claimed', repeated);
    await given.reimbursement('completed', repeated);
    await given.reimbursement('refused', repeated, { reason: 'already-reimbursed' });
    await waitFor(async () => {
      const [row] = await db.query<Array<{ n: string }>>(
        `SELECT (SELECT count(*) FROM audit.invoices WHERE invoice_number = ANY($1) OR invoice_number = $2)
              + (SELECT count(DISTINCT type) FROM audit.anomalies
                  WHERE type IN ('circular_invoicing', 'burst', 'repeated_claim_on_reimbursed')) AS n`,
        [invoices.map((i) => i.invoiceNumber), creditNoteNumber],
      );
      return Number(row.n) === invoices.length + 1 + 3;
    }, 60_000);
    // Sealed by a checkpoint, so the trail carries a proof to check in the browser.
    await dashboard.sealed(victim.entry);
    browser = await launchFreshChromium(DESKTOP);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    problems = pageProblems(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  it('serves the dashboard at / with its favicon, while the API and /docs keep working', async () => {
    const index = await fetch(`${url}/`);
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<script src="app.js">');
    expect((await fetch(`${url}/favicon.svg`)).status).toBe(200);
    expect((await fetch(`${url}/invoices`)).status).toBe(401);
    expect((await fetch(`${url}/authority`)).status).toBe(200);
    expect((await fetch(`${url}/docs`)).status).toBeLessThan(400);
  });

  it('hides the navigation before sign-in, refuses a wrong token, then signs an official in', async () => {
    await page.goto(`${url}/`);
    await page.waitForSelector('#token');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.isVisible('#nav')).toBe(false);
    expect(await page.isVisible('#logout')).toBe(false);
    expect(await text('.login h1')).toBe('登录');
    expect(problems).toEqual([]);
    await shot('zh-CN-desktop-login');
    await page.fill('#token', 'tc_o_not-a-real-token');
    await page.click('button[type=submit]');
    const error = page.locator('.login .error');
    await error.waitFor({ state: 'visible' });
    expect((await error.textContent())?.length).toBeGreaterThan(0);
    problems.splice(0); // the refused token's 401 is the point of this step
    await page.fill('#token', official);
    await page.click('button[type=submit]');
    await page.waitForSelector('#chain-health');
    expect(await page.isVisible('#nav')).toBe(true);
    expect(await page.evaluate("sessionStorage.getItem('taxchain.officialToken')")).toBe(official);
  });

  it("pins the authority's public key, as the runbook prints it, on the keys page", async () => {
    await page.click('nav a[href="#/trust"]');
    await page.waitForSelector('#pin-form');
    await page.fill('#pin-keys', toHex(nobleEd25519.publicKeyOf(dashboard.authorityKey)));
    await page.click('#pin-save');
    await page.waitForSelector('#unpin');
    expect(await page.isVisible('#trust-warning')).toBe(false);
    await page.click('nav a[href="#/overview"]');
    await page.waitForSelector('#chain-health');
  });

  it('switches to English in one click and remembers it, then back to Chinese', async () => {
    await page.click('#language');
    await page.waitForFunction(`document.documentElement.lang === 'en'`);
    await page.waitForFunction(`document.querySelector('h1')?.textContent === 'Overview'`);
    await page.reload();
    await page.waitForSelector('#chain-health');
    expect(await text('h1')).toBe('Overview');
    expect(await text('nav a[href="#/anomalies"]')).toBe('Anomalies');
    await page.click('#language');
    await page.waitForFunction(`document.querySelector('h1')?.textContent === '概览'`);
    expect(await page.evaluate("localStorage.getItem('taxchain.language')")).toBe('zh-CN');
  });

  describe.each([
    ['zh-CN', 'desktop'],
    ['en', 'desktop'],
    ['zh-CN', 'phone'],
    ['en', 'phone'],
  ] as const)('in %s on a %s', (lang: Language, size) => {
    const words = TEXT[lang];
    const name = (page: string) => `${lang}-${size}-${page}`;

    beforeAll(async () => {
      await page.setViewportSize(size === 'phone' ? PHONE : DESKTOP);
      await page.evaluate(`localStorage.setItem('taxchain.language', '${lang}')`);
      problems.splice(0);
    });

    afterEach(() => {
      const seen = problems.splice(0);
      expect(seen).toEqual([]);
    });

    it('shows the overview: totals in yuan, companies by name and tax ID', async () => {
      await open('overview');
      await page.waitForFunction(
        `document.querySelectorAll('canvas[data-chart="ready"]').length === 4`,
      );
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await text('h1')).toBe(words.overview);
      expect(await text('#tax-collected')).toMatch(/^¥[\d,]+\.\d{2}$/);
      expect(await text('#invoice-count')).toBe(String(invoiceCount));
      const sellers = await page.evaluate<Array<string | string[]>>(
        `document.getElementById('chart-sellers').chartSpec.labels`,
      );
      expect(sellers).toContainEqual([burstName, burstSeller]);
      const painted = await page.evaluate<boolean>(
        `(() => { const c = document.getElementById('chart-count');
          return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0); })()`,
      );
      expect(painted).toBe(true);
      expect(await page.getAttribute('#chain-health .badge', 'data-state')).toBe('healthy');
      if (size === 'phone') {
        await fitsWidth();
        const heights = await page.evaluate<number[]>(
          `[...document.querySelectorAll('nav a, #logout, #language')].map((el) => el.getBoundingClientRect().height)`,
        );
        // Six pages (overview, invoices, anomalies, verification, webhooks, keys), sign-out, language.
        expect(heights).toHaveLength(8);
        for (const height of heights) expect(height).toBeGreaterThanOrEqual(44);
        // The long name ends in "…" beside its bar, not cut off at the canvas's left edge.
        for (const ranking of ['chart-sellers', 'chart-buyers'])
          expect(await inkAtLeftEdge(ranking)).toBe(false);
      }
      await shot(name('overview'));
    });

    it('searches invoices by name and shows a credit note as 红字 with negative amounts', async () => {
      await open('invoices');
      await page.waitForSelector('#invoice-search');
      expect(await text('h1')).toBe(words.invoices);
      await page.fill('input[name=name]', '厦门思明');
      await page.fill('input[name=maxGross]', '10,000');
      await page.click('#invoice-search button[type=submit]');
      const note = page.locator(`#invoice-results [data-kind="credit-note"]`);
      await note.waitFor();
      expect(await note.textContent()).toContain('红字');
      const rows = await page.locator('#invoice-results tbody tr').allTextContents();
      expect(rows.find((r) => r.includes(creditNoteNumber))).toMatch(/-¥113\.00/);
      expect(rows.find((r) => r.includes(credited.invoiceNumber))).toMatch(/¥113\.00/);
      expect(rows.join()).toContain(credited.document.seller.taxId);
      // The amount filter is in yuan: ¥10,000 is 1,000,000 fen in the link.
      expect(page.url()).toContain('maxGross=1000000');
      if (size === 'phone') await fitsWidth();
      await shot(name('invoices'));
      await page.click(`a[href="#/invoice/${creditNoteNumber}"]`);
      await page.waitForSelector('#invoice-document[data-kind="credit-note"]');
      expect(await text('#invoice-document')).toContain('红字');
      expect(await text('#invoice-gross')).toBe('-¥113.00');
      expect(await text('#credited-invoice')).toBe(credited.invoiceNumber);
      await page.waitForSelector('#verdict');
      if (size === 'phone') await fitsWidth();
      await shot(name('credit-note'));
      await page.click('#credited-invoice');
      await page.waitForSelector('#invoice-document[data-kind="invoice"]');
      expect(await text('#credit-notes')).toContain(creditNoteNumber);
    });

    it('finds an invoice by number and shows it as a document above its verified trail', async () => {
      await open('invoices');
      await page.fill('#invoice-number', victim.invoiceNumber);
      await page.click('#number-search button[type=submit]');
      await page.waitForSelector('#invoice-document');
      await page.waitForSelector('#verdict');
      const document = await text('#invoice-document');
      expect(document).toContain(words.document);
      expect(document).toContain(words.buyer);
      expect(document).toContain('玉港进口贸易有限公司');
      expect(document).toContain(victim.document.seller.taxId);
      expect(document).toContain(victim.document.buyer.name);
      expect(document).toContain(victim.document.lines[0].description);
      expect(await text('#invoice-gross')).toBe('¥113.00');
      expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('verified');
      expect(await text('#verdict')).toContain(words.verified);
      expect(await page.locator('#trail li').count()).toBeGreaterThan(0);
      if (size === 'phone') await fitsWidth();
      await shot(name('invoice'));
    });

    it('filters anomalies with counts, draws the ring as a graph and links each invoice', async () => {
      await open('anomalies');
      await page.waitForSelector('#anomaly-filters');
      expect(await text('h1')).toBe(words.anomalies);
      const ringChip = page.locator('.chip[data-facet="type"][data-value="circular_invoicing"]');
      expect(await ringChip.textContent()).toBe(`${words.ring}1`);
      if (size === 'phone') {
        await fitsWidth();
        // The only way into an anomaly is on screen, and big enough to tap.
        const link = await page.locator('#anomalies a').first().boundingBox();
        expect(link!.x).toBeGreaterThanOrEqual(0);
        expect(link!.x + link!.width).toBeLessThanOrEqual(PHONE.width);
        expect(link!.height).toBeGreaterThanOrEqual(44);
      }
      await shot(name('anomalies'));
      await ringChip.click();
      await page.waitForFunction(`location.hash.includes('type=circular_invoicing')`);
      await page.waitForSelector('#anomalies li[data-type="circular_invoicing"]');
      expect(await page.locator('#anomalies li').count()).toBe(1);
      await page.click('#anomalies li a');
      await page.waitForSelector('#ring-graph[data-graph="ready"]');
      expect(await page.getAttribute('#ring-graph', 'data-nodes')).toBe('3');
      expect(await page.getAttribute('#ring-graph', 'data-edges')).toBe('3');
      for (const company of ringNames) expect(await text('#anomaly-summary')).toContain(company);
      expect(await page.locator('#ring-invoices a').count()).toBe(3);
      expect(await text('#evidence-fields')).toContain(ring[0]);
      expect(await page.isVisible('#evidence')).toBe(false); // raw JSON folded away
      if (size === 'phone') await fitsWidth();
      await shot(name('anomaly-ring'));
      await page.locator('#ring-invoices a').first().click();
      await page.waitForSelector('#invoice-document');
      expect(ringNames).toContain((await text('#seller')).match(/苏州.贸易有限公司/)?.[0]);
    });

    it('draws a burst against its baseline', async () => {
      await open('anomalies?type=burst&status=open');
      await page.waitForSelector('#anomalies li[data-type="burst"]');
      expect(await text('#anomalies')).toContain(burstName);
      await page.click('#anomalies li[data-type="burst"] a');
      await page.waitForSelector('#burst-chart[data-chart="ready"]');
      const series = await page.evaluate<Array<{ label: string; values: number[] }>>(
        `document.getElementById('burst-chart').chartSpec.series`,
      );
      expect(series).toHaveLength(2);
      // All 25 invoices of the burst, far above a baseline of none
      expect(series[0].values.reduce((a, b) => a + b, 0)).toBe(25);
      expect(Math.max(...series[1].values)).toBe(0);
      expect(await text('h1')).toBe(words.burst);
      if (size === 'phone') await fitsWidth();
      await shot(name('anomaly-burst'));
    });

    it('runs a full verification and shows its result as a table', async () => {
      await open('verification');
      expect(await text('h1')).toBe(words.verification);
      // The page first shows the last run (the desktop pass left one done): wait for this run's end.
      const runId = `(document.querySelector('#verification-run h2 code')?.textContent ?? '')`;
      const previous = await page.evaluate<string>(runId);
      await page.click('#start-verification');
      await page.waitForFunction(
        `${runId} !== ${JSON.stringify(previous)} && document.querySelector('#run-state')?.dataset.state === 'done'`,
        undefined,
        { timeout: 30_000 },
      );
      expect(await text('#run-state')).toBe(words.done);
      expect(await text('#verification-result')).toContain(words.intact);
      if (size === 'phone') await fitsWidth();
      await shot(name('verification'));
    });
  });

  it('turns the verdict red when the trail answer is forged on its way (gross ×10)', async () => {
    await page.setViewportSize(DESKTOP);
    await page.evaluate(`localStorage.setItem('taxchain.language', 'en')`);
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
      await shot('en-desktop-invoice-forged-payload');
    } finally {
      await page.unroute(trail);
    }
  });

  it('turns red and shows an anomaly when a ledger row is rewritten', async () => {
    await page.setViewportSize(DESKTOP);
    await page.evaluate(`localStorage.setItem('taxchain.language', 'zh-CN')`);
    const superuser = new Client({ connectionString: dashboard.database.url });
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
      return /第 \d+ 条链已损坏|断链异常/.test(await text('#chain-health'));
    }, 20_000);
    expect(await page.getAttribute('#chain-health .badge', 'data-state')).toBe('broken');
    await open('overview');
    expect(await text('#open-anomalies')).not.toBe('0');
    await shot('zh-CN-desktop-overview-broken');

    await open('anomalies?type=chain_break&status=open');
    const row = page.locator('#anomalies li[data-type="chain_break"] a').first();
    await row.waitFor();
    await row.click();
    await page.waitForSelector('#evidence-card');
    expect(await text('#evidence-card')).toContain(String(victim.entry.seq));
    expect(await page.textContent('#evidence')).toContain(`"seq": ${victim.entry.seq}`);
    await shot('zh-CN-desktop-anomaly-chain-break');
    await page.click('#acknowledge');
    await page.waitForSelector('#anomaly-status[data-status="acknowledged"]');

    await open(`invoice/${victim.invoiceNumber}`);
    await page.waitForSelector('#verdict');
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('failed');
    await shot('zh-CN-desktop-invoice-tampered');
    expect(await text('#verdict')).toContain(
      `Ledger entry ${victim.entry.seq} of chain ${victim.entry.chain}`,
    );
    // The rewritten row is the point here: the trail's refusal (409, the server will not serve a
    // record that no longer hashes) and the failed proof are not faults of the page.
    const trailRefused = (p: string) => p.startsWith('409 ') && p.includes('/trail');
    const refusalLogged = (p: string) => p.includes('status of 409');
    expect(
      problems.filter((p) => !p.includes('/health') && !trailRefused(p) && !refusalLogged(p)),
    ).toEqual([]);
  }, 60_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error('condition not reached in time');
}
