import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { GROUP_ORDER, littleEndian, littleEndianBytes } from './ed25519-checks';
import './ed25519'; // wires noble's synchronous SHA-512

export { littleEndianBytes };

// Test support: hostile ed25519 inputs built with noble's own point arithmetic, so nothing here
// is a pasted constant that could be mistyped.

const { Point } = ed;
const FIELD_PRIME = Point.CURVE().p;

/** A point of order exactly 8: [L]P of a curve point P whose torsion component has order 8. */
export function torsionGenerator(): ed.Point {
  for (let y = 2n; ; y++) {
    let point: ed.Point;
    try {
      point = Point.fromBytes(littleEndianBytes(y));
    } catch {
      continue;
    }
    // [L]P removes the prime-order part of P (L·(prime-order) = 0), leaving its torsion part.
    const torsion = point
      .multiply(GROUP_ORDER / 2n, false)
      .double()
      .add(point);
    if (!torsion.double().double().is0()) return torsion;
  }
}

/** The 8 points of the small-order subgroup, the identity first. */
export function smallOrderPoints(): ed.Point[] {
  const generator = torsionGenerator();
  const points = [Point.ZERO];
  for (let i = 1; i < 8; i++) points.push(points[i - 1].add(generator));
  return points;
}

/** Every encoding with y >= p (y = p .. 2^255 - 1), with either sign bit, and x = 0 with sign 1. */
export function nonCanonicalEncodings(): Uint8Array[] {
  const encodings: Uint8Array[] = [];
  const withSign = (bytes: Uint8Array) => {
    const copy = Uint8Array.from(bytes);
    copy[31] |= 0x80;
    return copy;
  };
  for (let y = FIELD_PRIME; y < 2n ** 255n; y++) {
    encodings.push(littleEndianBytes(y), withSign(littleEndianBytes(y)));
  }
  encodings.push(withSign(littleEndianBytes(1n)), withSign(littleEndianBytes(FIELD_PRIME - 1n)));
  return encodings;
}

/**
 * A signature whose R carries a small-order component T, with S made to satisfy the cofactored
 * equation [8]SB = [8]R + [8]kA but not the cofactorless one.
 */
export function signWithTorsionInR(message: Uint8Array, secretKey: Uint8Array, torsion: ed.Point) {
  const { scalar, pointBytes } = ed.utils.getExtendedPublicKey(secretKey);
  const nonce = 12345n;
  const r = Point.BASE.multiply(nonce).add(torsion).toBytes();
  const k = challenge(r, pointBytes, message);
  const s = ed.etc.mod(nonce + k * scalar, GROUP_ORDER);
  return concatBytes(r, littleEndianBytes(s));
}

/** A public key A + T (not small-order, not torsion-free) and an honest-looking signature by it. */
export function signAsMixedOrderKey(message: Uint8Array, secretKey: Uint8Array, torsion: ed.Point) {
  const { scalar, point } = ed.utils.getExtendedPublicKey(secretKey);
  const publicKey = point.add(torsion).toBytes();
  const nonce = 777n;
  const r = Point.BASE.multiply(nonce).toBytes();
  const s = ed.etc.mod(nonce + challenge(r, publicKey, message) * scalar, GROUP_ORDER);
  return { publicKey, signature: concatBytes(r, littleEndianBytes(s)) };
}

function challenge(r: Uint8Array, publicKey: Uint8Array, message: Uint8Array): bigint {
  return ed.etc.mod(littleEndian(sha512(concatBytes(r, publicKey, message))), GROUP_ORDER);
}
