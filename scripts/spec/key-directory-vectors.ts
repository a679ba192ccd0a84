import {
  type KeyDirectoryAnswer,
  fromHex,
  type KeyDirectoryKey,
  type LedgerEntry,
  verifyKeyDirectory,
} from '@taxchain/ledger';
import { authorityListing, bundleOf, checkpointOf } from './proof-vectors';
import { buyer, keys, seller } from './spec-fixture';

// key-directory.json: the merchant's key directory answer over the fixture chain (key registered
// at seq 0, revoked at seq 6), forgeries of it, and the merchant's entries checked against it.

export async function keyDirectoryVectors(entries: LedgerEntry[]) {
  const current = checkpointOf(entries, entries.length, keys.authority);
  const [registered, revoked] = await Promise.all(
    [0, entries.length - 1].map((seq) => bundleOf(entries, seq, current)),
  );
  const answer = directory({ status: 'revoked', registered, revoked });
  const beforeRevocation = checkpointOf(entries, 4, keys.authority);
  const valid = [
    { name: 'the key, registered at seq 0 and revoked at seq 6', answer },
    {
      name: 'the same key as of a checkpoint of size 4, before its revocation',
      answer: directory({
        status: 'active',
        registered: await bundleOf(entries, 0, beforeRevocation),
        revoked: null,
      }),
    },
  ].map((v) => ({ ...v, keys: provenKeys(v.answer) }));
  const key = answer.keys[0];
  const other = await bundleOf(entries, 1, current);
  const forged = (
    name: string,
    fails: string,
    change: Partial<KeyDirectoryKey>,
    proof?: string,
  ) => ({
    name,
    fails,
    ...(proof && { proof }),
    answer: { ...answer, keys: [{ ...key, ...change }] },
  });
  const invalid = [
    { name: 'keys is not an array', fails: 'malformed', answer: { ...answer, keys: key } },
    forged('public key replaced by another key', 'key-mismatch', {
      publicKey: keys.stranger.publicKey,
    }),
    forged('revocation dropped, status left revoked', 'status-mismatch', { revoked: null }),
    forged('revocation proven, status active', 'status-mismatch', { status: 'active' }),
    forged(
      'registration with the inclusion proof of another leaf',
      'registration-unproven',
      { registered: { ...registered, inclusion: other.inclusion } },
      'not-included',
    ),
    forged(
      'registration under a checkpoint whose signature is of another checkpoint',
      'registration-unproven',
      {
        registered: {
          ...registered,
          checkpoint: { ...current, signature: beforeRevocation.signature },
        },
      },
      'checkpoint-bad-signature',
    ),
    forged(
      'revocation with the inclusion proof of another leaf',
      'revocation-unproven',
      { revoked: { ...revoked, inclusion: other.inclusion } },
      'not-included',
    ),
    forged('an invoice entry as the registration', 'not-a-registration', { registered: other }),
    forged('an invoice entry as the revocation', 'not-a-revocation', { revoked: other }),
    {
      name: 'the key listed for another taxId',
      fails: 'other-merchant',
      answer: { ...answer, taxId: buyer.taxId },
    },
    {
      name: 'the key listed twice',
      fails: 'duplicate-key',
      answer: { ...answer, keys: [key, key] },
    },
  ];
  const signatures = await Promise.all(
    [1, 2, 3, 4, 5].map(async (seq) => ({
      name: `${entries[seq].kind} at seq ${seq}`,
      bundle: await bundleOf(entries, seq, current),
      verdict: entries[seq].actorSignature === null ? 'unsigned' : 'ok',
    })),
  );
  return {
    description:
      "Merchant key directories (docs/spec/key-directory.md), verified against the keys of `authority` (the GET /authority response). Valid answers must verify and give `keys` (each key's validity as ledger positions); each invalid answer must be refused with the reason in `fails` (and, for a proof bundle that fails, its reason in `proof`). `signatures`: entries of the merchant, each checked against valid[0]: `verdict` ok, or the reason it fails.",
    authority: authorityListing(),
    valid,
    invalid,
    signatures,
  };
}

function directory(
  key: Pick<KeyDirectoryKey, 'status' | 'registered' | 'revoked'>,
): KeyDirectoryAnswer {
  return {
    taxId: seller.taxId,
    keys: [{ keyId: keys.merchant.keyId, publicKey: keys.merchant.publicKey, ...key }],
    pending: false,
  };
}

function provenKeys(answer: KeyDirectoryAnswer) {
  const trusted = new Map([[keys.authority.keyId, fromHex(keys.authority.publicKey)]]);
  const verdict = verifyKeyDirectory(seller.taxId, answer, trusted);
  if (!verdict.ok) throw new Error(`spec key directory refused: ${verdict.reason}`);
  return verdict.keys;
}
