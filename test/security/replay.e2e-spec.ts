import { fromHex, toHex } from '@taxchain/ledger';
import {
  GROUP_ORDER,
  littleEndian,
  littleEndianBytes,
} from '@taxchain/ledger/crypto/ed25519-checks';
import { smallOrderPoints } from '@taxchain/ledger/crypto/ed25519-adversarial.fixtures';
import { issuingService } from '../../apps/issuing/src/issuing.service-definition';
import { MerchantSigner } from '../../scripts/load/merchant-signer';
import { recordReliability } from '../support/reliability-report';
import { givenIssuingParties, issuedCopies, type IssuingParties } from './support/issuing-client';
import { rowCounts } from './support/row-counts';
import { startSecurityPlatform, type SecurityPlatform } from './support/security-platform';

/** The signature with its S (second half) replaced by S + L: same point equation, not canonical. */
function nonCanonicalS(signature: string): string {
  const bytes = fromHex(signature);
  const s = littleEndian(bytes.slice(32));
  return toHex(bytes.slice(0, 32)) + toHex(littleEndianBytes(s + GROUP_ORDER));
}

function flipByte(signature: string, index = 10): string {
  const bytes = fromHex(signature);
  bytes[index] ^= 0x01;
  return toHex(bytes);
}

/** With A = identity and R = identity, S = 0 satisfies SB = R + kA for every message. */
const IDENTITY_KEY = toHex(smallOrderPoints()[0].toBytes());
const IDENTITY_FORGERY = IDENTITY_KEY + '00'.repeat(32);

/**
 * Item 10: a signed issue replayed (at once, or ten minutes later) is the same invoice, never a
 * second; a body changed under its signature and every malformed or forged signature is refused,
 * for invoices, key registrations and voids, writing nothing.
 */
describe('replay and signature strictness', () => {
  let platform: SecurityPlatform;
  let merchant: IssuingParties;
  const outcomes: string[] = [];

  beforeAll(async () => {
    platform = await startSecurityPlatform({}, [issuingService]);
    merchant = await givenIssuingParties(platform);
  });

  afterAll(async () => {
    await platform?.close();
    recordReliability(
      'replay',
      [
        '| attempt | answer | invoices / ledger entries written |',
        '| --- | --- | --- |',
        ...outcomes,
      ].join('\n'),
    );
  });

  const seller = () => merchant.signer.taxId;

  it('answers a replay at once with 200 and the same receipt, and one invoice', async () => {
    const document = merchant.signer.invoice(merchant.buyerTaxId);
    const body = merchant.signer.signed(document);
    const first = await merchant.post('/invoices', body);
    expect(first.status).toBe(201);
    const replay = await merchant.post('/invoices', body);
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual(first.json);
    expect(await issuedCopies(platform.db, seller(), document.documentNumber)).toEqual({
      invoices: 1,
      entries: 1,
    });
    outcomes.push('| replay at once | 200, the same receipt | 1 / 1 (no second) |');
  });

  it('answers a replay ten minutes later the same way: deduplication has no time window', async () => {
    const document = merchant.signer.invoice(merchant.buyerTaxId);
    const body = merchant.signer.signed(document);
    const first = await merchant.post('/invoices', body);
    expect(first.status).toBe(201);
    // Issuing deduplicates on the unique (seller, document number) with no clock: ageing the
    // stored row by ten minutes is what a replay ten minutes later meets.
    await platform.db.query(
      `UPDATE issuing.invoices SET created_at = created_at - interval '10 minutes'
        WHERE seller_tax_id = $1 AND document_number = $2`,
      [seller(), document.documentNumber],
    );
    const replay = await merchant.post('/invoices', body);
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual(first.json);
    expect(await issuedCopies(platform.db, seller(), document.documentNumber)).toEqual({
      invoices: 1,
      entries: 1,
    });
    outcomes.push(
      '| replay 10 minutes later (row aged) | 200, the same receipt | 1 / 1 (no second) |',
    );
  });

  /** Posts a signed body and expects a refusal of this status and type, with nothing written. */
  async function refused(path: string, body: unknown, status: number, type: string, label: string) {
    const before = await rowCounts(platform.db);
    const answer = await merchant.post(path, body);
    expect({ status: answer.status, type: answer.json?.type }).toEqual({
      status,
      type: `urn:taxchain:problem:${type}`,
    });
    expect(await rowCounts(platform.db)).toEqual(before);
    outcomes.push(`| ${label} | ${status} ${type} | 0 / 0 |`);
  }

  describe('invoice issue', () => {
    const signedInvoice = () =>
      merchant.signer.signed(merchant.signer.invoice(merchant.buyerTaxId));

    it('refuses a body altered under the same signature', async () => {
      const body = signedInvoice();
      const altered = {
        ...body,
        invoice: { ...body.invoice, buyer: { ...body.invoice.buyer, name: 'Other' } },
      };
      await refused(
        '/invoices',
        altered,
        422,
        'bad-signature',
        'invoice: body altered under its signature',
      );
    });

    it.each([
      ['a flipped signature byte', flipByte, 'bad-signature'],
      ['a non-canonical S (S + L)', nonCanonicalS, 'bad-signature'],
      ['the identity-key forgery (R = identity, S = 0)', () => IDENTITY_FORGERY, 'bad-signature'],
    ])('refuses %s', async (label, change, type) => {
      const body = signedInvoice();
      await refused(
        '/invoices',
        { ...body, signature: change(body.signature) },
        422,
        type,
        `invoice: ${label}`,
      );
    });
  });

  describe('key registration', () => {
    const fresh = () => new MerchantSigner(merchant.signer.seller);

    it('refuses a proof altered under the same signature (another public key)', async () => {
      const registration = fresh().registration();
      await refused(
        '/keys',
        { ...registration, publicKey: fresh().publicKey },
        422,
        'bad-signature',
        'key: public key swapped under the proof',
      );
    });

    it.each([
      ['a flipped signature byte', flipByte],
      ['a non-canonical S (S + L)', nonCanonicalS],
    ])('refuses %s', async (label, change) => {
      const registration = fresh().registration();
      await refused(
        '/keys',
        { ...registration, signature: change(registration.signature) },
        422,
        'bad-signature',
        `key: ${label}`,
      );
    });

    it.each(smallOrderPoints().map((point, i) => [i, toHex(point.toBytes())] as const))(
      'refuses small-order key %i even with the identity forgery as proof',
      async (i, publicKey) => {
        await refused(
          '/keys',
          { publicKey, signature: IDENTITY_FORGERY },
          422,
          'weak-key',
          `key: small-order point ${i} (${i === 0 ? 'identity' : 'torsion'}) with the identity forgery`,
        );
      },
    );
  });

  describe('void', () => {
    it('refuses an altered, flipped or non-canonical signature, then voids once and refuses the replay', async () => {
      const issued = await merchant.post(
        '/invoices',
        merchant.signer.signed(merchant.signer.invoice(merchant.buyerTaxId)),
      );
      const number = String(issued.json?.invoiceNumber);
      const path = `/invoices/${number}/void`;
      const voiding = merchant.signer.void(number);
      const tampered: Array<[string, unknown]> = [
        [
          'body altered under its signature',
          { ...voiding, document: { ...voiding.document, reason: 'altered' } },
        ],
        ['a flipped signature byte', { ...voiding, signature: flipByte(voiding.signature) }],
        ['a non-canonical S', { ...voiding, signature: nonCanonicalS(voiding.signature) }],
      ];
      for (const [label, body] of tampered)
        await refused(path, body, 422, 'bad-signature', `void: ${label}`);
      expect((await merchant.post(path, voiding)).status).toBe(200);
      await refused(path, voiding, 409, 'invoice-voided', 'void: replayed');
    });
  });
});
