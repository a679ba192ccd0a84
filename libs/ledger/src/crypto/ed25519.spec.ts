import * as ed from '@noble/ed25519';
import fc from 'fast-check';
import vectors from '../../test-vectors/rfc8032.json';
import { generateSecretKey, keyId, nobleEd25519 } from './ed25519';
import { signWithTorsionInR, torsionGenerator } from './ed25519-adversarial.fixtures';
import { fromHex, sha256, toHex } from './hashes';

const rfc = vectors.vectors.map((v) => ({
  name: v.name,
  secretKey: fromHex(v.secretKey),
  publicKey: fromHex(v.publicKey),
  message: fromHex(v.message),
  signature: fromHex(v.signature),
}));

describe(nobleEd25519.name, () => {
  it.each(rfc)('reproduces RFC 8032 $name', ({ secretKey, publicKey, message, signature }) => {
    expect(nobleEd25519.publicKeyOf(secretKey)).toEqual(publicKey);
    expect(nobleEd25519.sign(message, secretKey)).toEqual(signature);
    expect(nobleEd25519.verify(signature, message, publicKey)).toBe(true);
  });

  it('verifies what it signs and nothing with one bit changed', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.nat(),
        (secretKey, message, bit) => {
          const publicKey = nobleEd25519.publicKeyOf(secretKey);
          const signature = nobleEd25519.sign(message, secretKey);
          expect(nobleEd25519.verify(signature, message, publicKey)).toBe(true);
          expect(nobleEd25519.verify(flipBit(signature, bit), message, publicKey)).toBe(false);
          expect(nobleEd25519.verify(signature, flipBit(message, bit), publicKey)).toBe(false);
          expect(nobleEd25519.verify(signature, message, flipBit(publicKey, bit))).toBe(false);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses an R with a small-order component, which noble.verify would accept', () => {
    const { secretKey, publicKey } = rfc[0];
    const message = Uint8Array.of(42);
    const forged = signWithTorsionInR(message, secretKey, torsionGenerator());
    // The cofactored equation holds; only the cofactorless one, which OpenSSL checks, fails.
    expect(ed.verify(forged, message, publicKey, { zip215: false })).toBe(true);
    expect(nobleEd25519.verify(forged, message, publicKey)).toBe(false);
  });
});

describe(generateSecretKey.name, () => {
  it('returns 32 fresh random bytes that make a usable key', () => {
    const [a, b] = [generateSecretKey(), generateSecretKey()];
    expect(a).toHaveLength(32);
    expect(a).not.toEqual(b);
    expect(nobleEd25519.publicKeyOf(a)).toHaveLength(32);
  });
});

describe(keyId.name, () => {
  it('is the first 16 bytes of SHA-256(publicKey) in lowercase hex', () => {
    const publicKey = rfc[0].publicKey;
    expect(keyId(publicKey)).toBe(toHex(sha256(publicKey)).slice(0, 32));
    expect(keyId(publicKey)).toMatch(/^[0-9a-f]{32}$/);
  });
});

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[Math.floor(bit / 8) % copy.length] ^= 1 << (bit % 8);
  return copy;
}
