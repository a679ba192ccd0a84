import {
  type Ed25519Engine,
  canonicalBytes,
  fromHex,
  isLowerHex,
  keyId as keyIdOf,
  nobleEd25519,
} from '../crypto';
import { type ProofBundle, type ProofBundleFailure, verifyProofBundle } from './proof-bundle';

/**
 * A merchant's keys as GET /merchants/{taxId}/keys answers them: each key with the proof bundles
 * of the ledger entries that registered and revoked it (docs/spec/key-directory.md).
 */
export interface KeyDirectoryAnswer {
  taxId: string;
  keys: KeyDirectoryKey[];
  /** True while a newer key entry of this merchant awaits a checkpoint: ask again. */
  pending: boolean;
}

export interface KeyDirectoryKey {
  keyId: string;
  /** ed25519 public key, hex. */
  publicKey: string;
  /** 'revoked' exactly when `revoked` proves a revocation. */
  status: 'active' | 'revoked';
  /** The key.registered entry, signed by the key itself over its key document. */
  registered: ProofBundle;
  /** The key.revoked entry, or null when no checkpoint covers one. */
  revoked: ProofBundle | null;
}

/** A ledger position: one entry of one chain, and the time the ledger recorded it. */
export interface LedgerPosition {
  chain: number;
  seq: number;
  recordedAt: string;
  entryHash: string;
}

/** A key whose registration (and revocation, if any) verified. */
export interface ProvenKey {
  keyId: string;
  publicKey: string;
  /** Where the key became valid: its key.registered entry. */
  validFrom: LedgerPosition;
  /** Where it stopped being valid: its key.revoked entry; null while it is valid. */
  validUntil: LedgerPosition | null;
  /** The checkpoint of the key's chain the proofs are against: nothing past it is known. */
  provenTo: { chain: number; size: number; issuedAt: string };
}

export type KeyDirectoryRefusal =
  | 'malformed'
  | 'duplicate-key'
  | 'registration-unproven'
  | 'not-a-registration'
  | 'key-mismatch'
  | 'other-merchant'
  | 'bad-proof-of-possession'
  | 'revocation-unproven'
  | 'not-a-revocation'
  | 'revocation-out-of-order'
  | 'status-mismatch';

/** Outcome of {@link verifyKeyDirectory}: the first check that failed, and for which key. */
export type KeyDirectoryVerdict =
  | { ok: true; taxId: string; keys: ProvenKey[] }
  | { ok: false; reason: KeyDirectoryRefusal; keyId?: string; proof?: ProofBundleFailure };

/**
 * Checks a key directory answer offline with the authority keys alone: it is the directory of
 * merchant `taxId`, the one asked for (another merchant's genuine directory verifies on its own),
 * and every registration and revocation is an entry about `key:<keyId>`, included in a checkpoint
 * the authority signed, and says what the answer says (the public key, its id, the merchant, the
 * status). Never throws.
 */
export function verifyKeyDirectory(
  taxId: string,
  answer: KeyDirectoryAnswer,
  authorityKeys: ReadonlyMap<string, Uint8Array>,
  engine: Ed25519Engine = nobleEd25519,
): KeyDirectoryVerdict {
  if (!isObject(answer) || typeof answer.taxId !== 'string' || !Array.isArray(answer.keys))
    return { ok: false, reason: 'malformed' };
  if (answer.taxId !== taxId) return { ok: false, reason: 'other-merchant' };
  const keys: ProvenKey[] = [];
  for (const key of answer.keys) {
    const verdict = verifyKey(answer.taxId, key, authorityKeys, engine);
    if (!verdict.ok) return verdict;
    if (keys.some((known) => known.keyId === key.keyId))
      return { ok: false, reason: 'duplicate-key', keyId: key.keyId };
    keys.push(verdict.key);
  }
  return { ok: true, taxId: answer.taxId, keys };
}

type KeyVerdict = { ok: true; key: ProvenKey } | Extract<KeyDirectoryVerdict, { ok: false }>;

function verifyKey(
  taxId: string,
  key: KeyDirectoryKey,
  authorityKeys: ReadonlyMap<string, Uint8Array>,
  engine: Ed25519Engine,
): KeyVerdict {
  if (
    !isObject(key) ||
    !isLowerHex(key.keyId, 16) ||
    !isLowerHex(key.publicKey, 32) ||
    (key.status !== 'active' && key.status !== 'revoked')
  )
    return { ok: false, reason: 'malformed' };
  const { keyId, publicKey } = key;
  const refuse = (reason: KeyDirectoryRefusal, proof?: ProofBundleFailure): KeyVerdict => ({
    ok: false,
    reason,
    keyId,
    ...(proof && { proof }),
  });
  const registered = verifyProofBundle(key.registered, authorityKeys, engine);
  if (!registered.ok) return refuse('registration-unproven', registered.reason);
  const entry = key.registered.entry;
  if (entry.kind !== 'key.registered' || entry.subject !== `key:${keyId}`)
    return refuse('not-a-registration');
  const document = parsePayload(entry.payload).document;
  if (!isObject(document)) return refuse('not-a-registration');
  if (
    keyIdOf(fromHex(publicKey)) !== keyId ||
    document.keyId !== keyId ||
    document.publicKey !== publicKey
  )
    return refuse('key-mismatch');
  if (document.taxId !== taxId || entry.actor !== `merchant:${taxId}`)
    return refuse('other-merchant');
  // The proof of possession the platform checked at registration, checked again here.
  const possession =
    isLowerHex(entry.actorSignature, 64) &&
    engine.verify(fromHex(entry.actorSignature), canonicalBytes(document), fromHex(publicKey));
  if (!possession) return refuse('bad-proof-of-possession');
  const validUntil =
    key.revoked === null ? null : verifyRevocation(taxId, key, authorityKeys, engine);
  if (validUntil !== null && 'reason' in validUntil)
    return refuse(validUntil.reason, validUntil.proof);
  if ((key.status === 'revoked') !== (validUntil !== null)) return refuse('status-mismatch');
  const { checkpoint } = key.revoked ?? key.registered;
  return {
    ok: true,
    key: {
      keyId,
      publicKey,
      validFrom: positionOf(entry),
      validUntil,
      provenTo: { chain: checkpoint.chain, size: checkpoint.size, issuedAt: checkpoint.issuedAt },
    },
  };
}

function verifyRevocation(
  taxId: string,
  key: KeyDirectoryKey,
  authorityKeys: ReadonlyMap<string, Uint8Array>,
  engine: Ed25519Engine,
): LedgerPosition | { reason: KeyDirectoryRefusal; proof?: ProofBundleFailure } {
  const bundle = key.revoked as ProofBundle;
  const verdict = verifyProofBundle(bundle, authorityKeys, engine);
  if (!verdict.ok) return { reason: 'revocation-unproven', proof: verdict.reason };
  const { entry } = bundle;
  const payload = parsePayload(entry.payload);
  if (
    entry.kind !== 'key.revoked' ||
    entry.subject !== `key:${key.keyId}` ||
    payload.keyId !== key.keyId ||
    payload.taxId !== taxId
  )
    return { reason: 'not-a-revocation' };
  // Both entries are about one subject, so on one chain: the revocation comes after.
  const registered = key.registered.entry;
  if (entry.chain !== registered.chain || entry.seq <= registered.seq)
    return { reason: 'revocation-out-of-order' };
  return positionOf(entry);
}

/** Why a merchant's signed entry does not hold against a verified directory. */
export type MerchantSignatureRefusal =
  | 'entry-unproven'
  | 'unsigned'
  | 'other-merchant'
  | 'unknown-key'
  | 'key-not-yet-valid'
  | 'key-revoked'
  | 'bad-signature';

export type MerchantSignatureVerdict =
  | { ok: true; keyId: string; recordedAt: string }
  | { ok: false; reason: MerchantSignatureRefusal; proof?: ProofBundleFailure };

/**
 * Checks a merchant's signature on a ledger entry (an issued, voided or credited invoice) offline:
 * the entry's proof bundle verifies, the signature covers the canonical JSON of the payload's
 * `document` with the key it names, and that key of the directory's merchant was valid when the
 * ledger recorded the entry (registered no later, revoked no earlier: the ledger's rule).
 */
export function verifyMerchantSignature(
  directory: Extract<KeyDirectoryVerdict, { ok: true }>,
  bundle: ProofBundle,
  authorityKeys: ReadonlyMap<string, Uint8Array>,
  engine: Ed25519Engine = nobleEd25519,
): MerchantSignatureVerdict {
  const proven = verifyProofBundle(bundle, authorityKeys, engine);
  if (!proven.ok) return { ok: false, reason: 'entry-unproven', proof: proven.reason };
  const { entry } = bundle;
  const document = parsePayload(entry.payload).document;
  if (!isObject(document) || typeof document.keyId !== 'string' || entry.actorSignature === null)
    return { ok: false, reason: 'unsigned' };
  if (entry.actor !== `merchant:${directory.taxId}`) return { ok: false, reason: 'other-merchant' };
  const key = directory.keys.find((known) => known.keyId === document.keyId);
  if (!key) return { ok: false, reason: 'unknown-key' };
  if (entry.recordedAt < key.validFrom.recordedAt)
    return { ok: false, reason: 'key-not-yet-valid' };
  if (key.validUntil && key.validUntil.recordedAt < entry.recordedAt)
    return { ok: false, reason: 'key-revoked' };
  const signed =
    isLowerHex(entry.actorSignature, 64) &&
    engine.verify(fromHex(entry.actorSignature), canonicalBytes(document), fromHex(key.publicKey));
  return signed
    ? { ok: true, keyId: key.keyId, recordedAt: entry.recordedAt }
    : { ok: false, reason: 'bad-signature' };
}

function positionOf(entry: ProofBundle['entry']): LedgerPosition {
  const { chain, seq, recordedAt, entryHash } = entry;
  return { chain, seq, recordedAt, entryHash };
}

/** The payload of an entry verifyProofBundle accepted: canonical JSON text, so it parses. */
function parsePayload(payload: string | null): Record<string, unknown> {
  const parsed: unknown = JSON.parse(payload ?? 'null');
  return isObject(parsed) ? parsed : {};
}

function isObject(value: unknown): value is Record<string, unknown> & object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
