import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { LedgerAppender, generateSecretKey, keyId, nobleEd25519, toHex } from '@taxchain/ledger';
import { WitnessKey } from '@taxchain/ledger/witness/witness-key';
import { startAuditDashboard, type AuditDashboard } from './support/audit-dashboard';
import { launchFreshChromium, pageProblems, type FreshChromium } from './support/chromium';
import { forgedAuthority, forgedTrail } from './support/forged-trail';
import { ForgingProxy } from './support/forging-proxy';
import { GivenLedgerEvents, type IssuedInvoice } from './support/given-ledger-events';

const SHOTS = join(__dirname, 'artifacts/dashboard');

/** What the official reads in each language. */
const TEXT = {
  'zh-CN': {
    unpinned: '未验证：密钥仅是本服务器的自述（未固定）',
    unpinnedWarning: '密钥未固定',
    verified: '已在您的浏览器中验证 ✓',
    failed: '在您的浏览器中验证失败',
    notAKey: '既不是 64 位小写十六进制公钥，也不是密钥 ID 相符的 vkey。未固定任何内容。',
    witnessAsKey: '是见证方（联署）密钥，不是税务机关密钥',
    quorumRange: '法定联署数须为 1 至 1 的整数。未固定任何内容。',
    quorumAlone: '填写法定联署数时须同时填写见证方 vkey。',
    mismatch: '本服务器的 /authority 与您固定的密钥不一致',
    keyNotPinned: '服务器列出了您未固定的密钥',
    pinNotServed: '不在服务器的列表中',
    policy: '服务器声明的见证方策略（见证方或法定联署数）与您固定的不同。',
  },
  en: {
    unpinned: "Not verified: the keys are only this server's own statement (unpinned)",
    unpinnedWarning: 'Keys not pinned',
    verified: 'Verified in your browser ✓',
    failed: 'Verification FAILED in your browser',
    notAKey:
      'is neither 64 lowercase hex characters nor a vkey whose key ID matches. Nothing was pinned.',
    witnessAsKey: 'is a witness (cosignature) key, not a tax authority key',
    quorumRange: 'The quorum must be a whole number from 1 to 1. Nothing was pinned.',
    quorumAlone: 'A quorum needs witness vkeys.',
    mismatch: "This server's /authority disagrees with your pinned keys",
    keyNotPinned: 'The server lists key',
    pinNotServed: "is missing from the server's list",
    policy:
      'The server states another witness policy (witnesses or quorum) than the one you pinned.',
  },
} as const;

/**
 * The dashboard verifies proofs against the keys the official pinned, never against the
 * server's own /authority: a forging proxy (a process of its own between the browser and the
 * audit service) serves its own key at /authority and proofs re-signed with it.
 */
describe('audit dashboard: proofs checked against the pinned keys', () => {
  let dashboard: AuditDashboard;
  let proxy: ForgingProxy;
  let browser: FreshChromium;
  let page: Page;
  let invoice: IssuedInvoice;
  let genuineTrail: { entries: [] };
  let genuineAuthority: object;
  const forger = generateSecretKey();
  const witness = WitnessKey.create('witness.test/w1', generateSecretKey()).vkey;
  /** Console errors, page errors and failed requests since the last check. */
  let problems: string[];

  const hexOf = (secret: Uint8Array) => toHex(nobleEd25519.publicKeyOf(secret));
  /** A key's fingerprint as the page shows it: its key id in groups of four. */
  const fingerprintOf = (secret: Uint8Array) =>
    keyId(nobleEd25519.publicKeyOf(secret)).replace(/(.{4})(?=.)/g, '$1 ');
  const text = async (selector: string) => (await page.textContent(selector)) ?? '';
  const open = async (origin: string, hash: string) => {
    await page.goto(`${origin}/#/${hash}`);
    await page.reload(); // a hash-only change would not reload the page's data
  };
  const openInvoice = async (origin: string) => {
    await open(origin, `invoice/${invoice.invoiceNumber}`);
    await page.waitForSelector('#verdict');
  };
  /** Signed in, in the language, and with whatever pins this origin kept forgotten. */
  const freshOrigin = async (origin: string, lang: string) => {
    await page.goto(`${origin}/`);
    await page.evaluate(
      `sessionStorage.setItem('taxchain.officialToken', ${JSON.stringify(dashboard.official)});
       localStorage.setItem('taxchain.language', '${lang}');
       localStorage.removeItem('taxchain.pins');`,
    );
  };
  const pinned = () => page.evaluate<string | null>("localStorage.getItem('taxchain.pins')");
  const pinOnKeysPage = async (origin: string, keys: string) => {
    await open(origin, 'trust');
    await page.fill('#pin-keys', keys);
    await page.click('#pin-save');
    await page.waitForSelector('#unpin');
  };

  /** The proxy serves the forger's key as /authority and the invoice's trail forged with it. */
  const forgeAuthorityAndTrail = async () => {
    await proxy.forge({ path: '/authority', body: forgedAuthority(forger) });
    await proxy.forge({
      path: `/invoices/${invoice.invoiceNumber}/trail`,
      body: await forgedTrail(genuineTrail, forger),
    });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dashboard = await startAuditDashboard({ LEDGER_CHAINS: '1' });
    invoice = await new GivenLedgerEvents(dashboard.app.get(LedgerAppender)).issued({
      sellerName: '福州鼓楼茶叶有限公司',
    });
    await dashboard.sealed(invoice.entry);
    const official = { headers: { Authorization: `Bearer ${dashboard.official}` } };
    genuineTrail = (await (
      await fetch(`${dashboard.url}/invoices/${invoice.invoiceNumber}/trail`, official)
    ).json()) as { entries: [] };
    genuineAuthority = (await (await fetch(`${dashboard.url}/authority`)).json()) as object;
    proxy = await ForgingProxy.start(dashboard.url);
    browser = await launchFreshChromium({ width: 1280, height: 900 });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    problems = pageProblems(page);
  }, 120_000);

  afterEach(async () => {
    await proxy.clear();
    const seen = problems.splice(0);
    expect(seen).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.stop();
    await dashboard?.close();
  });

  describe.each(['zh-CN', 'en'] as const)('in %s', (lang) => {
    const words = TEXT[lang];
    const shot = (name: string) =>
      page.screenshot({ path: join(SHOTS, `${lang}-desktop-${name}.png`), fullPage: true });

    it("says, without pins, that the keys are the server's own statement and offers to pin them", async () => {
      await freshOrigin(dashboard.url, lang);
      await openInvoice(dashboard.url);
      expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('unpinned');
      expect(await text('#verdict')).toContain(words.unpinned);
      expect(await text('#verdict')).not.toContain(words.verified);
      expect(await text('#server-fingerprints')).toBe(fingerprintOf(dashboard.authorityKey));
      expect(await page.locator('#trail .badge.ok').count()).toBe(0);
      await shot('invoice-unpinned');
      await page.click('#pin-offer');
      await page.waitForSelector('#pin-form');
      expect(await text('#served')).toContain(fingerprintOf(dashboard.authorityKey));
      expect(await page.getAttribute('#trust-warning', 'data-trust')).toBe('unpinned');
      expect(await page.isVisible('#nothing-pinned')).toBe(true);
      await shot('keys-unpinned');
      await open(dashboard.url, 'overview');
      await page.waitForSelector('#trust-warning[data-trust="unpinned"]');
      expect(await text('#trust-warning')).toContain(words.unpinnedWarning);
    });

    it('refuses bad pins, saying what is wrong, and stores nothing', async () => {
      const authority = hexOf(dashboard.authorityKey);
      const cases: Array<[string, string, string, string]> = [
        [authority.toUpperCase(), '', '', `“${authority.toUpperCase()}”`],
        [`${authority}\n${witness}`, '', '', words.witnessAsKey],
        [authority, witness, '0', words.quorumRange],
        [authority, witness, '2', words.quorumRange],
        [authority, '', '1', words.quorumAlone],
      ];
      await open(dashboard.url, 'trust');
      for (const [keys, witnesses, quorum, message] of cases) {
        await page.fill('#pin-keys', keys);
        await page.fill('#pin-witnesses', witnesses);
        await page.fill('#pin-quorum', quorum);
        await page.click('#pin-save');
        await page.waitForSelector('#pin-error:not([hidden])');
        expect(await text('#pin-error')).toContain(
          lang === 'en' ? message.replace(/[“”]/g, '"') : message,
        );
        expect(await pinned()).toBeNull();
      }
      await page.fill('#pin-keys', authority.slice(1));
      await page.fill('#pin-witnesses', '');
      await page.fill('#pin-quorum', '');
      await page.click('#pin-save');
      await page.waitForFunction(
        `document.getElementById('pin-error').textContent.includes(${JSON.stringify(authority.slice(1))})`,
      );
      expect(await text('#pin-error')).toContain(words.notAKey);
      expect(await pinned()).toBeNull();
      await shot('keys-bad-pin');
    });

    it('pins the keys it compared, then verifies the honest proof with them', async () => {
      await open(dashboard.url, 'trust');
      await page.click('#trust-fill');
      expect(await page.inputValue('#pin-keys')).toBe(hexOf(dashboard.authorityKey));
      await page.click('#pin-save');
      await page.waitForSelector('#unpin');
      expect(JSON.parse((await pinned())!)).toEqual({
        authorityKeys: [hexOf(dashboard.authorityKey)],
        witnesses: [],
        quorum: null,
      });
      expect(await text('#pinned')).toContain(fingerprintOf(dashboard.authorityKey));
      expect(await page.isVisible('#trust-warning')).toBe(false);
      await shot('keys-pinned');
      await openInvoice(dashboard.url);
      expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('verified');
      expect(await text('#verdict')).toContain(words.verified);
      expect(await page.isVisible('#trust-warning')).toBe(false);
    });

    it('shows a forged /authority and proofs re-signed by the forger as unpinned, never verified', async () => {
      await forgeAuthorityAndTrail();
      await freshOrigin(proxy.url, lang);
      await openInvoice(proxy.url);
      expect(await text('#trail pre')).toContain(`"gross": "${invoice.document.totals.gross}0"`);
      expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('unpinned');
      expect(await text('#verdict')).not.toContain(words.verified);
      // The forger's key, whose fingerprint is not the authority's published one.
      expect(await text('#server-fingerprints')).toBe(fingerprintOf(forger));
      await shot('forged-unpinned');
    });

    it('refuses the same forgery under the pins and warns that /authority disagrees with them', async () => {
      await forgeAuthorityAndTrail();
      await freshOrigin(proxy.url, lang);
      await pinOnKeysPage(proxy.url, hexOf(dashboard.authorityKey));
      const warning = await text('#trust-warning');
      expect(warning).toContain(words.mismatch);
      expect(warning).toContain(`${words.keyNotPinned} ${fingerprintOf(forger)}`);
      expect(warning).toContain(words.pinNotServed);
      expect(warning).toContain(fingerprintOf(dashboard.authorityKey));
      await shot('keys-mismatch');
      await openInvoice(proxy.url);
      expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('failed');
      expect(await text('#verdict')).toContain(words.failed);
      expect(await text('#verdict')).toContain('checkpoint-unknown-key');
      expect(await page.getAttribute('#trust-warning', 'data-trust')).toBe('mismatch');
      await shot('forged-pinned');
    });

    it('warns when /authority names a witness policy not pinned, verifying with the pins alone', async () => {
      const withPolicy = {
        ...genuineAuthority,
        witnessPolicy: { witnesses: [witness], quorum: 1 },
      };
      await proxy.forge({ path: '/authority', body: JSON.stringify(withPolicy) });
      await freshOrigin(proxy.url, lang);
      await pinOnKeysPage(proxy.url, hexOf(dashboard.authorityKey));
      await openInvoice(proxy.url);
      expect(await page.getAttribute('#trust-warning', 'data-trust')).toBe('mismatch');
      expect(await text('#trust-warning')).toContain(words.policy);
      // Had the served policy been adopted, the uncosigned checkpoint would fail below-quorum.
      expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('verified');
      await shot('invoice-policy-mismatch');
    });
  });
});
