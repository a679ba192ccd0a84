import {
  KeyObject,
  createPrivateKey,
  createPublicKey,
  sign,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import type { Ed25519Engine } from './ed25519';
import { decodeStrongPublicKey, strictVerifier } from './ed25519-checks';

// Node-only (the one file here that imports node:): OpenSSL's ed25519, many times faster than
// pure JS, for services that verify every incoming signature. Never bundle it for the browser.

// DER headers that wrap a raw 32-byte key (RFC 8410): PKCS#8 for a seed, SPKI for a public key.
const PKCS8_SEED_HEADER = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_KEY_HEADER = Buffer.from('302a300506032b6570032100', 'hex');

// Verification keys by public-key hex, least recently used first. Only strong keys get in, so
// a hit also skips the curve checks; the bound keeps a flood of one-off keys from growing it.
const MAX_CACHED_KEYS = 256;
const verificationKeys = new Map<string, KeyObject>();

/** OpenSSL engine for Node: byte-identical signatures and the same verdicts as nobleEd25519. */
export const nativeEd25519: Ed25519Engine = {
  name: 'native',
  sign: (message, secretKey) => Uint8Array.from(sign(null, message, privateKeyObject(secretKey))),
  ...strictVerifier(verificationKey, (signature, message, key) =>
    verify(null, message, key, signature),
  ),
  publicKeyOf: (secretKey) => {
    const spki = createPublicKey(privateKeyObject(secretKey)).export({
      format: 'der',
      type: 'spki',
    });
    return Uint8Array.from(spki.subarray(SPKI_KEY_HEADER.length));
  },
};

// Signing keys by the caller's secret array: building one costs as much as a signature. Weakly
// held, a key lives no longer than the array it came from; the bytes it was built from are
// compared on each use, so an array refilled with another secret gets a key of its own.
const signingKeys = new WeakMap<Uint8Array, { seed: Buffer; key: KeyObject }>();

function privateKeyObject(secretKey: Uint8Array): KeyObject {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32) {
    throw new RangeError('ed25519 secret key must be 32 bytes');
  }
  const cached = signingKeys.get(secretKey);
  if (cached !== undefined && timingSafeEqual(cached.seed, secretKey)) return cached.key;
  const seed = Buffer.from(secretKey);
  const der = Buffer.concat([PKCS8_SEED_HEADER, seed]);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  signingKeys.set(secretKey, { seed, key });
  return key;
}

function verificationKey(publicKey: Uint8Array): KeyObject | undefined {
  if (!(publicKey instanceof Uint8Array)) return undefined;
  // Buffer's native hex: this runs once per signature checked.
  const id = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString(
    'hex',
  );
  const cached = verificationKeys.get(id);
  if (cached !== undefined) {
    verificationKeys.delete(id);
    verificationKeys.set(id, cached);
    return cached;
  }
  if (typeof decodeStrongPublicKey(publicKey) === 'string') return undefined;
  const key = createPublicKey({
    key: Buffer.concat([SPKI_KEY_HEADER, publicKey]),
    format: 'der',
    type: 'spki',
  });
  verificationKeys.set(id, key);
  if (verificationKeys.size > MAX_CACHED_KEYS) {
    verificationKeys.delete(verificationKeys.keys().next().value as string);
  }
  return key;
}
