import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalBytes } from './canonical-json';

/**
 * First byte of every hash input that is not a payload, so a leaf, an interior node and an
 * entry can never be passed off as one another (RFC 6962 §2.1 second-preimage defence).
 */
export const HashDomain = { leaf: 0x00, node: 0x01, entry: 0x02 } as const;

/** Length in bytes of every hash in the ledger (SHA-256). */
export const HASH_LENGTH = 32;

interface NodeHash {
  hash(algorithm: 'sha256', data: Uint8Array, encoding: 'latin1'): string;
  hash(algorithm: 'sha256', data: string, encoding: 'hex'): string;
}

// In Node, OpenSSL's SHA-256 (about three times faster on entry-sized inputs, and hashing is
// most of a verifier's work besides signatures); noble in the browser. Looked up at run time
// so that this file imports nothing from node: and bundles for the browser unchanged.
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as NodeHash | undefined;

/** SHA-256 of `bytes`, as a plain Uint8Array whichever implementation computed it. */
export function sha256(bytes: Uint8Array): Uint8Array {
  if (!nodeCrypto) return nobleSha256(bytes);
  // Node's 'buffer' output gives each digest an ArrayBuffer of its own, about 1 µs of CPU and
  // garbage per hash (a verifier makes two per entry for its Merkle tree); a 32-character latin1
  // string, one character per byte, copied into a plain array costs a third of it.
  const digest = nodeCrypto.hash('sha256', bytes, 'latin1');
  const out = new Uint8Array(HASH_LENGTH);
  for (let i = 0; i < HASH_LENGTH; i += 1) out[i] = digest.charCodeAt(i);
  return out;
}

/**
 * Lowercase hex of the SHA-256 of `text`'s UTF-8 bytes: in Node, encoded and hashed in one call,
 * without the byte array and hex loop per hash (a verifier hashes two texts per entry).
 */
export function sha256Hex(text: string): string {
  if (!nodeCrypto) return toHex(nobleSha256(utf8ToBytes(text)));
  return nodeCrypto.hash('sha256', text, 'hex');
}

/** SHA-256 of the canonical JSON of a payload, without a domain prefix (DESIGN: "The ledger"). */
export function payloadHash(payload: unknown): Uint8Array {
  return sha256(canonicalBytes(payload));
}

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

const HEX = /^[0-9a-fA-F]*$/;

/** Bytes of a hex string; throws a RangeError on odd length or a non-hex character. */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !HEX.test(hex)) {
    throw new RangeError('fromHex: expected a string of an even number of hex digits');
  }
  return hexToBytes(hex);
}

/**
 * Whether `value` is lowercase hex of exactly `length` bytes. Hashes are hashed and signed as
 * text, so the one lowercase spelling is the only accepted one.
 */
export function isLowerHex(value: unknown, length: number): value is string {
  return typeof value === 'string' && value.length === length * 2 && /^[0-9a-f]*$/.test(value);
}

/** Byte-wise equality. Not constant-time: only for public data such as hashes and roots. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
