import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Kafka, type Consumer } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  LedgerKinds,
  checkCode,
  generateTaxId,
  topicNames,
  type InvoiceDocument,
  type InvoiceLine,
  type KeyRevokedPayload,
} from '@taxchain/contracts';
import {
  AuthorityKeys,
  GENESIS_PREV_HASH,
  LedgerAppender,
  advance,
  checkLink,
  generateSecretKey,
  payloadHash,
  toHex,
  verifyProofBundle,
  type ChainPosition,
  type LedgerEntry,
  type ProofBundle,
} from '@taxchain/ledger';
import { createServiceApp, kafkaConfig } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { issuingService } from '../apps/issuing/src/issuing.service-definition';
import { MerchantSigner } from '../scripts/load/merchant-signer';
import { poll } from './support/wait-for';

type LineInput = Omit<InvoiceLine, 'amount' | 'tax'>;
/** The first line of MerchantSigner's default invoice: what its credit notes take back. */
const TEA = 'Wuyi rock tea, 250 g tin';
type Merchant = Awaited<ReturnType<GivenAccess['merchant']>>;
interface Receipt {
  invoiceNumber: string;
  checkCode: string;
  entryHash: string;
  status: string;
  proofUrl: string;
  buyerRegistered: boolean;
}
interface ProofBody {
  subject: string;
  pending: boolean;
  entries: Array<{ entry: LedgerEntry; proof?: ProofBundle }>;
}

/** Merchants register keys and issue, read, prove, void and credit signed invoices. */
describe('issuing: keys and invoices', () => {
  const prefix = `t${randomUUID().slice(0, 8)}.`;
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let given: GivenAccess;
  let merchantA: Merchant;
  let merchantB: Merchant;
  let signerA: MerchantSigner;
  let signerB: MerchantSigner;
  let buyerTaxId: string;

  const as = (token: string) => {
    const http = request(app.getHttpServer());
    return {
      get: (path: string) => http.get(path).set('Authorization', `Bearer ${token}`),
      post: (path: string, body?: object) =>
        http.post(path).set('Authorization', `Bearer ${token}`).send(body),
    };
  };
  const rowCounts = async () => {
    const [row] = await db.query<Array<Record<string, string>>>(
      `SELECT (SELECT count(*) FROM issuing.invoices) AS invoices,
              (SELECT count(*) FROM issuing.merchant_keys) AS keys,
              (SELECT count(*) FROM ledger.entries) AS entries,
              (SELECT sum(credited_gross) FROM issuing.invoices) AS credited`,
    );
    return row;
  };
  /** Issues a fresh valid invoice by merchant A and returns its receipt. */
  const issueOne = async (overrides: Parameters<MerchantSigner['invoice']>[1] = {}) =>
    (
      await as(merchantA.token)
        .post('/invoices', signerA.signed(signerA.invoice(buyerTaxId, overrides)))
        .expect(201)
    ).body as Receipt;

  beforeAll(async () => {
    database = await createTestDatabase(issuingService.migrations);
    const config = testConfig(database.url, {
      KAFKA_TOPIC_PREFIX: prefix,
      CHECKPOINT_INTERVAL_MS: '100',
      AUTHORITY_KEY: toHex(generateSecretKey()),
      LEDGER_CHAINS: '4',
    });
    app = await createServiceApp(issuingService, config);
    await app.init();
    db = app.get(DataSource);
    given = GivenAccess.from(app);
    merchantA = await given.merchant();
    merchantB = await given.merchant();
    buyerTaxId = (await given.company()).party.taxId;
    signerA = new MerchantSigner(merchantA.party);
    signerB = new MerchantSigner(merchantB.party);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  describe('keys', () => {
    it('registers a key with proof of possession, once', async () => {
      const registered = await as(merchantA.token)
        .post('/keys', signerA.registration())
        .expect(201);
      expect(registered.body).toEqual({
        keyId: signerA.keyId,
        taxId: merchantA.party.taxId,
        publicKey: signerA.publicKey,
        registeredAt: expect.any(String),
        revokedAt: null,
      });
      const again = await as(merchantA.token).post('/keys', signerA.registration()).expect(200);
      expect(again.body).toEqual(registered.body);
      await as(merchantB.token).post('/keys', signerB.registration()).expect(201);
      const listed = await as(merchantA.token).get('/keys').expect(200);
      expect(listed.body.items).toEqual([registered.body]);
    });

    it('records key.registered on the ledger, signed by the key itself', async () => {
      const [entry] = await db.query<Array<{ kind: string; actor: string }>>(
        'SELECT kind, actor FROM ledger.entries WHERE subject = $1',
        [`key:${signerA.keyId}`],
      );
      expect(entry).toEqual({ kind: 'key.registered', actor: `merchant:${merchantA.party.taxId}` });
    });

    it.each([
      ['a small-order key', { publicKey: '01'.padEnd(64, '0') }, 422, 'weak-key'],
      ['a proof that does not verify', { signature: 'ab'.repeat(64) }, 422, 'bad-signature'],
      ['uppercase hex', { publicKey: 'A'.repeat(64) }, 400, 'validation-failed'],
    ])('refuses %s, writing nothing', async (_case, change, status, type) => {
      const fresh = new MerchantSigner(merchantA.party);
      const before = await rowCounts();
      const response = await as(merchantA.token)
        .post('/keys', { ...fresh.registration(), ...change })
        .expect(status);
      expect(response.body.type).toBe(`urn:taxchain:problem:${type}`);
      expect(await rowCounts()).toEqual(before);
    });

    it("refuses another merchant's key with 409 and revokes only one's own", async () => {
      const taken = await as(merchantB.token)
        .post('/keys', { ...signerA.registration() })
        .expect(422); // the proof names A's tax ID, so B cannot even prove it
      expect(taken.body.type).toBe('urn:taxchain:problem:bad-signature');
      await as(merchantB.token).post(`/keys/${signerA.keyId}/revoke`, {}).expect(404);
    });

    it('rotates: a new key is registered, the old one revoked and refused for signing', async () => {
      const old = new MerchantSigner(merchantA.party);
      await as(merchantA.token).post('/keys', old.registration()).expect(201);
      const revoked = await as(merchantA.token)
        .post(`/keys/${old.keyId}/revoke`, { reason: 'rotated' })
        .expect(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      const again = await as(merchantA.token).post(`/keys/${old.keyId}/revoke`, {}).expect(409);
      expect(again.body.type).toBe('urn:taxchain:problem:key-already-revoked');
      const before = await rowCounts();
      const refused = await as(merchantA.token)
        .post('/invoices', old.signed(old.invoice(buyerTaxId)))
        .expect(422);
      expect(refused.body.type).toBe('urn:taxchain:problem:revoked-key');
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('issuing', () => {
    let document: InvoiceDocument;
    let receipt: Receipt;

    it('issues a signed invoice: 201 with number, check code, entry hash and proof link', async () => {
      document = signerA.invoice(buyerTaxId);
      const response = await as(merchantA.token)
        .post('/invoices', signerA.signed(document))
        .expect(201);
      receipt = response.body as Receipt;
      const number = response.body.invoiceNumber as string;
      // YY, province 31 (the factory's Shanghai Pudong tax IDs), channel 1, 15-digit sequence.
      expect(number).toMatch(new RegExp(`^${document.issueDate.slice(2, 4)}311\\d{15}$`));
      expect(response.body).toEqual({
        invoiceNumber: number,
        checkCode: checkCode(number, toHex(payloadHash(document))),
        entryHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        status: 'issued',
        proofUrl: `/invoices/${number}/proof`,
        buyerRegistered: true,
      });
    });

    it('answers a retry with 200 and the same receipt, writing nothing', async () => {
      const before = await rowCounts();
      const response = await as(merchantA.token)
        .post('/invoices', signerA.signed(document))
        .expect(200);
      expect(response.body).toEqual(receipt);
      expect(await rowCounts()).toEqual(before);
    });

    it('answers 409 to the same document number with other content', async () => {
      const before = await rowCounts();
      const other = { ...document, buyer: { ...document.buyer, name: 'Someone else' } };
      const response = await as(merchantA.token)
        .post('/invoices', signerA.signed(other))
        .expect(409);
      expect(response.body).toMatchObject({
        type: 'urn:taxchain:problem:document-number-conflict',
        invoiceNumber: receipt.invoiceNumber,
      });
      expect(await rowCounts()).toEqual(before);
    });

    it('marks an unregistered buyer', async () => {
      const response = await as(merchantA.token)
        .post('/invoices', signerA.signed(signerA.invoice(generateTaxId('110108'))))
        .expect(201);
      expect(response.body.buyerRegistered).toBe(false);
    });

    it('reads the invoice back, with the document exactly as signed', async () => {
      const response = await as(merchantA.token)
        .get(`/invoices/${receipt.invoiceNumber}`)
        .expect(200);
      expect(response.body).toMatchObject({
        invoiceNumber: receipt.invoiceNumber,
        kind: 'invoice',
        status: 'issued',
        entryHash: receipt.entryHash,
        creditedGross: '0',
        document,
        signature: signerA.sign(document),
      });
    });

    it('lists with filters and pages with the cursor', async () => {
      const byBuyer = await as(merchantA.token).get(`/invoices?buyer=${buyerTaxId}`).expect(200);
      const items = byBuyer.body.items as Array<{ invoiceNumber: string }>;
      expect(items.map((i) => i.invoiceNumber)).toEqual([receipt.invoiceNumber]);
      const first = await as(merchantA.token).get('/invoices?limit=1').expect(200);
      expect(first.body.items[0].invoiceNumber).toBe(receipt.invoiceNumber);
      const second = await as(merchantA.token)
        .get(`/invoices?limit=1&cursor=${first.body.nextCursor}`)
        .expect(200);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items[0].invoiceNumber).not.toBe(receipt.invoiceNumber);
      expect(second.body.nextCursor).toBeNull();
      const none = await as(merchantA.token).get('/invoices?status=voided').expect(200);
      expect(none.body.items).toEqual([]);
      const future = await as(merchantA.token).get('/invoices?from=2999-01-01').expect(200);
      expect(future.body.items).toEqual([]);
      const forged = await as(merchantA.token).get('/invoices?cursor=forged').expect(400);
      expect(forged.body.type).toBe('urn:taxchain:problem:invalid-cursor');
      // A cursor is a position in one list: with other filters, or another merchant's, it would
      // answer a page of rows that list never held in that order.
      const cursor = first.body.nextCursor as string;
      for (const [who, query] of [
        [merchantA.token, `/invoices?status=issued&limit=1&cursor=${cursor}`],
        [merchantA.token, `/invoices?buyer=${buyerTaxId}&limit=1&cursor=${cursor}`],
        [merchantB.token, `/invoices?limit=1&cursor=${cursor}`],
      ]) {
        const elsewhere = await as(who).get(query).expect(400);
        expect(elsewhere.body).toMatchObject({
          type: 'urn:taxchain:problem:invalid-cursor',
          detail: expect.stringContaining('this caller and these filters'),
        });
      }
    });

    it('proves the invoice against a signed checkpoint once one covers it', async () => {
      const proof = await poll(async () => {
        const response = await as(merchantA.token)
          .get(`/invoices/${receipt.invoiceNumber}/proof`)
          .expect(200);
        const body = response.body as ProofBody;
        return body.pending ? undefined : body;
      });
      expect(proof.subject).toBe(receipt.invoiceNumber);
      expect(proof.entries).toHaveLength(1);
      const bundle = proof.entries[0].proof as ProofBundle;
      expect(bundle.entry.entryHash).toBe(receipt.entryHash);
      expect(verifyProofBundle(bundle, app.get(AuthorityKeys).trusted)).toEqual({ ok: true });
    });

    it('relays invoice.issued to Kafka on a chain every link of which verifies', async () => {
      const kafka = new Kafka(kafkaConfig(testConfig(database.url), 'issuing-e2e'));
      const consumer: Consumer = kafka.consumer({ groupId: `issuing-e2e-${randomUUID()}` });
      const received: LedgerEntry[] = [];
      await consumer.connect();
      try {
        await consumer.subscribe({ topic: topicNames(prefix).ledgerEntries, fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message }) => {
            received.push(JSON.parse(String(message.value)) as LedgerEntry);
          },
        });
        const issued = await poll(async () =>
          received.find((e) => e.kind === 'invoice.issued' && e.subject === receipt.invoiceNumber),
        );
        expect(issued.entryHash).toBe(receipt.entryHash);
        expect(JSON.parse(issued.payload)).toEqual({
          document,
          invoiceNumber: receipt.invoiceNumber,
          checkCode: receipt.checkCode,
        });
        // Every entry of that chain up to it, in order from genesis (redeliveries skipped).
        const chain = received
          .filter((e) => e.chain === issued.chain && e.seq <= issued.seq)
          .sort((a, b) => a.seq - b.seq)
          .filter((e, i, all) => i === 0 || all[i - 1].seq !== e.seq);
        let position: ChainPosition = { chain: issued.chain, seq: -1, hash: GENESIS_PREV_HASH };
        for (const entry of chain) {
          expect(checkLink(position, entry)).toBeUndefined();
          position = advance(entry);
        }
        expect(position.seq).toBe(issued.seq);
      } finally {
        await consumer.disconnect();
      }
    });
  });

  describe('voiding and crediting', () => {
    it('voids an invoice on a signed instruction, then refuses a second void', async () => {
      const { invoiceNumber } = await issueOne();
      const voided = await as(merchantA.token)
        .post(`/invoices/${invoiceNumber}/void`, signerA.void(invoiceNumber))
        .expect(200);
      expect(voided.body).toMatchObject({ status: 'voided', voidedAt: expect.any(String) });
      const before = await rowCounts();
      const again = await as(merchantA.token)
        .post(`/invoices/${invoiceNumber}/void`, signerA.void(invoiceNumber, 'again'))
        .expect(409);
      expect(again.body.type).toBe('urn:taxchain:problem:invoice-voided');
      expect(await rowCounts()).toEqual(before);
      const kinds = await db.query<Array<{ kind: string }>>(
        'SELECT kind FROM ledger.entries WHERE subject = $1 ORDER BY seq',
        [invoiceNumber],
      );
      expect(kinds.map((k) => k.kind)).toEqual(['invoice.issued', 'invoice.voided']);
    });

    it('credits part of an invoice, then refuses a credit beyond what remains', async () => {
      // 3 × 12.50 + 2 × 8.80 = 5510 fen net, 646 tax, 6156 gross.
      const original = await issueOne();
      const creditNote = (quantity: string) =>
        signerA.invoice(buyerTaxId, {
          kind: 'credit-note',
          creditedInvoiceNumber: original.invoiceNumber,
          // 1 × 12.50 = 1250 fen, tax 162.5 → 163: 1413 gross per tin taken back.
          lineInputs: [{ description: TEA, quantity, unitPrice: '12.50', taxRate: '0.13' }],
        });
      const first = signerA.signed(creditNote('1'));
      const path = `/invoices/${original.invoiceNumber}/credit-notes`;
      const credited = await as(merchantA.token).post(path, first).expect(201);
      expect(credited.body.invoiceNumber).not.toBe(original.invoiceNumber);
      const retried = await as(merchantA.token).post(path, first).expect(200);
      expect(retried.body).toEqual(credited.body);
      const read = await as(merchantA.token).get(`/invoices/${original.invoiceNumber}`).expect(200);
      expect(read.body.creditedGross).toBe('1413');
      const entries = await db.query<Array<{ kind: string; payload: string }>>(
        'SELECT kind, payload FROM ledger.entries WHERE subject = $1 ORDER BY seq',
        [original.invoiceNumber],
      );
      expect(entries.map((e) => e.kind)).toEqual(['invoice.issued', 'invoice.credited']);
      // 6156 − 1413 = 4743 left.
      expect(JSON.parse(entries[1].payload)).toMatchObject({
        creditNoteNumber: credited.body.invoiceNumber,
        remainingGross: '4743',
      });
      const before = await rowCounts();
      // 4 tins: 5000 fen net at 13 % > the 3750 − 1250 = 2500 left at that rate.
      const excess = await as(merchantA.token)
        .post(`/invoices/${original.invoiceNumber}/credit-notes`, signerA.signed(creditNote('4')))
        .expect(422);
      expect(excess.body.type).toBe('urn:taxchain:problem:credit-exceeds-remaining');
      expect(await rowCounts()).toEqual(before);
      const voided = await as(merchantA.token)
        .post(`/invoices/${original.invoiceNumber}/void`, signerA.void(original.invoiceNumber))
        .expect(409);
      expect(voided.body.type).toBe('urn:taxchain:problem:invoice-credited');
    });

    it('refuses to void or credit an invoice the reimbursement service has claimed', async () => {
      const { invoiceNumber } = await issueOne();
      // As the reimbursement service records a claim: on the invoice's own subject.
      await app.get(LedgerAppender).commit({
        subject: invoiceNumber,
        run: async () => ({
          value: null,
          entries: [
            {
              kind: 'reimbursement.claimed',
              subject: invoiceNumber,
              actor: `company:${buyerTaxId}`,
              payload: { schema: 'taxchain.reimbursement.v1', invoiceNumber },
              identity: `reimbursement.claimed:${invoiceNumber}`,
            },
          ],
        }),
      });
      const before = await rowCounts();
      const voided = await as(merchantA.token)
        .post(`/invoices/${invoiceNumber}/void`, signerA.void(invoiceNumber))
        .expect(409);
      expect(voided.body.type).toBe('urn:taxchain:problem:invoice-claimed');
      const note = signerA.invoice(buyerTaxId, {
        kind: 'credit-note',
        creditedInvoiceNumber: invoiceNumber,
      });
      const credited = await as(merchantA.token)
        .post(`/invoices/${invoiceNumber}/credit-notes`, signerA.signed(note))
        .expect(409);
      expect(credited.body.type).toBe('urn:taxchain:problem:invoice-claimed');
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('credit-note rules', () => {
    const creditAgainst = (invoiceNumber: string, lineInputs: LineInput[]) =>
      as(merchantA.token).post(
        `/invoices/${invoiceNumber}/credit-notes`,
        signerA.signed(
          signerA.invoice(buyerTaxId, {
            kind: 'credit-note',
            creditedInvoiceNumber: invoiceNumber,
            lineInputs,
          }),
        ),
      );
    const advice = { description: 'Tax advice', quantity: '1', unitPrice: '100.00' };

    it('refuses a 13 % line against an invoice charged at 6 %, naming the line', async () => {
      // 1 × 100.00 at 6 % = 10000 fen, tax 600.
      const { invoiceNumber } = await issueOne({ lineInputs: [{ ...advice, taxRate: '0.06' }] });
      const before = await rowCounts();
      const refused = await creditAgainst(invoiceNumber, [{ ...advice, taxRate: '0.13' }]).expect(
        422,
      );
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({
        type: 'urn:taxchain:problem:credit-line-unmatched',
        line: 0,
        detail: `lines[0] is at tax rate 0.13; invoice ${invoiceNumber} charged only 0.06.`,
      });
      const renamed = await creditAgainst(invoiceNumber, [
        { ...advice, description: 'Audit fee', taxRate: '0.06' },
      ]).expect(422);
      expect(renamed.body.type).toBe('urn:taxchain:problem:credit-line-unmatched');
      expect(await rowCounts()).toEqual(before);
    });

    it('refuses more net or tax at a rate than earlier credit notes left', async () => {
      // 13 %: 3 × 12.50 = 3750 fen, tax 488; 9 %: 2 × 8.80 = 1760 fen, tax 158 (6156 gross).
      const { invoiceNumber } = await issueOne();
      const tins = (quantity: string) => ({
        description: TEA,
        quantity,
        unitPrice: '12.50',
        taxRate: '0.13',
      });
      await creditAgainst(invoiceNumber, [tins('2')]).expect(201); // 2500 fen, tax 325
      const before = await rowCounts();
      // 2 more tins: 2500 fen at 13 % > 1250 left at 13 %, though 3656 gross remains overall.
      const refused = await creditAgainst(invoiceNumber, [tins('2')]).expect(422);
      expect(refused.body).toMatchObject({
        type: 'urn:taxchain:problem:credit-exceeds-remaining',
        line: 0,
        taxRate: '0.13',
        remainingNet: '1250',
        remainingTax: '163',
      });
      expect(await rowCounts()).toEqual(before);
    });

    it('refuses a credit note that takes back 0 fen, or names the seller otherwise than registered', async () => {
      const { invoiceNumber } = await issueOne();
      const before = await rowCounts();
      // 0.0001 tin × 12.50 = 0.125 fen → 0 fen, tax 0: nothing would be taken back.
      const nothing = await creditAgainst(invoiceNumber, [
        { description: TEA, quantity: '0.0001', unitPrice: '12.50', taxRate: '0.13' },
      ]).expect(422);
      expect(nothing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(nothing.body.type).toBe('urn:taxchain:problem:zero-gross');
      const note = signerA.invoice(buyerTaxId, {
        kind: 'credit-note',
        creditedInvoiceNumber: invoiceNumber,
        seller: { taxId: merchantA.party.taxId, name: 'Min River Tea' },
      });
      const renamed = await as(merchantA.token)
        .post(`/invoices/${invoiceNumber}/credit-notes`, signerA.signed(note))
        .expect(422);
      expect(renamed.body.type).toBe('urn:taxchain:problem:seller-name-mismatch');
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('concurrency', () => {
    it('issues one invoice for concurrent submissions of the same signed document', async () => {
      const body = signerA.signed(signerA.invoice(buyerTaxId));
      const before = await rowCounts();
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => as(merchantA.token).post('/invoices', body)),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      const receipts = responses.map((r) => r.body as Receipt);
      expect(new Set(receipts.map((r) => JSON.stringify(r))).size).toBe(1);
      const after = await rowCounts();
      expect(Number(after.invoices) - Number(before.invoices)).toBe(1);
      expect(Number(after.entries) - Number(before.entries)).toBe(1);
    });

    it('never credits more than the gross, whatever the interleaving', async () => {
      // 4 × 10.00 at 13 % = 4000 fen, tax 520; each note takes back one: 1000 + 130 = 1130.
      // 4 × 1130 = 4520 fits, a fifth does not.
      const tin = { description: TEA, unitPrice: '10.00', taxRate: '0.13' };
      const { invoiceNumber } = await issueOne({ lineInputs: [{ ...tin, quantity: '4' }] });
      const notes = Array.from({ length: 6 }, () =>
        signerA.signed(
          signerA.invoice(buyerTaxId, {
            kind: 'credit-note',
            creditedInvoiceNumber: invoiceNumber,
            lineInputs: [{ ...tin, quantity: '1' }],
          }),
        ),
      );
      const responses = await Promise.all(
        notes.map((note) =>
          as(merchantA.token).post(`/invoices/${invoiceNumber}/credit-notes`, note),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 422, 422]);
      const read = await as(merchantA.token).get(`/invoices/${invoiceNumber}`).expect(200);
      expect(read.body.creditedGross).toBe('4520');
    });
  });

  describe('key revocation', () => {
    it('still answers a retry of an invoice signed before its key was revoked', async () => {
      const signer = new MerchantSigner(merchantA.party);
      await as(merchantA.token).post('/keys', signer.registration()).expect(201);
      const body = signer.signed(signer.invoice(buyerTaxId));
      const issued = await as(merchantA.token).post('/invoices', body).expect(201);
      await as(merchantA.token).post(`/keys/${signer.keyId}/revoke`, {}).expect(200);
      const retried = await as(merchantA.token).post('/invoices', body).expect(200);
      expect(retried.body).toEqual(issued.body);
    });

    it('refuses a key another instance revoked, though this one remembers it unrevoked', async () => {
      const signer = new MerchantSigner(merchantA.party);
      await as(merchantA.token).post('/keys', signer.registration()).expect(201);
      await as(merchantA.token)
        .post('/invoices', signer.signed(signer.invoice(buyerTaxId)))
        .expect(201);
      // What another issuing instance's revocation leaves in the shared database.
      await db.query('UPDATE issuing.merchant_keys SET revoked_at = now() WHERE key_id = $1', [
        signer.keyId,
      ]);
      const before = await rowCounts();
      const refused = await as(merchantA.token)
        .post('/invoices', signer.signed(signer.invoice(buyerTaxId)))
        .expect(422);
      expect(refused.body.type).toBe('urn:taxchain:problem:revoked-key');
      expect(await rowCounts()).toEqual(before);
    });

    /** POST /invoices with a fresh invoice `signer` signed: refused with `problem`, nothing written. */
    const refusedWithNothingWritten = async (signer: MerchantSigner, problem: string) => {
      const before = await rowCounts();
      const refused = await as(merchantA.token)
        .post('/invoices', signer.signed(signer.invoice(buyerTaxId)))
        .expect(422);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ type: `urn:taxchain:problem:${problem}`, status: 422 });
      expect(refused.body.detail).toContain(signer.keyId);
      expect(await rowCounts()).toEqual(before);
    };

    it('refuses a key the ledger revoked, though a superuser cleared the revocation in the key table', async () => {
      const signer = new MerchantSigner(merchantA.party);
      await as(merchantA.token).post('/keys', signer.registration()).expect(201);
      await as(merchantA.token).post(`/keys/${signer.keyId}/revoke`, {}).expect(200);
      await db.query('UPDATE issuing.merchant_keys SET revoked_at = NULL WHERE key_id = $1', [
        signer.keyId,
      ]);
      await refusedWithNothingWritten(signer, 'revoked-key');
    });

    it('refuses a key the ledger never registered, though a superuser inserted it into the key table', async () => {
      const signer = new MerchantSigner(merchantA.party);
      await db.query(
        `INSERT INTO issuing.merchant_keys (key_id, tax_id, public_key) VALUES ($1, $2, decode($3, 'hex'))`,
        [signer.keyId, merchantA.party.taxId, signer.publicKey],
      );
      await refusedWithNothingWritten(signer, 'unknown-key');
    });

    it('refuses a key whose key.revoked this instance has not read, though its row says unrevoked', async () => {
      const signer = new MerchantSigner(merchantA.party);
      await as(merchantA.token).post('/keys', signer.registration()).expect(201);
      await as(merchantA.token)
        .post('/invoices', signer.signed(signer.invoice(buyerTaxId)))
        .expect(201);
      // Another instance's revocation, whose row change a superuser then undid: only the
      // ledger's key.revoked is left, and this instance last read the key unrevoked.
      const entry = {
        kind: LedgerKinds.keyRevoked,
        subject: `key:${signer.keyId}`,
        actor: `merchant:${signer.taxId}`,
        payload: {
          schema: 'taxchain.key-revocation.v1',
          taxId: signer.taxId,
          keyId: signer.keyId,
          reason: 'compromised',
        } satisfies KeyRevokedPayload,
        actorSignature: null,
        identity: `key.revoked:${signer.keyId}`,
      };
      await app.get(LedgerAppender).commit({
        subject: entry.subject,
        run: () => Promise.resolve({ value: null, entries: [entry] }),
      });
      await refusedWithNothingWritten(signer, 'revoked-key');
    });
  });

  describe('refusals write nothing', () => {
    const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const tomorrow = () => new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);
    type Body = Record<string, unknown>;
    /** A valid signed invoice, changed by `change` before (resign) or after signing. */
    const cases: Array<[string, (doc: InvoiceDocument) => Body, number, string]> = [
      ['an unknown top-level field', (d) => ({ ...signed(d), extra: 1 }), 400, 'validation-failed'],
      ['no signature', (d) => ({ invoice: d }), 400, 'validation-failed'],
      [
        'a signature that is not hex',
        (d) => ({ invoice: d, signature: 'zz'.repeat(64) }),
        400,
        'validation-failed',
      ],
      [
        'another schema',
        (d) => resign({ ...d, schema: 'taxchain.invoice.v2' as never }),
        400,
        'validation-failed',
      ],
      [
        'an unknown field in a line',
        (d) => resign({ ...d, lines: [{ ...d.lines[0], discount: '1' } as never] }),
        400,
        'validation-failed',
      ],
      ['no lines', (d) => resign({ ...d, lines: [] }), 400, 'validation-failed'],
      [
        'an exponent quantity',
        (d) => resign(withLine(d, { quantity: '1e3' })),
        400,
        'validation-failed',
      ],
      [
        'a zero quantity',
        (d) => resign(withLine(d, { quantity: '0', amount: '0', tax: '0' })),
        400,
        'validation-failed',
      ],
      [
        'a negative unit price',
        (d) => resign(withLine(d, { unitPrice: '-12.50' })),
        400,
        'validation-failed',
      ],
      ['a numeric amount', (d) => resign(withLine(d, { amount: 3750 })), 400, 'validation-failed'],
      [
        'seven decimals',
        (d) => resign(withLine(d, { quantity: '1.0000001' })),
        400,
        'validation-failed',
      ],
      [
        'a buyer tax ID with a bad check character',
        (d) => resign({ ...d, buyer: { ...d.buyer, taxId: badCheck(d.buyer.taxId) } }),
        400,
        'validation-failed',
      ],
      ['30 February', (d) => resign({ ...d, issueDate: '2026-02-30' }), 400, 'validation-failed'],
      // ISO 8601's year 0000 (1 BC): JavaScript's Date takes it, PostgreSQL's date has no year 0.
      ['the year 0000', (d) => resign({ ...d, issueDate: '0000-01-01' }), 400, 'validation-failed'],
      ['a lowercase currency', (d) => resign({ ...d, currency: 'cny' }), 400, 'validation-failed'],
      [
        'a creditedInvoiceNumber on an invoice',
        (d) => resign({ ...d, creditedInvoiceNumber: '26311000000000000001' }),
        400,
        'validation-failed',
      ],
      [
        'a date tomorrow (UTC+8)',
        (d) => resign({ ...d, issueDate: tomorrow() }),
        422,
        'future-date',
      ],
      ['an unknown currency', (d) => resign({ ...d, currency: 'XYZ' }), 422, 'unknown-currency'],
      ['a 17% rate', (d) => resign(withLine(d, { taxRate: '0.17' })), 422, 'unsupported-tax-rate'],
      [
        'a rate spelled 0.130',
        (d) => resign(withLine(d, { taxRate: '0.130' })),
        422,
        'unsupported-tax-rate',
      ],
      [
        'a line tax rounded down',
        (d) => resign(withLine(d, { tax: '487' })),
        422,
        'totals-mismatch',
      ],
      [
        'a line amount off by one fen',
        (d) => resign(withLine(d, { amount: '3751' })),
        422,
        'totals-mismatch',
      ],
      [
        'a gross that is not net + tax',
        (d) => resign({ ...d, totals: { ...d.totals, gross: '1' } }),
        422,
        'totals-mismatch',
      ],
      [
        'a gross that rounds to 0 fen (1 × 0.004 yuan)',
        () => resign(signerA.invoice(buyerTaxId, { lineInputs: [fraction('0.004')] })),
        422,
        'zero-gross',
      ],
      [
        'lines that each round to 0 fen (3 × 0.001 yuan, 2 × 0.0024 yuan)',
        () =>
          resign(
            signerA.invoice(buyerTaxId, {
              lineInputs: [
                { ...fraction('0.001'), quantity: '3' },
                { ...fraction('0.0024'), quantity: '2' },
              ],
            }),
          ),
        422,
        'zero-gross',
      ],
      [
        "a seller name other than the merchant's registered one",
        (d) => resign({ ...d, seller: { ...d.seller, name: 'Min River Tea' } }),
        422,
        'seller-name-mismatch',
      ],
      [
        'the registered seller name with a trailing space',
        (d) => resign({ ...d, seller: { ...d.seller, name: `${merchantA.party.name} ` } }),
        422,
        'seller-name-mismatch',
      ],
      [
        'a credit note sent as an invoice',
        (d) => resign({ ...d, kind: 'credit-note' }),
        422,
        'wrong-kind',
      ],
      ['an unregistered key', (d) => resign({ ...d, keyId: 'f'.repeat(32) }), 422, 'unknown-key'],
      ["another merchant's key", (d) => resign({ ...d, keyId: signerB.keyId }), 422, 'unknown-key'],
      [
        'a document changed after signing',
        (d) => ({ ...signed(d), invoice: { ...d, documentNumber: 'CHANGED-1' } }),
        422,
        'bad-signature',
      ],
      [
        'a signature over other bytes',
        (d) => ({ invoice: d, signature: signerA.sign({ ...d, currency: 'USD' }) }),
        422,
        'bad-signature',
      ],
      [
        'a lone surrogate, which has no canonical JSON',
        (d) => ({
          invoice: { ...d, buyer: { ...d.buyer, name: 'Pudong \ud800' } },
          signature: 'ab'.repeat(64),
        }),
        400,
        'validation-failed',
      ],
      [
        'a quantity sent as a number',
        (d) => resign(withLine(d, { quantity: 3 })),
        400,
        'validation-failed',
      ],
      [
        'lines that are not a list',
        (d) => resign({ ...d, lines: {} as never }),
        400,
        'validation-failed',
      ],
      [
        'a buyer given as a string',
        (d) => resign({ ...d, buyer: 'Pudong' as never }),
        400,
        'validation-failed',
      ],
      [
        'an issue date as a timestamp',
        (d) => resign({ ...d, issueDate: 1_795_000_000_000 as never }),
        400,
        'validation-failed',
      ],
      [
        'a null invoice',
        (d) => ({ invoice: null, signature: signerA.sign(d) }),
        400,
        'validation-failed',
      ],
      [
        'a negative quantity',
        (d) => resign(withLine(d, { quantity: '-3' })),
        400,
        'validation-failed',
      ],
      [
        'a fraction of a fen',
        (d) => resign(withLine(d, { amount: '3750.5' })),
        400,
        'validation-failed',
      ],
      [
        'a net total one fen high',
        (d) => resign({ ...d, totals: { ...d.totals, net: String(Number(d.totals.net) + 1) } }),
        422,
        'totals-mismatch',
      ],
      [
        'a tax total one fen low (gross adjusted to match)',
        (d) =>
          resign({
            ...d,
            totals: {
              ...d.totals,
              tax: String(Number(d.totals.tax) - 1),
              gross: String(Number(d.totals.gross) - 1),
            },
          }),
        422,
        'totals-mismatch',
      ],
      [
        'full-width digits in a quantity',
        (d) => resign(withLine(d, { quantity: '３' })),
        400,
        'validation-failed',
      ],
      [
        'a right-to-left override in the buyer tax ID',
        (d) => resign({ ...d, buyer: { ...d.buyer, taxId: `\u202e${d.buyer.taxId.slice(1)}` } }),
        400,
        'validation-failed',
      ],
      [
        'an SQL-looking key id',
        (d) => resign({ ...d, keyId: "' OR '1'='1" }),
        400,
        'validation-failed',
      ],
      [
        'an SQL-looking currency',
        (d) => resign({ ...d, currency: "CNY'--" }),
        400,
        'validation-failed',
      ],
      [
        'a body over the size limit',
        (d) => resign(withLine(d, { description: 'x'.repeat(300_000) })),
        413,
        'payload-too-large',
      ],
      [
        'another seller',
        (d) => resign({ ...d, seller: { taxId: merchantB.party.taxId, name: 'B' } }),
        403,
        'seller-mismatch',
      ],
    ];

    function signed(document: InvoiceDocument): Body {
      return { invoice: document, signature: signerA.sign(document) };
    }
    function resign(document: InvoiceDocument): Body {
      return signed(document);
    }
    function withLine(document: InvoiceDocument, change: Record<string, unknown>): InvoiceDocument {
      return {
        ...document,
        lines: [{ ...document.lines[0], ...change }, ...document.lines.slice(1)],
      };
    }
    function fraction(unitPrice: string): LineInput {
      return { description: 'Sample', quantity: '1', unitPrice, taxRate: '0.13' };
    }
    function badCheck(taxId: string): string {
      return taxId.slice(0, 17) + (taxId[17] === '0' ? '1' : '0');
    }

    it('has at least 40 cases', () => {
      expect(cases.length).toBeGreaterThanOrEqual(40);
      expect(today()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it.each(cases)('refuses %s', async (_case, body, status, type) => {
      const before = await rowCounts();
      const response = await as(merchantA.token)
        .post('/invoices', body(signerA.invoice(buyerTaxId)))
        .expect(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.type).toBe(`urn:taxchain:problem:${type}`);
      expect(await rowCounts()).toEqual(before);
    });

    it('names the rule a zero gross or another seller name breaks, and the registered name', async () => {
      const zero = signerA.invoice(buyerTaxId, { lineInputs: [fraction('0.004')] });
      const refused = await as(merchantA.token).post('/invoices', signerA.signed(zero)).expect(422);
      expect(refused.body).toMatchObject({
        title: 'Gross amount rounds to zero',
        detail:
          "totals.gross is 0: a document must come to at least 1 fen (0.01) in all; every line's quantity × unitPrice rounds to 0 fen.",
      });
      const other = signerA.invoice(buyerTaxId, {
        seller: { taxId: merchantA.party.taxId, name: 'Min River Tea' },
      });
      const renamed = await as(merchantA.token)
        .post('/invoices', signerA.signed(other))
        .expect(422);
      expect(renamed.body).toMatchObject({
        title: "Seller name is not the merchant's registered name",
        detail: `invoice.seller.name is 'Min River Tea'; ${merchantA.party.taxId} is registered as '${merchantA.party.name}'.`,
        registeredName: merchantA.party.name,
      });
    });

    it('refuses malformed JSON with 400', async () => {
      const response = await request(app.getHttpServer())
        .post('/invoices')
        .set('Authorization', `Bearer ${merchantA.token}`)
        .set('Content-Type', 'application/json')
        .send('{"invoice":')
        .expect(400);
      expect(response.body.type).toBe('urn:taxchain:problem:malformed-json');
    });

    it('refuses a JSON text that is no object (a string, number, boolean or null) as such, not as malformed JSON', async () => {
      const answers = [];
      for (const text of ['"x"', '1', 'true', 'null', ' -0.5 ']) {
        const response = await request(app.getHttpServer())
          .post('/invoices')
          .set('Authorization', `Bearer ${merchantA.token}`)
          .set('Content-Type', 'application/json')
          .send(text);
        answers.push([text, response.status, response.body.type, response.body.detail]);
      }
      expect(answers).toEqual(
        ['"x"', '1', 'true', 'null', ' -0.5 '].map((text) => [
          text,
          400,
          'urn:taxchain:problem:validation-failed',
          'the body must be a JSON object',
        ]),
      );
    });
  });

  describe('authorization', () => {
    it("hides A's invoices from B (404) and refuses B issuing as A (403)", async () => {
      const { invoiceNumber } = await issueOne();
      const before = await rowCounts();
      for (const path of [`/invoices/${invoiceNumber}`, `/invoices/${invoiceNumber}/proof`]) {
        const response = await as(merchantB.token).get(path).expect(404);
        expect(response.body.type).toBe('urn:taxchain:problem:invoice-not-found');
      }
      await as(merchantB.token)
        .post(`/invoices/${invoiceNumber}/void`, signerB.void(invoiceNumber))
        .expect(404);
      const note = signerB.invoice(buyerTaxId, {
        kind: 'credit-note',
        creditedInvoiceNumber: invoiceNumber,
      });
      await as(merchantB.token)
        .post(`/invoices/${invoiceNumber}/credit-notes`, signerB.signed(note))
        .expect(404);
      const list = await as(merchantB.token).get('/invoices').expect(200);
      expect(list.body.items).toEqual([]);
      const asA = signerB.invoice(buyerTaxId, {
        seller: { taxId: merchantA.party.taxId, name: 'A' },
      });
      const forged = await as(merchantB.token).post('/invoices', signerB.signed(asA)).expect(403);
      expect(forged.body.type).toBe('urn:taxchain:problem:seller-mismatch');
      expect(await rowCounts()).toEqual(before);
    });

    it('refuses company and official credentials with 403', async () => {
      const company = await given.company();
      const official = await given.official();
      for (const token of [company.token, official.token]) {
        const response = await as(token).get('/invoices').expect(403);
        expect(response.body.type).toBe('urn:taxchain:problem:forbidden');
      }
    });

    it('documents every endpoint in valid OpenAPI', async () => {
      const document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
      await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
      expect(Object.keys(document.paths['/invoices'].post.responses)).toEqual(
        expect.arrayContaining(['200', '201', '400', '401', '403', '409', '422', '429']),
      );
    });
  });
});
