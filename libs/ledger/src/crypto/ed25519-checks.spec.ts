import * as ed from '@noble/ed25519';
import fc from 'fast-check';
import { nobleEd25519 } from './ed25519';
import {
  nonCanonicalEncodings,
  littleEndianBytes,
  smallOrderPoints,
} from './ed25519-adversarial.fixtures';
import {
  GROUP_ORDER,
  WeakKeyError,
  assertStrongPublicKey,
  isCanonicalSignature,
  littleEndian,
  publicKeyProblem,
} from './ed25519-checks';
import { fromHex, toHex } from './hashes';

const secretKey = fromHex('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb');
const publicKey = nobleEd25519.publicKeyOf(secretKey);
const signature = nobleEd25519.sign(Uint8Array.of(1, 2, 3), secretKey);

/** The first y (from 2 up) that no curve point has, encoded. */
function offCurveEncoding(): Uint8Array {
  for (let y = 2n; ; y++) {
    const bytes = littleEndianBytes(y);
    try {
      ed.Point.fromBytes(bytes);
    } catch {
      return bytes;
    }
  }
}

describe(publicKeyProblem.name, () => {
  it('accepts honestly generated keys', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (seed) => {
        expect(publicKeyProblem(nobleEd25519.publicKeyOf(seed))).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });

  it.each([0, 31, 33, 64])('refuses %i bytes as length', (length) => {
    expect(publicKeyProblem(new Uint8Array(length))).toBe('length');
  });

  it('refuses a non-Uint8Array from untyped callers as length', () => {
    expect(publicKeyProblem(Array.from(publicKey) as unknown as Uint8Array)).toBe('length');
  });

  it('refuses every encoding with y >= p, and x = 0 with the sign bit, as non-canonical', () => {
    const encodings = nonCanonicalEncodings();
    expect(encodings).toHaveLength(2 * 19 + 2);
    for (const encoding of encodings) expect(publicKeyProblem(encoding)).toBe('non-canonical');
  });

  it('refuses a y with no x on the curve as not-on-curve', () => {
    expect(publicKeyProblem(offCurveEncoding())).toBe('not-on-curve');
  });

  it('refuses each of the 8 small-order points, derived with noble', () => {
    const encodings = smallOrderPoints().map((point) => toHex(point.toBytes()));
    expect(new Set(encodings).size).toBe(8);
    // Spot checks against the published list: the identity and the point of order 2.
    expect(encodings).toContain('01' + '00'.repeat(31));
    expect(encodings).toContain('ec' + 'ff'.repeat(30) + '7f');
    for (const encoding of encodings)
      expect(publicKeyProblem(fromHex(encoding))).toBe('small-order');
  });
});

describe(assertStrongPublicKey.name, () => {
  it('passes a strong key and throws WeakKeyError with the reason otherwise', () => {
    expect(() => assertStrongPublicKey(publicKey)).not.toThrow();
    const identity = fromHex('01' + '00'.repeat(31));
    expect(() => assertStrongPublicKey(identity)).toThrow(WeakKeyError);
    expect(() => assertStrongPublicKey(identity)).toThrow(
      expect.objectContaining({ reason: 'small-order' }),
    );
  });
});

describe(isCanonicalSignature.name, () => {
  const withS = (s: bigint) =>
    Uint8Array.from([...signature.subarray(0, 32), ...littleEndianBytes(s)]);

  it('accepts a real signature and any S below L', () => {
    expect(isCanonicalSignature(signature)).toBe(true);
    expect(isCanonicalSignature(withS(GROUP_ORDER - 1n))).toBe(true);
  });

  it('refuses S >= L, including S + L, which would otherwise verify in lax libraries', () => {
    expect(isCanonicalSignature(withS(GROUP_ORDER))).toBe(false);
    expect(isCanonicalSignature(withS(littleEndian(signature.subarray(32)) + GROUP_ORDER))).toBe(
      false,
    );
  });

  it('refuses an R that is not a canonical encoding', () => {
    for (const r of nonCanonicalEncodings()) {
      expect(isCanonicalSignature(Uint8Array.from([...r, ...signature.subarray(32)]))).toBe(false);
    }
  });

  it.each([0, 63, 65])('refuses %i bytes', (length) => {
    expect(isCanonicalSignature(new Uint8Array(length))).toBe(false);
  });

  it('decides R exactly as the integer rule: y < p, and no sign bit on y = 1 or p - 1', () => {
    const p = ed.Point.CURVE().p;
    const y = fc.oneof(
      fc.bigInt({ min: p - 300n, max: (1n << 255n) - 1n }),
      fc.constantFrom(0n, 1n, 2n, p - 2n, p - 1n),
      fc.bigInt({ min: 0n, max: (1n << 255n) - 1n }),
    );
    fc.assert(
      fc.property(y, fc.boolean(), (value, signBit) => {
        const r = littleEndianBytes(value | (signBit ? 1n << 255n : 0n));
        const canonical = value < p && !(signBit && (value === 1n || value === p - 1n));
        expect(isCanonicalSignature(Uint8Array.from([...r, ...signature.subarray(32)]))).toBe(
          canonical,
        );
      }),
    );
  });

  it('decides S exactly as the integer comparison S < L, next to L and anywhere else', () => {
    const nearL = fc.bigInt({ min: -300n, max: 300n }).map((d) => GROUP_ORDER + d);
    const anyS = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
    fc.assert(
      fc.property(fc.oneof(nearL, anyS), (s) => {
        expect(isCanonicalSignature(withS(s))).toBe(s < GROUP_ORDER);
      }),
    );
  });
});
