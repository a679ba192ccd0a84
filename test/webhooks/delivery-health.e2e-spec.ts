import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import type { CompanyDeliveryHealth } from '@taxchain/contracts';
import { GivenAccess } from '@taxchain/platform/testing';
import { buildDashboard } from '../../scripts/build-dashboard';
import { launchFreshChromium, type FreshChromium } from '../support/chromium';
import { pollUntil } from '../faults/support/poll-until';
import { TestReceiver } from './support/test-receiver';
import { WEBHOOK_TEST_SETTINGS, WebhookPlatform } from './support/webhook-platform';

const SHOTS = join(__dirname, '../artifacts/deliveries');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** GET /delivery-health's items: the reimbursement service's counts, named. */
type Health = CompanyDeliveryHealth & { name: string | null };

/**
 * Officials see each buyer company's webhook delivery health on the audit dashboard: the audit
 * service reads the counts from the reimbursement service over HTTP and names the companies.
 * Three companies: one whose receiver acknowledges, one whose receiver fails (retrying), one
 * whose receiver is gone until its endpoint is disabled.
 */
describe('delivery health for officials', () => {
  let platform: WebhookPlatform;
  let official: string;
  const receivers: TestReceiver[] = [];
  const companies = {
    healthy: { name: '上海浦江物流有限公司', taxId: '', token: '' },
    failing: { name: '杭州西湖电子有限公司', taxId: '', token: '' },
    gone: { name: '深圳南山软件有限公司', taxId: '', token: '' },
  };

  beforeAll(async () => {
    platform = await WebhookPlatform.start(
      // Disabled after 8 s of failures: the failing company, enabled again before each look, is
      // seen retrying (retries every second at most).
      { ...WEBHOOK_TEST_SETTINGS, WEBHOOKS_DISABLE_AFTER_MS: '8000' },
      { audit: true },
    );
    official = (await GivenAccess.from(platform.issuing).official()).token;
    for (const company of Object.values(companies))
      Object.assign(company, await platform.company());
  }, 120_000);

  afterAll(async () => {
    for (const receiver of receivers) await receiver.down();
    await platform?.stop();
  });

  let failingEndpoint = '';
  const receiverFor = async (company: { token: string }) => {
    const receiver = await TestReceiver.start();
    receivers.push(receiver);
    const { endpointId } = await platform.register(company.token, receiver.url, ['invoice.issued']);
    if (company === companies.failing) failingEndpoint = endpointId;
    return receiver;
  };
  const audit = () => request(platform.audit!.getHttpServer() as Parameters<typeof request>[0]);
  const health = async () =>
    (
      (await audit().get('/delivery-health').set('Authorization', `Bearer ${official}`).expect(200))
        .body as { items: Health[] }
    ).items;

  /** Enables the failing endpoint again (a fresh 8 s before it is disabled) and waits until it retries. */
  const stillRetrying = async () => {
    await platform
      .as(companies.failing.token)
      .post(`/webhooks/endpoints/${failingEndpoint}/enable`);
    let items: Health[] = [];
    await pollUntil(
      async () => {
        items = await health();
        const failing = items.find((i) => i.companyTaxId === companies.failing.taxId);
        return items.length === 3 && items.every((i) => i.name !== null) && failing?.retrying === 1;
      },
      15_000,
      'the three companies named, the failing one retrying',
    );
    return items;
  };

  it('counts delivered, retrying and disabled per company, with names, the most troubled first', async () => {
    const gone = await receiverFor(companies.gone);
    await gone.down();
    await platform.issue(companies.gone.taxId, companies.gone.name);
    await pollUntil(
      async () => {
        const { body } = await platform.as(companies.gone.token).get('/webhooks/endpoints');
        return (
          (body as { endpoints: Array<{ status: string }> }).endpoints[0]?.status === 'disabled'
        );
      },
      30_000,
      'the gone receiver disabled',
    );

    const healthy = await receiverFor(companies.healthy);
    for (let i = 0; i < 2; i += 1)
      await platform.issue(companies.healthy.taxId, companies.healthy.name);
    await pollUntil(() => Promise.resolve(healthy.delivered.length === 2), 15_000, '2 delivered');

    const failing = await receiverFor(companies.failing);
    failing.mode = 'failing';
    await platform.issue(companies.failing.taxId, companies.failing.name);
    await pollUntil(() => Promise.resolve(failing.received.length > 0), 15_000, 'a failed attempt');

    const items = await stillRetrying();
    const of = (taxId: string) => ({ companyTaxId: taxId, endpoints: 1, queued: 0 });
    expect(items).toEqual([
      {
        ...of(companies.gone.taxId),
        name: companies.gone.name,
        disabledEndpoints: 1,
        delivered: 0,
        retrying: 0,
        disabled: 1,
      },
      {
        ...of(companies.failing.taxId),
        name: companies.failing.name,
        disabledEndpoints: 0,
        delivered: 0,
        retrying: 1,
        disabled: 0,
      },
      {
        ...of(companies.healthy.taxId),
        name: companies.healthy.name,
        disabledEndpoints: 0,
        delivered: 2,
        retrying: 0,
        disabled: 0,
      },
    ]);
  }, 90_000);

  it('is for officials only, in both services', async () => {
    const company = companies.healthy.token;
    await audit().get('/delivery-health').set('Authorization', `Bearer ${company}`).expect(403);
    await platform.as(company).get('/webhooks/health').expect(403);
    await audit().get('/delivery-health').expect(401);
  });

  describe('on the dashboard, in Chromium', () => {
    let browser: FreshChromium;
    let page: Page;
    let url: string;

    beforeAll(async () => {
      await buildDashboard();
      mkdirSync(SHOTS, { recursive: true });
      url = (await platform.audit!.getUrl()).replace('[::1]', '127.0.0.1');
      browser = await launchFreshChromium(DESKTOP);
      page = await browser.context.newPage();
      await page.addInitScript(
        `sessionStorage.setItem('taxchain.officialToken', ${JSON.stringify(official)})`,
      );
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
    });

    const show = async (language: 'zh-CN' | 'en', viewport: typeof DESKTOP) => {
      await stillRetrying();
      await page.setViewportSize(viewport);
      await page.goto(`${url}/#/deliveries`);
      await page.evaluate(`localStorage.setItem('taxchain.language', '${language}')`);
      await page.reload();
      await page.waitForSelector('#chart-deliveries[data-chart="ready"]');
      const size = viewport === PHONE ? 'phone' : 'desktop';
      await page.screenshot({ path: join(SHOTS, `${language}-${size}.png`), fullPage: true });
    };
    const rows = () =>
      page.evaluate<string[][]>(
        "[...document.querySelectorAll('#delivery-health tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))",
      );

    it('shows a bar per company and the counts, in Chinese first', async () => {
      await show('zh-CN', DESKTOP);
      expect(await page.textContent('h1')).toBe('推送健康');
      expect(await page.textContent('#companies-troubled')).toBe('2');
      expect(await page.textContent('#endpoints-disabled')).toBe('1');
      const table = await rows();
      expect(table.map((row) => row[0])).toEqual([
        `${companies.gone.name}${companies.gone.taxId}`,
        `${companies.failing.name}${companies.failing.taxId}`,
        `${companies.healthy.name}${companies.healthy.taxId}`,
      ]);
      expect(table.map((row) => row.slice(1))).toEqual([
        ['0', '0', '0', '1', '1 / 1'],
        ['0', '0', '1', '0', '0 / 1'],
        ['2', '0', '0', '0', '0 / 1'],
      ]);
      const bars = await page.evaluate<string[][]>(
        "document.getElementById('chart-deliveries').chartSpec.labels",
      );
      expect(bars.map((label) => label[0])).toEqual([
        companies.gone.name,
        companies.failing.name,
        companies.healthy.name,
      ]);
    });

    it('reads in English too, and fits a 390 px phone', async () => {
      await show('en', DESKTOP);
      expect(await page.textContent('h1')).toBe('Webhook delivery health');
      expect(await page.textContent('#delivery-health thead')).toContain('Retrying');
      await show('zh-CN', PHONE);
      expect(
        await page.evaluate<number>(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        ),
      ).toBeLessThanOrEqual(0);
      await show('en', PHONE);
    });
  });
});
