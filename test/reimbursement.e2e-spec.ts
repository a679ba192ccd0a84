import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Kafka, type Consumer } from 'kafkajs';
import {
  LedgerKinds,
  checkCode,
  expenseCommitment,
  generateTaxId,
  publicAmount,
  topicNames,
  type InvoiceIssuedPayload,
  type KeyRevokedPayload,
} from '@taxchain/contracts';
import {
  AuthorityKeys,
  LedgerAppender,
  LedgerReader,
  canonicalBytes,
  chainOf,
  generateSecretKey,
  sha256,
  toHex,
} from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { reimbursementService } from '../apps/reimbursement/src/reimbursement.service-definition';
import { produceEntries } from './support/feed-messages';
import { GivenInvoices, invoiceNumber, type GivenInvoice } from './support/given-invoices';
import { superuserEdit, superuserPayloadEdit } from './support/superuser-edit';
import { MerchantSigner } from '../scripts/load/merchant-signer';
import { type IssuingEntry, printedQrText } from './support/printed-qr';
import { waitFor } from './support/wait-for';

const PROBLEM = 'urn:taxchain:problem:';
const CHAINS = 4;
const PREFIX = `t${randomUUID().slice(0, 8)}.`;

/** Buyers claim invoices that reach them over the ledger feed; one claim wins, ever. */
describe('reimbursement: claim, complete, release', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let url: string;
  let given: GivenInvoices;
  let access: GivenAccess;
  let buyer: { token: string; taxId: string };
  let stranger: { token: string; taxId: string };

  const as = (token: string) => ({
    get: (path: string) => request(url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body?: object) =>
      request(url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });
  const claim = (token: string, invoice: GivenInvoice, extra: object = {}) =>
    as(token).post('/claims', {
      invoiceNumber: invoice.invoiceNumber,
      checkCode: invoice.checkCode,
      ...extra,
    });
  const company = async () => {
    const { token, party } = await access.company();
    return { token, taxId: party.taxId };
  };
  const visible = async (...invoices: GivenInvoice[]) =>
    waitFor(async () => {
      const [row] = await db.query<Array<{ n: string }>>(
        'SELECT count(*) n FROM reimbursement.invoices WHERE invoice_number = ANY($1)',
        [invoices.map((i) => i.invoiceNumber)],
      );
      return Number(row.n) === invoices.length;
    });
  const ledgerCount = async (kind: string, subjects: string[]) => {
    const [row] = await db.query<Array<{ n: string }>>(
      'SELECT count(*) n FROM ledger.entries WHERE kind = $1 AND subject = ANY($2)',
      [kind, subjects],
    );
    return Number(row.n);
  };
  /** The tax authority's key, which signs printed QR codes. */
  const authority = () => app.get(AuthorityKeys).current;
  const issuedAndVisible = async (buyerTaxId = buyer.taxId) => {
    const invoice = await given.issued(buyerTaxId);
    await visible(invoice);
    return invoice;
  };
  const statusIs = (invoice: GivenInvoice, status: string, credited = '0') =>
    waitFor(async () => {
      const [row] = await db.query<Array<{ status: string; credited: string }>>(
        'SELECT status, credited::text FROM reimbursement.invoices WHERE invoice_number = $1',
        [invoice.invoiceNumber],
      );
      return row?.status === status && row.credited === credited;
    });

  beforeAll(async () => {
    database = await createTestDatabase(reimbursementService.migrations);
    const config = testConfig(database.url, {
      KAFKA_TOPIC_PREFIX: PREFIX,
      AUTHORITY_KEY: toHex(generateSecretKey()),
      LEDGER_CHAINS: String(CHAINS),
      CHECKPOINT_INTERVAL_MS: '100',
      DATABASE_POOL_SIZE: '40',
      // A slow, shared test machine must not turn queued claims into 503s.
      HTTP_REQUEST_TIMEOUT_MS: '120000',
      // The race below sends hundreds of requests per credential at once, on purpose.
      RATE_LIMIT_PER_SECOND: '100000',
      RATE_LIMIT_BURST: '100000',
      // The public checks below come from one address, more than 20 within a minute.
      PUBLIC_CHECK_PER_MINUTE: '1000',
    });
    app = await createServiceApp(reimbursementService, config);
    await app.listen(0, '127.0.0.1');
    await app.startAllMicroservices();
    url = await app.getUrl();
    db = app.get(DataSource);
    given = new GivenInvoices(app.get(LedgerAppender));
    access = GivenAccess.from(app);
    buyer = await company();
    stranger = await company();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('receives an issued invoice over Kafka into the read model', async () => {
    const invoice = await issuedAndVisible();
    const [row] = await db.query<Array<Record<string, unknown>>>(
      `SELECT buyer_tax_id, gross::text, credited::text, status, check_code
         FROM reimbursement.invoices WHERE invoice_number = $1`,
      [invoice.invoiceNumber],
    );
    expect(row).toEqual({
      buyer_tax_id: buyer.taxId,
      gross: '11300',
      credited: '0',
      status: 'issued',
      check_code: invoice.checkCode,
    });
  });

  it('shows the feed consumer lag in /health and /metrics', async () => {
    const health = await request(url).get('/health').expect(200);
    expect(health.body.details.feed.status).toBe('up');
    expect(Object.keys(health.body.details.feed.consumerLag).length).toBeGreaterThan(0);
    const metrics = await request(url).get('/metrics').expect(200);
    expect(metrics.text).toMatch(
      /^kafka_consumer_lag_messages\{group="[^"]*reimbursement",topic="[^"]+",partition="\d+"\} \d+$/m,
    );
  });

  it('lets the buyer claim once: another company 403, a second claim 409', async () => {
    const invoice = await issuedAndVisible();
    const created = await claim(buyer.token, invoice, { expenseReference: 'EXP-1' }).expect(201);
    expect(created.body).toEqual({
      claimId: expect.any(String),
      invoiceNumber: invoice.invoiceNumber,
      buyerTaxId: buyer.taxId,
      amount: '11300',
      expenseReference: 'EXP-1',
      expenseSalt: expect.stringMatching(/^[0-9a-f]{64}$/),
      state: 'active',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const other = await claim(stranger.token, invoice).expect(403);
    expect(other.body.type).toBe(`${PROBLEM}not-the-buyer`);
    const again = await claim(buyer.token, invoice).expect(409);
    expect(again.body.type).toBe(`${PROBLEM}already-claimed`);
    expect(await ledgerCount('reimbursement.claimed', [invoice.invoiceNumber])).toBe(1);
  });

  it('answers a wrong check code and a number never issued a final 404', async () => {
    const invoice = await issuedAndVisible();
    const wrong = await claim(buyer.token, { ...invoice, checkCode: flip(invoice.checkCode) });
    expect(wrong.status).toBe(404);
    expect(wrong.body.type).toBe(`${PROBLEM}invoice-not-found`);
    const never = await claim(buyer.token, { ...invoice, invoiceNumber: '26999999999999999999' });
    expect(never.status).toBe(404);
    expect(never.body.type).toBe(`${PROBLEM}invoice-not-found`);
    expect(never.body.retryable).toBeUndefined();
    expect(never.headers['retry-after']).toBeUndefined();
  });

  it('answers 503 with Retry-After only while the ledger holds a number the feed has not delivered', async () => {
    // Holding the feed's position table stops the feed from applying anything until rollback.
    const hold = db.createQueryRunner();
    await hold.connect();
    await hold.startTransaction();
    await hold.query('LOCK TABLE reimbursement.feed_positions IN EXCLUSIVE MODE');
    let pending: GivenInvoice;
    try {
      pending = await given.issued(buyer.taxId);
      const claimed = await claim(buyer.token, pending).expect(503);
      expect(claimed.headers['retry-after']).toBe('1');
      expect(claimed.body).toMatchObject({ type: `${PROBLEM}not-yet-visible`, retryable: true });
      const verified = await as(buyer.token)
        .get(`/invoices/${pending.invoiceNumber}?checkCode=${pending.checkCode}`)
        .expect(503);
      expect(verified.body.type).toBe(`${PROBLEM}not-yet-visible`);
      const batch = await as(buyer.token)
        .post('/invoices/verify-batch', {
          invoices: [{ invoiceNumber: pending.invoiceNumber, checkCode: pending.checkCode }],
        })
        .expect(200);
      expect(batch.body.results).toEqual([
        { invoiceNumber: pending.invoiceNumber, outcome: 'unknown' },
      ]);
      // The same number with a wrong check code is final even now.
      await claim(buyer.token, { ...pending, checkCode: flip(pending.checkCode) }).expect(404);
    } finally {
      await hold.rollbackTransaction();
      await hold.release();
    }
    await visible(pending);
    await claim(buyer.token, pending).expect(201);
  });

  it('completes for good: a later claim is 409 already-reimbursed and recorded', async () => {
    const invoice = await issuedAndVisible();
    const { claimId } = (await claim(buyer.token, invoice).expect(201)).body as { claimId: string };
    const done = await as(buyer.token).post(`/claims/${claimId}/complete`).expect(200);
    expect(done.body.state).toBe('completed');
    await as(stranger.token).post(`/claims/${claimId}/release`).expect(404);
    const twice = await as(buyer.token).post(`/claims/${claimId}/release`).expect(409);
    expect(twice.body.type).toBe(`${PROBLEM}claim-not-active`);

    const refused = await claim(buyer.token, invoice).expect(409);
    expect(refused.body.type).toMatch(/already-reimbursed$/);
    expect(await ledgerCount('reimbursement.refused', [invoice.invoiceNumber])).toBe(1);
    expect(await ledgerCount('reimbursement.completed', [invoice.invoiceNumber])).toBe(1);
  });

  it("answers another buyer's complete or release 404, revealing nothing of the claim", async () => {
    const invoice = await issuedAndVisible();
    const { claimId } = (await claim(buyer.token, invoice).expect(201)).body as { claimId: string };
    for (const step of ['complete', 'release']) {
      const refused = await as(stranger.token).post(`/claims/${claimId}/${step}`).expect(404);
      expect(refused.body).toMatchObject({
        type: `${PROBLEM}claim-not-found`,
        detail: `No claim ${claimId} exists.`,
      });
      expect(JSON.stringify(refused.body)).not.toContain(invoice.invoiceNumber);
    }
    const still = await as(buyer.token).post(`/claims/${claimId}/complete`).expect(200);
    expect(still.body.state).toBe('completed');
  });

  it('makes a released invoice claimable again', async () => {
    const invoice = await issuedAndVisible();
    const first = (await claim(buyer.token, invoice).expect(201)).body as { claimId: string };
    const released = await as(buyer.token).post(`/claims/${first.claimId}/release`).expect(200);
    expect(released.body.state).toBe('released');
    const second = await claim(buyer.token, invoice).expect(201);
    expect(second.body.claimId).not.toBe(first.claimId);
    expect(await ledgerCount('reimbursement.released', [invoice.invoiceNumber])).toBe(1);
    expect(await ledgerCount('reimbursement.claimed', [invoice.invoiceNumber])).toBe(2);
  });

  it('refuses to claim a voided invoice', async () => {
    const invoice = await issuedAndVisible();
    await given.voided(invoice);
    await waitFor(async () => {
      const [row] = await db.query<Array<{ status: string }>>(
        'SELECT status FROM reimbursement.invoices WHERE invoice_number = $1',
        [invoice.invoiceNumber],
      );
      return row.status === 'voided';
    });
    const refused = await claim(buyer.token, invoice).expect(409);
    expect(refused.body.type).toBe(`${PROBLEM}invoice-voided`);
    expect(await ledgerCount('reimbursement.claimed', [invoice.invoiceNumber])).toBe(0);
  });

  it('refuses a void the ledger holds but the read model has not seen yet', async () => {
    const invoice = await issuedAndVisible();
    const feed = app.getMicroservices()[0].unwrap<Consumer>();
    const topic = topicNames(PREFIX).ledgerEntries;
    feed.pause([{ topic }]);
    try {
      await given.voided(invoice);
      const refused = await claim(buyer.token, invoice).expect(409);
      expect(refused.body.type).toBe(`${PROBLEM}invoice-voided`);
      const [row] = await db.query<Array<{ status: string }>>(
        'SELECT status FROM reimbursement.invoices WHERE invoice_number = $1',
        [invoice.invoiceNumber],
      );
      expect(row.status).toBe('issued'); // the decision came from the ledger, not the read model
    } finally {
      feed.resume([{ topic }]);
    }
    await statusIs(invoice, 'voided');
  });

  it("decides a claim on the ledger's check code, buyer, gross and voids, whatever the read model row says", async () => {
    const [code, owner, gross, unvoided, forgedVoid, tampered] = [
      await issuedAndVisible(),
      await issuedAndVisible(),
      await issuedAndVisible(),
      await issuedAndVisible(),
      await issuedAndVisible(),
      await issuedAndVisible(),
    ];
    await given.voided(unvoided);
    await statusIs(unvoided, 'voided');
    // A superuser rewrites the read model rows; the ledger's entries are left as they were.
    const edit = (set: string, invoice: GivenInvoice, value?: string) =>
      db.query(
        `UPDATE reimbursement.invoices SET ${set} WHERE invoice_number = $1`,
        value === undefined ? [invoice.invoiceNumber] : [invoice.invoiceNumber, value],
      );
    await edit('check_code = $2', code, flip(code.checkCode));
    await edit('buyer_tax_id = $2', owner, stranger.taxId);
    await edit('gross = gross * 10', gross);
    await edit(`status = 'issued', voided_at = NULL`, unvoided);
    await edit(`status = 'voided', voided_at = now()`, forgedVoid);
    await db.query(
      `SET session_replication_role = replica;
       UPDATE ledger.entries SET payload = replace(payload, '"gross":"11300"', '"gross":"1130"')
        WHERE subject = '${tampered.invoiceNumber}' AND kind = 'invoice.issued';
       SET session_replication_role = origin;`,
    );
    // The edited code is no invoice's; the printed one is still claimable.
    const edited = await claim(buyer.token, { ...code, checkCode: flip(code.checkCode) });
    expect([edited.status, edited.body.type]).toEqual([404, `${PROBLEM}invoice-not-found`]);
    await claim(buyer.token, code).expect(201);
    // The buyer the merchant signed for claims; the company the row was changed to name may not.
    const usurper = await claim(stranger.token, owner).expect(403);
    expect(usurper.body.type).toBe(`${PROBLEM}not-the-buyer`);
    await claim(buyer.token, owner).expect(201);
    // The amount is the signed gross, 11300, not the row's 113000.
    expect((await claim(buyer.token, gross).expect(201)).body.amount).toBe('11300');
    const voided = await claim(buyer.token, unvoided).expect(409);
    expect(voided.body.type).toBe(`${PROBLEM}invoice-voided`);
    // A void only the row states is none: the ledger records the invoice as claimable.
    await claim(buyer.token, forgedVoid).expect(201);
    // A recording entry that is not what the ledger hashed vouches for nothing.
    const unreadable = await claim(buyer.token, tampered).expect(409);
    expect(unreadable.body).toMatchObject({
      type: `${PROBLEM}ledger-entry-tampered`,
      reason: 'payload-mismatch',
    });
    expect(await ledgerCount('reimbursement.claimed', [unvoided.invoiceNumber])).toBe(0);
    expect(await ledgerCount('reimbursement.claimed', [tampered.invoiceNumber])).toBe(0);
  });

  it('refuses a claim 409 ledger-entry-tampered, writing nothing, when a void or credit entry it turns on is not what the ledger hashed', async () => {
    const [credited, voidEdited, voidMoved, donor] = [
      await issuedAndVisible(),
      await issuedAndVisible(),
      await issuedAndVisible(),
      await issuedAndVisible(),
    ];
    await given.credited(credited, '8300'); // 11300 − 3000 taken back
    await given.voided(voidEdited);
    await given.voided(donor);
    await statusIs(credited, 'issued', '3000');
    await statusIs(voidEdited, 'voided');
    await statusIs(donor, 'voided');
    // The superuser, triggers off, hashes left as they were: the credit note now leaves the whole
    // gross claimable, a void's reason is rewritten, and another invoice's void is moved onto one
    // its seller never voided.
    const edit = (invoice: GivenInvoice, kind: string, from: string, to: string) =>
      superuserPayloadEdit(db, invoice.invoiceNumber, kind, from, to);
    const remaining = (gross: string) => `"remainingGross":"${gross}"`;
    expect(await edit(credited, 'invoice.credited', remaining('8300'), remaining('11300'))).toBe(1);
    expect(await edit(voidEdited, 'invoice.voided', 'Order cancelled', 'Order kept')).toBe(1);
    expect(
      await superuserEdit(
        db,
        `UPDATE ledger.entries SET subject = $2 WHERE subject = $1 AND kind = 'invoice.voided'`,
        [donor.invoiceNumber, voidMoved.invoiceNumber],
      ),
    ).toBe(1);
    for (const [invoice, kind, reason] of [
      [credited, 'invoice.credited', 'payload-mismatch'],
      [voidEdited, 'invoice.voided', 'payload-mismatch'],
      [voidMoved, 'invoice.voided', 'hash-mismatch'],
    ] as const) {
      const refused = await claim(buyer.token, invoice);
      expect([invoice.invoiceNumber, refused.status]).toEqual([invoice.invoiceNumber, 409]);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ type: `${PROBLEM}ledger-entry-tampered`, reason });
      expect(refused.body.detail).toContain(`(${kind} ${invoice.invoiceNumber})`);
    }
    const numbers = [credited, voidEdited, voidMoved].map((i) => i.invoiceNumber);
    expect(await ledgerCount('reimbursement.claimed', numbers)).toBe(0);
    expect(await ledgerCount('reimbursement.refused', numbers)).toBe(0);
    const [held] = await db.query<Array<{ n: string }>>(
      'SELECT count(*) n FROM reimbursement.claims WHERE invoice_number = ANY($1)',
      [numbers],
    );
    expect(Number(held.n)).toBe(0);
  });

  it("completes a claim on the ledger's voids alone, whatever the read model row says", async () => {
    const [rowVoided, ledgerVoided, voidTampered] = [
      await issuedAndVisible(),
      await issuedAndVisible(),
      await issuedAndVisible(),
    ];
    const claimIds = new Map<GivenInvoice, string>();
    for (const invoice of [rowVoided, ledgerVoided, voidTampered])
      claimIds.set(invoice, (await claim(buyer.token, invoice).expect(201)).body.claimId as string);
    const settle = (invoice: GivenInvoice, step: 'complete' | 'release') =>
      as(buyer.token).post(`/claims/${claimIds.get(invoice)}/${step}`);
    // The sellers' voids race the claims onto the ledger, and the feed marks the rows.
    await given.voided(ledgerVoided);
    await given.voided(voidTampered);
    await statusIs(ledgerVoided, 'voided');
    await statusIs(voidTampered, 'voided');
    // The superuser voids a row the ledger never voided, un-voids a row the ledger did, and
    // rewrites a void entry's payload (triggers off, its hashes left as they were).
    await db.query(
      `UPDATE reimbursement.invoices SET status = 'voided', voided_at = now() WHERE invoice_number = $1`,
      [rowVoided.invoiceNumber],
    );
    await db.query(
      `UPDATE reimbursement.invoices SET status = 'issued', voided_at = NULL WHERE invoice_number = $1`,
      [ledgerVoided.invoiceNumber],
    );
    const edited = await superuserPayloadEdit(
      db,
      voidTampered.invoiceNumber,
      'invoice.voided',
      'Order cancelled',
      'Order kept',
    );
    expect(edited).toBe(1);

    // A void only the row states blocks nothing.
    expect((await settle(rowVoided, 'complete').expect(200)).body.state).toBe('completed');
    // The ledger's void blocks, whatever the row says.
    const voided = await settle(ledgerVoided, 'complete').expect(409);
    expect(voided.body.type).toBe(`${PROBLEM}invoice-voided`);
    // A void entry that is not what the ledger hashed can say neither way.
    const tampered = await settle(voidTampered, 'complete').expect(409);
    expect(tampered.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(tampered.body).toMatchObject({
      type: `${PROBLEM}ledger-entry-tampered`,
      reason: 'payload-mismatch',
    });
    // Neither refusal completed anything: both claims are still active, so releasable.
    await settle(ledgerVoided, 'release').expect(200);
    await settle(voidTampered, 'release').expect(200);
    const numbers = [rowVoided, ledgerVoided, voidTampered].map((i) => i.invoiceNumber);
    expect(await ledgerCount('reimbursement.completed', numbers)).toBe(1);
  });

  it('claims what a partial credit note left, and nothing of a fully credited invoice', async () => {
    const partly = await issuedAndVisible();
    const fully = await issuedAndVisible();
    await given.credited(partly, '8300'); // 11300 − 3000 credited
    await given.credited(fully, '0');
    await waitFor(async () => {
      const rows = await db.query<unknown[]>(
        'SELECT 1 FROM reimbursement.invoices WHERE invoice_number = ANY($1) AND credited > 0',
        [[partly.invoiceNumber, fully.invoiceNumber]],
      );
      return rows.length === 2;
    });
    await claim(buyer.token, partly, { amount: '8301' }).expect(422);
    expect((await claim(buyer.token, partly).expect(201)).body.amount).toBe('8300');
    expect((await claim(buyer.token, fully).expect(409)).body.type).toBe(
      `${PROBLEM}fully-credited`,
    );
  });

  it('lists only the caller’s own claims, filtered and paged, and exports them as CSV', async () => {
    const lister = await company();
    const invoices = [await given.issued(lister.taxId), await given.issued(lister.taxId)];
    const third = await given.issued(lister.taxId);
    await visible(...invoices, third);
    for (const invoice of [...invoices, third]) await claim(lister.token, invoice).expect(201);
    const { claimId } = (await as(lister.token).get('/claims?limit=1').expect(200)).body.items[0];
    await as(lister.token).post(`/claims/${claimId}/complete`).expect(200);

    const first = await as(lister.token).get('/claims?state=active&limit=1').expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const next = await as(lister.token)
      .get(`/claims?state=active&limit=1&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(next.body).toEqual({ items: [expect.any(Object)], nextCursor: null });
    const future = await as(lister.token).get('/claims?from=2099-01-01T00:00:00Z').expect(200);
    expect(future.body.items).toEqual([]);

    const csv = await as(lister.token).get('/claims.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^claimId,invoiceNumber/);
    expect(csv.text).not.toContain(buyer.taxId);
  });

  it('refuses a date filter that is no point in time 400, in the list and the export alike', async () => {
    // ISO 8601 all of them (an ordinal date, a week), yet no Date reads them.
    for (const path of [
      '/claims?to=8443107',
      '/claims.csv?state=completed&to=8443107',
      '/claims.csv?from=2026-W01',
    ]) {
      const refused = await as(buyer.token).get(path).expect(400);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.type).toBe(`${PROBLEM}validation-failed`);
    }
  });

  it('cuts the connection of an export whose query fails after the headers went out', async () => {
    const exporter = await company();
    await claim(exporter.token, await issuedAndVisible(exporter.taxId)).expect(201);
    // The export's first page then waits on this lock, after the status and header line are sent.
    const lock = db.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    try {
      await lock.query('LOCK TABLE reimbursement.claims IN ACCESS EXCLUSIVE MODE');
      const response = await fetch(`${url}/claims.csv`, {
        headers: { Authorization: `Bearer ${exporter.token}` },
      });
      expect(response.status).toBe(200);
      // The page's backend ends, as in a failover or an operator's pg_terminate_backend. Looked
      // for outside the lock's transaction: inside it, pg_stat_activity keeps the transaction's
      // first snapshot, and a poll made before the page's query began waiting never saw it.
      await waitFor(async () => {
        const ended: unknown[] = await db.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND query LIKE '%FROM reimbursement.claims%'`,
        );
        return ended.length > 0;
      });
      let timer: NodeJS.Timeout | undefined;
      const stillOpen = new Promise((done) => (timer = setTimeout(done, 10_000, 'still open')));
      await expect(Promise.race([response.text(), stillOpen])).rejects.toThrow();
      clearTimeout(timer);
    } finally {
      await lock.rollbackTransaction();
      await lock.release();
    }
    // The next export, on a fresh connection, is whole.
    const csv = await as(exporter.token).get('/claims.csv').expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(2);
  });

  it('lets exactly one of many concurrent claims win per invoice', async () => {
    // The issue's full scale by default (7,000 requests); REIMBURSEMENT_RACE=20x30+10 for a quick run.
    const [invoices, perInvoice, strangers] = raceScale(
      process.env.REIMBURSEMENT_RACE ?? '100x50+20',
    );
    const others = await Promise.all(Array.from({ length: strangers }, company));
    const batch = await Promise.all(
      Array.from({ length: invoices }, () => given.issued(buyer.taxId)),
    );
    await visible(...batch);

    const started = Date.now();
    const attempts = batch.flatMap((invoice) => [
      ...Array.from({ length: perInvoice }, () => () => claim(buyer.token, invoice)),
      ...others.map((other) => () => claim(other.token, invoice)),
    ]);
    // 400 in flight: every attempt on an invoice contends with all the others on it.
    const statuses = (await inParallel(attempts, 400)).map((r) => r.status);
    const elapsed = Date.now() - started;
    process.stdout.write(`race: ${attempts.length} claims in ${elapsed} ms\n`);

    const histogram: Record<number, number> = {};
    for (const status of statuses) histogram[status] = (histogram[status] ?? 0) + 1;
    expect(histogram).toEqual({
      201: invoices,
      403: invoices * strangers,
      409: invoices * (perInvoice - 1),
    });
    const numbers = batch.map((i) => i.invoiceNumber);
    expect(await ledgerCount('reimbursement.claimed', numbers)).toBe(invoices);
    const [live] = await db.query<Array<{ n: string }>>(
      'SELECT count(*) n FROM reimbursement.claims WHERE invoice_number = ANY($1)',
      [numbers],
    );
    expect(Number(live.n)).toBe(invoices);
  }, 300_000);

  it('verifies an invoice with its state, signature and ledger proof', async () => {
    const invoice = await given.issued(buyer.taxId, { signed: true });
    await visible(invoice);
    const path = `/invoices/${invoice.invoiceNumber}?checkCode=${invoice.checkCode}`;
    const issued = await as(stranger.token).get(path).expect(200);
    expect(issued.body).toMatchObject({
      invoiceNumber: invoice.invoiceNumber,
      state: 'issued',
      seller: { taxId: given.sellerTaxId },
      buyer: { taxId: buyer.taxId },
      amounts: { net: '10000', tax: '1300', gross: '11300', credited: '0', remaining: '11300' },
      merchantSignature: 'valid',
      proof: { subject: invoice.invoiceNumber },
    });
    expect(issued.body.proof.entries[0].entry.kind).toBe('invoice.issued');

    const { claimId } = (await claim(buyer.token, invoice).expect(201)).body as { claimId: string };
    expect((await as(buyer.token).get(path).expect(200)).body.state).toBe('claimed');
    await as(buyer.token).post(`/claims/${claimId}/complete`).expect(200);
    await waitFor(async () => {
      const { body } = await as(buyer.token).get(path).expect(200);
      return body.state === 'reimbursed' && body.proof.pending === false;
    });
    const proven = await as(buyer.token).get(path).expect(200);
    const proof = proven.body.proof as { entries: Array<{ entry: { kind: string } }> };
    expect(proof.entries.map((e) => e.entry.kind)).toEqual([
      'invoice.issued',
      'reimbursement.claimed',
      'reimbursement.completed',
    ]);
    expect(proven.body.proof.entries[0].proof.inclusion).toEqual(expect.any(Array));
  });

  it('verifies by the printed QR code, refuses a forged one, and withholds other companies’ claims', async () => {
    const invoice = await given.issued(buyer.taxId, { signed: true });
    await visible(invoice);
    const path = `/invoices/${invoice.invoiceNumber}?checkCode=${invoice.checkCode}`;
    const entry = (await as(buyer.token).get(path).expect(200)).body.proof.entries[0]
      .entry as IssuingEntry;
    const printed = printedQrText(entry, authority());
    const { entryHash } = entry;

    const scanned = await as(stranger.token)
      .post('/invoices/verify-qr', { qr: printed })
      .expect(200);
    expect(scanned.body).toMatchObject({ invoiceNumber: invoice.invoiceNumber, state: 'issued' });
    // Paper printed before the QR code was signed names the same invoice, but nobody vouches for it.
    const unsigned = await as(stranger.token)
      .post('/invoices/verify-qr', {
        qr: JSON.stringify({ v: 1, n: invoice.invoiceNumber, c: invoice.checkCode, h: entryHash }),
      })
      .expect(400);
    expect(unsigned.body.type).toBe('urn:taxchain:problem:qr-unsigned');
    const forged = await as(stranger.token)
      .post('/invoices/verify-qr', { qr: printed.replace(entryHash, '0'.repeat(64)) })
      .expect(422);
    expect(forged.body.type).toBe('urn:taxchain:problem:qr-bad-signature');
    const unreadable = await as(stranger.token)
      .post('/invoices/verify-qr', { qr: 'https://example.invalid' })
      .expect(400);
    expect(unreadable.body.type).toBe('urn:taxchain:problem:qr-unreadable');

    const claimed = await claim(buyer.token, invoice, { expenseReference: 'EXP-PRIVATE-1' });
    const { expenseSalt } = claimed.body as { expenseSalt: string };
    const payloads = async (token: string) =>
      (
        (await as(token).get(path).expect(200)).body.proof.entries as Array<{
          entry: { kind: string; payload: string };
        }>
      )
        .filter((e) => e.entry.kind === 'reimbursement.claimed')
        .map((e) => e.entry.payload);
    // The ledger holds the salted commitment only; the buyer, shown the salt, can recompute it.
    expect((await payloads(buyer.token)).join()).toContain(
      `"expenseCommitment":"${expenseCommitment(expenseSalt, 'EXP-PRIVATE-1')}"`,
    );
    expect((await payloads(buyer.token)).join()).not.toContain('EXP-PRIVATE-1');
    expect((await payloads(stranger.token)).join()).not.toContain('expenseCommitment');
    // Nor in the proof bundle, which carries the payload for verifiers: withheld there too.
    const whole = await as(stranger.token).get(path).expect(200);
    expect(JSON.stringify(whole.body)).not.toContain('EXP-PRIVATE-1');
  });

  it('reports the chain valid once proven, and invalid after a ledger row is tampered with', async () => {
    const invoice = await given.issued(buyer.taxId, { signed: true });
    await visible(invoice);
    const path = `/invoices/${invoice.invoiceNumber}?checkCode=${invoice.checkCode}`;
    await waitFor(async () => (await as(buyer.token).get(path)).body.chain === 'valid');
    await db.query(
      `SET session_replication_role = replica;
       UPDATE ledger.entries SET actor = 'merchant:impostor' WHERE subject = '${invoice.invoiceNumber}';
       SET session_replication_role = origin;`,
    );
    // Verify-on-read: the forged entry is not served; the problem names it.
    const tampered = await as(buyer.token).get(path).expect(409);
    expect(tampered.body).toMatchObject({
      type: 'urn:taxchain:problem:ledger-entry-tampered',
      reason: 'hash-mismatch',
    });
    expect(tampered.body.detail).toMatch(/stored fields do not hash to the entry hash/);
  });

  it('refuses what is not what the ledger hashed, by number, QR and batch, naming the field', async () => {
    const [rowForged, payloadForged] = [
      await given.issued(buyer.taxId, { signed: true }),
      await given.issued(buyer.taxId, { signed: true }),
    ];
    await visible(rowForged, payloadForged);
    const path = (i: GivenInvoice) => `/invoices/${i.invoiceNumber}?checkCode=${i.checkCode}`;
    await waitFor(
      async () => (await as(buyer.token).get(path(payloadForged))).body.chain === 'valid',
    );
    const qr = async (i: GivenInvoice) => {
      const { body } = await as(buyer.token).get(path(i)).expect(200);
      return printedQrText(body.proof.entries[0].entry as IssuingEntry, authority());
    };
    const codes = [await qr(rowForged), await qr(payloadForged)];
    // gross ×10: in the read model row the feed wrote, and inside a sealed ledger entry's payload
    // as the superuser with the triggers off, its hashes left as they were.
    await db.query(
      'UPDATE reimbursement.invoices SET gross = gross * 10 WHERE invoice_number = $1',
      [rowForged.invoiceNumber],
    );
    await db.query(
      `SET session_replication_role = replica;
       UPDATE ledger.entries SET payload = replace(payload, '"gross":"11300"', '"gross":"113000"')
        WHERE subject = '${payloadForged.invoiceNumber}' AND kind = 'invoice.issued';
       SET session_replication_role = origin;`,
    );
    const problems = {
      [rowForged.invoiceNumber]: /^gross differs from the ledger's invoice\.issued \(seq \d+\)$/,
      [payloadForged.invoiceNumber]: /^seq \d+: payload does not match its hash$/,
    };
    // The read model row disagrees with an intact ledger: answered, and named invalid.
    for (const answer of [
      await as(buyer.token).get(path(rowForged)).expect(200),
      await as(buyer.token).post('/invoices/verify-qr', { qr: codes[0] }).expect(200),
    ]) {
      expect(answer.body.chain).toBe('invalid');
      expect(answer.body.chainProblem).toMatch(problems[rowForged.invoiceNumber]);
    }
    // The ledger entry itself is forged: verify-on-read refuses to serve it at all.
    for (const answer of [
      await as(buyer.token).get(path(payloadForged)).expect(409),
      await as(buyer.token).post('/invoices/verify-qr', { qr: codes[1] }).expect(409),
    ]) {
      expect(answer.body).toMatchObject({
        type: 'urn:taxchain:problem:ledger-entry-tampered',
        reason: 'payload-mismatch',
      });
      expect(JSON.stringify(answer.body)).not.toContain('113000');
    }
    const batch = await as(buyer.token)
      .post('/invoices/verify-batch', {
        invoices: [rowForged, payloadForged].map((i) => ({
          invoiceNumber: i.invoiceNumber,
          checkCode: i.checkCode,
        })),
      })
      .expect(200);
    expect(batch.body.results).toEqual([
      {
        invoiceNumber: rowForged.invoiceNumber,
        outcome: 'invalid',
        problem: expect.stringMatching(problems[rowForged.invoiceNumber]),
      },
      {
        invoiceNumber: payloadForged.invoiceNumber,
        outcome: 'invalid',
        problem: expect.stringMatching(problems[payloadForged.invoiceNumber]),
      },
    ]);
  });

  it("states the ledger's voids and credits whatever the read model says, and names a void it does not record", async () => {
    const [voided, credited, forgedVoid] = [
      await issuedAndVisible(),
      await issuedAndVisible(),
      await issuedAndVisible(),
    ];
    await given.voided(voided);
    await given.credited(credited, '8300'); // 11300 − 3000 credited
    await statusIs(voided, 'voided');
    await statusIs(credited, 'issued', '3000');
    // The superuser undoes the void and the credit in the read model, and voids an invoice there.
    await db.query(
      `UPDATE reimbursement.invoices SET status = 'issued', voided_at = NULL WHERE invoice_number = $1;`,
      [voided.invoiceNumber],
    );
    await db.query('UPDATE reimbursement.invoices SET credited = 0 WHERE invoice_number = $1', [
      credited.invoiceNumber,
    ]);
    await db.query(
      `UPDATE reimbursement.invoices SET status = 'voided', voided_at = now() WHERE invoice_number = $1`,
      [forgedVoid.invoiceNumber],
    );
    const path = (i: GivenInvoice) => `/invoices/${i.invoiceNumber}?checkCode=${i.checkCode}`;
    const verified = async (i: GivenInvoice) => {
      let body: Record<string, unknown> = {};
      await waitFor(async () => {
        body = (await as(buyer.token).get(path(i)).expect(200)).body as Record<string, unknown>;
        return body.chain !== 'pending';
      });
      return body;
    };
    expect(await verified(voided)).toMatchObject({ state: 'voided', chain: 'valid' });
    expect(await verified(credited)).toMatchObject({
      state: 'partly-credited',
      amounts: { credited: '3000', remaining: '8300' },
      chain: 'valid',
    });
    expect(await verified(forgedVoid)).toMatchObject({
      chain: 'invalid',
      chainProblem: 'status voided, which no invoice.voided in the ledger records',
    });
    const batch = await as(buyer.token)
      .post('/invoices/verify-batch', {
        invoices: [voided, credited, forgedVoid].map((i) => ({
          invoiceNumber: i.invoiceNumber,
          checkCode: i.checkCode,
        })),
      })
      .expect(200);
    expect(batch.body.results).toEqual([
      expect.objectContaining({
        outcome: 'verified',
        invoice: expect.objectContaining({ state: 'voided' }),
      }),
      expect.objectContaining({
        outcome: 'verified',
        invoice: expect.objectContaining({ state: 'partly-credited' }),
      }),
      {
        invoiceNumber: forgedVoid.invoiceNumber,
        outcome: 'invalid',
        problem: 'status voided, which no invoice.voided in the ledger records',
      },
    ]);
    const publicCheck = (i: GivenInvoice) =>
      request(url)
        .post('/public/check')
        .send({ number: i.invoiceNumber, date: '2026-11-23', code: i.checkCode, amount: '113.00' })
        .expect(200);
    expect((await publicCheck(voided)).body).toEqual({ status: 'voided', reimbursed: false });
    expect((await publicCheck(credited)).body).toEqual({ status: 'credited', reimbursed: false });
  });

  it("checks printed facts and QR code against the ledger's signed entry, whatever the read model's copy says", async () => {
    const [genuine, forgedVoid] = [
      await given.issued(buyer.taxId, { signed: true }),
      await given.issued(buyer.taxId, { signed: true }),
    ];
    await visible(genuine, forgedVoid);
    const path = `/invoices/${genuine.invoiceNumber}?checkCode=${genuine.checkCode}`;
    await waitFor(async () => (await as(buyer.token).get(path)).body.chain === 'valid');
    const { body: verified } = await as(buyer.token).get(path).expect(200);
    const qr = printedQrText(verified.proof.entries[0].entry as IssuingEntry, authority());
    const printed = (i: GivenInvoice) => ({
      number: i.invoiceNumber,
      date: '2026-11-23',
      code: i.checkCode,
      amount: '113.00',
    });
    // The forger's paper: another gross, date and check code, written into the read model's copy
    // by the superuser; and a void that no invoice.voided in the ledger records.
    const forged = { ...printed(genuine), date: '2026-11-24', code: '000042', amount: '1130.00' };
    await db.query(
      `UPDATE reimbursement.invoices SET gross = 113000, issue_date = '2026-11-24', check_code = '000042'
        WHERE invoice_number = $1`,
      [genuine.invoiceNumber],
    );
    await db.query(
      `UPDATE reimbursement.invoices SET status = 'voided', voided_at = now() WHERE invoice_number = $1`,
      [forgedVoid.invoiceNumber],
    );
    const json = (facts: object) => request(url).post('/public/check').send(facts);
    const page = async (facts: Record<string, string>) => {
      const { text } = await request(url)
        .get(`/check?${new URLSearchParams(facts).toString()}`)
        .expect(200);
      return /<output id="outcome" data-status="([a-z-]+)"/.exec(text)?.[1];
    };
    expect((await json(printed(genuine)).expect(200)).body).toEqual({
      status: 'valid',
      reimbursed: false,
    });
    expect(await page(printed(genuine))).toBe('valid');
    for (const edited of [
      forged,
      { ...printed(genuine), amount: forged.amount },
      { ...printed(genuine), date: forged.date },
      { ...printed(genuine), code: forged.code },
    ]) {
      expect((await json(edited).expect(404)).body.type).toBe(`${PROBLEM}no-match`);
      expect(await page(edited)).toBe('no-match');
    }
    expect((await json(printed(forgedVoid)).expect(200)).body.status).toBe('valid');
    expect(await page(printed(forgedVoid))).toBe('valid');
    // The printed QR code is answered too, by the ledger's check code, and the row named invalid.
    const byQr = await as(buyer.token).post('/invoices/verify-qr', { qr }).expect(200);
    expect(byQr.body.chain).toBe('invalid');
    expect(byQr.body.chainProblem).toMatch(/^checkCode differs from the ledger's invoice\.issued/);
    // So is the buyer's check by number and check code, one at a time and in a batch: the true
    // code is answered, and the row named invalid; the code written into the row is no code of it.
    const byNumber = await as(buyer.token).get(path).expect(200);
    expect(byNumber.body.chain).toBe('invalid');
    expect(byNumber.body.chainProblem).toMatch(
      /^checkCode differs from the ledger's invoice\.issued/,
    );
    const edited = await as(buyer.token)
      .get(`/invoices/${genuine.invoiceNumber}?checkCode=${forged.code}`)
      .expect(404);
    expect(edited.body.type).toBe(`${PROBLEM}invoice-not-found`);
    const batch = await as(buyer.token)
      .post('/invoices/verify-batch', {
        invoices: [genuine.checkCode, forged.code].map((code) => ({
          invoiceNumber: genuine.invoiceNumber,
          checkCode: code,
        })),
      })
      .expect(200);
    expect(batch.body.results).toEqual([
      {
        invoiceNumber: genuine.invoiceNumber,
        outcome: 'invalid',
        problem: expect.stringMatching(/^checkCode differs from the ledger's invoice\.issued/),
      },
      { invoiceNumber: genuine.invoiceNumber, outcome: 'not-found' },
    ]);
  });

  it("answers the public check invalid when the ledger's voids or credits fail their hash check, whatever the read model says", async () => {
    const [voided, credited] = [await issuedAndVisible(), await issuedAndVisible()];
    await given.voided(voided);
    await given.credited(credited, '8300');
    await statusIs(voided, 'voided');
    await statusIs(credited, 'issued', '3000');
    // The superuser edits the invoice.voided and invoice.credited entries' payloads with the
    // triggers off, their hashes left as they were; the read model still says voided, credited.
    await db.query(
      `SET session_replication_role = replica;
       UPDATE ledger.entries SET payload = payload || ' '
        WHERE subject IN ('${voided.invoiceNumber}', '${credited.invoiceNumber}')
          AND kind IN ('invoice.voided', 'invoice.credited');
       SET session_replication_role = origin;`,
    );
    const facts = (i: GivenInvoice) => ({
      number: i.invoiceNumber,
      date: '2026-11-23',
      code: i.checkCode,
      amount: '113.00',
    });
    for (const invoice of [voided, credited]) {
      const { body } = await request(url).post('/public/check').send(facts(invoice)).expect(200);
      expect(body).toEqual({ status: 'invalid', reimbursed: false });
      const page = await request(url).get('/check').query(facts(invoice)).expect(200);
      expect(page.text).toContain('data-status="invalid"');
    }
  });

  describe('an invoice from a revoked key', () => {
    let before: GivenInvoice;
    let after: GivenInvoice;
    const verified = (invoice: GivenInvoice) =>
      as(buyer.token)
        .get(`/invoices/${invoice.invoiceNumber}?checkCode=${invoice.checkCode}`)
        .expect(200);

    beforeAll(async () => {
      // Registered, signs one invoice, revoked ("compromised"), then a second invoice signed with
      // it lands on the ledger anyway: issuing refuses that, so only a bypass of issuing records it.
      const merchant = new RevocableMerchant(app.get(LedgerAppender));
      await merchant.registered();
      before = await merchant.issued(buyer.taxId);
      await merchant.revoked('private key leaked');
      after = await merchant.issued(buyer.taxId);
      await visible(before, after);
    });

    it('keeps an invoice signed before the revocation valid and fails a later one key-revoked', async () => {
      expect((await verified(before)).body.merchantSignature).toBe('valid');
      expect((await verified(after)).body.merchantSignature).toBe('key-revoked');
    });

    it('answers the same in the batch form and by QR code', async () => {
      const { body } = await as(buyer.token)
        .post('/invoices/verify-batch', {
          invoices: [before, after].map(({ invoiceNumber, checkCode }) => ({
            invoiceNumber,
            checkCode,
          })),
        })
        .expect(200);
      expect(
        (body.results as Array<{ outcome: string; merchantSignature: string }>).map((r) => [
          r.outcome,
          r.merchantSignature,
        ]),
      ).toEqual([
        ['verified', 'valid'],
        ['verified', 'key-revoked'],
      ]);
      for (const [invoice, verdict] of [
        [before, 'valid'],
        [after, 'key-revoked'],
      ] as const) {
        const entry = (await verified(invoice)).body.proof.entries[0].entry as IssuingEntry;
        const qr = printedQrText(entry, authority());
        const scanned = await as(buyer.token).post('/invoices/verify-qr', { qr }).expect(200);
        expect(scanned.body.merchantSignature).toBe(verdict);
      }
    });

    it('answers the public check of the later one invalid, by JSON and on the page', async () => {
      const facts = ({ invoiceNumber, checkCode, document }: GivenInvoice) => ({
        number: invoiceNumber,
        date: document.issueDate,
        code: checkCode,
        amount: publicAmount(BigInt(document.totals.gross)),
      });
      const check = (invoice: GivenInvoice) =>
        request(url).post('/public/check').send(facts(invoice)).expect(200);
      expect((await check(before)).body).toEqual({ status: 'valid', reimbursed: false });
      expect((await check(after)).body).toEqual({ status: 'invalid', reimbursed: false });
      const page = await request(url).get('/check').query(facts(after)).expect(200);
      expect(page.text).toContain('data-status="invalid"');
      expect(page.text).toContain('无效（开票方签名或账本记录不成立）');
    });

    it('lets the buyer claim the earlier invoice and refuses the later one, recording the attempt', async () => {
      await claim(buyer.token, before).expect(201);
      const refused = await claim(buyer.token, after).expect(422);
      expect(refused.body.type).toBe(`${PROBLEM}merchant-signature-failed`);
      expect(refused.body.detail).toContain('key-revoked');
      expect(await ledgerCount('reimbursement.claimed', [after.invoiceNumber])).toBe(0);
      expect(await ledgerCount('reimbursement.refused', [after.invoiceNumber])).toBe(1);
      const [row] = await db.query<Array<{ payload: string }>>(
        `SELECT payload FROM ledger.entries WHERE kind = 'reimbursement.refused' AND subject = $1`,
        [after.invoiceNumber],
      );
      expect(JSON.parse(row.payload)).toMatchObject({ reason: 'merchant-signature-key-revoked' });
    });
  });

  it('answers a number never issued and a wrong check code 404, final', async () => {
    const invoice = await issuedAndVisible();
    const unknown = await as(buyer.token)
      .get(`/invoices/${invoiceNumber()}?checkCode=123456`)
      .expect(404);
    expect(unknown.body.type).toBe(`${PROBLEM}invoice-not-found`);
    expect(unknown.body.retryable).toBeUndefined();
    expect(unknown.headers['retry-after']).toBeUndefined();
    const wrong = await as(buyer.token)
      .get(`/invoices/${invoice.invoiceNumber}?checkCode=${flip(invoice.checkCode)}`)
      .expect(404);
    expect(wrong.body.retryable).toBeUndefined();
    expect(wrong.headers['retry-after']).toBeUndefined();
    await as(buyer.token).get(`/invoices/123?checkCode=123456`).expect(400);
  });

  it('verifies a batch of up to 500', async () => {
    const invoice = await issuedAndVisible();
    const unknown = invoiceNumber();
    const { body } = await as(buyer.token)
      .post('/invoices/verify-batch', {
        invoices: [
          { invoiceNumber: invoice.invoiceNumber, checkCode: invoice.checkCode },
          { invoiceNumber: invoice.invoiceNumber, checkCode: flip(invoice.checkCode) },
          { invoiceNumber: unknown, checkCode: '123456' },
        ],
      })
      .expect(200);
    expect(body.results).toEqual([
      expect.objectContaining({
        outcome: 'verified',
        invoice: expect.objectContaining({ state: 'issued' }),
      }),
      { invoiceNumber: invoice.invoiceNumber, outcome: 'not-found' },
      { invoiceNumber: unknown, outcome: 'not-found' },
    ]);
    const tooMany = Array.from({ length: 501 }, () => ({
      invoiceNumber: unknown,
      checkCode: '123456',
    }));
    await as(buyer.token).post('/invoices/verify-batch', { invoices: tooMany }).expect(400);
  });

  it('ignores redelivered invoice events: the read model does not change', async () => {
    const voided = await issuedAndVisible();
    const credited = await issuedAndVisible();
    await given.voided(voided);
    await given.credited(credited, '8300');
    await statusIs(voided, 'voided');
    await statusIs(credited, 'issued', '3000');
    const snapshot = () =>
      db.query<unknown[]>('SELECT * FROM reimbursement.invoices ORDER BY invoice_number');
    const before = await snapshot();

    const reader = app.get(LedgerReader);
    const entries = [
      ...(await reader.entriesOf(voided.invoiceNumber)),
      ...(await reader.entriesOf(credited.invoiceNumber)),
    ];
    await produceEntries(app.get(Kafka), PREFIX, entries);
    // One new invoice on every chain: once all are in, the feed has passed every duplicate.
    const markers = await Promise.all(
      Array.from({ length: CHAINS }, (_, chain) =>
        given.issued(buyer.taxId, { number: numberOnChain(chain) }),
      ),
    );
    await visible(...markers);
    const after = (await snapshot()).filter(
      (row) =>
        !markers.some(
          (m) => m.invoiceNumber === (row as { invoice_number: string }).invoice_number,
        ),
    );
    expect(after).toEqual(before);
  });

  it('documents every endpoint in valid OpenAPI, with worked error examples', async () => {
    const { body } = await request(url).get('/docs-json').expect(200);
    await expect(SwaggerParser.validate(structuredClone(body))).resolves.toBeDefined();
    const paths = body.paths as Record<string, Record<string, { responses: object }>>;
    for (const [path, method] of [
      ['/claims', 'post'],
      ['/claims', 'get'],
      ['/claims.csv', 'get'],
      ['/claims/{id}/complete', 'post'],
      ['/claims/{id}/release', 'post'],
      ['/invoices/{number}', 'get'],
      ['/invoices/verify-batch', 'post'],
    ])
      expect(Object.keys(paths[path][method].responses)).toEqual(
        expect.arrayContaining(['400', '401', '403']),
      );
    expect(JSON.stringify(paths['/claims'].post.responses)).toContain('already-reimbursed');
    // verify-qr answers a number the ledger does not record 422 qr-mismatch, never 404.
    expect(Object.keys(paths['/invoices/verify-qr'].post.responses).sort()).toEqual(
      ['200', '400', '401', '403', '409', '422', '429', '503'].sort(),
    );
  });
});

/** A merchant's key and signed invoices, recorded on the ledger the way issuing records them. */
class RevocableMerchant {
  private readonly signer = new MerchantSigner({
    taxId: generateTaxId('350100'),
    name: 'Min River Tea',
  });

  constructor(private readonly appender: LedgerAppender) {}

  registered(): Promise<void> {
    const { signature } = this.signer.registration();
    const document = {
      schema: 'taxchain.key.v1',
      taxId: this.signer.taxId,
      keyId: this.signer.keyId,
      publicKey: this.signer.publicKey,
    };
    return this.record(
      LedgerKinds.keyRegistered,
      `key:${this.signer.keyId}`,
      { document },
      signature,
    );
  }

  revoked(reason: string): Promise<void> {
    const payload: KeyRevokedPayload = {
      schema: 'taxchain.key-revocation.v1',
      taxId: this.signer.taxId,
      keyId: this.signer.keyId,
      reason,
    };
    return this.record(LedgerKinds.keyRevoked, `key:${this.signer.keyId}`, payload, null);
  }

  async issued(buyerTaxId: string): Promise<GivenInvoice> {
    const number = invoiceNumber();
    const document = this.signer.invoice(buyerTaxId);
    const code = checkCode(number, toHex(sha256(canonicalBytes(document))));
    const payload: InvoiceIssuedPayload = { document, invoiceNumber: number, checkCode: code };
    await this.record(LedgerKinds.invoiceIssued, number, payload, this.signer.sign(document));
    return { invoiceNumber: number, checkCode: code, document };
  }

  private async record(
    kind: string,
    subject: string,
    payload: object,
    actorSignature: string | null,
  ): Promise<void> {
    const entry = {
      kind,
      subject,
      actor: `merchant:${this.signer.taxId}`,
      payload,
      actorSignature,
      identity: `${kind}:${subject}`,
    };
    await this.appender.commit({
      subject,
      run: () => Promise.resolve({ value: null, entries: [entry] }),
    });
  }
}

async function inParallel<T>(tasks: Array<() => PromiseLike<T>>, limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return results;
}

function raceScale(spec: string): [number, number, number] {
  const match = /^(\d+)x(\d+)\+(\d+)$/.exec(spec);
  if (!match) throw new Error(`REIMBURSEMENT_RACE must look like 20x30+10, not ${spec}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function numberOnChain(chain: number): string {
  for (;;) {
    const number = invoiceNumber();
    if (chainOf(number, CHAINS) === chain) return number;
  }
}

function flip(code: string): string {
  return code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
}
