import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import {
  GROUP_ORDER,
  type StrongPublicKey,
  decodeStrongPublicKey,
  littleEndian,
  strictVerifier,
} from './ed25519-checks';
import { bytesEqual, sha256, toHex } from './hashes';

// noble's synchronous API needs a SHA-512; without it sign() and getPublicKey() throw.
ed.hashes.sha512 = sha512;

/** An ed25519 implementation; every engine signs identically and agrees on every verdict. */
export interface Ed25519Engine {
  name: 'noble' | 'native';
  /** Deterministic RFC 8032 signature (64 bytes) by a 32-byte secret key (seed). */
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array;
  /** Strict verification; false, never an exception, for any malformed or weak input. */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  /**
   * {@link Ed25519Engine.verify} under one key, its checks and preparation done once, here: for a
   * caller that keeps the key and checks many signatures with it (a verifier's key directory).
   */
  verifierFor(publicKey: Uint8Array): (signature: Uint8Array, message: Uint8Array) => boolean;
  /** The 32-byte public key of a secret key. */
  publicKeyOf(secretKey: Uint8Array): Uint8Array;
}

const KEY_ID_BYTES = 16;

/** Pure-JS engine: runs in the browser as well as in Node. */
export const nobleEd25519: Ed25519Engine = {
  name: 'noble',
  sign: (message, secretKey) => ed.sign(message, secretKey),
  ...strictVerifier((publicKey) => asStrong(decodeStrongPublicKey(publicKey)), equationHolds),
  publicKeyOf: (secretKey) => ed.getPublicKey(secretKey),
};

/** 32 random bytes from the platform CSPRNG (WebCrypto), usable as an ed25519 secret key. */
export function generateSecretKey(): Uint8Array {
  return ed.utils.randomSecretKey();
}

/** Short public name of a key: the first 16 bytes of SHA-256(publicKey), lowercase hex. */
export function keyId(publicKey: Uint8Array): string {
  return toHex(sha256(publicKey).subarray(0, KEY_ID_BYTES));
}

function asStrong(decoded: ReturnType<typeof decodeStrongPublicKey>): StrongPublicKey | undefined {
  return typeof decoded === 'string' ? undefined : decoded;
}

/**
 * RFC 8032 §5.1.7 with the cofactorless equation [S]B - [k]A == R, compared as encodings. This
 * is what OpenSSL (the native engine) checks; noble's own verify() checks the cofactored
 * equation, which also accepts an R carrying a small-order component, so the two engines would
 * disagree on such crafted signatures. The checks in front already guarantee S < L and a
 * canonical R and A.
 */
function equationHolds(signature: Uint8Array, message: Uint8Array, key: StrongPublicKey): boolean {
  const r = signature.subarray(0, 32);
  const s = littleEndian(signature.subarray(32));
  const k = ed.etc.mod(littleEndian(sha512(concatBytes(r, key.bytes, message))), GROUP_ORDER);
  const expectedR = ed.Point.BASE.multiply(s, false).subtract(key.point.multiply(k, false));
  return bytesEqual(expectedR.toBytes(), r);
}
