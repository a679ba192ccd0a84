import fc from 'fast-check';
import {
  USCC_ALPHABET,
  generateTaxId,
  taxIdPattern,
  taxIdRegion,
  usccCheckCharacter,
  validateTaxId,
} from './tax-id';

const provinces = ['11', '31', '35', '44', '51', '65', '81'];
const region = fc
  .tuple(fc.constantFrom(...provinces), fc.integer({ min: 0, max: 9999 }))
  .map(([province, rest]) => `${province}${String(rest).padStart(4, '0')}`);
const random = fc
  .infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }))
  .map((stream) => () => stream.next().value as number);
const validCode = fc.tuple(region, random).map(([code, next]) => generateTaxId(code, next));

/** True when the 18th character is the mod-31 check of the first 17. */
const checksumHolds = (code: string) => usccCheckCharacter(code.slice(0, 17)) === code[17];

describe(validateTaxId.name, () => {
  it.each([
    ['91350100M000100Y43', '350100'],
    ['91110000802100433B', '110000'],
  ])('accepts the published code %s', (code, expectedRegion) => {
    expect(validateTaxId(code)).toEqual({ ok: true, region: expectedRegion });
  });

  it.each([
    ['91350100M000100Y4', /18 characters, not 17/],
    ['91350100M000100I43', /'I' at position 16/],
    ['91350100m000100Y43', /'m' at position 9/],
    ['B1350100M000100Y43', /unknown registration authority 'B'/],
    ['94350100M000100Y43', /organisation type '4', which authority '9'/],
    ['91990100M000100Y43', /region .* names no province \(99\)/],
    ['91350100M000100Y53', /organisation code check character '5' where '4'/],
    ['91350100M000100Y44', /check character '4' where '3'/],
  ])('rejects %s, saying why', (code, reason) => {
    const result = validateTaxId(code);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('accepts every generated code, in the region it was generated for', () => {
    fc.assert(
      fc.property(region, random, (code, next) => {
        expect(validateTaxId(generateTaxId(code, next))).toEqual({ ok: true, region: code });
      }),
    );
  });

  // Changing one character from a to b (a ≠ b, both in the alphabet) at a position of weight w
  // moves the weighted sum by w·(b − a), and mod 31 (a prime) neither factor is 0: every single
  // substitution is caught by the check character alone; characters outside it by the charset.
  it('rejects every single-character substitution, at any position, by any other character', () => {
    fc.assert(
      fc.property(
        validCode,
        fc.nat(17),
        // Alphabet characters most often (the interesting case), and any other character.
        fc.oneof(
          { arbitrary: fc.constantFrom(...USCC_ALPHABET, ...'IOSVZ', 'a', ' '), weight: 4 },
          { arbitrary: fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }), weight: 1 },
        ),
        (code, i, c) => {
          fc.pre(c !== code[i]);
          expect(validateTaxId(code.slice(0, i) + c + code.slice(i + 1)).ok).toBe(false);
        },
      ),
    );
  });

  it('catches each in-alphabet substitution by the check character alone', () => {
    fc.assert(
      fc.property(validCode, fc.nat(17), fc.constantFrom(...USCC_ALPHABET), (code, i, c) => {
        fc.pre(c !== code[i]);
        expect(checksumHolds(code.slice(0, i) + c + code.slice(i + 1))).toBe(false);
      }),
    );
  });

  // The effective weights are 3⁰…3¹⁶ mod 31 for positions 1–17 and 1 for the check character:
  // all distinct except positions 1 and 18, so swapping two different characters is caught by
  // the check for every pair of positions except (1, 18).
  it('catches every swap of two different characters except positions 1 and 18', () => {
    fc.assert(
      fc.property(validCode, fc.nat(17), fc.nat(17), (code, i, j) => {
        fc.pre(i < j && code[i] !== code[j]);
        const swapped = [...code];
        [swapped[i], swapped[j]] = [swapped[j], swapped[i]];
        expect(checksumHolds(swapped.join(''))).toBe(i === 0 && j === 17);
      }),
    );
  });

  describe('with a configured pattern', () => {
    const pattern = taxIdPattern('TX-(?<region>\\d{4})-\\d{6}');

    it('replaces the GB 32100 rules, taking the region from the named group', () => {
      expect(validateTaxId('TX-0042-123456', pattern)).toEqual({ ok: true, region: '0042' });
      expect(validateTaxId('91350100M000100Y43', pattern).ok).toBe(false);
    });

    it('must match the whole value', () => {
      expect(validateTaxId('xTX-0042-123456', pattern).ok).toBe(false);
      expect(validateTaxId('TX-0042-1234567', pattern).ok).toBe(false);
    });

    it('gives region "" when the pattern names none', () => {
      expect(validateTaxId('ABC', taxIdPattern('[A-Z]{3}'))).toEqual({ ok: true, region: '' });
    });
  });
});

describe(taxIdRegion.name, () => {
  it('reads the division code and its province', () => {
    expect(taxIdRegion('91350100M000100Y43')).toEqual({ region: '350100', province: '35' });
  });

  it('is undefined when positions 3-8 are no division code', () => {
    expect(taxIdRegion('91AB0100M000100Y43')).toBeUndefined();
    expect(taxIdRegion('short')).toBeUndefined();
  });
});

describe(generateTaxId.name, () => {
  it('refuses a region that is no division code', () => {
    expect(() => generateTaxId('990000')).toThrow(RangeError);
    expect(() => generateTaxId('12345')).toThrow(/not six digits/);
  });
});
