import fc from 'fast-check';
import { canonicalize } from 'json-canonicalize';
import vectors from '../../test-vectors/rfc8785.json';
import {
  CanonicalJson,
  CanonicalizationError,
  canonicalBytes,
  canonicalJson,
} from './canonical-json';

/** The double whose IEEE 754 bits are `hex` (big-endian), as RFC 8785 Appendix B lists them. */
function fromIeee754(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe(canonicalJson.name, () => {
  it.each(vectors.documents)('matches RFC 8785 test data: $name', ({ input, output }) => {
    expect(canonicalJson(JSON.parse(input))).toBe(output);
  });

  it.each(vectors.numbers)('serializes the double 0x$ieee754 as $output', ({ ieee754, output }) => {
    expect(canonicalJson(fromIeee754(ieee754))).toBe(output);
  });

  it.each(vectors.numberLiterals)(
    'serializes the JSON number $input as $output',
    ({ input, output }) => {
      expect(canonicalJson(JSON.parse(input))).toBe(output);
    },
  );

  it.each(vectors.invalidNumbers)('rejects $note', ({ ieee754 }) => {
    expect(() => canonicalJson(fromIeee754(ieee754))).toThrow(CanonicalizationError);
  });

  it('sorts keys by UTF-16 code units, not by code points or locale', () => {
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FB33 in UTF-16 order
    // although its code point is larger.
    expect(canonicalJson({ '\ufb33': 1, '\u{1f600}': 2, é: 3, e: 4 })).toBe(
      '{"e":4,"é":3,"\u{1f600}":2,"\ufb33":1}',
    );
  });

  it('passes non-ASCII text through unescaped, as UTF-8 bytes', () => {
    expect(canonicalJson({ 名称: '发票 €😀' })).toBe('{"名称":"发票 €😀"}');
    expect(Array.from(canonicalBytes('€'))).toEqual([0x22, 0xe2, 0x82, 0xac, 0x22]);
  });

  it('canonicalizes nested structures at every depth', () => {
    const value = { z: [{ b: [3, { y: null, x: true }], a: 'α' }], a: { d: {}, c: [] } };
    expect(canonicalJson(value)).toBe(
      '{"a":{"c":[],"d":{}},"z":[{"a":"α","b":[3,{"x":true,"y":null}]}]}',
    );
  });

  it('is independent of key insertion order and a fixed point of parse + canonicalize', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(canonicalJson(reversedKeys(value))).toBe(text);
      }),
    );
  });

  // Parsed documents are written in one pass, everything else through the checked copy: the
  // library's text is the reference both must give, whatever the document's depth.
  it('writes parsed documents exactly as json-canonicalize does, at any depth', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.nat(40), (value, depth) => {
        let document = JSON.parse(JSON.stringify(value)) as unknown;
        for (let level = 0; level < depth; level += 1) document = { z: [document], a: level };
        expect(canonicalJson(document)).toBe(canonicalize(document));
      }),
    );
  });

  // JSON.parse makes `__proto__` an own member, which RFC 8785 writes like any other: left out, a
  // payload given an extra `__proto__` member would hash and verify as the one without it (found
  // by the property above in CI, seed -802638447: {"__proto__":0} written as {}).
  it('writes a parsed `__proto__` member, in one pass and through the checked copy', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":[0]},"a":null}') as unknown;
    const text = '{"__proto__":{"x":[0]},"a":null,"b":1}';
    expect(canonicalize(parsed)).toBe(text);
    expect(canonicalJson(parsed)).toBe(text);
    const deep = { z: [parsed], when: new Date(0) }; // a Date takes the checked copy
    expect(canonicalJson(deep)).toBe(`{"when":"1970-01-01T00:00:00.000Z","z":[${text}]}`);
    expect(canonicalJson(JSON.parse('{"__proto__":0}'))).not.toBe(canonicalJson({}));
  });

  it('omits undefined properties, like the same object after a JSON round trip', () => {
    expect(canonicalJson({ a: 1, note: undefined })).toBe('{"a":1}');
  });

  it('uses toJSON like JSON.stringify, and canonicalizes its result', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 10, 23)) })).toBe(
      '{"at":"2026-11-23T00:00:00.000Z"}',
    );
    expect(canonicalJson({ toJSON: () => ({ b: 1, a: 2 }) })).toBe('{"a":2,"b":1}');
  });

  const circular: Record<string, unknown> = {};
  circular.self = circular;
  it.each<[string, unknown, string]>([
    ['undefined at the top level', undefined, '$'],
    ['NaN', { a: NaN }, '$.a'],
    ['Infinity', [1, -Infinity], '$[1]'],
    ['a BigInt', { amount: 10n }, '$.amount'],
    ['a function', { f: () => 1 }, '$.f'],
    ['a symbol', [Symbol('s')], '$[0]'],
    ['undefined in an array', [1, undefined], '$[1]'],
    ['a lone surrogate in a value', { s: '\ud800' }, '$.s'],
    ['a lone surrogate in a key', { '\udc00': 1 }, '$.\udc00'],
    ['binary data', { bytes: new Uint8Array(2) }, '$.bytes'],
    ['a Map', { m: new Map() }, '$.m'],
    ['a circular reference', circular, '$.self'],
  ])('rejects %s with CanonicalizationError at its path', (_, value, path) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalizationError);
    expect(() => canonicalJson(value)).toThrow(`cannot canonicalize ${path}:`);
  });

  it('accepts the same object twice when it is not its own ancestor', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});

describe(CanonicalJson.name, () => {
  it('writes an object of canonicalized members as canonicalizing the whole object does', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.boolean(), (members, reuse) => {
        const given = Object.fromEntries(
          Object.entries(members).map(([name, value]) => [
            name,
            reuse ? CanonicalJson.of(value) : value,
          ]),
        );
        expect(CanonicalJson.object(given).text).toBe(canonicalJson(members));
      }),
    );
    // An own `__proto__` member (found by the property above with seed 1775463820).
    const proto = Object.fromEntries([['__proto__', []]]) as Record<string, unknown>;
    expect(CanonicalJson.object(proto).text).toBe(canonicalJson(proto));
    expect(CanonicalJson.object(proto).text).toBe('{"__proto__":[]}');
    const document = { z: 1, é: [2], '\u{1f600}': 3, '\ufb33': 4, e: 5 };
    expect(CanonicalJson.object({ document: CanonicalJson.of(document), at: 'x' }).text).toBe(
      canonicalJson({ document, at: 'x' }),
    );
  });

  it('is its own text wherever it is canonicalized, and its bytes are canonicalBytes', () => {
    const signed = CanonicalJson.of({ b: [1, 'α'], a: null });
    expect(canonicalJson(signed)).toBe('{"a":null,"b":[1,"α"]}');
    expect(canonicalJson({ signed, n: 1 })).toBe('{"n":1,"signed":{"a":null,"b":[1,"α"]}}');
    expect(signed.bytes).toEqual(canonicalBytes({ a: null, b: [1, 'α'] }));
  });

  it('refuses what canonicalJson refuses', () => {
    expect(() => CanonicalJson.of({ s: '\ud800' })).toThrow(CanonicalizationError);
    expect(() => CanonicalJson.object({ '\udc00': 1 })).toThrow(CanonicalizationError);
  });
});

function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, reversedKeys(v)]));
}
