import { utf8ToBytes } from '@noble/hashes/utils.js';
import {
  GENESIS_PREV_HASH,
  canonicalBytes,
  canonicalJson,
  entryHash,
  keyId,
  nobleEd25519,
  payloadHash,
  sha256,
  toHex,
} from '../crypto';
import { authorityKeys, bundlesOver, strangerSecret } from './checkpoint.fixtures';
import {
  type KeyDirectoryAnswer,
  type KeyDirectoryKey,
  verifyKeyDirectory,
  verifyMerchantSignature,
} from './key-directory-proof';
import type { ProofBundle } from './proof-bundle';

const TAX_ID = '91350100M000100Y43';
const secretOf = (name: string) => sha256(utf8ToBytes(name));
const oldSecret = secretOf('merchant old key');
const newSecret = secretOf('merchant new key');
const publicOf = (secret: Uint8Array) => toHex(nobleEd25519.publicKeyOf(secret));
const idOf = (secret: Uint8Array) => keyId(nobleEd25519.publicKeyOf(secret));

interface Draft {
  kind: string;
  subject: string;
  payload: unknown;
  signer?: Uint8Array;
  signed?: unknown;
}

/** One chain of entries, each recorded a second after the last, proven against one checkpoint. */
async function ledger(drafts: Draft[], secret?: Uint8Array): Promise<ProofBundle[]> {
  const entries: Array<ProofBundle['entry']> = [];
  drafts.forEach((draft, seq) => {
    const fields = {
      chain: 1,
      seq,
      prevHash: seq === 0 ? GENESIS_PREV_HASH : entries[seq - 1].entryHash,
      kind: draft.kind,
      subject: draft.subject,
      actor: `merchant:${TAX_ID}`,
      payloadHash: toHex(payloadHash(draft.payload)),
      actorSignature: draft.signer
        ? toHex(nobleEd25519.sign(canonicalBytes(draft.signed), draft.signer))
        : null,
      recordedAt: new Date(Date.UTC(2026, 10, 23, 10, 0, seq)).toISOString(),
      identity: `${draft.kind}:${seq}`,
    };
    entries.push({
      ...fields,
      entryHash: entryHash(fields),
      payload: canonicalJson(draft.payload),
    });
  });
  return bundlesOver(entries, secret && { secret });
}

const registration = (secret: Uint8Array): Draft => {
  const document = {
    schema: 'taxchain.key.v1',
    taxId: TAX_ID,
    keyId: idOf(secret),
    publicKey: publicOf(secret),
  };
  return {
    kind: 'key.registered',
    subject: `key:${idOf(secret)}`,
    payload: { document },
    signer: secret,
    signed: document,
  };
};
const revocation = (secret: Uint8Array): Draft => ({
  kind: 'key.revoked',
  subject: `key:${idOf(secret)}`,
  payload: {
    schema: 'taxchain.key-revocation.v1',
    taxId: TAX_ID,
    keyId: idOf(secret),
    reason: 'rotated',
  },
});
const invoice = (secret: Uint8Array, documentNumber: string): Draft => {
  const document = { schema: 'taxchain.invoice.v1', documentNumber, keyId: idOf(secret) };
  return {
    kind: 'invoice.issued',
    subject: `2635100000000000000${documentNumber.slice(-1)}`,
    payload: { document },
    signer: secret,
    signed: document,
  };
};

// seq 0 old key registered, 1 invoice by it, 2 new key registered, 3 old key revoked,
// 4 an entry signed by the old key after its revocation, 5 an invoice by the new key.
let bundles: ProofBundle[];
let answer: KeyDirectoryAnswer;
beforeAll(async () => {
  bundles = await ledger([
    registration(oldSecret),
    invoice(oldSecret, 'INV-1'),
    registration(newSecret),
    revocation(oldSecret),
    invoice(oldSecret, 'INV-2'),
    invoice(newSecret, 'INV-3'),
  ]);
  answer = {
    taxId: TAX_ID,
    pending: false,
    keys: [
      {
        keyId: idOf(newSecret),
        publicKey: publicOf(newSecret),
        status: 'active',
        registered: bundles[2],
        revoked: null,
      },
      {
        keyId: idOf(oldSecret),
        publicKey: publicOf(oldSecret),
        status: 'revoked',
        registered: bundles[0],
        revoked: bundles[3],
      },
    ],
  };
});
const withKey = (index: number, change: Partial<KeyDirectoryKey>): KeyDirectoryAnswer => ({
  ...answer,
  keys: answer.keys.map((key, i) => (i === index ? { ...key, ...change } : key)),
});

describe(verifyKeyDirectory.name, () => {
  it('returns each key with the ledger positions that bound its validity', () => {
    const verdict = verifyKeyDirectory(TAX_ID, JSON.parse(JSON.stringify(answer)), authorityKeys);
    expect(verdict).toEqual({
      ok: true,
      taxId: TAX_ID,
      keys: [
        expect.objectContaining({
          keyId: idOf(newSecret),
          validFrom: expect.objectContaining({ chain: 1, seq: 2 }),
          validUntil: null,
          provenTo: { chain: 1, size: 6, issuedAt: '2026-11-23T10:10:00.000Z' },
        }),
        expect.objectContaining({
          keyId: idOf(oldSecret),
          validFrom: expect.objectContaining({ seq: 0, recordedAt: '2026-11-23T10:00:00.000Z' }),
          validUntil: expect.objectContaining({ seq: 3, recordedAt: '2026-11-23T10:00:03.000Z' }),
        }),
      ],
    });
  });

  it.each([
    ['an altered public key', () => withKey(0, { publicKey: publicOf(oldSecret) }), 'key-mismatch'],
    ['a dropped revocation', () => withKey(1, { revoked: null }), 'status-mismatch'],
    [
      'a revocation claimed without proof',
      () => withKey(0, { status: 'revoked' }),
      'status-mismatch',
    ],
    [
      'another entry as the registration',
      () => withKey(0, { registered: bundles[1] }),
      'not-a-registration',
    ],
    [
      'another key’s revocation',
      () => withKey(0, { revoked: bundles[3], status: 'revoked' }),
      'not-a-revocation',
    ],
    ['an unknown status', () => withKey(0, { status: 'valid' as 'active' }), 'malformed'],
    [
      'a key listed twice',
      () => ({ ...answer, keys: [answer.keys[0], answer.keys[0]] }),
      'duplicate-key',
    ],
    ['another merchant', () => ({ ...answer, taxId: '91110000802100433B' }), 'other-merchant'],
  ])('refuses %s', (_case, forge, reason) => {
    expect(verifyKeyDirectory(TAX_ID, forge(), authorityKeys)).toMatchObject({ ok: false, reason });
  });

  it("refuses another merchant's genuine directory as the one asked for", () => {
    expect(verifyKeyDirectory('91110000802100433B', answer, authorityKeys)).toEqual({
      ok: false,
      reason: 'other-merchant',
    });
  });

  it('refuses a proof for another leaf and a checkpoint the authority did not sign', async () => {
    const otherLeaf = { ...bundles[2], inclusion: bundles[4].inclusion };
    expect(
      verifyKeyDirectory(TAX_ID, withKey(0, { registered: otherLeaf }), authorityKeys),
    ).toEqual({
      ok: false,
      reason: 'registration-unproven',
      proof: 'not-included',
      keyId: idOf(newSecret),
    });
    const forged = await ledger([registration(newSecret)], strangerSecret);
    expect(
      verifyKeyDirectory(TAX_ID, withKey(0, { registered: forged[0] }), authorityKeys),
    ).toEqual({
      ok: false,
      reason: 'registration-unproven',
      proof: 'checkpoint-unknown-key',
      keyId: idOf(newSecret),
    });
  });

  it('refuses a registration whose proof of possession was made by another key', async () => {
    const stolen = { ...registration(newSecret), signer: oldSecret };
    const [bundle] = await ledger([stolen]);
    expect(
      verifyKeyDirectory(TAX_ID, withKey(0, { registered: bundle }), authorityKeys),
    ).toMatchObject({
      ok: false,
      reason: 'bad-proof-of-possession',
    });
  });
});

describe(verifyMerchantSignature.name, () => {
  const directory = () => {
    const verdict = verifyKeyDirectory(TAX_ID, answer, authorityKeys);
    if (!verdict.ok) throw new Error(verdict.reason);
    return verdict;
  };

  it('accepts an entry signed by a key valid when the ledger recorded it', () => {
    expect(verifyMerchantSignature(directory(), bundles[1], authorityKeys)).toEqual({
      ok: true,
      keyId: idOf(oldSecret),
      recordedAt: '2026-11-23T10:00:01.000Z',
    });
    expect(verifyMerchantSignature(directory(), bundles[5], authorityKeys).ok).toBe(true);
  });

  it('refuses an entry recorded after its key’s revocation, or by a key not listed', () => {
    expect(verifyMerchantSignature(directory(), bundles[4], authorityKeys)).toEqual({
      ok: false,
      reason: 'key-revoked',
    });
    const onlyNew = { ...directory(), keys: directory().keys.slice(0, 1) };
    expect(verifyMerchantSignature(onlyNew, bundles[1], authorityKeys)).toEqual({
      ok: false,
      reason: 'unknown-key',
    });
  });

  it('refuses a signature over another document, and an unsigned or unproven entry', async () => {
    const [tampered] = await ledger([{ ...invoice(oldSecret, 'INV-1'), signed: { other: 1 } }]);
    expect(verifyMerchantSignature(directory(), tampered, authorityKeys)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyMerchantSignature(directory(), bundles[3], authorityKeys)).toEqual({
      ok: false,
      reason: 'unsigned',
    });
    const unproven = { ...bundles[1], inclusion: bundles[5].inclusion };
    expect(verifyMerchantSignature(directory(), unproven, authorityKeys)).toEqual({
      ok: false,
      reason: 'entry-unproven',
      proof: 'not-included',
    });
  });
});
