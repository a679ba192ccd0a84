import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  generateSecretKey,
  keyId,
  nobleEd25519,
  toHex,
  verifyKeyDirectory,
  verifyMerchantSignature,
  type KeyDirectoryAnswer,
  type KeyDirectoryKey,
  type ProofBundle,
  type SubjectProof,
} from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { issuingService } from '../apps/issuing/src/issuing.service-definition';
import { MerchantSigner } from '../scripts/load/merchant-signer';
import { poll } from './support/wait-for';

/**
 * The merchant key directory: a buyer checks a merchant's invoice signatures offline, with the
 * directory's answer and the authority's public key alone, across a key rotation.
 */
describe('merchant key directory', () => {
  const authoritySecret = generateSecretKey();
  const authorityPublic = nobleEd25519.publicKeyOf(authoritySecret);
  const authority = new Map([[keyId(authorityPublic), authorityPublic]]);
  let database: TestDatabase;
  let app: INestApplication;
  let given: GivenAccess;
  let merchant: Awaited<ReturnType<GivenAccess['merchant']>>;
  let buyer: Awaited<ReturnType<GivenAccess['company']>>;
  let official: Awaited<ReturnType<GivenAccess['official']>>;
  let oldKey: MerchantSigner;
  let newKey: MerchantSigner;
  /** What the buyer holds: the proof bundles of the invoice.issued entries of two invoices. */
  const held: ProofBundle[] = [];
  let answer: KeyDirectoryAnswer;

  const get = (path: string, token: string) =>
    request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, token: string, body: object) =>
    request(app.getHttpServer()).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const issuedBundle = (number: string) =>
    poll(async () => {
      const proof = (await get(`/invoices/${number}/proof`, merchant.token).expect(200))
        .body as SubjectProof;
      return proof.entries.find((e) => e.entry.kind === 'invoice.issued')?.proof;
    });

  beforeAll(async () => {
    database = await createTestDatabase(issuingService.migrations);
    const config = testConfig(database.url, {
      KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
      CHECKPOINT_INTERVAL_MS: '100',
      AUTHORITY_KEY: toHex(authoritySecret),
      LEDGER_CHAINS: '4',
    });
    app = await createServiceApp(issuingService, config);
    await app.init();
    given = GivenAccess.from(app);
    merchant = await given.merchant();
    buyer = await given.company();
    official = await given.official();
    oldKey = new MerchantSigner(merchant.party);
    newKey = new MerchantSigner(merchant.party);

    // The merchant registers a key, issues, rotates (new key, old one revoked) and issues again.
    await post('/keys', merchant.token, oldKey.registration()).expect(201);
    const first = await post(
      '/invoices',
      merchant.token,
      oldKey.signed(oldKey.invoice(buyer.party.taxId)),
    ).expect(201);
    await post('/keys', merchant.token, newKey.registration()).expect(201);
    await post(`/keys/${oldKey.keyId}/revoke`, merchant.token, { reason: 'rotated' }).expect(200);
    const second = await post(
      '/invoices',
      merchant.token,
      newKey.signed(newKey.invoice(buyer.party.taxId)),
    ).expect(201);
    for (const { body } of [first, second]) held.push(await issuedBundle(body.invoiceNumber));
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('answers a buyer every key with its proven registration and revocation', async () => {
    answer = await poll(async () => {
      const body = (await get(`/merchants/${merchant.party.taxId}/keys`, buyer.token).expect(200))
        .body as KeyDirectoryAnswer;
      return body.pending || body.keys.length < 2 ? undefined : body;
    });
    expect(answer.taxId).toBe(merchant.party.taxId);
    expect(
      answer.keys.map(({ keyId, publicKey, status }) => ({ keyId, publicKey, status })),
    ).toEqual([
      { keyId: newKey.keyId, publicKey: newKey.publicKey, status: 'active' },
      { keyId: oldKey.keyId, publicKey: oldKey.publicKey, status: 'revoked' },
    ]);
    expect(answer.keys[0].revoked).toBeNull();
    expect(answer.keys[1].registered.entry.kind).toBe('key.registered');
    expect(answer.keys[1].revoked?.entry.kind).toBe('key.revoked');
  });

  it('lets the buyer check both invoices offline, from the answer and the authority key alone', () => {
    const directory = verifyKeyDirectory(
      merchant.party.taxId,
      JSON.parse(JSON.stringify(answer)),
      authority,
    );
    if (!directory.ok) throw new Error(`directory refused: ${directory.reason}`);
    const [current, retired] = directory.keys;
    expect(current.validUntil).toBeNull();
    expect(retired.validUntil?.recordedAt).toBe(answer.keys[1].revoked?.entry.recordedAt);
    expect(retired.validFrom.seq).toBe(answer.keys[1].registered.entry.seq);
    // The first invoice was signed by the key since revoked: it stays valid, recorded before.
    expect(verifyMerchantSignature(directory, held[0], authority)).toEqual({
      ok: true,
      keyId: oldKey.keyId,
      recordedAt: held[0].entry.recordedAt,
    });
    expect(verifyMerchantSignature(directory, held[1], authority)).toMatchObject({
      ok: true,
      keyId: newKey.keyId,
    });
    // A directory without the new key cannot vouch for the second invoice.
    const withoutNew = { ...directory, keys: [retired] };
    expect(verifyMerchantSignature(withoutNew, held[1], authority)).toEqual({
      ok: false,
      reason: 'unknown-key',
    });
  });

  const forged = (index: number, change: (key: KeyDirectoryKey) => Partial<KeyDirectoryKey>) => {
    const copy = JSON.parse(JSON.stringify(answer)) as KeyDirectoryAnswer;
    copy.keys[index] = { ...copy.keys[index], ...change(copy.keys[index]) };
    return copy;
  };
  const flipped = (hex: string) => `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}`;
  const badlySigned = () =>
    forged(0, ({ registered }) => ({
      registered: {
        ...registered,
        checkpoint: {
          ...registered.checkpoint,
          signature: flipped(registered.checkpoint.signature),
        },
      },
    }));

  it.each([
    [
      'an altered public key',
      () => forged(0, () => ({ publicKey: oldKey.publicKey })),
      'key-mismatch',
    ],
    ['a dropped revocation', () => forged(1, () => ({ revoked: null })), 'status-mismatch'],
    [
      'a proof for another leaf',
      () =>
        forged(1, (key) => ({
          registered: { ...key.registered, inclusion: (key.revoked as ProofBundle).inclusion },
        })),
      'registration-unproven',
    ],
    ['a wrong checkpoint signature', () => badlySigned(), 'registration-unproven'],
    [
      'an invoice entry passed off as a registration',
      () => forged(0, () => ({ registered: held[1] })),
      'not-a-registration',
    ],
  ])('refuses a forged answer: %s', (_case, forge, reason) => {
    expect(verifyKeyDirectory(merchant.party.taxId, forge(), authority)).toMatchObject({
      ok: false,
      reason,
    });
  });

  it('names the failed proof check of a forged checkpoint signature', () => {
    expect(verifyKeyDirectory(merchant.party.taxId, badlySigned(), authority)).toEqual({
      ok: false,
      reason: 'registration-unproven',
      proof: 'checkpoint-bad-signature',
      keyId: newKey.keyId,
    });
  });

  it("serves officials too, and a merchant its own directory but not another merchant's", async () => {
    const path = `/merchants/${merchant.party.taxId}/keys`;
    expect((await get(path, official.token).expect(200)).body).toEqual(answer);
    expect((await get(path, merchant.token).expect(200)).body).toEqual(answer);
    const other = await given.merchant();
    const refused = await get(path, other.token).expect(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      type: 'urn:taxchain:problem:others-key-directory',
      detail: `A merchant reads its own key directory only, not that of ${merchant.party.taxId}.`,
    });
  });

  it('answers 404 for a tax ID that is no merchant, 400 for one that is no tax ID', async () => {
    for (const taxId of [buyer.party.taxId, '91350100M000100Y43']) {
      const unknown = await get(`/merchants/${taxId}/keys`, buyer.token).expect(404);
      expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(unknown.body.type).toBe('urn:taxchain:problem:merchant-not-found');
    }
    const bad = await get('/merchants/not-a-tax-id/keys', buyer.token).expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body).toMatchObject({
      type: 'urn:taxchain:problem:validation-failed',
      errors: [expect.stringMatching(/^taxId /)],
    });
  });
});
