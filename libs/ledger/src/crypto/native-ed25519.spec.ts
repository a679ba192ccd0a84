import fc from 'fast-check';
import vectors from '../../test-vectors/rfc8032.json';
import { type Ed25519Engine, nobleEd25519 } from './ed25519';
import {
  littleEndianBytes,
  nonCanonicalEncodings,
  signAsMixedOrderKey,
  signWithTorsionInR,
  smallOrderPoints,
  torsionGenerator,
} from './ed25519-adversarial.fixtures';
import { GROUP_ORDER, littleEndian } from './ed25519-checks';
import { fromHex, toHex } from './hashes';
import { nativeEd25519 } from './native-ed25519';

const engines: Ed25519Engine[] = [nobleEd25519, nativeEd25519];
const rfc = vectors.vectors.map((v) => ({
  name: v.name,
  secretKey: fromHex(v.secretKey),
  publicKey: fromHex(v.publicKey),
  message: fromHex(v.message),
  signature: fromHex(v.signature),
}));
const { secretKey, publicKey } = rfc[1];
const message = new TextEncoder().encode('invoice INV-1 total 11300');
const signature = nobleEd25519.sign(message, secretKey);
const identity = fromHex('01' + '00'.repeat(31));

type Case = [name: string, signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array];

const rejected: Case[] = [
  ['a flipped bit in the signature', flip(signature, 100), message, publicKey],
  ['a flipped bit in S', flip(signature, 300), message, publicKey],
  ['a flipped bit in the message', signature, flip(message, 5), publicKey],
  ['a flipped bit in the key', signature, message, flip(publicKey, 17)],
  [
    'S + L (non-canonical S)',
    withS(signature, littleEndian(signature.subarray(32)) + GROUP_ORDER),
    message,
    publicKey,
  ],
  [
    'the identity key forgery (A = R = identity, S = 0)',
    Uint8Array.from([...identity, ...new Uint8Array(32)]),
    message,
    identity,
  ],
  [
    'an R with a small-order component',
    signWithTorsionInR(message, secretKey, torsionGenerator()),
    message,
    publicKey,
  ],
  ['a 63-byte signature', signature.subarray(0, 63), message, publicKey],
  ['a 31-byte key', signature, message, publicKey.subarray(0, 31)],
  ...smallOrderPoints().map((point, i): Case => {
    const key = point.toBytes();
    return [
      `small-order key #${i} ${toHex(key)}`,
      Uint8Array.from([...identity, ...new Uint8Array(32)]),
      message,
      key,
    ];
  }),
  ...smallOrderPoints().map((point, i): Case => [
    `small-order key #${i} with a real signature`,
    signature,
    message,
    point.toBytes(),
  ]),
  ...nonCanonicalEncodings().map((key): Case => [
    `non-canonical key ${toHex(key)}`,
    signature,
    message,
    key,
  ]),
  ...nonCanonicalEncodings().map((r): Case => [
    `non-canonical R ${toHex(r)}`,
    Uint8Array.from([...r, ...signature.subarray(32)]),
    message,
    publicKey,
  ]),
];

describe(nativeEd25519.name, () => {
  it.each(rfc)('reproduces RFC 8032 $name', (vector) => {
    expect(nativeEd25519.publicKeyOf(vector.secretKey)).toEqual(vector.publicKey);
    expect(nativeEd25519.sign(vector.message, vector.secretKey)).toEqual(vector.signature);
    expect(nativeEd25519.verify(vector.signature, vector.message, vector.publicKey)).toBe(true);
  });

  it('signs byte-identically to noble and derives the same public keys (200 random keys)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 300 }),
        (secret, data) => {
          const signed = nativeEd25519.sign(data, secret);
          expect(signed).toEqual(nobleEd25519.sign(data, secret));
          expect(nativeEd25519.publicKeyOf(secret)).toEqual(nobleEd25519.publicKeyOf(secret));
          for (const engine of engines) {
            expect(engine.verify(signed, data, nobleEd25519.publicKeyOf(secret))).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts a valid signature in both engines, by verify and under a key prepared once', () => {
    for (const engine of engines) {
      expect(engine.verify(signature, message, publicKey)).toBe(true);
      expect(engine.verifierFor(publicKey)(signature, message)).toBe(true);
    }
  });

  it.each(rejected)(
    'refuses %s in both engines, by verify and under a key prepared once',
    (_, sig, msg, key) => {
      for (const engine of engines) {
        expect(engine.verify(sig, msg, key)).toBe(false);
        expect(engine.verifierFor(key)(sig, msg)).toBe(false);
      }
    },
  );

  it('verifies under a prepared key as it was, whatever its array holds later', () => {
    for (const engine of engines) {
      const key = publicKey.slice();
      const verifier = engine.verifierFor(key);
      key.fill(0);
      expect(verifier(signature, message)).toBe(true);
    }
  });

  it('agrees with noble on keys carrying a small-order component, accepting and refusing', () => {
    // With A' = A + T the cofactorless check holds exactly when 8 divides the challenge, so
    // these fixed messages yield both verdicts; the engines must agree on every one.
    const torsion = torsionGenerator();
    const verdicts = Array.from({ length: 64 }, (_, i) => {
      const data = Uint8Array.of(i);
      const forged = signAsMixedOrderKey(data, secretKey, torsion);
      const [noble, native] = engines.map((e) =>
        e.verify(forged.signature, data, forged.publicKey),
      );
      expect(native).toBe(noble);
      return noble;
    });
    expect(new Set(verdicts)).toEqual(new Set([true, false]));
  });

  it('never throws and agrees with noble on random bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 70 }),
        fc.uint8Array({ maxLength: 40 }),
        (sig, key) => {
          const verdicts = engines.flatMap((engine) => [
            engine.verify(sig, message, key),
            engine.verifierFor(key)(sig, message),
          ]);
          expect(verdicts).toEqual([false, false, false, false]);
        },
      ),
    );
  });

  it('signs with the secret an array holds now, when the caller refills the same array', () => {
    const secret = littleEndianBytes(1n);
    expect(nativeEd25519.sign(message, secret)).toEqual(nobleEd25519.sign(message, secret));
    secret.set(littleEndianBytes(2n));
    expect(nativeEd25519.sign(message, secret)).toEqual(nobleEd25519.sign(message, secret));
    expect(nativeEd25519.publicKeyOf(secret)).toEqual(nobleEd25519.publicKeyOf(secret));
  });

  it('still verifies a key after more keys than its cache holds have been seen', () => {
    expect(nativeEd25519.verify(signature, message, publicKey)).toBe(true);
    for (let i = 0; i < 300; i++) {
      const other = nativeEd25519.publicKeyOf(littleEndianBytes(BigInt(i + 1)));
      expect(nativeEd25519.verify(signature, message, other)).toBe(false);
    }
    expect(nativeEd25519.verify(signature, message, publicKey)).toBe(true);
  });
});

function flip(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[Math.floor(bit / 8)] ^= 1 << (bit % 8);
  return copy;
}

function withS(sig: Uint8Array, s: bigint): Uint8Array {
  return Uint8Array.from([...sig.subarray(0, 32), ...littleEndianBytes(s)]);
}
