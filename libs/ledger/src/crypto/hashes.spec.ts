import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import {
  HashDomain,
  bytesEqual,
  fromHex,
  isLowerHex,
  payloadHash,
  sha256,
  sha256Hex,
  toHex,
} from './hashes';

describe(sha256.name, () => {
  it('matches the FIPS 180-2 "abc" vector', () => {
    expect(toHex(sha256(utf8ToBytes('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it("gives the browser's (noble's) digest in Node, as a plain Uint8Array, for every length around a block", () => {
    for (let length = 0; length <= 200; length += 1) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + length) % 256);
      const digest = sha256(bytes);
      expect(digest.constructor).toBe(Uint8Array);
      expect(toHex(digest)).toBe(toHex(nobleSha256(bytes)));
    }
  });

  it('keeps the leaf, node and entry domains distinct', () => {
    expect(HashDomain).toEqual({ leaf: 0x00, node: 0x01, entry: 0x02 });
  });
});

describe(sha256Hex.name, () => {
  it("gives the browser's hex digest of the text's UTF-8, lone surrogates as U+FFFD included", () => {
    for (const text of ['', 'abc', '\u0002{"a":1}', '发票 €😀', 'x\ud800y', 'é'.repeat(100)])
      expect(sha256Hex(text)).toBe(toHex(nobleSha256(utf8ToBytes(text))));
  });
});

describe(payloadHash.name, () => {
  it('is the plain SHA-256 of the canonical JSON, whatever the key order', () => {
    const expected = toHex(sha256(utf8ToBytes('{"a":"2","b":[1,{"c":null}]}')));
    expect(toHex(payloadHash({ b: [1, { c: null }], a: '2' }))).toBe(expected);
    expect(toHex(payloadHash({ a: '2', b: [1, { c: null }] }))).toBe(expected);
  });
});

describe(fromHex.name, () => {
  it('round-trips with toHex, which writes lowercase', () => {
    const bytes = Uint8Array.from([0, 1, 0xab, 0xff]);
    expect(toHex(bytes)).toBe('0001abff');
    expect(fromHex('0001ABff')).toEqual(bytes);
    expect(fromHex('')).toEqual(new Uint8Array(0));
  });

  it.each(['abc', '0g', 'zz', ' 00', '0x00'])('rejects %j', (hex) => {
    expect(() => fromHex(hex)).toThrow(RangeError);
  });

  it('rejects a non-string from untyped callers', () => {
    expect(() => fromHex(42 as unknown as string)).toThrow(RangeError);
  });
});

describe(isLowerHex.name, () => {
  it('accepts only lowercase hex of the given byte length', () => {
    expect(isLowerHex('00ff', 2)).toBe(true);
    expect(isLowerHex('00FF', 2)).toBe(false);
    expect(isLowerHex('00ff', 3)).toBe(false);
    expect(isLowerHex(7, 1)).toBe(false);
  });
});

describe(bytesEqual.name, () => {
  it('compares length and content', () => {
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1))).toBe(false);
  });
});
