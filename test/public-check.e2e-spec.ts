import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { publicCheckUrl } from '@taxchain/contracts';
import { LedgerAppender, generateSecretKey, toHex } from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { reimbursementService } from '../apps/reimbursement/src/reimbursement.service-definition';
import { launchFreshChromium, type FreshChromium } from './support/chromium';
import { GivenInvoices, invoiceNumber, type GivenInvoice } from './support/given-invoices';
import { waitFor } from './support/wait-for';

const PREFIX = `t${randomUUID().slice(0, 8)}.`;
const PER_MINUTE = 20;
/** GivenInvoices prints 2 × 50.00 at 13 %: gross 113.00 on 2026-11-23. */
const GROSS = '113.00';
const DATE = '2026-11-23';
/** What Chromium sends for a page it navigates to. */
const BROWSER_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

/** The four printed facts of an invoice, as the public check takes them. */
const factsOf = (invoice: GivenInvoice) => ({
  number: invoice.invoiceNumber,
  date: DATE,
  code: invoice.checkCode,
  amount: GROSS,
});

/** 查验 without an account: four facts in, status out; a miss reveals nothing. */
describe('public invoice check', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let url: string;
  let given: GivenInvoices;
  let buyer: { token: string; taxId: string };
  let address = 0;

  /** Each caller its own client address (X-Forwarded-For from loopback), so budgets are apart. */
  const newAddress = () => {
    address++;
    return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
  };
  const check = (facts: object, from = newAddress()) =>
    request(url).post('/public/check').set('X-Forwarded-For', from).send(facts);
  const visible = (invoice: GivenInvoice) =>
    waitFor(async () => {
      const rows = await db.query<unknown[]>(
        'SELECT 1 FROM reimbursement.invoices WHERE invoice_number = $1',
        [invoice.invoiceNumber],
      );
      return rows.length === 1;
    });
  const issued = async () => {
    const invoice = await given.issued(buyer.taxId);
    await visible(invoice);
    return invoice;
  };

  beforeAll(async () => {
    database = await createTestDatabase(reimbursementService.migrations);
    app = await createServiceApp(
      reimbursementService,
      testConfig(database.url, {
        KAFKA_TOPIC_PREFIX: PREFIX,
        AUTHORITY_KEY: toHex(generateSecretKey()),
        LEDGER_CHAINS: '2',
        CHECKPOINT_INTERVAL_MS: '100',
        PUBLIC_CHECK_PER_MINUTE: String(PER_MINUTE),
      }),
    );
    await app.listen(0, '127.0.0.1');
    await app.startAllMicroservices();
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    db = app.get(DataSource);
    given = new GivenInvoices(app.get(LedgerAppender));
    const { token, party } = await GivenAccess.from(app).company();
    buyer = { token, taxId: party.taxId };
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('answers the status of an invoice from its four facts, and nothing more', async () => {
    const invoice = await issued();
    const answer = await check(factsOf(invoice)).expect(200);
    expect(answer.body).toEqual({ status: 'valid', reimbursed: false });
  });

  it('tells voided, credited and reimbursed apart', async () => {
    const [voided, credited, reimbursed] = [await issued(), await issued(), await issued()];
    await given.voided(voided);
    await given.credited(credited, '5650');
    const claim = await request(url)
      .post('/claims')
      .set('Authorization', `Bearer ${buyer.token}`)
      .send({ invoiceNumber: reimbursed.invoiceNumber, checkCode: reimbursed.checkCode })
      .expect(201);
    await request(url)
      .post(`/claims/${(claim.body as { claimId: string }).claimId}/complete`)
      .set('Authorization', `Bearer ${buyer.token}`)
      .expect(200);
    await waitFor(async () => (await check(factsOf(voided))).body.status === 'voided');
    await waitFor(async () => (await check(factsOf(credited))).body.status === 'credited');
    expect((await check(factsOf(reimbursed)).expect(200)).body).toEqual({
      status: 'valid',
      reimbursed: true,
    });
  });

  it('answers every single wrong fact, and an unknown number, with the same no-match', async () => {
    const invoice = await issued();
    const other = await issued();
    const facts = factsOf(invoice);
    const wrong = [
      { ...facts, number: invoiceNumber() },
      { ...facts, number: other.invoiceNumber },
      { ...facts, date: '2026-11-24' },
      { ...facts, code: flip(facts.code) },
      { ...facts, amount: '113.01' },
      { ...facts, amount: '11300.00' },
    ];
    const answers = await Promise.all(wrong.map((w) => check(w)));
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.text).toBe(answers[0].text);
    }
    expect(answers[0].body).toEqual({
      type: 'urn:taxchain:problem:no-match',
      title: 'No matching invoice',
      status: 404,
      detail: 'No invoice has these four facts (number, issue date, check code and gross amount).',
      instance: '/public/check',
    });
  });

  it('refuses facts not in the printed format with 400 and names the field', async () => {
    const invoice = await issued();
    for (const amount of ['113', '113.0', '1,13.00', '¥113.00', '-113.00', '0113.00']) {
      const answer = await check({ ...factsOf(invoice), amount }).expect(400);
      expect(answer.body.errors).toEqual([
        'amount must be the gross in yuan with two decimals, such as 1399.18',
      ]);
    }
    await check({ ...factsOf(invoice), date: '23/11/2026' }).expect(400);
    await check({ ...factsOf(invoice), extra: 1 }).expect(400);
  });

  it('takes as long to miss as to match, whether or not the number exists', async () => {
    const invoice = await issued();
    const kinds = {
      match: factsOf(invoice),
      wrongCode: { ...factsOf(invoice), code: flip(invoice.checkCode) },
      unknownNumber: { ...factsOf(invoice), number: invoiceNumber() },
    };
    const times: Record<keyof typeof kinds, number[]> = {
      match: [],
      wrongCode: [],
      unknownNumber: [],
    };
    for (let round = 0; round < 5; round++) await check(kinds.match); // warm up
    // Interleaved, so load on the machine falls on all three alike.
    for (let round = 0; round < 60; round++)
      for (const kind of Object.keys(kinds) as Array<keyof typeof kinds>) {
        const started = process.hrtime.bigint();
        await check(kinds[kind]).expect(kind === 'match' ? 200 : 404);
        times[kind].push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    const medians = Object.values(times).map(median);
    // Coarse: a lookup that skipped work for an unknown number, or stopped comparing at the first
    // wrong fact, would show as a gap of whole milliseconds between the medians.
    const spread = Math.max(...medians) - Math.min(...medians);
    expect(spread).toBeLessThan(Math.max(2, 0.5 * Math.min(...medians)));
  }, 60_000);

  it('limits each client address to PUBLIC_CHECK_PER_MINUTE checks, with Retry-After', async () => {
    const invoice = await issued();
    const from = newAddress();
    for (let i = 0; i < PER_MINUTE; i++) await check(factsOf(invoice), from).expect(200);
    const refused = await check(factsOf(invoice), from).expect(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.type).toBe('urn:taxchain:problem:rate-limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    // The check page shares the budget; another address still has its own.
    const pageRefused = await request(url).get('/check').set('X-Forwarded-For', from).expect(429);
    expect(pageRefused.headers['content-type']).toMatch(/^application\/problem\+json/);
    // A browser is told on the page itself, with the same status and Retry-After.
    const browserRefused = await request(url)
      .get('/check')
      .query(factsOf(invoice))
      .set('Accept', BROWSER_ACCEPT)
      .set('X-Forwarded-For', from)
      .expect(429);
    expect(browserRefused.headers['content-type']).toMatch(/^text\/html/);
    expect(Number(browserRefused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(browserRefused.text).toContain('查验过于频繁');
    expect(browserRefused.text).toContain(`value="${invoice.checkCode}"`);
    await check(factsOf(invoice)).expect(200);
  });

  describe('the check page in Chromium', () => {
    let chromium: FreshChromium;

    beforeAll(async () => {
      chromium = await launchFreshChromium({ width: 390, height: 844 });
    }, 60_000);
    afterAll(() => chromium?.close());

    it('opens from the printed link with no login, shows the status, and a miss', async () => {
      const invoice = await issued();
      const page = await chromium.context.newPage();
      // The link the printed QR code carries, with the service as PUBLIC_VERIFY_URL.
      const opened = await page.goto(publicCheckUrl(url, factsOf(invoice)));
      expect(opened?.status()).toBe(200);
      expect(await page.inputValue('input[name=code]')).toBe(invoice.checkCode);
      expect(await page.getAttribute('#outcome', 'data-status')).toBe('valid');
      expect(await page.textContent('#outcome')).toContain('有效');
      expect(await page.textContent('#outcome')).toContain('未报销');
      // A visitor corrects the code to a wrong one and submits the form.
      await page.fill('input[name=code]', flip(invoice.checkCode));
      await Promise.all([page.waitForURL(/code=/), page.click('button[type=submit]')]);
      expect(await page.getAttribute('#outcome', 'data-status')).toBe('no-match');
      expect(await page.textContent('#outcome')).toContain('查无此票');
      await page.close();
    }, 60_000);

    it('shows a fact in the wrong form on the page, as sent, with what to correct', async () => {
      const invoice = await issued();
      const page = await chromium.context.newPage();
      // 30 February has the form's shape, so the browser sends it; the service refuses it.
      const opened = await page.goto(
        publicCheckUrl(url, { ...factsOf(invoice), date: '2026-02-30' }),
      );
      expect(opened?.status()).toBe(400);
      expect(opened?.headers()['content-type']).toMatch(/^text\/html/);
      expect(await page.inputValue('input[name=date]')).toBe('2026-02-30');
      expect(await page.inputValue('input[name=code]')).toBe(invoice.checkCode);
      expect(await page.getAttribute('#outcome', 'data-status')).toBe('refused');
      expect(await page.textContent('#outcome')).toContain('开票日期应为真实存在的日期');
      expect(await page.textContent('#outcome')).toContain('date must be YYYY-MM-DD');
      // Corrected, the same form answers.
      await page.fill('input[name=date]', DATE);
      await Promise.all([page.waitForURL(/date=2026-11-23/), page.click('button[type=submit]')]);
      expect(await page.getAttribute('#outcome', 'data-status')).toBe('valid');
      await page.close();
      // A client that does not ask for HTML gets the problem document, as from every endpoint.
      const api = await request(url)
        .get('/check')
        .query({ ...factsOf(invoice), date: '2026-02-30' })
        .set('Accept', 'application/json, text/html;q=0.9')
        .expect(400);
      expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(api.body.errors).toEqual(['date must be YYYY-MM-DD']);
    }, 60_000);
  });
});

function flip(code: string): string {
  return code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
