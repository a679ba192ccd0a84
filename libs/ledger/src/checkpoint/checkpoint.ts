import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  type Ed25519Engine,
  GENESIS_PREV_HASH,
  HASH_LENGTH,
  canonicalBytes,
  fromHex,
  isIsoMillisUtc,
  isLowerHex,
  keyId,
  nobleEd25519,
  toHex,
} from '../crypto';
import { isNonNegativeSafeInteger } from '../crypto/guards';
import { emptyRoot } from '../merkle';

/** Version of the signed checkpoint document. */
export const CHECKPOINT_VERSION = 1;

// Domain separation: these bytes can never be mistaken for any other message the key signs.
const CHECKPOINT_CONTEXT = utf8ToBytes('taxchain-checkpoint-v1\n');
const KEY_ID_LENGTH = 16;
const SIGNATURE_LENGTH = 64;

/** What the tax authority signs about one chain at one moment. */
export interface CheckpointBody {
  version: 1;
  chain: number;
  /** Number of entries covered: seq 0 .. size - 1. */
  size: number;
  /** Hex entry hash of seq size - 1 ({@link GENESIS_PREV_HASH} when size is 0). */
  headHash: string;
  /** Hex RFC 6962 Merkle root over the leaf hashes of those entries. */
  root: string;
  /** ISO-8601 UTC with milliseconds. */
  issuedAt: string;
  /** keyId of the authority key that signs. */
  keyId: string;
}

/** A checkpoint with the authority's ed25519 signature over {@link checkpointMessage}. */
export interface SignedCheckpoint extends CheckpointBody {
  signature: string;
}

/** Outcome of {@link verifyCheckpoint}. */
export type CheckpointVerdict =
  { ok: true } | { ok: false; reason: 'unknown-key' | 'bad-signature' | 'malformed' };

/** The signed bytes: context line, then the canonical body (never the signature). */
export function checkpointMessage(body: CheckpointBody): Uint8Array {
  const problem = checkpointBodyProblem(body);
  if (problem !== undefined) throw new RangeError(`malformed checkpoint: ${problem}`);
  return concatBytes(CHECKPOINT_CONTEXT, canonicalBytes(bodyOf(body)));
}

/**
 * Signs a checkpoint. Throws when the body is malformed or names another key, and checks the
 * signature before returning it: an unverifiable checkpoint must never be published.
 */
export function signCheckpoint(
  body: CheckpointBody,
  secretKey: Uint8Array,
  engine: Ed25519Engine = nobleEd25519,
): SignedCheckpoint {
  const message = checkpointMessage(body);
  const publicKey = engine.publicKeyOf(secretKey);
  if (keyId(publicKey) !== body.keyId)
    throw new RangeError('checkpoint keyId is not the signing key');
  const signature = engine.sign(message, secretKey);
  if (!engine.verify(signature, message, publicKey))
    throw new Error('checkpoint signature does not verify');
  return { ...bodyOf(body), signature: toHex(signature) };
}

/** Checks a checkpoint's shape and its signature by one of the authority's keys (keyId → key). */
export function verifyCheckpoint(
  signed: SignedCheckpoint,
  authorityKeys: ReadonlyMap<string, Uint8Array>,
  engine: Ed25519Engine = nobleEd25519,
): CheckpointVerdict {
  if (
    checkpointBodyProblem(signed) !== undefined ||
    !isLowerHex(signed.signature, SIGNATURE_LENGTH)
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const publicKey = authorityKeys.get(signed.keyId);
  // A map entry filed under the wrong id is a misconfiguration, not a key to trust.
  if (publicKey === undefined || keyId(publicKey) !== signed.keyId) {
    return { ok: false, reason: 'unknown-key' };
  }
  const valid = engine.verify(fromHex(signed.signature), checkpointMessage(signed), publicKey);
  return valid ? { ok: true } : { ok: false, reason: 'bad-signature' };
}

/** What is wrong with a checkpoint body, or undefined. Bodies also arrive as untyped JSON. */
export function checkpointBodyProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const body = value as Partial<Record<keyof CheckpointBody, unknown>>;
  if (body.version !== CHECKPOINT_VERSION) return 'unknown version';
  if (!isNonNegativeSafeInteger(body.chain)) return 'chain is not a non-negative integer';
  if (!isNonNegativeSafeInteger(body.size)) return 'size is not a non-negative integer';
  if (!isLowerHex(body.headHash, HASH_LENGTH)) return 'headHash is not 64 lowercase hex digits';
  if (!isLowerHex(body.root, HASH_LENGTH)) return 'root is not 64 lowercase hex digits';
  if (!isIsoMillisUtc(body.issuedAt)) return 'issuedAt is not ISO-8601 UTC with milliseconds';
  if (!isLowerHex(body.keyId, KEY_ID_LENGTH)) return 'keyId is not 32 lowercase hex digits';
  // The empty chain has exactly one valid description; anything else there is a lie.
  if (body.size === 0 && body.headHash !== GENESIS_PREV_HASH) return 'empty chain headHash';
  if (body.size === 0 && body.root !== toHex(emptyRoot())) return 'empty chain root';
  return undefined;
}

/** The body fields alone, picked one by one so a signature or extra property is never signed. */
function bodyOf(body: CheckpointBody): CheckpointBody {
  const { version, chain, size, headHash, root, issuedAt, keyId: id } = body;
  return { version, chain, size, headHash, root, issuedAt, keyId: id };
}
