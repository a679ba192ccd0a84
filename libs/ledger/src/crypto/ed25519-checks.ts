import { Point } from '@noble/ed25519';
import type { Ed25519Engine } from './ed25519';

// The strict checks both ed25519 engines share. Running them before any curve arithmetic means
// the engines reject exactly the same inputs, whatever their libraries would tolerate.

const CURVE = Point.CURVE();
/** Order L of the prime-order subgroup: a canonical S is below it. */
export const GROUP_ORDER = CURVE.n;
const FIELD_PRIME = CURVE.p;
const ENCODING_LENGTH = 32;
/** Length in bytes of an ed25519 signature (R ‖ S). */
export const SIGNATURE_LENGTH = 64;
const SIGN_BIT = 0x80;

/** Why a public key is refused; see {@link publicKeyProblem}. */
export type PublicKeyProblem = 'length' | 'non-canonical' | 'not-on-curve' | 'small-order';

/** Thrown by {@link assertStrongPublicKey}; `reason` says what is wrong with the key. */
export class WeakKeyError extends Error {
  override readonly name = 'WeakKeyError';

  constructor(readonly reason: PublicKeyProblem) {
    super(`weak ed25519 public key: ${reason}`);
  }
}

/** A public key that passed every check, with its decoded point. */
export interface StrongPublicKey {
  bytes: Uint8Array;
  point: Point;
}

/**
 * Decodes a public key, refusing all but the canonical encoding of a point that is not of
 * small order: a small-order key (the identity above all) lets one signature verify for many
 * messages, so whoever registers it could later deny or swap what they signed.
 */
export function decodeStrongPublicKey(publicKey: Uint8Array): StrongPublicKey | PublicKeyProblem {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== ENCODING_LENGTH) return 'length';
  if (!isCanonicalEncoding(publicKey)) return 'non-canonical';
  let point: Point;
  try {
    // Canonical bytes leave only one way to fail: y has no matching x on the curve.
    point = Point.fromBytes(publicKey, false);
  } catch {
    return 'not-on-curve';
  }
  if (point.isSmallOrder()) return 'small-order';
  return { bytes: publicKey, point };
}

/** What is wrong with a public key, or undefined when it is strong. */
export function publicKeyProblem(publicKey: Uint8Array): PublicKeyProblem | undefined {
  const decoded = decodeStrongPublicKey(publicKey);
  return typeof decoded === 'string' ? decoded : undefined;
}

/** Throws WeakKeyError unless the key is strong; run it before registering any key. */
export function assertStrongPublicKey(publicKey: Uint8Array): void {
  const problem = publicKeyProblem(publicKey);
  if (problem !== undefined) throw new WeakKeyError(problem);
}

/**
 * Whether a signature is 64 bytes with R a canonical point encoding and S reduced (S < L).
 * Refusing non-canonical R and S makes signatures non-malleable: one message, one signature.
 */
export function isCanonicalSignature(signature: Uint8Array): boolean {
  return (
    signature instanceof Uint8Array &&
    signature.length === SIGNATURE_LENGTH &&
    isCanonicalEncoding(signature.subarray(0, ENCODING_LENGTH)) &&
    isBelow(signature.subarray(ENCODING_LENGTH), GROUP_ORDER_BYTES)
  );
}

/**
 * Builds an engine's verify and verifierFor from its key preparation and its curve equation, with
 * the shared checks in front. `prepareKey` returns undefined for a key that is not strong. Neither
 * throws.
 */
export function strictVerifier<Key>(
  prepareKey: (publicKey: Uint8Array) => Key | undefined,
  equationHolds: (signature: Uint8Array, message: Uint8Array, key: Key) => boolean,
): Pick<Ed25519Engine, 'verify' | 'verifierFor'> {
  const holds = (signature: Uint8Array, message: Uint8Array, key: () => Key | undefined) => {
    if (!(message instanceof Uint8Array) || !isCanonicalSignature(signature)) return false;
    const prepared = key();
    return prepared !== undefined && equationHolds(signature, message, prepared);
  };
  return {
    verify: (signature, message, publicKey) =>
      holds(signature, message, () => prepareKey(publicKey)),
    verifierFor: (publicKey) => {
      // A copy: the key stays the one given, whatever the caller's array holds later.
      const prepared = prepareKey(publicKey instanceof Uint8Array ? publicKey.slice() : publicKey);
      return (signature, message) => holds(signature, message, () => prepared);
    },
  };
}

/** RFC 8032 reads y and S as little-endian integers. */
export function littleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  return value;
}

// Every signature is checked against these, so on bytes: no bigint per call (verifier hot path).
const GROUP_ORDER_BYTES = littleEndianBytes(GROUP_ORDER);
const FIELD_PRIME_BYTES = littleEndianBytes(FIELD_PRIME);
const ONE_BYTES = littleEndianBytes(1n);
const MINUS_ONE_BYTES = littleEndianBytes(FIELD_PRIME - 1n);

/** The 32-byte little-endian encoding of an integer below 2^256. */
export function littleEndianBytes(value: bigint): Uint8Array {
  const bytes = new Uint8Array(ENCODING_LENGTH);
  for (let i = 0, v = value; i < ENCODING_LENGTH; i++, v >>= 8n) bytes[i] = Number(v & 0xffn);
  return bytes;
}

/** The little-endian integer of `bytes` (sign bit cleared when `withoutSignBit`) is below `limit`'s. */
function isBelow(bytes: Uint8Array, limit: Uint8Array, withoutSignBit = false): boolean {
  for (let i = ENCODING_LENGTH - 1; i >= 0; i--) {
    const byte = withoutSignBit && i === ENCODING_LENGTH - 1 ? bytes[i] & ~SIGN_BIT : bytes[i];
    if (byte !== limit[i]) return byte < limit[i];
  }
  return false;
}

/** The y coordinate of an encoding (its sign bit cleared) is the integer `value` encodes. */
function yEquals(encoding: Uint8Array, value: Uint8Array): boolean {
  return value.every(
    (byte, i) => byte === (i === ENCODING_LENGTH - 1 ? encoding[i] & ~SIGN_BIT : encoding[i]),
  );
}

/**
 * Whether 32 bytes are the one encoding RFC 8032 §5.1.2 produces for their point, checked on the
 * bytes alone: y < p, and no sign bit when x = 0 (y = 1 or y = p - 1).
 */
function isCanonicalEncoding(encoding: Uint8Array): boolean {
  if (!isBelow(encoding, FIELD_PRIME_BYTES, true)) return false;
  const signBit = (encoding[ENCODING_LENGTH - 1] & SIGN_BIT) !== 0;
  return !(signBit && (yEquals(encoding, ONE_BYTES) || yEquals(encoding, MINUS_ONE_BYTES)));
}
