import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { generateTaxId } from '@taxchain/contracts';
import { generateSecretKey, toHex } from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { issuingService } from '../apps/issuing/src/issuing.service-definition';
import { MerchantSigner } from '../scripts/load/merchant-signer';

interface ItemResult {
  index: number;
  documentNumber?: string;
  status: number;
  receipt?: { invoiceNumber: string; entryHash: string; status: string; buyerRegistered: boolean };
  problem?: { type: string; status: number; detail?: string };
}

/** POST /invoices/batch: many signed invoices in one request, each atomic and idempotent alone. */
describe('issuing: batches of invoices', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let token: string;
  let signer: MerchantSigner;
  let buyerTaxId: string;

  const post = (body: unknown) =>
    request(app.getHttpServer())
      .post('/invoices/batch')
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);
  const counts = async () => {
    const [row] = await db.query<Array<{ invoices: string; entries: string }>>(
      `SELECT (SELECT count(*) FROM issuing.invoices) AS invoices,
              (SELECT count(*) FROM ledger.entries WHERE kind = 'invoice.issued') AS entries`,
    );
    return { invoices: Number(row.invoices), entries: Number(row.entries) };
  };

  beforeAll(async () => {
    database = await createTestDatabase(issuingService.migrations);
    const config = testConfig(database.url, {
      KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
      AUTHORITY_KEY: toHex(generateSecretKey()),
    });
    app = await createServiceApp(issuingService, config);
    await app.init();
    db = app.get(DataSource);
    const given = GivenAccess.from(app);
    const merchant = await given.merchant();
    token = merchant.token;
    buyerTaxId = (await given.company()).party.taxId;
    signer = new MerchantSigner(merchant.party);
    await request(app.getHttpServer())
      .post('/keys')
      .set('Authorization', `Bearer ${token}`)
      .send(signer.registration())
      .expect(201);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('issues 500 invoices in one request: one result each, in order, one entry each', async () => {
    const before = await counts();
    const batch = Array.from({ length: 500 }, () => signer.signed(signer.invoice(buyerTaxId)));
    const response = await post({ invoices: batch }).expect(200);
    const results = response.body.results as ItemResult[];
    expect(response.body).toMatchObject({ issued: 500, replayed: 0, refused: 0 });
    expect(results.map(({ index }) => index)).toEqual(batch.map((_, i) => i));
    expect(results.map(({ documentNumber }) => documentNumber)).toEqual(
      batch.map(({ invoice }) => invoice.documentNumber),
    );
    expect(new Set(results.map(({ receipt }) => receipt?.invoiceNumber)).size).toBe(500);
    expect(
      results.every(({ status, receipt }) => status === 201 && receipt?.status === 'issued'),
    ).toBe(true);
    expect(await counts()).toEqual({
      invoices: before.invoices + 500,
      entries: before.entries + 500,
    });

    // Sent again (a client that lost the answer): the same receipts, nothing written.
    const again = await post({ invoices: batch }).expect(200);
    expect(again.body).toMatchObject({ issued: 0, replayed: 500, refused: 0 });
    expect((again.body.results as ItemResult[]).map(({ receipt }) => receipt)).toEqual(
      results.map(({ receipt }) => receipt),
    );
    expect(await counts()).toEqual({
      invoices: before.invoices + 500,
      entries: before.entries + 500,
    });
  });

  it('refuses a bad invoice alone, with its own problem, and issues the others', async () => {
    const before = await counts();
    const good = signer.signed(signer.invoice(buyerTaxId));
    const forged = signer.signed(signer.invoice(buyerTaxId));
    forged.invoice = { ...forged.invoice, documentNumber: `${forged.invoice.documentNumber}-x` };
    const malformed = {
      invoice: { ...signer.invoice(buyerTaxId), seller: 'nobody' },
      signature: 'ab',
    };
    // Same document number, other content (another buyer name).
    const conflicting = signer.signed({
      ...good.invoice,
      buyer: { ...good.invoice.buyer, name: 'Another Buyer Co.' },
    });
    const first = await post({ invoices: [good, forged, malformed] }).expect(200);
    const second = await post({ invoices: [conflicting] }).expect(200);
    const results = [...first.body.results, ...second.body.results] as ItemResult[];
    expect(results.map(({ status }) => status)).toEqual([201, 422, 400, 409]);
    expect(results[1].problem?.type).toBe('urn:taxchain:problem:bad-signature');
    expect(results[2].problem?.type).toBe('urn:taxchain:problem:validation-failed');
    expect(results[2].problem?.detail).toMatch(/invoice\.seller/);
    expect(results[3].problem?.type).toBe('urn:taxchain:problem:document-number-conflict');
    expect(first.body).toMatchObject({ issued: 1, replayed: 0, refused: 2 });
    expect(await counts()).toEqual({ invoices: before.invoices + 1, entries: before.entries + 1 });
  });

  it('issues one invoice once when two batches carrying it race', async () => {
    const before = await counts();
    const shared = signer.signed(signer.invoice(buyerTaxId));
    const batches = Array.from({ length: 6 }, () => [
      shared,
      signer.signed(signer.invoice(buyerTaxId)),
    ]);
    const answers = await Promise.all(batches.map((invoices) => post({ invoices }).expect(200)));
    const sharedResults = answers.map(({ body }) => (body.results as ItemResult[])[0]);
    expect(sharedResults.filter(({ status }) => status === 201)).toHaveLength(1);
    expect(sharedResults.filter(({ status }) => status === 200)).toHaveLength(5);
    expect(new Set(sharedResults.map(({ receipt }) => receipt?.invoiceNumber)).size).toBe(1);
    expect(await counts()).toEqual({ invoices: before.invoices + 7, entries: before.entries + 7 });
  });

  // The invoice rows of a ledger transaction are written in one statement: each item must still
  // get its own answer, whatever the others in that statement are.
  it('answers each item written together for itself: buyers registered or not, a document twice, used numbers', async () => {
    const earlier = signer.signed(signer.invoice(buyerTaxId));
    const earlierAnswer = (await post({ invoices: [earlier] }).expect(200)).body
      .results as ItemResult[];
    const before = await counts();
    const twin = signer.signed(signer.invoice(buyerTaxId));
    const contested = signer.signed(signer.invoice(buyerTaxId));
    const otherContent = (signed: typeof twin) =>
      signer.signed({
        ...signed.invoice,
        buyer: { ...signed.invoice.buyer, name: 'Another Buyer Co.' },
      });
    const registered = Array.from({ length: 10 }, () => signer.signed(signer.invoice(buyerTaxId)));
    const unregistered = Array.from({ length: 10 }, () =>
      signer.signed(signer.invoice(generateTaxId('110108'))),
    );
    const invoices = [
      ...registered,
      twin,
      contested,
      earlier,
      otherContent(earlier),
      ...unregistered,
      twin,
      otherContent(contested),
    ];
    const response = await post({ invoices }).expect(200);
    const results = response.body.results as ItemResult[];
    const at = (from: number, to = from + 1) => results.slice(from, to);
    expect(at(0, 10).map(({ status, receipt }) => [status, receipt?.buyerRegistered])).toEqual(
      registered.map(() => [201, true]),
    );
    expect(at(14, 24).map(({ status, receipt }) => [status, receipt?.buyerRegistered])).toEqual(
      unregistered.map(() => [201, false]),
    );
    // The same signed document twice: issued once, the other answered with its receipt.
    const twins = [...at(10), ...at(24)];
    expect(twins.map(({ status }) => status).sort()).toEqual([200, 201]);
    expect(twins[0].receipt).toEqual(twins[1].receipt);
    // One document number with two contents: whichever came first is issued, the other 409.
    const contest = [...at(11), ...at(25)];
    expect(contest.map(({ status }) => status).sort()).toEqual([201, 409]);
    expect(contest.find(({ status }) => status === 409)?.problem?.type).toBe(
      'urn:taxchain:problem:document-number-conflict',
    );
    // Issued by an earlier request: the same receipt again, and its number refused for other content.
    expect(at(12)).toEqual([{ ...earlierAnswer[0], index: 12, status: 200 }]);
    expect(at(13).map(({ status, problem }) => [status, problem?.type])).toEqual([
      [409, 'urn:taxchain:problem:document-number-conflict'],
    ]);
    expect(response.body).toMatchObject({ issued: 22, replayed: 2, refused: 2 });
    expect(await counts()).toEqual({
      invoices: before.invoices + 22,
      entries: before.entries + 22,
    });
  });

  it('records nothing signed with a key once another instance has revoked it, mid-batch', async () => {
    const revoking = new MerchantSigner(signer.seller);
    await request(app.getHttpServer())
      .post('/keys')
      .set('Authorization', `Bearer ${token}`)
      .send(revoking.registration())
      .expect(201);
    const rowsSigned = async () => {
      const [row] = await db.query<Array<{ n: string }>>(
        `SELECT count(*) n FROM issuing.invoices WHERE document->>'keyId' = $1`,
        [revoking.keyId],
      );
      return Number(row.n);
    };
    const invoices = Array.from({ length: 300 }, () =>
      revoking.signed(revoking.invoice(buyerTaxId)),
    );
    // Sent now (supertest sends only when awaited), answered after the revocation below.
    const answer = post({ invoices })
      .expect(200)
      .then((response) => response);
    while ((await rowsSigned()) < 20) await new Promise((done) => setTimeout(done, 5));
    // What another issuing instance's revocation does to the shared database (this one's cache
    // still says the key is usable): it waits for the transactions that share-lock the key.
    await db.query('UPDATE issuing.merchant_keys SET revoked_at = now() WHERE key_id = $1', [
      revoking.keyId,
    ]);
    const rowsAtRevocation = await rowsSigned();
    const results = (await answer).body.results as ItemResult[];
    const byStatus = (status: number) => results.filter((result) => result.status === status);
    expect(await rowsSigned()).toBe(rowsAtRevocation);
    expect(byStatus(201).length).toBeGreaterThanOrEqual(20);
    expect(byStatus(422).length).toBeGreaterThan(0);
    expect(new Set(byStatus(422).map(({ problem }) => problem?.type))).toEqual(
      new Set(['urn:taxchain:problem:revoked-key']),
    );
    // On a loaded machine the batch may run out of time: those items are 503, never issued twice.
    const inDoubt = results.filter(
      ({ problem }) => problem?.type === 'urn:taxchain:problem:batch-item-in-doubt',
    );
    expect(byStatus(201).length + byStatus(422).length + byStatus(503).length).toBe(300);
    expect(rowsAtRevocation).toBeGreaterThanOrEqual(byStatus(201).length);
    expect(rowsAtRevocation).toBeLessThanOrEqual(byStatus(201).length + inDoubt.length);
  });

  it.each([
    ['no invoices member', {}],
    ['an empty batch', { invoices: [] }],
    ['501 invoices', { invoices: Array.from({ length: 501 }, () => ({})) }],
    ['an item that is not an object', { invoices: [[]] }],
    ['invoices that is an object', { invoices: { invoice: {} } }],
  ])('refuses %s with 400, writing nothing', async (_case, body) => {
    const before = await counts();
    const response = await post(body).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await counts()).toEqual(before);
  });

  it("refuses another merchant's invoice in a batch with 403, issuing the caller's own", async () => {
    const stranger = new MerchantSigner((await GivenAccess.from(app).merchant()).party);
    const before = await counts();
    const response = await post({
      invoices: [
        stranger.signed(stranger.invoice(buyerTaxId)),
        signer.signed(signer.invoice(buyerTaxId)),
      ],
    }).expect(200);
    const results = response.body.results as ItemResult[];
    expect(results.map(({ status }) => status)).toEqual([403, 201]);
    expect(results[0].problem?.type).toBe('urn:taxchain:problem:seller-mismatch');
    expect(await counts()).toEqual({ invoices: before.invoices + 1, entries: before.entries + 1 });
  });

  it('refuses, item by item, an invoice whose gross rounds to 0 fen and one naming the seller otherwise than registered', async () => {
    const before = await counts();
    // 1 × 0.004 yuan = 0.4 fen → 0 fen, tax 0.
    const nothing = signer.invoice(buyerTaxId, {
      lineInputs: [{ description: 'Sample', quantity: '1', unitPrice: '0.004', taxRate: '0.13' }],
    });
    const renamed = signer.invoice(buyerTaxId, {
      seller: { taxId: signer.taxId, name: `${signer.seller.name} Ltd.` },
    });
    const response = await post({
      invoices: [
        signer.signed(nothing),
        signer.signed(renamed),
        signer.signed(signer.invoice(buyerTaxId)),
      ],
    }).expect(200);
    const results = response.body.results as ItemResult[];
    expect(results.map(({ status, problem }) => [status, problem?.type])).toEqual([
      [422, 'urn:taxchain:problem:zero-gross'],
      [422, 'urn:taxchain:problem:seller-name-mismatch'],
      [201, undefined],
    ]);
    expect(await counts()).toEqual({ invoices: before.invoices + 1, entries: before.entries + 1 });
  });

  it('takes a batch larger than the single-request body limit, and refuses one larger than its own', async () => {
    const invoices = Array.from({ length: 500 }, () => signer.signed(signer.invoice(buyerTaxId)));
    expect(JSON.stringify({ invoices }).length).toBeGreaterThan(256 * 1024);
    await post({ invoices }).expect(200);
    const padded = { invoices: [{ ...invoices[0], padding: 'x'.repeat(2.1 * 1024 * 1024) }] };
    const refused = await post(padded).expect(413);
    expect(refused.body.type).toBe('urn:taxchain:problem:payload-too-large');
  });

  it('is for merchants only', async () => {
    const company = await GivenAccess.from(app).company();
    await request(app.getHttpServer())
      .post('/invoices/batch')
      .set('Authorization', `Bearer ${company.token}`)
      .send({ invoices: [signer.signed(signer.invoice(buyerTaxId))] })
      .expect(403);
  });
});

/** A batch larger than the request's time allows: answered in time, the rest marked to resend. */
describe('issuing: a batch that runs out of time', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(issuingService.migrations);
    const config = testConfig(database.url, {
      KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
      AUTHORITY_KEY: toHex(generateSecretKey()),
      // New items start within 60 % of it (0.9 s).
      HTTP_REQUEST_TIMEOUT_MS: '1500',
    });
    app = await createServiceApp(issuingService, config);
    await app.init();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('answers in time: issues what it started, the rest 503 batch-time-exhausted (or in doubt), and a resend finishes', async () => {
    const given = GivenAccess.from(app);
    const merchant = await given.merchant();
    const buyerTaxId = (await given.company()).party.taxId;
    const signer = new MerchantSigner(merchant.party);
    const post = (body: object) =>
      request(app.getHttpServer())
        .post('/invoices/batch')
        .set('Authorization', `Bearer ${merchant.token}`)
        .send(body);
    await request(app.getHttpServer())
      .post('/keys')
      .set('Authorization', `Bearer ${merchant.token}`)
      .send(signer.registration())
      .expect(201);
    const invoices = Array.from({ length: 500 }, () => signer.signed(signer.invoice(buyerTaxId)));
    // Every chain's head is held for 1.2 s, past the 0.9 s in which items may start, so that the
    // items started first are still being written then on any machine, however fast.
    const holder = db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('SELECT chain FROM ledger.heads FOR UPDATE');
    const held = new Promise((done) => setTimeout(done, 1_200))
      .then(() => holder.commitTransaction())
      .finally(() => holder.release());
    const first = await post({ invoices }).expect(200);
    await held;
    const results = first.body.results as ItemResult[];
    const late = results.filter(({ status }) => status === 503);
    const notStarted = late.filter(
      ({ problem }) => problem?.type === 'urn:taxchain:problem:batch-time-exhausted',
    );
    expect(notStarted.length).toBeGreaterThan(0);
    // The rest of the late ones were still being written when the batch was answered (a busy
    // machine): each is written once or not at all, so never more rows than were started.
    expect(new Set(late.map(({ problem }) => problem?.type))).toEqual(
      new Set(
        late.length > notStarted.length
          ? [
              'urn:taxchain:problem:batch-time-exhausted',
              'urn:taxchain:problem:batch-item-in-doubt',
            ]
          : ['urn:taxchain:problem:batch-time-exhausted'],
      ),
    );
    const issued = results.filter(({ status }) => status === 201).length;
    expect(issued).toBe(500 - late.length);
    const [row] = await db.query<Array<{ n: string }>>('SELECT count(*) n FROM issuing.invoices');
    expect(Number(row.n)).toBeGreaterThanOrEqual(issued);
    expect(Number(row.n)).toBeLessThanOrEqual(500 - notStarted.length);

    // The whole batch again, as a client that only resends: the issued ones replay.
    let pending = invoices;
    for (let round = 0; round < 20 && pending.length > 0; round += 1) {
      const answer = (await post({ invoices: pending }).expect(200)).body.results as ItemResult[];
      pending = answer.filter(({ status }) => status === 503).map(({ index }) => pending[index]);
    }
    expect(pending).toEqual([]);
    const [after] = await db.query<Array<{ n: string }>>('SELECT count(*) n FROM issuing.invoices');
    expect(Number(after.n)).toBe(500);
  });
});
