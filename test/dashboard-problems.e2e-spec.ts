import type { Page } from 'playwright-core';
import { startAuditDashboard, type AuditDashboard } from './support/audit-dashboard';
import { launchFreshChromium, type FreshChromium } from './support/chromium';

const MISSING = '26999999999999999999';

/** What the official reads when something goes wrong, in the language the dashboard is in. */
const TEXT = {
  'zh-CN': {
    badToken: '令牌无效或已被吊销，请核对后重新粘贴。',
    notFound: `没有号码为 ${MISSING} 的发票或红字发票。`,
    offline: '无法连接稽核服务，请检查网络后重试。',
  },
  en: {
    badToken: 'This token is not valid or has been revoked: check it and paste it again.',
    notFound: `No invoice or credit note has the number ${MISSING}.`,
    offline: 'The audit service cannot be reached: check the connection and try again.',
  },
} as const;

/** A refused token, a number that names nothing and a dead connection, each said in words. */
describe('audit dashboard: problems in the official’s language', () => {
  let dashboard: AuditDashboard;
  let browser: FreshChromium;
  let page: Page;

  beforeAll(async () => {
    dashboard = await startAuditDashboard();
    browser = await launchFreshChromium({ width: 1366, height: 768 });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  const alert = async () => {
    const shown = page.locator('#app [role=alert]:visible');
    await shown.waitFor();
    return (await shown.textContent()) ?? '';
  };

  describe.each(['zh-CN', 'en'] as const)('in %s', (lang) => {
    const words = TEXT[lang];

    beforeAll(async () => {
      await page.goto(`${dashboard.url}/`);
      await page.evaluate(
        `sessionStorage.clear(); localStorage.setItem('taxchain.language', '${lang}')`,
      );
      await page.reload();
    });

    it('refuses a wrong token in words, not the server’s English', async () => {
      await page.fill('#token', 'tc_o_not-a-real-token');
      await page.click('button[type=submit]');
      expect(await alert()).toBe(words.badToken);
      await page.fill('#token', dashboard.official);
      await page.click('button[type=submit]');
      await page.waitForSelector('#chain-health');
    });

    it('says that no invoice has a number that names nothing', async () => {
      await page.goto(`${dashboard.url}/#/invoice/${MISSING}`);
      expect(await alert()).toBe(words.notFound);
    });

    it('says the service cannot be reached when the connection fails', async () => {
      await page.route('**/invoices?**', (route) => route.abort('connectionrefused'));
      await page.goto(`${dashboard.url}/#/invoices`);
      expect(await alert()).toBe(words.offline);
      await page.unrouteAll();
    });
  });
});
