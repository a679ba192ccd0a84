import fc from 'fast-check';
import { canonicalJson } from '../crypto/canonical-json';
import { signedDocumentOf } from './signed-document';

/** What the verifier computed before: the parsed document's keyId and canonical text. */
function parsed(payload: string): { keyId: unknown; text: string } {
  const { document } = JSON.parse(payload) as { document: { keyId?: unknown } };
  return { keyId: document.keyId, text: canonicalJson(document) };
}

const invoice = {
  document: {
    schema: 'taxchain.invoice.v1',
    documentNumber: 'DOC-1',
    seller: { name: '上海示例商贸有限公司 😀', taxId: '91310115MA1K4BTX3L' },
    lines: [{ description: 'tea\u2028cup', quantity: 2, unitPrice: '12.50' }],
    totals: { net: '7500', tax: '978', gross: '8478' },
    paid: true,
    voided: null,
    count: -42,
    keyId: 'k-1',
  },
  invoiceNumber: '0-1',
};

describe(signedDocumentOf.name, () => {
  it("reads the document's canonical text and keyId off a payload the ledger wrote", () => {
    const payload = canonicalJson(invoice);
    expect(signedDocumentOf(payload)).toEqual(parsed(payload));
  });

  // Each of these is left to the parsing path, whether canonical or not.
  it.each([
    ['whitespace', '{"document": {"keyId":"k"}}'],
    ['keys out of order', '{"invoiceNumber":"1","document":{"keyId":"k"}}'],
    [
      'a duplicate document, whose last one JSON.parse keeps',
      '{"document":{"keyId":"a"},"document":{"keyId":"b"}}',
    ],
    ['a duplicate keyId', '{"document":{"keyId":"a","keyId":"b"}}'],
    ['an escape', '{"document":{"keyId":"k","name":"a\\"b"}}'],
    ['a fraction', '{"document":{"amount":1.5,"keyId":"k"}}'],
    ['an exponent', '{"document":{"amount":1e3,"keyId":"k"}}'],
    ['-0', '{"document":{"amount":-0,"keyId":"k"}}'],
    ['a leading zero', '{"document":{"amount":01,"keyId":"k"}}'],
    ['sixteen digits', '{"document":{"amount":1234567890123456,"keyId":"k"}}'],
    ['a lone surrogate', '{"document":{"keyId":"k","name":"\ud800"}}'],
    ['__proto__', '{"document":{"__proto__":{},"keyId":"k"}}'],
    ['toJSON', '{"document":{"keyId":"k","toJSON":1}}'],
    ['a keyId that is not a string', '{"document":{"keyId":7}}'],
    ['a keyId outside the document', '{"a":{"keyId":"k"},"document":{}}'],
    ['no document', '{"keyId":"k"}'],
    ['a document that is not an object', '{"document":"k"}'],
    ['text after the payload', '{"document":{"keyId":"k"}} '],
    ['nesting deeper than 32', `{"document":{"keyId":"k","x":${'['.repeat(40)}${']'.repeat(40)}}}`],
  ])('leaves %s to the parser', (_, payload) => {
    expect(signedDocumentOf(payload)).toBeUndefined();
  });

  it('gives, whenever it reads a payload, what parsing and canonicalizing it give', () => {
    // Mostly what the recognizer reads (so that the property is tested), sometimes anything.
    const plain = fc.string({
      unit: fc.constantFrom('a', 'Z', '0', ' ', 'é', '中', '😀', '\u2028'),
    });
    const key = fc.oneof(
      { arbitrary: fc.constantFrom('keyId', 'document', 'a', 'z', '10', '9'), weight: 3 },
      { arbitrary: plain, weight: 3 },
      fc.string(),
    );
    const leaf = fc.oneof(
      { arbitrary: plain, weight: 8 },
      { arbitrary: fc.integer({ min: -(10 ** 14), max: 10 ** 14 }), weight: 6 },
      fc.string({ unit: 'binary' }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    const document = fc.record({
      keyId: fc.oneof(fc.string(), leaf),
      rest: fc.dictionary(key, value),
    });
    // Canonical texts, and the same with one change: spaces, a character gone, keys reordered.
    const payload = fc
      .tuple(document, fc.dictionary(key, value), fc.nat(), fc.nat())
      .map(([doc, others, cut, spot]) => {
        const value = { ...others, document: { ...doc.rest, keyId: doc.keyId } };
        // A lone surrogate has no canonical text: such a value gives its JSON.stringify text.
        let text: string;
        try {
          text = canonicalJson(value);
        } catch {
          return JSON.stringify(value);
        }
        const variants = [
          text,
          text,
          text.slice(0, spot % text.length) + ' ' + text.slice(spot % text.length),
          text.slice(0, cut % text.length) + text.slice((cut % text.length) + 1),
          JSON.stringify(value),
        ];
        return variants[spot % variants.length];
      });
    fc.assert(
      fc.property(payload, (text) => {
        const signed = signedDocumentOf(text);
        if (signed === undefined) return;
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(signed).toEqual(parsed(text));
      }),
      { numRuns: 2_000 },
    );
  });
});
